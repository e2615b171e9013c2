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

/**
 * The RAs a MAG sends (solicited, periodic, and the final one when the binding ran out) written to a pcap and
 * dissected by tshark: ICMPv6 type 134 from the fixed link-local and MAC, Hop Limit 255, checksum good, SLLAO,
 * MTU and a PIO with the HNP the LMA assigned, L = A = 1 and the expected lifetimes; no malformed packet.
 */
class RouterAdvertisementTsharkTest
{
    @TempDir
    Path dir;

    @Test
    void tsharkDissectsTheAdvertisements() throws Exception
    {
        final long hnp;
        try (MagRig rig = new MagRig(new Properties(), new Properties()))
        {
            rig.mag1.access.deliver(MagRig.ACCESS_PORT, AccessFrames.routerSolicitation(MagRig.ALICE_MAC,
                "fe80::aa01"));
            rig.run();
            hnp = rig.lma.lma.cache().entries().iterator().next().prefix(0);
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
    }
}
