package net.dmmgw.control.mag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.dmmgw.control.codec.MhChecksum;
import net.dmmgw.control.interop.ExternalTool;
import net.dmmgw.control.interop.PcapWriter;
import net.dmmgw.ipc.Ipv6Words;

/**
 * RFC 4191 Route Information options in the RA writer: the bytes of each length form (prefix of 0 / 8 / 16
 * octets by prefix length), the lengths and the checksum of the whole frame, the refusals of {@link RoutePrefixes};
 * and scapy ({@code ICMPv6NDOptRouteInfo}) dissecting the same frames as an independent oracle.
 */
final class RouteInformationTest
{
    private static final long MAC = 0x02_11_22_33_01_01L;
    private static final byte[] LINK_LOCAL = Ipv6Words.bytes("fe80::11:22ff:fe33:101");
    private static final long NODE_MAC = 0x02_00_00_00_AA_01L;
    private static final int ICMP = 14 + 40;
    /** RA header 16, SLLAO 8, MTU 8, one PIO 32. */
    private static final int FIRST_RIO = ICMP + 16 + 8 + 8 + 32;

    private static RoutePrefixes routes(final String... prefixes)
    {
        final RoutePrefixes r = new RoutePrefixes();
        for (final String p : prefixes)
        {
            final int slash = p.indexOf('/');
            assertTrue(r.add(Ipv6Words.hi(p.substring(0, slash)), Ipv6Words.lo(p.substring(0, slash)),
                Integer.parseInt(p.substring(slash + 1))), p);
        }
        return r;
    }

    private static byte[] write(final RoutePrefixes routes, final long routeLifetimeS)
    {
        final RouterAdvertisementWriter w = new RouterAdvertisementWriter(MAC, LINK_LOCAL, 1460);
        final long[] prefixes = { Ipv6Words.hi("2001:db8:100:1::") };
        final int length = w.write(MAC, Ipv6Words.word(LINK_LOCAL, 0), Ipv6Words.word(LINK_LOCAL, 8), NODE_MAC,
            0xFF02_0000_0000_0000L, 1L, 0, prefixes, 1, 300, 300, 1, routes, routeLifetimeS);
        final byte[] frame = new byte[length];
        w.frame().getBytes(0, frame);
        return frame;
    }

    private static boolean checksumOk(final byte[] frame)
    {
        final UnsafeBuffer b = new UnsafeBuffer(frame);
        return MhChecksum.pseudoHeaderSum(b, 14 + 8, 14 + 24, 58, b, ICMP, frame.length - ICMP) == 0xFFFF;
    }

    @Test
    void eachLengthFormIsWrittenAsRfc4191Says()
    {
        final byte[] f = write(routes("2001:db8:f1::/48", "2001:db8:f1:1::/64", "2001:db8:f1:2:aa::/80",
            "2001:db8:f1:3::9/128"), 0x1234_5678L);
        final ByteBuffer b = ByteBuffer.wrap(f);
        assertEquals(FIRST_RIO + 16 + 16 + 24 + 24, f.length, "Length 2, 2, 3, 3");
        assertEquals(f.length - ICMP, b.getShort(14 + 4) & 0xFFFF, "IPv6 payload length");
        assertTrue(checksumOk(f), "ICMPv6 checksum over the whole RA");
        assertEquals(0, b.getInt(ICMP + 16 + 8 + 8 + 8), "the PIO is deprecated as asked (preferred 0)");

        int at = FIRST_RIO;
        // /48: Length 2, Prefix Length 48, Prf 00 (medium), lifetime, 8 prefix octets.
        assertEquals(24, f[at] & 0xFF);
        assertEquals(2, f[at + 1]);
        assertEquals(48, f[at + 2]);
        assertEquals(0, f[at + 3], "Prf medium, reserved bits zero");
        assertEquals(0x1234_5678, b.getInt(at + 4));
        assertEquals(Ipv6Words.hi("2001:db8:f1::"), b.getLong(at + 8));
        at += 16;
        assertEquals(2, f[at + 1]);
        assertEquals(64, f[at + 2]);
        assertEquals(Ipv6Words.hi("2001:db8:f1:1::"), b.getLong(at + 8));
        at += 16;
        assertEquals(3, f[at + 1], "a prefix longer than 64 bits needs all 16 octets");
        assertEquals(80, f[at + 2]);
        assertEquals(Ipv6Words.hi("2001:db8:f1:2::"), b.getLong(at + 8));
        assertEquals(Ipv6Words.lo("2001:db8:f1:2:aa::"), b.getLong(at + 16));
        at += 24;
        assertEquals(3, f[at + 1]);
        assertEquals(128, f[at + 2] & 0xFF);
        assertEquals(Ipv6Words.lo("2001:db8:f1:3::9"), b.getLong(at + 16));
    }

