package net.dmmgw.control.mag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import net.dmmgw.control.interop.ExternalTool;
import net.dmmgw.control.interop.PcapWriter;
import net.dmmgw.ipc.Ipv6Words;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a MAG puts on the wire, dissected by tools outside our code. The RAs (solicited, periodic, and the final
 * one when the binding ran out) by tshark: ICMPv6 type 134 from the fixed link-local and MAC, Hop Limit 255,
 * checksum good, SLLAO, MTU and a PIO with the HNP the LMA assigned, L = A = 1 and the expected lifetimes; no
 * malformed packet; and by scapy, whose recomputed checksum must equal ours. The PBUs (registration, refresh,
 * de-registration) by tshark: flags, lifetime, MN-ID, HNP, HI, ATT, MN-LL-ID.
 */
class MagTsharkTest
{
    @TempDir
    Path dir;

    /** Alice's RS at MAG1, registered: her HNP. */
    private static long registerAlice(final MagRig rig)
    {
        rig.mag1.access.deliver(MagRig.ACCESS_PORT, AccessFrames.routerSolicitation(MagRig.ALICE_MAC, "fe80::aa01"));
        rig.run();
        return rig.lma.lma.cache().entries().iterator().next().prefix(0);
    }

    @Test
    void tsharkDissectsTheAdvertisements() throws Exception
    {
        final long hnp;
        try (MagRig rig = new MagRig(new Properties(), new Properties()))
        {
            hnp = registerAlice(rig);
            rig.advance(600_000, 1000);
            // From now on the LMA's answers are lost: the refresh is given up and the binding expires.
            rig.filter = m -> m.source()[5] != 2;
            rig.advance(3_000_000, 1000);
            final PcapWriter pcap = new PcapWriter();
            rig.mag1.access.sent().forEach(f -> pcap.addFrame(f.bytes()));
            pcap.write(dir.resolve("ra.pcap"));
            assertEquals(7, pcap.count(), "solicited, 5 periodic (600 .. 3 000 s), final at 3 600 s");
        }
        final String out = ExternalTool.run(List.of("tshark", "-r", "ra.pcap", "-T", "fields",
            "-E", "separator=|", "-e", "eth.src", "-e", "eth.dst", "-e", "ipv6.src", "-e", "ipv6.dst",
            "-e", "ipv6.hlim", "-e", "icmpv6.type", "-e", "icmpv6.code", "-e", "icmpv6.checksum.status",
            "-e", "icmpv6.nd.ra.router_lifetime", "-e", "icmpv6.opt.linkaddr", "-e", "icmpv6.opt.mtu",
            "-e", "icmpv6.opt.prefix", "-e", "icmpv6.opt.prefix.length", "-e", "icmpv6.opt.prefix.flag.l",
            "-e", "icmpv6.opt.prefix.flag.a", "-e", "icmpv6.opt.prefix.valid_lifetime",
            "-e", "icmpv6.opt.prefix.preferred_lifetime", "-e", "_ws.malformed", "-e", "_ws.expert"), dir);
        System.out.println(out);
        final List<String> lines = out.lines().toList();
        assertEquals(7, lines.size());
        for (int i = 0; i < lines.size(); i++)
        {
            final String[] f = lines.get(i).split("\\|", -1);
            assertEquals("02:00:00:00:01:00", f[0]);
            assertEquals("02:00:00:00:aa:01", f[1]);
            assertEquals("fe80::1", f[2]);
            assertEquals("fe80::aa01", f[3]);
            assertEquals("255", f[4]);
            assertEquals("134", f[5]);
            assertEquals("0", f[6]);
            assertEquals("1", f[7], "checksum good");
            assertEquals("02:00:00:00:01:00", f[9], "SLLAO");
            assertEquals("1460", f[10]);
            assertEquals(hnp, Ipv6Words.hi(f[11]));
            assertEquals(0, Ipv6Words.lo(f[11]));
            assertEquals("64", f[12]);
            assertEquals("1", f[13], "L");
            assertEquals("1", f[14], "A");
            final long valid = i == 0 ? 3600 : i == 6 ? 0 : 3600 - 600L * i;
            assertEquals(String.valueOf(Math.min(1800, valid)), f[8], "router lifetime");
            assertEquals(String.valueOf(valid), f[15]);
            assertEquals(String.valueOf(valid), f[16]);
            assertEquals("", f[17], "not malformed");
            assertEquals("", f[18], "no expert item");
        }
        final String scapy = ExternalTool.run(List.of("/usr/bin/python3", "-c", String.join("\n",
            "from scapy.all import rdpcap, Ether, IPv6, ICMPv6ND_RA, ICMPv6NDOptPrefixInfo, ICMPv6NDOptMTU",
            "from scapy.all import ICMPv6NDOptSrcLLAddr",
            "for p in rdpcap('ra.pcap'):",
            "    q = Ether(bytes(p))",
            "    q[ICMPv6ND_RA].cksum = None",
            "    redone = Ether(bytes(q))[ICMPv6ND_RA].cksum",
            "    ra = p[ICMPv6ND_RA]",
            "    pio = p[ICMPv6NDOptPrefixInfo]",
            "    print(ra.cksum == redone, p[IPv6].hlim, ra.routerlifetime, p[ICMPv6NDOptSrcLLAddr].lladdr,",
            "          p[ICMPv6NDOptMTU].mtu, pio.prefix, pio.prefixlen, pio.L, pio.A, pio.validlifetime,",
            "          pio.preferredlifetime)")), dir);
        final List<String> rows = scapy.lines().toList();
        assertEquals(7, rows.size(), scapy);
        for (int i = 0; i < rows.size(); i++)
        {
            final String[] r = rows.get(i).split(" ");
            assertEquals("True", r[0], "scapy's recomputed checksum equals ours: " + rows.get(i));
            assertEquals("255", r[1]);
            assertEquals("02:00:00:00:01:00", r[3]);
            assertEquals("1460", r[4]);
            assertEquals(hnp, Ipv6Words.hi(r[5]));
            assertEquals(List.of("64", "1", "1"), List.of(r[6], r[7], r[8]));
            final long valid = i == 0 ? 3600 : i == 6 ? 0 : 3600 - 600L * i;
            assertEquals(List.of(String.valueOf(Math.min(1800, valid)), String.valueOf(valid), String.valueOf(valid)),
                List.of(r[2], r[9], r[10]));
        }
    }

