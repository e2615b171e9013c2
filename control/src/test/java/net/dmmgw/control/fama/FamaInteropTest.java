package net.dmmgw.control.fama;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.dmmgw.control.cli.Hex;
import net.dmmgw.control.fama.mn.AnchoredAddress;
import net.dmmgw.control.ha.HaStatus;
import net.dmmgw.control.interop.ExternalTool;
import net.dmmgw.control.interop.PcapWriter;
import net.dmmgw.ipc.Ipv6Words;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static net.dmmgw.control.fama.FamaRig.DAR;
import static net.dmmgw.control.fama.FamaRig.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DAR against BUs built outside our codec and crypto (src/test/resources/fama/fama_bus.py: scapy, hashlib / hmac,
 * python's cryptography): a CGA home address and CGA-signed first BU made in python is accepted and answered with a
 * token that python decrypts and whose BA authenticator python checks; python's token-authorized BU after a
 * movement is accepted, its replay answered 135, a wrong token 148, a flipped signature bit 148. Then every message
 * of these exchanges and of two three-DAR scenarios (the second in return-routability mode), framed as on the wire (BU: Destination Options header with the
 * Home Address option; BA: type 2 Routing header), dissected by tshark: a BU or BA each, nothing malformed.
 */
class FamaInteropTest
{
    private static final Pattern LINE = Pattern.compile("\\{\"name\": \"([^\"]+)\", (.*)}");
    private static final String COA1 = "2001:db8:f1::5";
    private static final String COA2 = "2001:db8:f2::6";

    @TempDir
    Path dir;

    private static Map<String, Map<String, String>> python(final String... args) throws Exception
    {
        final Path work = Files.createDirectories(Path.of("target", "fama"));
        final Path script = work.resolve("fama_bus.py");
        try (InputStream in = FamaInteropTest.class.getResourceAsStream("/fama/fama_bus.py"))
        {
            Files.write(script, in.readAllBytes());
        }
        final List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.getFileName().toString()));
        command.addAll(List.of(args));
        final Path errors = work.resolve("fama_bus.err");
        final Process p = new ProcessBuilder(command).directory(work.toFile())
            .redirectError(errors.toFile()).start();
        final String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, p.exitValue(), "/usr/bin/python3 with scapy and cryptography failed: " +
            Files.readString(errors));
        final Map<String, Map<String, String>> lines = new HashMap<>();
        for (final String line : out.split("\n"))
        {
            final Matcher m = LINE.matcher(line.trim());
            assertTrue(m.matches(), "unexpected python output: " + line);
            final Map<String, String> fields = new HashMap<>();
            final Matcher f = Pattern.compile("\"(\\w+)\": \"?([^,\"]*)\"?").matcher(m.group(2));
            while (f.find())
            {
                fields.put(f.group(1), f.group(2));
            }
            lines.put(m.group(1), fields);
        }
        return lines;
    }

    @Test
    void pythonBuiltBindingUpdates() throws Exception
    {
        try (FamaRig rig = new FamaRig(dir, new Properties()))
        {
            final Map<String, Map<String, String>> first = python("first", DAR[0], FamaRig.PREFIX[0], COA1, "10");
            final byte[] hoa = Ipv6Words.bytes(first.get("signed").get("hoa"));
            final byte[] coa1 = Ipv6Words.bytes(COA1);

            final List<FamaRig.Sent> badSignature =
                rig.inject(0, coa1, hoa, Hex.decode(first.get("bad-signature").get("hex")));
            assertEquals(DarStatus.CGA_AND_SIGNATURE_VERIFICATION_FAILED, FamaTest.status(badSignature.get(0)));
            assertNull(rig.dar(0).binding(hoa));

            final List<FamaRig.Sent> signed = rig.inject(0, coa1, hoa, Hex.decode(first.get("signed").get("hex")));
            assertEquals(1, signed.size());
            final FamaRig.Sent ba = signed.get(0);
            assertEquals(0, FamaTest.status(ba));
            assertEquals(10, FamaTest.sequence(ba));
            assertArrayEquals(hoa, ba.home(), "via the care-of address with a type 2 Routing header");
            assertEquals(text(coa1), rig.tunnelRemote(0, hoa));

            final Map<String, Map<String, String>> next = python("next", DAR[0], first.get("signed").get("hoa"),
                first.get("signed").get("key"), Hex.encode(ba.mh()), COA1, COA2, "11");
            assertEquals("true", next.get("token").get("baVerified"), "python checked our BA's authenticator");
            assertArrayEquals(rig.dar(0).binding(hoa).linkLayerId(), Hex.decode(next.get("token").get("token")),
                "python decrypted the token the DAR keeps");

            final byte[] coa2 = Ipv6Words.bytes(COA2);
            final byte[] moved = Hex.decode(next.get("moved").get("hex"));
            assertEquals(0, FamaTest.status(rig.inject(0, coa2, hoa, moved).get(0)));
            assertEquals(text(coa2), rig.tunnelRemote(0, hoa));
            assertEquals(1, rig.dataPlane(0).tunnelCount());

            final FamaRig.Sent replay = rig.inject(0, coa2, hoa, moved).get(0);
            assertEquals(HaStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW, FamaTest.status(replay));
            assertEquals(11, FamaTest.sequence(replay));
            assertEquals(DarStatus.CGA_AND_SIGNATURE_VERIFICATION_FAILED, FamaTest.status(
                rig.inject(0, coa2, hoa, Hex.decode(next.get("wrong-token").get("hex"))).get(0)));
            assertEquals(11, rig.dar(0).binding(hoa).lastSequence());
            assertEquals(text(coa2), rig.tunnelRemote(0, hoa));

            // And a three-DAR scenario from our own agent, then tshark over every message.
            rig.attach(0);
            rig.attach(1);
            rig.attach(2);
            rig.visit(0);
            rig.visit(1);
            final List<FamaRig.Sent> all = new ArrayList<>(rig.log);
            final Properties returnRoutability = new Properties();
            returnRoutability.setProperty("dar.return-routability", "true");
            try (FamaRig rr = new FamaRig(dir.resolve("rr"), returnRoutability))
            {
                rr.mn.returnRoutability(true); // Care-of Test Init in BUs, Care-of Test in BAs
                rr.attach(0);
                rr.attach(1);
                rr.attach(2);
                rr.visit(0);
                all.addAll(rr.log);
            }
            tsharkDissects(all);
        }
    }

    /** Ethernet + IPv6 + (Destination Options with the Home Address option | type 2 Routing header) + MH. */
    static byte[] frame(final FamaRig.Sent m, final boolean bindingUpdate)
    {
        final boolean extension = m.home() != null;
        final ByteBuffer f = ByteBuffer.allocate(14 + 40 + (extension ? 24 : 0) + m.mh().length);
        f.put(new byte[]{ 0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1 }).putShort((short)0x86dd);
        final int next = !extension ? 135 : bindingUpdate ? 60 : 43;
        f.putInt(0x60000000).putShort((short)(f.capacity() - 54)).put((byte)next).put((byte)64);
        f.put(m.source()).put(m.destination());
        if (extension && bindingUpdate)
        {
            // Next Header, Hdr Ext Len 2, PadN(2) so that the HAO sits at 8n+6, HAO (201, 16, address)
            f.put((byte)135).put((byte)2).put((byte)1).put((byte)2).putShort((short)0).put((byte)201).put((byte)16);
            f.put(m.home());
        }
        else if (extension)
        {
            f.put((byte)135).put((byte)2).put((byte)2).put((byte)1).putInt(0).put(m.home());
        }
        return f.put(m.mh()).array();
    }

    private void tsharkDissects(final List<FamaRig.Sent> log) throws Exception
    {
        final PcapWriter pcap = new PcapWriter();
        int updates = 0;
        for (final FamaRig.Sent m : log)
        {
            final boolean bu = m.mh()[2] == 5;
            updates += bu ? 1 : 0;
            pcap.addFrame(frame(m, bu));
        }
        pcap.write(dir.resolve("fama.pcap"));
        final String out = ExternalTool.run(List.of("tshark", "-r", "fama.pcap", "-T", "fields", "-E",
            "separator=|", "-e", "mip6.mhtype", "-e", "mip6.ba.status", "-e", "_ws.malformed", "-e",
            "_ws.expert.message", "-e", "ipv6.opt.mipv6.home_address", "-e", "ipv6.routing.mipv6.home_address"), dir);
        final List<String> lines = out.lines().toList();
        assertEquals(log.size(), lines.size(), out);
        assertTrue(updates > 10 && log.size() - updates > 10, out);
        for (int i = 0; i < lines.size(); i++)
        {
            final String[] f = lines.get(i).split("\\|", -1);
            final FamaRig.Sent m = log.get(i);
            assertEquals(Integer.toString(m.mh()[2]), f[0], "frame " + (i + 1) + ": " + lines.get(i));
            if (m.mh()[2] == 6)
            {
                assertEquals(Integer.toString(FamaTest.status(m)), f[1], "frame " + (i + 1));
            }
            assertEquals("", f[2], "frame " + (i + 1) + " malformed: " + lines.get(i));
            assertEquals("", f[3], "frame " + (i + 1) + " expert: " + lines.get(i));
            if (m.home() != null)
            {
                assertEquals(text(m.home()), text(Ipv6Words.bytes(f[m.mh()[2] == 5 ? 4 : 5])),
                    "frame " + (i + 1) + ": the home address where tshark reads it");
            }
        }
    }
}
