package net.dmmgw.fastpath.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import net.dmmgw.fastpath.table.Ipv6Address;

/**
 * Builds test frames as byte arrays, independently of the code under test.
 */
public final class Frames
{
    public static final long SRC_MAC = 0x02_00_00_00_aa_01L;
    public static final long DST_MAC = 0x02_00_00_00_aa_02L;

    private Frames()
    {
    }

    public static byte[] ipv6(
        final String src, final String dst, final int nextHeader, final int hopLimit, final byte[] payload)
    {
        return ipv6(src, dst, nextHeader, hopLimit, 0, 0, payload);
    }

    public static byte[] ipv6(
        final String src,
        final String dst,
        final int nextHeader,
        final int hopLimit,
        final int trafficClass,
        final int flowLabel,
        final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(40 + payload.length);
        b.putInt((6 << 28) | (trafficClass << 20) | flowLabel);
        b.putShort((short)payload.length);
        b.put((byte)nextHeader);
        b.put((byte)hopLimit);
        b.put(Ipv6Address.parse(src).toBytes());
        b.put(Ipv6Address.parse(dst).toBytes());
        b.put(payload);
        final byte[] packet = b.array();
        if (nextHeader == 17 && payload.length >= 8 && payload[6] == 0 && payload[7] == 0)
        {
            final int sum = udpChecksum(packet);
            packet[40 + 6] = (byte)(sum >>> 8);
            packet[40 + 7] = (byte)sum;
        }
        return packet;
    }

    /** RFC 768/8200 UDP checksum over the pseudo-header, written independently of the code under test. */
    private static int udpChecksum(final byte[] packet)
    {
        long sum = 0;
        for (int i = 8; i < 40; i += 2)
        {
            sum += u16(packet, i);
        }
        final int length = packet.length - 40;
        sum += length + 17;
        for (int i = 40; i < packet.length; i += 2)
        {
            sum += i + 1 < packet.length ? u16(packet, i) : (packet[i] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        final int result = (int)(~sum & 0xFFFF);
        return result == 0 ? 0xFFFF : result;
    }

    public static byte[] udp(final int length)
    {
        final byte[] udp = new byte[length];
        // Ports 40000 -> 40001: no well-known dissector; the checksum is left 0 (not verified by tshark).
        udp[0] = (byte)0x9c;
        udp[1] = 0x40;
        udp[2] = (byte)0x9c;
        udp[3] = 0x41;
        udp[4] = (byte)(length >>> 8);
        udp[5] = (byte)length;
        for (int i = 8; i < length; i++)
        {
            udp[i] = (byte)i;
        }
        return udp;
    }

    public static byte[] icmp(final int type, final int length)
    {
        final byte[] icmp = new byte[Math.max(length, 8)];
        icmp[0] = (byte)type;
        return icmp;
    }

    /** Destination Options header with a Tunnel Encapsulation Limit, Linux layout. */
    public static byte[] telHeader(final int nextHeader, final int limit, final byte[] payload)
    {
        return concat(new byte[]{(byte)nextHeader, 0, 4, 1, (byte)limit, 1, 1, 0}, payload);
    }

    public static byte[] fragmentHeader(final int nextHeader, final int offset, final byte[] payload)
    {
        return concat(new byte[]{(byte)nextHeader, 0, (byte)(offset >>> 8), (byte)(offset & 0xF8), 0, 0, 0, 1},
            payload);
    }

    public static byte[] ethernet(final byte[] ip)
    {
        return concat(ethernetHeader(0x86DD), ip);
    }

    public static byte[] ethernetHeader(final int type)
    {
        final ByteBuffer b = ByteBuffer.allocate(14);
        b.putShort((short)(DST_MAC >>> 32)).putInt((int)DST_MAC);
        b.putShort((short)(SRC_MAC >>> 32)).putInt((int)SRC_MAC);
        b.putShort((short)type);
        return b.array();
    }

    public static byte[] vlan(final int vid, final byte[] ip)
    {
        final byte[] eth = ethernetHeader(0x8100);
        return concat(eth, new byte[]{(byte)(vid >>> 8), (byte)vid, (byte)0x86, (byte)0xDD}, ip);
    }

    public static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] p : parts)
        {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static int u16(final byte[] b, final int offset)
    {
        return ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
    }

    public static long mac(final byte[] b, final int offset)
    {
        long m = 0;
        for (int i = 0; i < 6; i++)
        {
            m = (m << 8) | (b[offset + i] & 0xFF);
        }
        return m;
    }

    public static Ipv6Address address(final byte[] b, final int offset)
    {
        final byte[] a = new byte[16];
        System.arraycopy(b, offset, a, 0, 16);
        return Ipv6Address.of(a);
    }

    public static String hex(final byte[] b)
    {
        final StringBuilder sb = new StringBuilder();
        for (final byte x : b)
        {
            sb.append(String.format("%02x", x & 0xFF));
        }
        return sb.toString();
    }
}
