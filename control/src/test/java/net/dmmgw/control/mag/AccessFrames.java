package net.dmmgw.control.mag;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import net.dmmgw.ipc.Ipv6Words;

/**
 * Test frames on the access link, built and read independently of the MAG's own writer and reader (its own
 * checksum code): Router and Neighbour Solicitations from a mobile node, and the RA the MAG sent, decoded.
 */
public final class AccessFrames
{
    private AccessFrames()
    {
    }

    /** An RS from {@code mac} with IPv6 source {@code source} ("::" before it has an address) and an SLLAO. */
    public static byte[] routerSolicitation(final long mac, final String source)
    {
        final ByteBuffer icmp = ByteBuffer.allocate(16);
        icmp.put((byte)133).put((byte)0).putShort((short)0).putInt(0);
        icmp.put((byte)1).put((byte)1);
        putMac(icmp, mac);
        return frame(mac, 0x3333_0000_0002L, Ipv6Words.bytes(source), Ipv6Words.bytes("ff02::2"), icmp.array(), 255);
    }

    /** A DAD probe: NS from :: for {@code target}, to its solicited-node group. */
    public static byte[] dadProbe(final long mac, final String target)
    {
        final byte[] t = Ipv6Words.bytes(target);
        final ByteBuffer icmp = ByteBuffer.allocate(24);
        icmp.put((byte)135).put((byte)0).putShort((short)0).putInt(0).put(t);
        final byte[] group = Ipv6Words.bytes("ff02::1:ff00:0");
        group[13] = t[13];
        group[14] = t[14];
        group[15] = t[15];
        return frame(mac, 0x3333_FF00_0000L | ((t[13] & 0xFFL) << 16) | ((t[14] & 0xFFL) << 8) | (t[15] & 0xFFL),
            new byte[16], group, icmp.array(), 255);
    }

    /** An NS from a node's unicast address (address resolution or NUD probe) for {@code target}, with an SLLAO. */
    public static byte[] neighbourSolicitation(final long mac, final String source, final long dstMac, final String target)
    {
        final ByteBuffer icmp = ByteBuffer.allocate(32);
        icmp.put((byte)135).put((byte)0).putShort((short)0).putInt(0).put(Ipv6Words.bytes(target));
        icmp.put((byte)1).put((byte)1);
        putMac(icmp, mac);
        return frame(mac, dstMac, Ipv6Words.bytes(source), Ipv6Words.bytes(target), icmp.array(), 255);
    }

    static byte[] frame(final long srcMac, final long dstMac, final byte[] src, final byte[] dst, final byte[] icmp,
        final int hopLimit)
    {
        final int sum = checksum(src, dst, icmp);
        icmp[2] = (byte)(sum >>> 8);
        icmp[3] = (byte)sum;
        final ByteBuffer f = ByteBuffer.allocate(14 + 40 + icmp.length);
        putMac(f, dstMac);
        putMac(f, srcMac);
        f.putShort((short)0x86DD).putInt(0x6000_0000).putShort((short)icmp.length).put((byte)58).put((byte)hopLimit);
        f.put(src).put(dst).put(icmp);
        return f.array();
    }

    /** RFC 4443 §2.3 checksum over the pseudo-header and the message (its checksum field as it is). */
    static int checksum(final byte[] src, final byte[] dst, final byte[] icmp)
    {
        long sum = 0;
        for (int i = 0; i < 16; i += 2)
        {
            sum += ((src[i] & 0xFF) << 8) | (src[i + 1] & 0xFF);
            sum += ((dst[i] & 0xFF) << 8) | (dst[i + 1] & 0xFF);
        }
        sum += icmp.length + 58;
        for (int i = 0; i < icmp.length; i += 2)
        {
            sum += ((icmp[i] & 0xFF) << 8) | (i + 1 < icmp.length ? icmp[i + 1] & 0xFF : 0);
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int)(~sum & 0xFFFF);
    }

    private static void putMac(final ByteBuffer b, final long mac)
    {
        b.putShort((short)(mac >>> 32)).putInt((int)mac);
    }

    /** A Prefix Information option. */
    record Prefix(String prefix, int length, int flags, long valid, long preferred)
    {
    }

    /** An RA frame the MAG sent, decoded. */
    record Ra(long dstMac, long srcMac, String source, String destination, int hopLimit, int type, int code,
        boolean checksumOk, int routerLifetime, long sllao, long mtu, List<Prefix> prefixes)
    {
        static Ra of(final byte[] frame)
        {
            final ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
            final long dstMac = ((b.getShort(0) & 0xFFFFL) << 32) | (b.getInt(2) & 0xFFFF_FFFFL);
            final long srcMac = ((b.getShort(6) & 0xFFFFL) << 32) | (b.getInt(8) & 0xFFFF_FFFFL);
            final int payload = b.getShort(18) & 0xFFFF;
            final byte[] src = new byte[16];
            final byte[] dst = new byte[16];
            b.get(22, src);
            b.get(38, dst);
            final byte[] icmp = new byte[payload];
            b.get(54, icmp);
            final boolean ok = frame.length == 54 + payload && checksumOk(src, dst, icmp);
            final ByteBuffer m = ByteBuffer.wrap(icmp);
            long sllao = -1;
            long mtu = -1;
            final List<Prefix> prefixes = new ArrayList<>();
            for (int at = 16; at + 2 <= icmp.length; )
            {
                final int type = icmp[at] & 0xFF;
                final int len = (icmp[at + 1] & 0xFF) * 8;
                if (len == 0)
                {
                    break;
                }
                switch (type)
                {
                    case 1 -> sllao = ((m.getShort(at + 2) & 0xFFFFL) << 32) | (m.getInt(at + 4) & 0xFFFF_FFFFL);
                    case 5 -> mtu = m.getInt(at + 4) & 0xFFFF_FFFFL;
                    case 3 -> prefixes.add(new Prefix(
                        Ipv6Words.text(m.getLong(at + 16), m.getLong(at + 24)), icmp[at + 2] & 0xFF,
                        icmp[at + 3] & 0xFF, m.getInt(at + 4) & 0xFFFF_FFFFL, m.getInt(at + 8) & 0xFFFF_FFFFL));
                    default -> {
                    }
                }
                at += len;
            }
            return new Ra(dstMac, srcMac, Ipv6Words.text(MagRig.word(src, 0), MagRig.word(src, 8)),
                Ipv6Words.text(MagRig.word(dst, 0), MagRig.word(dst, 8)), frame[21] & 0xFF, icmp[0] & 0xFF,
                icmp[1] & 0xFF, ok, m.getShort(6) & 0xFFFF, sllao, mtu, prefixes);
        }

        private static boolean checksumOk(final byte[] src, final byte[] dst, final byte[] icmp)
        {
            final byte[] copy = icmp.clone();
            final int stored = ((copy[2] & 0xFF) << 8) | (copy[3] & 0xFF);
            copy[2] = 0;
            copy[3] = 0;
            return checksum(src, dst, copy) == stored;
        }
    }
}
