package net.dmmgw.fastpath.packet;

/**
 * Protocol numbers, field offsets and sizes of Ethernet, 802.1Q, IPv6 and ICMPv6.
 */
public final class Headers
{
    /** Ethernet header without VLAN tag. */
    public static final int ETHERNET_LENGTH = 14;
    /** 802.1Q tag length. */
    public static final int VLAN_TAG_LENGTH = 4;
    /** Offset of the EtherType in an untagged frame. */
    public static final int ETHERTYPE_OFFSET = 12;
    /** EtherType IPv6. */
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    /** EtherType 802.1Q. */
    public static final int ETHERTYPE_VLAN = 0x8100;
    /** EtherType 802.1ad (QinQ outer tag). */
    public static final int ETHERTYPE_QINQ = 0x88A8;

    /** IPv6 fixed header length. */
    public static final int IPV6_LENGTH = 40;
    /** Offset of Payload Length. */
    public static final int IPV6_PAYLOAD_LENGTH = 4;
    /** Offset of Next Header. */
    public static final int IPV6_NEXT_HEADER = 6;
    /** Offset of Hop Limit. */
    public static final int IPV6_HOP_LIMIT = 7;
    /** Offset of Source Address. */
    public static final int IPV6_SOURCE = 8;
    /** Offset of Destination Address. */
    public static final int IPV6_DESTINATION = 24;
    /** IPv6 minimum MTU. */
    public static final int IPV6_MIN_MTU = 1280;

    /** Hop-by-Hop Options. */
    public static final int PROTO_HOP_BY_HOP = 0;
    /** IPv6 encapsulated in IPv6. */
    public static final int PROTO_IPV6 = 41;
    /** Routing header. */
    public static final int PROTO_ROUTING = 43;
    /** Fragment header. */
    public static final int PROTO_FRAGMENT = 44;
    /** Authentication Header. */
    public static final int PROTO_AH = 51;
    /** ICMPv6. */
    public static final int PROTO_ICMPV6 = 58;
    /** Destination Options. */
    public static final int PROTO_DESTINATION_OPTIONS = 60;
    /** Mobility Header. */
    public static final int PROTO_MOBILITY = 135;

    /** Destination option type of the Tunnel Encapsulation Limit (RFC 2473 §4.1.1). */
    public static final int OPTION_TUNNEL_ENCAP_LIMIT = 4;
    /** Pad1 option. */
    public static final int OPTION_PAD1 = 0;
    /** PadN option. */
    public static final int OPTION_PADN = 1;

    /** ICMPv6 header length (type, code, checksum, 32-bit parameter). */
    public static final int ICMPV6_HEADER_LENGTH = 8;
    /** ICMPv6 Destination Unreachable. */
    public static final int ICMPV6_DESTINATION_UNREACHABLE = 1;
    /** ICMPv6 Packet Too Big. */
    public static final int ICMPV6_PACKET_TOO_BIG = 2;
    /** ICMPv6 Time Exceeded. */
    public static final int ICMPV6_TIME_EXCEEDED = 3;
    /** ICMPv6 Parameter Problem. */
    public static final int ICMPV6_PARAMETER_PROBLEM = 4;
    /** ICMPv6 types below this are errors. */
    public static final int ICMPV6_FIRST_INFORMATIONAL = 128;
    /** Multicast Listener Query. */
    public static final int ICMPV6_MLD_QUERY = 130;
    /** Multicast Listener Report. */
    public static final int ICMPV6_MLD_REPORT = 131;
    /** Multicast Listener Done. */
    public static final int ICMPV6_MLD_DONE = 132;
    /** Router Solicitation. */
    public static final int ICMPV6_ROUTER_SOLICITATION = 133;
    /** Redirect, the last Neighbor Discovery type. */
    public static final int ICMPV6_REDIRECT = 137;
    /** MLDv2 Report. */
    public static final int ICMPV6_MLD2_REPORT = 143;

    private Headers()
    {
    }
}
