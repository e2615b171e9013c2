package net.dmmgw.control.dmm;

import static net.dmmgw.control.dmm.DmmRig.MAAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.dmmgw.control.interop.ExternalTool;
import net.dmmgw.control.interop.PcapWriter;
import net.dmmgw.control.maar.DlifIdentity;
import net.dmmgw.control.maar.MaarConfig;
import net.dmmgw.control.mag.InMemoryAccessLink;
import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.ipc.Ipv6Words;

/**
 * Local networks (draft-ietf-dmm-pmipv6-dlif §3.6): each DLIF's RA carries an RFC 4191 Route Information option per
 * local network of the MAAR that DLIF stands for, whichever MAAR serves the node; scapy reads the RAs the same way;
 * the configuration refuses what cannot be advertised; the RAs after a change go three times (RFC 4861 §6.2.4).
 */
final class DmmLocalNetworksTest
{
    /** MAAR n's local networks (domain configuration). */
    private static final String[][] LOCAL = {
        { "2001:db8:f1::/48", "2001:db8:e1:1::/64" },
        { "2001:db8:f2::/48" },
        { "2001:db8:f3:3:3::/80" },
    };

    /** One Route Information option as read from an RA frame. */
    record Rio(String prefix, int length, int prf, long lifetime)
    {
    }

    /** An RA's source MAC, its PIO prefix and preferred lifetime, and its RIOs. */
    record Ra(long sourceMac, long pio, long preferred, long valid, List<Rio> rios)
    {
    }

    static Properties domain(final int i, final boolean dlif)
    {
        final Properties p = new Properties();
        p.setProperty("maar.dlif", String.valueOf(dlif));
        p.setProperty("maar.local-prefixes", String.join(",", LOCAL[i]));
        final List<String> peers = new ArrayList<>();
        for (int j = 0; j < 3; j++)
        {
            if (j != i)
            {
                for (final String prefix : LOCAL[j])
                {
                    peers.add(prefix + "@" + MAAR[j]);
                }
            }
        }
        p.setProperty("maar.peer-local-prefixes", String.join(",", peers));
        return p;
    }

    static Ra read(final byte[] frame)
    {
        final ByteBuffer b = ByteBuffer.wrap(frame);
        final long mac = ((b.getInt(6) & 0xFFFF_FFFFL) << 16) | (b.getShort(10) & 0xFFFF);
        assertEquals(134, b.get(14 + 40) & 0xFF, "an RA");
        long pio = 0;
        long preferred = -1;
        long valid = -1;
        final List<Rio> rios = new ArrayList<>();
        int at = 14 + 40 + 16;
        while (at < frame.length)
        {
            final int type = b.get(at) & 0xFF;
            final int len = (b.get(at + 1) & 0xFF) * 8;
            if (type == 3)
            {
                pio = b.getLong(at + 16);
                valid = b.getInt(at + 4) & 0xFFFF_FFFFL;
                preferred = b.getInt(at + 8) & 0xFFFF_FFFFL;
            }
            if (type == 24)
            {
                final long hi = len >= 16 ? b.getLong(at + 8) : 0;
                final long lo = len == 24 ? b.getLong(at + 16) : 0;
                rios.add(new Rio(Ipv6Words.text(hi, lo), b.get(at + 2) & 0xFF, (b.get(at + 3) >> 3) & 3,
                    b.getInt(at + 4) & 0xFFFF_FFFFL));
            }
            at += len;
        }
        return new Ra(mac, pio, preferred, valid, rios);
    }

    private static List<String> routes(final Ra ra)
    {
        return ra.rios().stream().map(r -> r.prefix() + "/" + r.length()).toList();
    }

    private static List<String> expected(final int maar)
    {
        return List.of(LOCAL[maar]).stream().map(p -> {
            final int slash = p.indexOf('/');
            return Ipv6Words.text(Ipv6Words.hi(p.substring(0, slash)), Ipv6Words.lo(p.substring(0, slash)))
                + p.substring(slash);
        }).toList();
    }

    private static List<Ra> lastRas(final DmmRig.Maar m, final int count)
    {
        final List<InMemoryAccessLink.Frame> frames = m.access.sent();
        return frames.subList(frames.size() - count, frames.size()).stream().map(f -> read(f.bytes())).toList();
    }