    @Test
    void tsharkDissectsTheProxyBindingUpdates() throws Exception
    {
        final PcapWriter pcap = new PcapWriter();
        final long hnp;
        try (MagRig rig = new MagRig(new Properties(), new Properties()))
        {
            hnp = registerAlice(rig);
            rig.advance(2_880_000, 10_000);
            rig.mag1.mag.detach(MagRig.ALICE_MAC);
            rig.run();
            rig.sent(MagRig.MAG1, MagRig.LMA).forEach(m ->
                pcap.add(m.message().source(), m.message().destination(), m.message().mh()));
        }
        pcap.write(dir.resolve("pbu.pcap"));
        final String out = ExternalTool.run(List.of("tshark", "-r", "pbu.pcap", "-T", "fields",
            "-E", "separator=|", "-e", "mip6.bu.seqnr", "-e", "mip6.bu.a_flag", "-e", "mip6.bu.h_flag",
            "-e", "mip6.bu.l_flag", "-e", "mip6.bu.k_flag", "-e", "mip6.bu.m_flag", "-e", "mip6.bu.p_flag",
            "-e", "mip6.bu.lifetime", "-e", "mip6.mnid.subtype", "-e", "mip6.mnid.identifier",
            "-e", "mip6.nemo.mnp.pfl", "-e", "mip6.nemo.mnp.mnp", "-e", "mip6.hi", "-e", "mip6.att",
            "-e", "mip6.mnlli.lli", "-e", "mip6.csum", "-e", "_ws.malformed", "-e", "_ws.expert"), dir);
        final List<String> lines = out.lines().toList();
        assertEquals(3, lines.size(), out);
        final String h = Ipv6Words.text(hnp, 0);
        final String[][] expected = {
            // seq, A, H, L, K, M, P, lifetime, MN-ID subtype, MN-ID, HNP length, HNP, HI, ATT, MN-LL-ID
            { "0", "1", "1", "0", "0", "0", "1", "900", "1", "alice@example.com", "0", "::", "4", "3", "02000000aa01" },
            { "1", "1", "1", "0", "0", "0", "1", "900", "1", "alice@example.com", "64", h, "5", "3", "02000000aa01" },
            { "2", "1", "1", "0", "0", "0", "1", "0", "1", "alice@example.com", "64", h, "5", "3", "02000000aa01" },
        };
        for (int i = 0; i < 3; i++)
        {
            final String[] f = lines.get(i).split("\\|", -1);
            for (int k = 0; k < expected[i].length; k++)
            {
                if (k == 11)
                {
                    assertEquals(Ipv6Words.hi(expected[i][k]), Ipv6Words.hi(f[k]), lines.get(i));
                }
                else
                {
                    assertEquals(expected[i][k], f[k], "field " + k + " of PBU " + i + ": " + lines.get(i));
                }
            }
            assertEquals("", f[16], "not malformed");
            assertEquals("", f[17], "no expert item");
        }
    }

