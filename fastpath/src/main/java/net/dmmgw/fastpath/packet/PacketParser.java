package net.dmmgw.fastpath.packet;

import static net.dmmgw.fastpath.mem.Memory.i64;
import static net.dmmgw.fastpath.mem.Memory.u16;
import static net.dmmgw.fastpath.mem.Memory.u8;

/**
 * Parses Ethernet (with up to two 802.1Q/802.1ad tags) and IPv6 with extension-header walking.
 * Never reads outside {@code [address, address + length)} and never throws on bad input: the
 * result is a status code.
 */
public final class PacketParser
{
    /** Parsed. */
    public static final int OK = 0;
    /** Frame shorter than its Ethernet header. */
    public static final int TRUNCATED_ETHERNET = 1;
    /** EtherType is not IPv6. */
    public static final int NOT_IPV6 = 2;
    /** Shorter than an IPv6 header. */
    public static final int TRUNCATED_IPV6 = 3;
    /** IP version is not 6. */
    public static final int BAD_VERSION = 4;
    /** Payload Length exceeds the octets present. */
    public static final int BAD_PAYLOAD_LENGTH = 5;
    /** An extension header is cut short, misplaced or there are too many. */
    public static final int BAD_EXTENSION_HEADER = 6;

    /** Extension headers walked at most, a bound against crafted chains. */
    public static final int MAX_EXTENSION_HEADERS = 8;

    /** The extension headers walked, as bits by protocol number (all below 64). */
    private static final long EXTENSION_HEADERS = 1L << Headers.PROTO_HOP_BY_HOP | 1L << Headers.PROTO_ROUTING
        | 1L << Headers.PROTO_FRAGMENT | 1L << Headers.PROTO_DESTINATION_OPTIONS | 1L << Headers.PROTO_AH;

    private PacketParser()
    {
    }

    /**
     * Parse an Ethernet frame.
     *
     * @param frame  absolute address of the frame.
     * @param length frame length.
     * @param out    result.
     * @return {@link #OK} or an error status.
     */
    public static int parseFrame(final long frame, final int length, final ParsedPacket out)
    {
        if (length < Headers.ETHERNET_LENGTH)
        {
            return TRUNCATED_ETHERNET;
        }
        int l2 = Headers.ETHERNET_LENGTH;
        int type = u16(frame + Headers.ETHERTYPE_OFFSET);
        for (int tags = 0; tags < 2 && (type == Headers.ETHERTYPE_VLAN || type == Headers.ETHERTYPE_QINQ); tags++)
        {
            if (length < l2 + Headers.VLAN_TAG_LENGTH)
            {
                return TRUNCATED_ETHERNET;
            }
            type = u16(frame + l2 + 2);
            l2 += Headers.VLAN_TAG_LENGTH;
        }
        if (type != Headers.ETHERTYPE_IPV6)
        {
            return NOT_IPV6;
        }
        out.l2Length = l2;
        return parseIpv6(frame + l2, length - l2, out);
    }

    /**
     * Parse an IPv6 packet (e.g. the inner packet of a tunnel).
     *
     * @param l3        absolute address of the IPv6 header.
     * @param available octets present from {@code l3}; link-layer padding after the packet is allowed.
     * @param out       result ({@link ParsedPacket#l2Length} is left as it is).
     * @return {@link #OK} or an error status.
     */
    public static int parseIpv6(final long l3, final int available, final ParsedPacket out)
    {
        if (available < Headers.IPV6_LENGTH)
        {
            return TRUNCATED_IPV6;
        }
        if ((u8(l3) >>> 4) != 6)
        {
            return BAD_VERSION;
        }
        final int total = Headers.IPV6_LENGTH + u16(l3 + Headers.IPV6_PAYLOAD_LENGTH);
        if (total > available)
        {
            return BAD_PAYLOAD_LENGTH;
        }
        out.l3 = l3;
        out.l3Length = total;
        out.hopLimit = u8(l3 + Headers.IPV6_HOP_LIMIT);
        out.srcHi = i64(l3 + Headers.IPV6_SOURCE);
        out.srcLo = i64(l3 + Headers.IPV6_SOURCE + 8);
        out.dstHi = i64(l3 + Headers.IPV6_DESTINATION);
        out.dstLo = i64(l3 + Headers.IPV6_DESTINATION + 8);
        return walkExtensionHeaders(l3, l3 + total, out);
    }

    private static int walkExtensionHeaders(final long l3, final long end, final ParsedPacket out)
    {
        out.fragment = false;
        out.laterFragment = false;
        out.telAddress = 0;
        out.icmpType = -1;
        int next = u8(l3 + Headers.IPV6_NEXT_HEADER);
        long p = l3 + Headers.IPV6_LENGTH;
        for (int i = 0; i <= MAX_EXTENSION_HEADERS; i++)
        {
            if (!isExtensionHeader(next) || out.laterFragment)
            {
                out.upperProtocol = next;
                out.l4 = p;
                if (next == Headers.PROTO_ICMPV6 && !out.laterFragment && end - p >= 4)
                {
                    out.icmpType = u8(p);
                }
                return OK;
            }
            if (i == MAX_EXTENSION_HEADERS || p + 8 > end
                || (next == Headers.PROTO_HOP_BY_HOP && p != l3 + Headers.IPV6_LENGTH))
            {
                return BAD_EXTENSION_HEADER;
            }
            final int headerLength = extensionLength(next, p);
            if (p + headerLength > end)
            {
                return BAD_EXTENSION_HEADER;
            }
            if (next == Headers.PROTO_DESTINATION_OPTIONS)
            {
                findTunnelEncapsulationLimit(p + 2, p + headerLength, out);
            }
            else if (next == Headers.PROTO_FRAGMENT)
            {
                out.fragment = true;
                out.laterFragment = (u16(p + 2) & 0xFFF8) != 0;
            }
            next = u8(p);
            p += headerLength;
        }
        return BAD_EXTENSION_HEADER;
    }

    private static boolean isExtensionHeader(final int protocol)
    {
        // One bit test instead of five compares (every extension header's number is below 64).
        return protocol < 64 && (EXTENSION_HEADERS >>> protocol & 1) != 0;
    }

    private static int extensionLength(final int protocol, final long header)
    {
        if (protocol == Headers.PROTO_FRAGMENT)
        {
            return 8;
        }
        if (protocol == Headers.PROTO_AH)
        {
            return (u8(header + 1) + 2) * 4;
        }
        return (u8(header + 1) + 1) * 8;
    }

    private static void findTunnelEncapsulationLimit(final long start, final long end, final ParsedPacket out)
    {
        long q = start;
        while (q < end)
        {
            final int type = u8(q);
            if (type == Headers.OPTION_PAD1)
            {
                q++;
                continue;
            }
            if (q + 2 > end)
            {
                return;
            }
            final int dataLength = u8(q + 1);
            if (type == Headers.OPTION_TUNNEL_ENCAP_LIMIT && dataLength == 1 && q + 3 <= end)
            {
                out.telAddress = q + 2;
                out.telValue = u8(q + 2);
            }
            q += 2 + dataLength;
        }
    }
}
