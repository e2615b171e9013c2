package net.dmmgw.fastpath.table;

/**
 * Configuration of one RFC 2473 IPv6-in-IPv6 tunnel (writer side value).
 *
 * @param local             outer source: our tunnel endpoint address.
 * @param remote            outer destination: the peer endpoint.
 * @param port              egress port of the tunnel packets.
 * @param nextHopMac        MAC address of the next hop toward the peer (low 48 bits).
 * @param mtu               path MTU toward the peer (largest outer IPv6 packet), at least
 *                          {@link #MIN_MTU} so that 1280-octet packets never need fragmenting.
 * @param hopLimit          outer hop limit (1..255); RFC 2473 default 64.
 * @param copyTrafficClass  copy the inner traffic class (default) or use {@code trafficClass}.
 * @param trafficClass      fixed traffic class when not copied.
 * @param flowLabelPolicy   how the outer flow label is chosen.
 * @param flowLabel         fixed flow label when the policy is {@link FlowLabelPolicy#FIXED}.
 * @param encapsulationLimit Tunnel Encapsulation Limit to add when the packet carries none, or -1 for none.
 * @param ingressFilter     which inner sources are accepted on decapsulation.
 */
public record TunnelConfig(
    Ipv6Address local,
    Ipv6Address remote,
    int port,
    long nextHopMac,
    int mtu,
    int hopLimit,
    boolean copyTrafficClass,
    int trafficClass,
    FlowLabelPolicy flowLabelPolicy,
    int flowLabel,
    int encapsulationLimit,
    IngressFilter ingressFilter)
{
    /** Outer header plus the Destination Options header carrying a Tunnel Encapsulation Limit. */
    public static final int MAX_OVERHEAD = 48;
    /** Smallest accepted tunnel path MTU: 1280 + {@link #MAX_OVERHEAD}. */
    public static final int MIN_MTU = 1280 + MAX_OVERHEAD;
    /** Largest accepted tunnel path MTU. */
    public static final int MAX_MTU = 65535;
    /** RFC 2473 default outer hop limit. */
    public static final int DEFAULT_HOP_LIMIT = 64;

    /** Outer flow label choice (RFC 6437/6438). */
    public enum FlowLabelPolicy
    {
        /** Hash of the inner addresses, next header and flow label (default). */
        DERIVE,
        /** Copy the inner flow label. */
        COPY,
        /** A fixed value. */
        FIXED
    }

    /** Inner-source check at decapsulation (RFC 5213 §4.7 / wire-formats §5 rule 4). */
    public enum IngressFilter
    {
        /** The inner source must route back into this same tunnel (its prefix is bound to the peer). */
        STRICT,
        /** Any inner source (e.g. a MAG receiving downlink traffic from its LMA). */
        ANY
    }

    /**
     * Defaults: hop limit 64, traffic class copied, derived flow label, no TEL added, strict filter.
     *
     * @param local      our endpoint.
     * @param remote     peer endpoint.
     * @param port       egress port.
     * @param nextHopMac next-hop MAC toward the peer.
     * @param mtu        path MTU.
     * @return the configuration.
     */
    public static TunnelConfig of(
        final Ipv6Address local, final Ipv6Address remote, final int port, final long nextHopMac, final int mtu)
    {
        return new TunnelConfig(local, remote, port, nextHopMac, mtu, DEFAULT_HOP_LIMIT, true, 0,
            FlowLabelPolicy.DERIVE, 0, -1, IngressFilter.STRICT);
    }

    /**
     * @param limit outer hop limit.
     * @return a copy with it.
     */
    public TunnelConfig withHopLimit(final int limit)
    {
        return new TunnelConfig(local, remote, port, nextHopMac, mtu, limit, copyTrafficClass, trafficClass,
            flowLabelPolicy, flowLabel, encapsulationLimit, ingressFilter);
    }

    /**
     * @param value fixed outer traffic class (instead of copying the inner one).
     * @return a copy with it.
     */
    public TunnelConfig withFixedTrafficClass(final int value)
    {
        return new TunnelConfig(local, remote, port, nextHopMac, mtu, hopLimit, false, value,
            flowLabelPolicy, flowLabel, encapsulationLimit, ingressFilter);
    }

    /**
     * @param policy flow label policy.
     * @param value  fixed value (used by {@link FlowLabelPolicy#FIXED}).
     * @return a copy with it.
     */
    public TunnelConfig withFlowLabel(final FlowLabelPolicy policy, final int value)
    {
        return new TunnelConfig(local, remote, port, nextHopMac, mtu, hopLimit, copyTrafficClass, trafficClass,
            policy, value, encapsulationLimit, ingressFilter);
    }

    /**
     * @param limit Tunnel Encapsulation Limit to add (0..255), or -1 for none.
     * @return a copy with it.
     */
    public TunnelConfig withEncapsulationLimit(final int limit)
    {
        return new TunnelConfig(local, remote, port, nextHopMac, mtu, hopLimit, copyTrafficClass, trafficClass,
            flowLabelPolicy, flowLabel, limit, ingressFilter);
    }

    /**
     * @param filter inner-source filter at decapsulation.
     * @return a copy with it.
     */
    public TunnelConfig withIngressFilter(final IngressFilter filter)
    {
        return new TunnelConfig(local, remote, port, nextHopMac, mtu, hopLimit, copyTrafficClass, trafficClass,
            flowLabelPolicy, flowLabel, encapsulationLimit, filter);
    }
}