    private static long dlifMac(final int maar)
    {
        final byte[] id = DmmRig.ALICE.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return DlifIdentity.mac(id, id.length, Ipv6Words.hi(MAAR[maar]), Ipv6Words.lo(MAAR[maar]));
    }

    @ParameterizedTest
    @ValueSource(strings = { "relay", "locator", "proxy" })
    void eachDlifAdvertisesTheLocalNetworksOfItsAnchor(final String mode)
    {
        final DmmRig rig = new DmmRig(mode, "a", i -> domain(i, true));
        rig.moveTo(1);
        final Ra atMaar1 = lastRas(rig.maar(1), 1).get(0);
        assertEquals(dlifMac(0), atMaar1.sourceMac());
        assertEquals(expected(0), routes(atMaar1), "MAAR1's own DLIF: its own local networks");
        rig.moveTo(2);
        rig.moveTo(3);
        final List<Ra> ras = lastRas(rig.maar(3), 3);
        assertEquals(3, ras.stream().map(Ra::sourceMac).distinct().count(), "one RA per DLIF");
        for (int anchor = 0; anchor < 3; anchor++)
        {
            final long mac = dlifMac(anchor);
            final Ra ra = ras.stream().filter(r -> r.sourceMac() == mac).findFirst().orElseThrow();
            assertEquals(rig.prefixAt(anchor + 1), ra.pio(), "the DLIF of MAAR" + (anchor + 1) + " advertises its prefix");
            assertEquals(expected(anchor), routes(ra), "and the routes to MAAR" + (anchor + 1) + "'s local networks");
            for (final Rio rio : ra.rios())
            {
                assertEquals(0, rio.prf(), "Prf medium");
                assertEquals(ra.valid(), rio.lifetime(), "the route lives as long as the binding");
                assertTrue(rio.lifetime() > 0);
            }
            assertEquals(anchor == 2, ra.preferred() > 0, "only the serving MAAR's own prefix is preferred");
        }
        assertEquals(0, rig.maar(3).maar.dlifRefusals());
    }

    @Test
    void withoutDlifNoRouteInformationIsSent()
    {
        final DmmRig rig = new DmmRig("relay", "a", i -> domain(i, false));
        rig.moveTo(1);
        rig.moveTo(2);
        final Ra ra = lastRas(rig.maar(2), 1).get(0);
        assertEquals(List.of(), ra.rios(), "one shared router identity: it cannot say which MAAR reaches what");
    }

    @Test
    void scapyReadsTheDlifRasOfTheServingMaar(@TempDir final Path dir) throws Exception
    {
        final DmmRig rig = new DmmRig("relay", "a", i -> domain(i, true));
        rig.moveTo(1);
        rig.moveTo(2);
        rig.moveTo(3);
        final List<InMemoryAccessLink.Frame> frames = rig.maar(3).access.sent();
        final PcapWriter pcap = new PcapWriter();
        frames.subList(frames.size() - 3, frames.size()).forEach(f -> pcap.addFrame(f.bytes()));
        pcap.write(dir.resolve("dlif-ra.pcap"));
        final String out = ExternalTool.run(List.of("/usr/bin/python3", "-c", String.join("\n",
            "from scapy.all import rdpcap, Ether, IPv6, ICMPv6ND_RA, ICMPv6NDOptRouteInfo, ICMPv6NDOptPrefixInfo",
            "for p in rdpcap('dlif-ra.pcap'):",
            "    q = Ether(bytes(p))",
            "    q[ICMPv6ND_RA].cksum = None",
            "    ok = Ether(bytes(q))[ICMPv6ND_RA].cksum == p[ICMPv6ND_RA].cksum",
            "    o = p[ICMPv6ND_RA].payload",
            "    rios = []",
            "    while o and o.__class__.__name__ != 'NoPayload':",
            "        if isinstance(o, ICMPv6NDOptRouteInfo):",
            "            rios.append('%s/%d' % (o.prefix, o.plen))",
            "        o = o.payload",
            "    print(ok, p[IPv6].src, p[ICMPv6NDOptPrefixInfo].prefix, ','.join(rios))")), dir);
        final List<String> rows = out.lines().map(DmmLocalNetworksTest::normalised).sorted().toList();
        final List<String> want = new ArrayList<>();
        for (int anchor = 0; anchor < 3; anchor++)
        {
            final String linkLocal = Ipv6Words.text(DlifIdentity.linkLocalHi(), DlifIdentity.linkLocalLo(dlifMac(anchor)));
            want.add("True " + linkLocal + " " + Ipv6Words.text(rig.prefixAt(anchor + 1), 0) + " "
                + String.join(",", expected(anchor)));
        }
        assertEquals(want.stream().sorted().toList(), rows, out);
    }

