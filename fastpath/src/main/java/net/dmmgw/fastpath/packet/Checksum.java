package net.dmmgw.fastpath.packet;

import static net.dmmgw.fastpath.mem.Memory.u16;
import static net.dmmgw.fastpath.mem.Memory.u8;

/**
 * Internet checksum (RFC 1071) over memory and the IPv6 pseudo-header (RFC 8200 §8.1).
 */
public final class Checksum
{
    private Checksum()
    {
    }

    /**
     * Checksum of an upper-layer message carried in IPv6, with its checksum field already zero.
     *
     * @param l3       absolute address of the IPv6 header (source and destination are read from it).
     * @param message  absolute address of the upper-layer message.
     * @param length   message length.
     * @param protocol upper-layer protocol number for the pseudo-header.
     * @return the 16-bit value to store in the checksum field.
     */
    public static int ipv6UpperLayer(final long l3, final long message, final int length, final int protocol)
    {
        long sum = sum(l3 + Headers.IPV6_SOURCE, 32);
        sum += (length >>> 16) + (length & 0xFFFF) + protocol;
        sum += sum(message, length);
        return ~fold(sum) & 0xFFFF;
    }

    /**
     * One's-complement sum of 16-bit words (an odd last octet is padded with zero), unfolded.
     *
     * @param address absolute address.
     * @param length  octets.
     * @return the unfolded sum.
     */
    public static long sum(final long address, final int length)
    {
        long sum = 0;
        int i = 0;
        for (; i + 1 < length; i += 2)
        {
            sum += u16(address + i);
        }
        if (i < length)
        {
            sum += u8(address + i) << 8;
        }
        return sum;
    }

    /**
     * @param sum unfolded sum.
     * @return the sum folded to 16 bits.
     */
    public static int fold(final long sum)
    {
        long s = sum;
        while ((s >>> 16) != 0)
        {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int)s;
    }
}
