package net.dmmgw.fastpath.pipeline;

/**
 * Why a packet was dropped; one counter per value per worker.
 */
public enum DropReason
{
    /** Frame shorter than its Ethernet header. */
    TRUNCATED_ETHERNET("truncated ethernet"),
    /** Not IPv6. */
    NOT_IPV6("not ipv6"),
    /** Shorter than an IPv6 header. */
    TRUNCATED_IPV6("truncated ipv6"),
    /** IP version is not 6. */
    BAD_VERSION("bad ip version"),
    /** Payload Length exceeds the frame. */
    BAD_PAYLOAD_LENGTH("bad payload length"),
    /** Broken, misplaced or too many extension headers. */
    BAD_EXTENSION_HEADER("bad extension header"),
    /** Arrived on an unconfigured port. */
    UNKNOWN_INGRESS_PORT("unknown ingress port"),
    /** Multicast destination that is not control traffic. */
    MULTICAST("multicast not forwarded"),
    /** Link-local source or destination that is not ours. */
    LINK_LOCAL("link-local not forwarded"),
    /** Multicast or unspecified source. */
    BAD_SOURCE("bad source address"),
    /** No matching prefix. */
    NO_ROUTE("no route"),
    /** Matched a drop route. */
    BLACKHOLE("blackhole route"),
    /** Route refers to a next hop that is gone. */
    NO_NEXT_HOP("next hop missing"),
    /** Route refers to a tunnel that is gone. */
    NO_TUNNEL("tunnel missing"),
    /** Hop limit would reach 0 (ICMPv6 Time Exceeded sent when allowed). */
    HOP_LIMIT_EXCEEDED("hop limit exceeded"),
    /** Tunnel Encapsulation Limit 0 (ICMPv6 Parameter Problem sent when allowed). */
    ENCAP_LIMIT_EXCEEDED("tunnel encapsulation limit exceeded"),
    /** Exceeds the tunnel MTU (ICMPv6 Packet Too Big sent when allowed). */
    TOO_BIG("packet too big for tunnel"),
    /** Not enough headroom in front of the frame for the tunnel headers. */
    NO_HEADROOM("no headroom for encapsulation"),
    /** Generated packet toward an unresolved neighbour. */
    NEIGHBOUR_UNRESOLVED("neighbour unresolved"),
    /** Fragmented tunnel packet (reassembly is not done in the fast path). */
    DECAP_FRAGMENT("fragmented tunnel packet"),
    /** Outer source is not a configured peer of the endpoint. */
    DECAP_UNKNOWN_PEER("tunnel packet from unknown peer"),
    /** Inner packet missing or inconsistent with the outer length. */
    DECAP_BAD_INNER("bad inner packet"),
    /** Inner source not bound to the tunnel it came from (anti-spoofing). */
    DECAP_SPOOFED_SOURCE("spoofed inner source"),
    /** Tunnel packet inside a tunnel packet addressed to us. */
    NESTED_TUNNEL("nested tunnel"),
    /** Punt handler absent or full. */
    PUNT_REJECTED("punt rejected"),
    /**
     * The route's next hop or tunnel record could not be read consistently within the seqlock's bounds: the
     * table writer stopped inside that record's section (a bug); only packets that need the record are dropped.
     */
    TABLE_BUSY("table record busy");

    private final String label;

    DropReason(final String label)
    {
        this.label = label;
    }

    /**
     * @return counter label.
     */
    public String label()
    {
        return label;
    }
}