    @Test
    void tsharkDissectsTheUserPlaneAddressOption() throws Exception
    {
        final PcapWriter pcap = new PcapWriter();
        final Properties lma = new Properties();
        lma.setProperty("lma.user-plane-address", "2001:db8:2::100");
        final Properties mag = new Properties();
        mag.setProperty("mag.request-user-plane-address", "true");
        try (MagRig rig = new MagRig(lma, mag))
        {
            registerAlice(rig);
            for (final MagRig.Sent m : rig.log)
            {
                pcap.add(m.message().source(), m.message().destination(), m.message().mh());
            }
        }
        assertEquals(2, pcap.count(), "the PBU and the PBA");
        pcap.write(dir.resolve("up.pcap"));
        final String out = ExternalTool.run(List.of("tshark", "-r", "up.pcap", "-T", "fields",
            "-E", "separator=|", "-E", "aggregator=,", "-e", "mip6.mhtype", "-e", "mip6.ba.status",
            "-e", "mip6.mobility_opt", "-e", "mip6.mnid.identifier", "-e", "mip6.timestamp_tmp",
            "-e", "_ws.malformed", "-e", "_ws.expert.message"), dir);
        final List<String> lines = out.lines().toList();
        assertEquals(2, lines.size(), out);
        // Wireshark 4.0 does not know option 59: it names it Unknown (59) with a "not dissected" note (and shows
        // the MH's Header Len as its Length, a dissector quirk); every option before it is dissected, nothing is
        // malformed, and the walk reaches it, so the option's Length took tshark to the end of the message.
        final String[][] expected = { { "5", "", "59" }, { "6", "0", "59" } };
        for (int i = 0; i < 2; i++)
        {
            final String[] f = lines.get(i).split("\\|", -1);
            assertEquals(expected[i][0], f[0], lines.get(i));
            assertEquals(expected[i][1], f[1], lines.get(i));
            assertEquals(expected[i][2], f[2], "exactly one option tshark does not know, type 59: " + lines.get(i));
            assertEquals("alice@example.com", f[3], lines.get(i));
            assertTrue(!f[4].isEmpty(), "the Timestamp before it was dissected: " + lines.get(i));
            assertEquals("", f[5], "not malformed: " + lines.get(i));
            assertEquals("IE data not dissected yet", f[6], "no other expert item: " + lines.get(i));
        }
    }
}
