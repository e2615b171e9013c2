package net.dmmgw.control.dmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.dmmgw.control.interop.ExternalTool;
import net.dmmgw.control.interop.PcapWriter;

/**
 * Every signalling message of the DMM scenarios (three handovers in each CMD mode and with DLIF options, relay
 * timeout, de-registration renewals, the end of the session) in one pcap, dissected by tshark: a PBU or PBA each, no malformed packet, no
 * expert item except Wireshark 4.0's note for the DMM options it does not know (65–70).
 */
class DmmTsharkTest
{
    @TempDir
    Path dir;

    @Test
    void everyMessageDissects() throws Exception
    {
        final PcapWriter pcap = new PcapWriter();
        int messages = 0;
        for (final String mode : new String[] { "relay", "locator", "proxy", "locator+dlif" })
        {
            final Properties extra = new Properties();
            extra.setProperty("maar.dlif", String.valueOf(mode.endsWith("+dlif")));
            final DmmRig rig = new DmmRig(mode.replace("+dlif", ""), "b", extra);
            rig.moveTo(1);
            rig.moveTo(2);
            rig.hold = s -> s.from().equals(DmmRig.M[0]) && s.to().equals(DmmRig.norm(DmmRig.CMD));
            rig.moveTo(3);
            rig.advance(1000, 100);
            rig.hold = s -> false;
            rig.release();
            rig.advance(2 * DmmRig.LIFETIME_S * 1000L, 10_000);
            rig.maar(3).maar.detach(DmmRig.ALICE_MAC);
            rig.advance(DmmRig.LIFETIME_S * 1000L + 10_000, 10_000);
            assertEquals(List.of(), rig.cmd.sessions());
            for (final DmmRig.Sent s : rig.log)
            {
                pcap.add(s.message().source(), s.message().destination(), s.message().mh());
                messages++;
            }
        }
        pcap.write(dir.resolve("dmm.pcap"));
        final String out = ExternalTool.run(List.of("tshark", "-r", "dmm.pcap", "-T", "fields", "-E", "separator=|",
            "-e", "mip6.mhtype", "-e", "mip6.csum", "-e", "_ws.malformed", "-e", "_ws.expert.message"), dir);
        final List<String> lines = out.lines().toList();
        assertEquals(messages, lines.size(), out);
        assertTrue(messages > 60, "messages: " + messages);
        int updates = 0;
        int acks = 0;
        for (final String line : lines)
        {
            final String[] f = line.split("\\|", -1);
            assertTrue(f[0].equals("5") || f[0].equals("6"), "a BU or BA: " + line);
            updates += f[0].equals("5") ? 1 : 0;
            acks += f[0].equals("6") ? 1 : 0;
            assertEquals("", f[2], "not malformed: " + line);
            for (final String expert : f[3].split(","))
            {
                assertTrue(expert.isEmpty() || expert.equals("IE data not dissected yet"), line);
            }
        }
        assertTrue(updates > 20 && acks > 20, updates + " PBUs, " + acks + " PBAs");
    }
}
