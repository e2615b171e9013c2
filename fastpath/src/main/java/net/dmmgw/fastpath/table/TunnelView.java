package net.dmmgw.fastpath.table;

/**
 * A reader's consistent copy of one tunnel record, reused per packet (one per worker, never shared).
 */
public final class TunnelView
{
    /** Outer source, octets 0..7. */
    public long localHi;
    /** Outer source, octets 8..15. */
    public long localLo;
    /** Outer destination, octets 0..7. */
    public long remoteHi;
    /** Outer destination, octets 8..15. */
    public long remoteLo;
    /** Next-hop MAC. */
    public long nextHopMac;
    /** Egress port. */
    public int port;
    /** Path MTU. */
    public int mtu;
    /** Outer hop limit. */
    public int hopLimit;
    /** Copy inner traffic class. */
    public boolean copyTrafficClass;
    /** Fixed traffic class. */
    public int trafficClass;
    /** Flow label policy ordinal ({@link TunnelConfig.FlowLabelPolicy}). */
    public int flowLabelPolicy;
    /** Fixed flow label. */
    public int flowLabel;
    /** TEL to add, or -1. */
    public int encapsulationLimit;
    /** Strict inner-source filter. */
    public boolean strictIngressFilter;
}
