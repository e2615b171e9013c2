package net.dmmgw.control.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the IPv6 packets of a classic libpcap file (microsecond or nanosecond, either byte order) with link types
 * Ethernet, raw IP, Linux cooked (SLL, SLL2) or BSD loopback. pcapng is refused with a hint to convert it.
 */
public final class PcapReader
{
    /**
     * One IPv6 packet of the file.
     *
     * @param frame 1-based frame number, as tshark counts.
     * @param data frame octets.
     * @param ipOffset index of the IPv6 header in data.
     */
    public record Packet(int frame, byte[] data, int ipOffset)
    {
    }

    private PcapReader()
    {
    }

    /**
     * @param file a pcap file.
     * @return its IPv6 packets (frames of other protocols are skipped).
     * @throws IOException when the file cannot be read or is not a pcap this reader understands; the message says
     *                     which.
     */
    public static List<Packet> readIpv6(final Path file) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 24)
        {
            throw new IOException(file + ": too short for a pcap file header");
        }
        final ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final int magic = in.getInt(0);
        switch (magic)
        {
            case 0xa1b2c3d4, 0xa1b23c4d -> in.order(ByteOrder.LITTLE_ENDIAN);
            case 0xd4c3b2a1, 0x4d3cb2a1 -> in.order(ByteOrder.BIG_ENDIAN);
            case 0x0a0d0d0a -> throw new IOException(
                file + ": pcapng is not supported; convert it with 'editcap -F pcap in.pcapng out.pcap'");
            default -> throw new IOException(file + ": not a pcap file (magic 0x" + Integer.toHexString(magic) + ")");
        }
        final int linkType = in.getInt(20) & 0x0FFF_FFFF;
        final List<Packet> packets = new ArrayList<>();
        int position = 24;
        int frame = 0;
        while (position + 16 <= bytes.length)
        {
            final int captured = in.getInt(position + 8);
            if (captured < 0 || position + 16 + captured > bytes.length)
            {
                throw new IOException(file + ": record " + (frame + 1) + " is truncated");
            }
            frame++;
            final int start = position + 16;
            final int ip = ipOffset(bytes, start, captured, linkType);
            if (ip >= 0)
            {
                final byte[] data = new byte[captured];
                System.arraycopy(bytes, start, data, 0, captured);
                packets.add(new Packet(frame, data, ip - start));
            }
            position = start + captured;
        }
        return packets;
    }

    private static int ipOffset(final byte[] b, final int start, final int length, final int linkType)
    {
        int ip;
        switch (linkType)
        {
            case 1 -> // Ethernet, with optional 802.1Q tags
            {
                int etherType = 12;
                while (etherType + 2 <= length && u16(b, start + etherType) == 0x8100)
                {
                    etherType += 4;
                }
                if (etherType + 2 > length || u16(b, start + etherType) != 0x86dd)
                {
                    return -1;
                }
                ip = start + etherType + 2;
            }
            case 101, 228, 229 -> ip = start;
            case 113 -> ip = length >= 16 && u16(b, start + 14) == 0x86dd ? start + 16 : -1;
            case 276 -> ip = length >= 20 && u16(b, start) == 0x86dd ? start + 20 : -1;
            case 0 -> ip = start + 4;
            default -> ip = -1;
        }
        if (ip < 0 || ip >= start + length || ((b[ip] & 0xFF) >> 4) != 6)
        {
            return -1;
        }
        return ip;
    }

    private static int u16(final byte[] b, final int i)
    {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }
}
