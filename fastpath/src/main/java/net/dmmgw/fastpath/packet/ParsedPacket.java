package net.dmmgw.fastpath.packet;

/**
 * Result of parsing one frame: where the headers are and the fields the pipeline decides on.
 * A mutable per-worker scratch structure, reused for every packet; fields are public so that the
 * small per-packet methods stay small and inline.
 */
public final class ParsedPacket
{
    /** Absolute address of the IPv6 header. */
    public long l3;
    /** IPv6 packet length (40 + payload length), excluding any link-layer padding. */
    public int l3Length;
    /** Octets of link-layer header before {@link #l3} (14, 18 or 22), 0 for a bare IPv6 packet. */
    public int l2Length;
    /** Source address octets 0..7. */
    public long srcHi;
    /** Source address octets 8..15. */
    public long srcLo;
    /** Destination address octets 0..7. */
    public long dstHi;
    /** Destination address octets 8..15. */
    public long dstLo;
    /** Hop limit. */
    public int hopLimit;
    /** Protocol after the extension headers (upper layer, or 41 for a tunnelled packet). */
    public int upperProtocol;
    /** Absolute address of the upper-layer header. */
    public long l4;
    /** A Fragment header is present. */
    public boolean fragment;
    /** Non-first fragment: no upper-layer header present. */
    public boolean laterFragment;
    /** Absolute address of the Tunnel Encapsulation Limit value octet, or 0 when absent. */
    public long telAddress;
    /** The Tunnel Encapsulation Limit value when {@link #telAddress} is not 0. */
    public int telValue;
    /** ICMPv6 type when the upper layer is a complete ICMPv6 header, otherwise -1. */
    public int icmpType;
}
