package net.dmmgw.dpdk.tools;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds Ethernet + IPv6 + UDP frames with a recognisable, per-packet payload, for tools and tests.
 *
 * <p>Packet {@code i} goes from {@code 2001:db8:1::1} to {@code 2001:db8:2::<i+1>} (low 32 bits),
 * UDP port 40000 to 40001 (unassigned, so dissectors show plain UDP), payload bytes {@code (i + k) & 0xff}. The UDP checksum is computed, so
 * dissectors such as tshark report the packets as valid.
 */
public final class Ipv6Frames
{
    /** Ethernet header length. */
    public static final int ETHER_HEADER = 14;
    /** IPv6 header length. */
    public static final int IPV6_HEADER = 40;
    /** UDP header length. */
    public static final int UDP_HEADER = 8;
    /** EtherType of IPv6. */
    public static final int ETHERTYPE_IPV6 = 0x86DD;

    private static final byte[] DST_MAC = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};
    private static final byte[] SRC_MAC = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
    private static final byte[] SRC_IP = {0x20, 0x01, 0x0d, (byte)0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final int UDP = 17;

    private Ipv6Frames()
    {
    }

    /**
     * @param count         number of frames.
     * @param payloadLength UDP payload bytes per frame.
     * @return the frames.
     */
    public static List<byte[]> udpFrames(final int count, final int payloadLength)
    {
        final List<byte[]> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            frames.add(udp(i, payloadLength));
        }
        return frames;
    }

    /**
     * @param index         packet number (selects the destination address and payload pattern).
     * @param payloadLength UDP payload bytes.
     * @return one frame.
     */
    public static byte[] udp(final int index, final int payloadLength)
    {
        final int udpLength = UDP_HEADER + payloadLength;
        final ByteBuffer b = ByteBuffer.allocate(ETHER_HEADER + IPV6_HEADER + udpLength);
        b.put(DST_MAC).put(SRC_MAC).putShort((short)ETHERTYPE_IPV6);
        b.putInt(0x6000_0000).putShort((short)udpLength).put((byte)UDP).put((byte)64);
        b.put(SRC_IP);
        final byte[] dst = destination(index);
        b.put(dst);
        final int udpStart = b.position();
        b.putShort((short)40000).putShort((short)40001).putShort((short)udpLength).putShort((short)0);
        for (int k = 0; k < payloadLength; k++)
        {
            b.put((byte)(index + k));
        }
        final byte[] frame = b.array();
        final int checksum = udpChecksum(frame, udpStart, udpLength, dst);
        frame[udpStart + 6] = (byte)(checksum >> 8);
        frame[udpStart + 7] = (byte)checksum;
        return frame;
    }

    /**
     * @param index packet number.
     * @return the 16-byte destination address of packet {@code index}.
     */
    public static byte[] destination(final int index)
    {
        return ByteBuffer.allocate(16).putInt(0x20010db8).putInt(0x0002_0000).putInt(0).putInt(index + 1).array();
    }

    private static int udpChecksum(final byte[] frame, final int udpStart, final int udpLength, final byte[] dst)
    {
        long sum = 0;
        for (int i = 0; i < 16; i += 2)
        {
            sum += ((SRC_IP[i] & 0xFF) << 8) | (SRC_IP[i + 1] & 0xFF);
            sum += ((dst[i] & 0xFF) << 8) | (dst[i + 1] & 0xFF);
        }
        sum += udpLength + UDP;
        for (int i = 0; i < udpLength; i += 2)
        {
            final int hi = frame[udpStart + i] & 0xFF;
            final int lo = i + 1 < udpLength ? frame[udpStart + i + 1] & 0xFF : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        final int result = (int)(~sum & 0xFFFF);
        return result == 0 ? 0xFFFF : result;
    }
}
