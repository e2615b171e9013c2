package net.dmmgw.control.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * The Mobility Header checksum (RFC 6275 §6.1.1): one's complement of the one's-complement sum of the IPv6
 * pseudo-header (source, destination, upper-layer length, Next Header 135) and the whole MH.
 */
public final class MhChecksum
{
    /** IPv6 Next Header value of the Mobility Header. */
    public static final int NEXT_HEADER_MH = 135;
    /** Offset of the Checksum field in the MH. */
    public static final int CHECKSUM_OFFSET = 4;

    private MhChecksum()
    {
    }

    /**
     * Sum of the pseudo-header and the MH as it is in the buffer (the Checksum field included).
     *
     * @param addresses buffer holding the 16-octet source and destination addresses.
     * @param srcIndex index of the source address.
     * @param dstIndex index of the destination address.
     * @param mh buffer holding the MH.
     * @param mhIndex index of its Payload Proto octet.
     * @param length MH length in octets.
     * @return the folded 16-bit one's-complement sum.
     */
    public static int sum(
        final DirectBuffer addresses, final int srcIndex, final int dstIndex,
        final DirectBuffer mh, final int mhIndex, final int length)
    {
        return pseudoHeaderSum(addresses, srcIndex, dstIndex, NEXT_HEADER_MH, mh, mhIndex, length);
    }

    /**
     * The same sum for any upper-layer protocol (ICMPv6 is Next Header 58): the IPv6 pseudo-header with that Next
     * Header, then the upper-layer octets as they are in the buffer.
     *
     * @param addresses buffer holding the 16-octet source and destination addresses.
     * @param srcIndex index of the source address.
     * @param dstIndex index of the destination address.
     * @param nextHeader the upper-layer protocol.
     * @param data buffer holding the upper-layer message.
     * @param index its first octet.
     * @param length its length in octets.
     * @return the folded 16-bit one's-complement sum (0xFFFF when a stored checksum is right).
     */
    public static int pseudoHeaderSum(
        final DirectBuffer addresses, final int srcIndex, final int dstIndex, final int nextHeader,
        final DirectBuffer data, final int index, final int length)
    {
        long sum = sumWords(addresses, srcIndex, 16) + sumWords(addresses, dstIndex, 16);
        sum += length + nextHeader;
        sum += sumWords(data, index, length);
        return fold(sum);
    }

    /**
     * Value to store in the Checksum field; the field must hold 0 when this is called.
     *
     * @param addresses buffer holding the source and destination addresses.
     * @param srcIndex index of the source address.
     * @param dstIndex index of the destination address.
     * @param mh buffer holding the MH.
     * @param mhIndex index of its Payload Proto octet.
     * @param length MH length in octets.
     * @return the checksum.
     */
    public static int compute(
        final DirectBuffer addresses, final int srcIndex, final int dstIndex,
        final DirectBuffer mh, final int mhIndex, final int length)
    {
        final int value = ~sum(addresses, srcIndex, dstIndex, mh, mhIndex, length) & 0xFFFF;
        return value;
    }

    /**
     * @param addresses buffer holding the source and destination addresses.
     * @param srcIndex index of the source address.
     * @param dstIndex index of the destination address.
     * @param mh buffer holding the MH, checksum in place.
     * @param mhIndex index of its Payload Proto octet.
     * @param length MH length in octets.
     * @return true when the stored checksum is right.
     */
    public static boolean verify(
        final DirectBuffer addresses, final int srcIndex, final int dstIndex,
        final DirectBuffer mh, final int mhIndex, final int length)
    {
        return sum(addresses, srcIndex, dstIndex, mh, mhIndex, length) == 0xFFFF;
    }

    private static long sumWords(final DirectBuffer buffer, final int index, final int length)
    {
        long sum = 0;
        int i = 0;
        // 64-bit reads split into two 32-bit big-endian words summed in a long; carries are folded once at the end
        // (at most 2048 / 4 words of < 2^32 each, far from overflowing).
        for (; i + 8 <= length; i += 8)
        {
            final long v = buffer.getLong(index + i, ByteOrder.BIG_ENDIAN);
            sum += (v >>> 32) + (v & 0xFFFF_FFFFL);
        }
        if (i + 4 <= length)
        {
            sum += buffer.getInt(index + i, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
            i += 4;
        }
        if (i + 2 <= length)
        {
            sum += (buffer.getShort(index + i, ByteOrder.BIG_ENDIAN) & 0xFFFF) << 16;
            i += 2;
        }
        if (i < length)
        {
            // Odd tail is padded with a zero octet; its position in the 32-bit word depends on what preceded it.
            sum += (long)(buffer.getByte(index + i) & 0xFF) << ((length & 3) == 1 ? 24 : 8);
        }
        return sum;
    }

    private static int fold(final long value)
    {
        long sum = value;
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int)sum;
    }
}