    /** @return a scapy row with its addresses (and prefix/length lists) in {@link Ipv6Words#text} form. */
    private static String normalised(final String row)
    {
        final List<String> out = new ArrayList<>();
        for (final String token : row.split(" "))
        {
            final List<String> parts = new ArrayList<>();
            for (final String item : token.split(","))
            {
                final int slash = item.indexOf('/');
                final String address = slash < 0 ? item : item.substring(0, slash);
                parts.add(address.contains(":")
                    ? Ipv6Words.text(Ipv6Words.hi(address), Ipv6Words.lo(address)) + (slash < 0 ? "" : item.substring(slash))
                    : item);
            }
            out.add(String.join(",", parts));
        }
        return String.join(" ", out);
    }

    @Test
    void afterAChangeTheRasGoThreeTimesThenPeriodically()
    {
        final DmmRig rig = new DmmRig("relay", "a", i -> domain(i, true));
        rig.moveTo(1);
        rig.moveTo(2);
        final DmmRig.Maar m2 = rig.maar(2);
        final int first = m2.access.sent().size();
        assertEquals(2, first, "two DLIFs, one RA each");
        rig.advance(999, 1);
        assertEquals(2, m2.access.sent().size(), "nothing before maar.initial-rtr-adv-interval-ms");
        rig.advance(1, 1);
        assertEquals(4, m2.access.sent().size(), "the second time");
        rig.advance(1000, 10);
        assertEquals(6, m2.access.sent().size(), "the third time");
        rig.advance(300_000, 1000);
        assertEquals(6, m2.access.sent().size(), "then only every maar.max-rtr-adv-interval-s");
        rig.advance(30_000, 1000);
        assertEquals(8, m2.access.sent().size(), "the refresh at 80 % of the lifetime: its RAs once");
        rig.advance(5_000, 100);
        assertEquals(8, m2.access.sent().size(), "a refresh changes nothing: no repeat");
        assertEquals(lastRas(m2, 2).stream().map(Ra::rios).toList(),
            m2.access.sent().subList(0, 2).stream().map(f -> read(f.bytes()).rios()).toList(),
            "the repeated RAs carry the same routes");
    }

    @Test
    void oneInitialAdvertisementMeansNoRepeat()
    {
        final DmmRig rig = new DmmRig("relay", "a", i -> {
            final Properties p = domain(i, true);
            p.setProperty("maar.initial-rtr-advertisements", "1");
            return p;
        });
        rig.moveTo(1);
        rig.advance(5_000, 100);
        assertEquals(1, rig.maar(1).access.sent().size());
    }