    @Test
    void withoutRoutesTheFrameIsTheOldOne()
    {
        final RouterAdvertisementWriter w = new RouterAdvertisementWriter(MAC, LINK_LOCAL, 1460);
        final long[] prefixes = { Ipv6Words.hi("2001:db8:100:1::") };
        final int plain = w.write(MAC, 1, 2, NODE_MAC, 3, 4, 0, prefixes, 1, 300, 300, 1);
        assertEquals(FIRST_RIO, plain);
        assertEquals(FIRST_RIO, write(new RoutePrefixes(), 60).length);
        assertEquals(-1, w.write(MAC, 1, 2, NODE_MAC, 3, 4, 0, new long[20], 20, 300, 300, 0, null, 0),
            "more prefixes than a session holds: nothing written");
    }

    @Test
    void routePrefixesRefuseWhatCannotBeAdvertised()
    {
        final RoutePrefixes r = new RoutePrefixes();
        assertFalse(r.add(Ipv6Words.hi("2001:db8:f1::"), 0, 0), "length 0 would be a default route");
        assertFalse(r.add(Ipv6Words.hi("2001:db8:f1::"), 0, 129));
        assertFalse(r.add(Ipv6Words.hi("2001:db8:f1:1::"), 0, 48), "bits set beyond the length");
        assertFalse(r.add(Ipv6Words.hi("2001:db8:f1::"), 1, 64), "bits set beyond the length (lower word)");
        for (int i = 0; i < RoutePrefixes.CAPACITY; i++)
        {
            assertTrue(r.add(Ipv6Words.hi("2001:db8:f1::") + ((long)i << 16), 0, 48));
        }
        assertFalse(r.add(Ipv6Words.hi("2001:db8:f9::"), 0, 48), "full");
        assertEquals(RoutePrefixes.CAPACITY, r.size());
        final byte[] f = write(r, 60);
        assertEquals(FIRST_RIO + 16 * RoutePrefixes.CAPACITY, f.length, "a full list fits the frame");
        assertTrue(checksumOk(f));
    }

    @Test
    void scapyDissectsTheRouteInformationOptions(@TempDir final Path dir) throws Exception
    {
        final PcapWriter pcap = new PcapWriter();
        pcap.addFrame(write(routes("2001:db8:f1::/48", "2001:db8:f1:2:aa::/80"), 1800));
        pcap.addFrame(write(routes("2001:db8:f2::/56"), 0));
        pcap.write(dir.resolve("rio.pcap"));
        final String out = ExternalTool.run(List.of("/usr/bin/python3", "-c", String.join("\n",
            "from scapy.all import rdpcap, Ether, ICMPv6ND_RA, ICMPv6NDOptRouteInfo, ICMPv6NDOptPrefixInfo",
            "for p in rdpcap('rio.pcap'):",
            "    q = Ether(bytes(p))",
            "    q[ICMPv6ND_RA].cksum = None",
            "    redone = Ether(bytes(q))[ICMPv6ND_RA].cksum",
            "    o = p[ICMPv6ND_RA].payload",
            "    rios = []",
            "    while o and o.__class__.__name__ != 'NoPayload':",
            "        if isinstance(o, ICMPv6NDOptRouteInfo):",
            "            rios.append('%s/%d,len=%d,prf=%d,lt=%d' % (o.prefix, o.plen, o.len, o.prf, o.rtlifetime))",
            "        o = o.payload",
            "    print(p[ICMPv6ND_RA].cksum == redone, p[ICMPv6NDOptPrefixInfo].prefix, ' '.join(rios))")), dir);
        final List<String> rows = out.lines().toList();
        assertEquals(List.of(
            "True 2001:db8:100:1:: 2001:db8:f1::/48,len=2,prf=0,lt=1800 2001:db8:f1:2:aa::/80,len=3,prf=0,lt=1800",
            "True 2001:db8:100:1:: 2001:db8:f2::/56,len=2,prf=0,lt=0"), rows, out);
        assertTrue(Files.size(dir.resolve("rio.pcap")) > 0);
    }
}
