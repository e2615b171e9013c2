package net.dmmgw.control.mag;

import java.nio.ByteOrder;

import net.dmmgw.control.codec.MhChecksum;
import org.agrona.MutableDirectBuffer;

/**
 * What every Neighbour Discovery frame a MAG sends shares: the Ethernet and IPv6 headers (Hop Limit 255, from the
 * MAG's fixed link-local) in front of the ICMPv6 message, and the ICMPv6 checksum over the pseudo-header.
 */
final class NdFrames
{
    /** Offset of the ICMPv6 message in the frame. */
    static final int ICMP = NeighbourDiscoveryFrame.ETHERNET_LENGTH + NeighbourDiscoveryFrame.IPV6_LENGTH;

    private NdFrames()
    {
    }

    /** Writes Ethernet + IPv6 in front of an ICMPv6 message of {@code icmpLength} octets. */
    static void headers(final MutableDirectBuffer f, final long destinationMac, final long sourceMac,
        final byte[] source, final long destinationHi, final long destinationLo, final int icmpLength)
    {
        headers(f, destinationMac, sourceMac, word(source, 0), word(source, 8),
            destinationHi, destinationLo, icmpLength);
    }

    private static long word(final byte[] a, final int at)
    {
        return net.dmmgw.ipc.Ipv6Words.word(a, at);
    }

    /** Writes Ethernet + IPv6 (source as two words) in front of an ICMPv6 message of {@code icmpLength} octets. */
    static void headers(final MutableDirectBuffer f, final long destinationMac, final long sourceMac,
        final long sourceHi, final long sourceLo, final long destinationHi, final long destinationLo,
        final int icmpLength)
    {
        putMac(f, 0, destinationMac);
        putMac(f, 6, sourceMac);
        f.putShort(12, (short)0x86DD, ByteOrder.BIG_ENDIAN);
        final int ip = NeighbourDiscoveryFrame.ETHERNET_LENGTH;
        f.putInt(ip, 0x6000_0000, ByteOrder.BIG_ENDIAN);
        f.putShort(ip + 4, (short)icmpLength, ByteOrder.BIG_ENDIAN);
        f.putByte(ip + 6, (byte)NeighbourDiscoveryFrame.NEXT_HEADER_ICMPV6);
        f.putByte(ip + 7, (byte)255);
        f.putLong(ip + 8, sourceHi, ByteOrder.BIG_ENDIAN);
        f.putLong(ip + 16, sourceLo, ByteOrder.BIG_ENDIAN);
        f.putLong(ip + 24, destinationHi, ByteOrder.BIG_ENDIAN);
        f.putLong(ip + 32, destinationLo, ByteOrder.BIG_ENDIAN);
    }

    /** Fills the ICMPv6 checksum; @return the frame length. */
    static int checksum(final MutableDirectBuffer f, final int icmpLength)
    {
        final int ip = NeighbourDiscoveryFrame.ETHERNET_LENGTH;
        f.putShort(ICMP + 2, (short)0);
        final int sum = MhChecksum.pseudoHeaderSum(f, ip + 8, ip + 24, NeighbourDiscoveryFrame.NEXT_HEADER_ICMPV6,
            f, ICMP, icmpLength);
        f.putShort(ICMP + 2, (short)~sum, ByteOrder.BIG_ENDIAN);
        return ICMP + icmpLength;
    }

    /** Writes a MAC (48 bits of a long) in network order. */
    static void putMac(final MutableDirectBuffer f, final int at, final long mac)
    {
        f.putShort(at, (short)(mac >>> 32), ByteOrder.BIG_ENDIAN);
        f.putInt(at + 2, (int)mac, ByteOrder.BIG_ENDIAN);
    }
}