    @Test
    void anRaWithRoutesAllocatesNothing()
    {
        final Properties p = domain(0, true);
        p.setProperty("node.role", "maar");
        p.setProperty("maar.address", MAAR[0]);
        p.setProperty("maar.cmd-address", DmmRig.CMD);
        p.setProperty("maar.prefix-pool", DmmRig.POOL[0]);
        p.setProperty("maar.peers", MAAR[1] + "," + MAAR[2]);
        final net.dmmgw.control.maar.LocalNetworks local = MaarConfig.from(new NodeConfig(p)).localNetworks();
        final net.dmmgw.control.mag.RouterAdvertisementWriter w =
            new net.dmmgw.control.mag.RouterAdvertisementWriter(1, new byte[16], 1460);
        final long[] prefixes = { 0x2001_0db8_0100_0000L };
        final long[] anchorHi = { Ipv6Words.hi(MAAR[0]), Ipv6Words.hi(MAAR[1]), Ipv6Words.hi(MAAR[2]) };
        final long[] anchorLo = { Ipv6Words.lo(MAAR[0]), Ipv6Words.lo(MAAR[1]), Ipv6Words.lo(MAAR[2]) };
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        long sink = 0;
        long allocated = 0;
        for (int round = 0; round < 2; round++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++)
            {
                final int a = i % 3;
                sink += w.write(2, 3, 4, 5, 6, 7, 0, prefixes, 1, 300, 300, 1, local.of(anchorHi[a], anchorLo[a]), 300);
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertTrue(sink > 0);
        System.out.printf("100 000 DLIF RAs with RIOs (after 100 000 warm-up): %d B allocated%n", allocated);
        assertTrue(allocated < 16 * 1024, "one object per RA would be >= 1.6 MB: " + allocated + " B");
    }

    private static String refusal(final String key, final String value)
    {
        final Properties p = new Properties();
        p.setProperty("node.role", "maar");
        p.setProperty("maar.address", MAAR[0]);
        p.setProperty("maar.cmd-address", DmmRig.CMD);
        p.setProperty("maar.prefix-pool", DmmRig.POOL[0]);
        p.setProperty("maar.peers", MAAR[1] + "," + MAAR[2]);
        p.setProperty(key, value);
        return assertThrows(ConfigException.class, () -> MaarConfig.from(new NodeConfig(p))).getMessage();
    }

    @Test
    void theConfigurationRefusesWhatCannotBeAdvertised()
    {
        final String own = "maar.local-prefixes";
        final String peer = "maar.peer-local-prefixes";
        assertTrue(refusal(own, "2001:db8:f1::").startsWith(own + ": not prefix/length"));
        assertTrue(refusal(own, "2001:db8:f1::/x").startsWith(own + ": bad prefix length"));
        assertTrue(refusal(own, "2001:db8:f1::/0").startsWith(own + ": length not 1..128"));
        assertTrue(refusal(own, "2001:db8:f1::/129").startsWith(own + ": length not 1..128"));
        assertTrue(refusal(own, "2001:db8:f1:1::/48").startsWith(own + ": length not 1..128 or bits set"));
        assertTrue(refusal(own, "fe80::/64").startsWith(own + ": a link-local or multicast"));
        assertTrue(refusal(own, "ff05::/16").startsWith(own + ": a link-local or multicast"));
        assertTrue(refusal(own, "10.0.0.0/8").startsWith(own + ": not an IPv6 address"));
        assertTrue(refusal(own, "2001:db8:f1::/48,2001:db8:f1:0::/48").startsWith(own + ": listed twice"));
        final List<String> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++)
        {
            nine.add("2001:db8:f" + i + "::/48");
        }
        assertTrue(refusal(own, String.join(",", nine)).startsWith(own + ": more than 8"));
        assertTrue(refusal(peer, "2001:db8:f2::/48").startsWith(peer + ": not prefix/length@MAAR"));
        assertTrue(refusal(peer, "2001:db8:f2::/48@2001:db8:9::1").startsWith(peer + ": not one of maar.peers"));
        assertTrue(refusal(peer, "2001:db8:f2::/48@" + MAAR[0]).startsWith(peer + ": not one of maar.peers"));

        final Properties p = domain(0, true);
        p.setProperty("node.role", "maar");
        p.setProperty("maar.address", MAAR[0]);
        p.setProperty("maar.cmd-address", DmmRig.CMD);
        p.setProperty("maar.prefix-pool", DmmRig.POOL[0]);
        p.setProperty("maar.peers", MAAR[1] + "," + MAAR[2]);
        assertEquals(List.of("2001:db8:f1:0:0:0:0:0/48@" + DmmRig.M[0], "2001:db8:e1:1:0:0:0:0/64@" + DmmRig.M[0],
            "2001:db8:f2:0:0:0:0:0/48@" + DmmRig.M[1], "2001:db8:f3:3:3:0:0:0/80@" + DmmRig.M[2]),
            MaarConfig.from(new NodeConfig(p)).localNetworks().describe());
    }
}
