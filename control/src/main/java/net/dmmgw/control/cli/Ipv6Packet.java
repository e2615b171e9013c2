package net.dmmgw.control.cli;

/**
 * Finds the Mobility Header inside an IPv6 packet: walks Hop-by-Hop, Destination Options and Routing headers, and
 * picks the addresses the MH checksum uses (the Home Address option replaces the source, a type 2 Routing header's
 * address is the final destination).
 */
public final class Ipv6Packet
{
    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int DESTINATION_OPTIONS = 60;
    private static final int MOBILITY_HEADER = 135;
    private static final int HOME_ADDRESS_OPTION = 201;

    /**
     * Where the MH is.
     *
     * @param mhOffset index of the MH's Payload Proto octet.
     * @param mhLength octets from there to the end of the IPv6 payload.
     * @param srcIndex index of the address to use as checksum source.
     * @param dstIndex index of the address to use as checksum destination.
     */
    public record Location(int mhOffset, int mhLength, int srcIndex, int dstIndex)
    {
    }

    private Ipv6Packet()
    {
    }

    /**
     * @param packet octets.
     * @param offset first octet of the IPv6 header.
     * @param length octets available.
     * @return where the MH is.
     * @throws IllegalArgumentException saying why there is none (not IPv6, truncated, another upper layer).
     */
    public static Location locate(final byte[] packet, final int offset, final int length)
    {
        if (length < 40)
        {
            throw new IllegalArgumentException("shorter than an IPv6 header (" + length + " octets)");
        }
        if (((packet[offset] & 0xFF) >> 4) != 6)
        {
            throw new IllegalArgumentException("not an IPv6 packet (version " + ((packet[offset] & 0xFF) >> 4) + ")");
        }
        final int payloadLength = u16(packet, offset + 4);
        final int end = offset + Math.min(length, 40 + payloadLength);
        int next = packet[offset + 6] & 0xFF;
        int position = offset + 40;
        int src = offset + 8;
        int dst = offset + 24;
        while (next != MOBILITY_HEADER)
        {
            if (next != HOP_BY_HOP && next != ROUTING && next != DESTINATION_OPTIONS)
            {
                throw new IllegalArgumentException("no Mobility Header (Next Header " + next + ")");
            }
            if (position + 8 > end)
            {
                throw new IllegalArgumentException("extension header truncated at octet " + (position - offset));
            }
            final int headerLength = ((packet[position + 1] & 0xFF) + 1) * 8;
            if (position + headerLength > end)
            {
                throw new IllegalArgumentException("extension header truncated at octet " + (position - offset));
            }
            if (next == DESTINATION_OPTIONS)
            {
                final int hao = findOption(packet, position + 2, position + headerLength, HOME_ADDRESS_OPTION);
                if (hao >= 0 && packet[hao + 1] == 16)
                {
                    src = hao + 2;
                }
            }
            else if (next == ROUTING && (packet[position + 2] & 0xFF) == 2 && headerLength >= 24)
            {
                dst = position + 8;
            }
            next = packet[position] & 0xFF;
            position += headerLength;
        }
        return new Location(position, end - position, src, dst);
    }

    private static int findOption(final byte[] packet, final int start, final int end, final int wanted)
    {
        int i = start;
        while (i < end)
        {
            final int type = packet[i] & 0xFF;
            if (type == 0)
            {
                i++;
                continue;
            }
            if (i + 2 > end)
            {
                return -1;
            }
            if (type == wanted && i + 2 + (packet[i + 1] & 0xFF) <= end)
            {
                return i;
            }
            i += 2 + (packet[i + 1] & 0xFF);
        }
        return -1;
    }

    private static int u16(final byte[] b, final int i)
    {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }
}
