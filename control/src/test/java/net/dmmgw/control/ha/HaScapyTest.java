package net.dmmgw.control.ha;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.dmmgw.control.cli.Hex;
import net.dmmgw.control.interop.PcapWriter;
import net.dmmgw.control.node.InMemorySignallingTransport.Message;
import net.dmmgw.ipc.Ipv6Words;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static net.dmmgw.control.ha.HaRig.COA1;
import static net.dmmgw.control.ha.HaRig.COA2;
import static net.dmmgw.control.ha.HaRig.HOA1;
import static net.dmmgw.control.ha.HaRig.HOA2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The home agent driven by BUs that Debian's scapy built (src/test/resources/ha/ha_bus.py, one python run) as a
 * mobile node away from home sends them (Home Address option, checksum over the home address, RFC 4285 option by
 * python's hmac): every rejection status, registration with sequence wrap-around, 135, 139, a CoA change, the
 * Alternate CoA option, de-registration away and at home. Every BA is validated and decoded by our codec; tshark
 * dissects them all at the end.
 */
class HaScapyTest
{
    private static final Pattern LINE = Pattern.compile(
        "\\{\"name\": \"([^\"]+)\", \"coa\": \"([^\"]+)\", \"hoa\": \"([^\"]+)\", \"hex\": \"([0-9a-f]+)\"}");

    @TempDir
    Path dir;

    static Map<String, String[]> runScapy() throws Exception
    {
        final Path work = Files.createDirectories(Path.of("target", "ha"));
        final Path script = work.resolve("ha_bus.py");
        try (InputStream in = HaScapyTest.class.getResourceAsStream("/ha/ha_bus.py"))
        {
            Files.write(script, in.readAllBytes());
        }
        final Process p = new ProcessBuilder("/usr/bin/python3", script.getFileName().toString())
            .directory(work.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "scapy did not finish");
        assertEquals(0, p.exitValue(), "/usr/bin/python3 with scapy failed (is python3-scapy installed?)");
        final Map<String, String[]> bus = new HashMap<>();
        for (final String line : out.split("\n"))
        {
            final Matcher m = LINE.matcher(line.trim());
            assertTrue(m.matches(), "unexpected scapy output: " + line);
            bus.put(m.group(1), new String[]{ m.group(2), m.group(3), m.group(4) });
        }
        assertEquals(19, bus.size());
        return bus;
    }

    @Test
    void scapyBuildsEveryCase() throws Exception
    {
        final Map<String, String[]> bus = runScapy();
        final PcapWriter pcap = new PcapWriter();
        final List<Ba> all = new java.util.ArrayList<>();
        try (HaRig r = new HaRig(dir, new Properties()))
        {
            final java.util.function.Function<String, Ba> send = name ->
            {
                final String[] b = bus.get(name);
                final List<Message> sent = r.send(b[0], b[1], Hex.decode(b[2]));
                assertEquals(1, sent.size(), name + ": one BA");
                final Message m = sent.get(0);
                pcap.add(m.source(), m.homeAddress() != null ? m.homeAddress() : m.destination(), m.mh());
                final Ba ba = Ba.of(m);
                all.add(ba);
                return ba;
            };
            final String[][] rejections = {
                { "proxy-flag", "152" }, { "h-clear", "131" }, { "wrong-key", "146" }, { "wrong-spi", "146" },
                { "no-auth", "146" }, { "outside-home-prefix", "132" }, { "unknown-mn", "133" },
                { "nai-mismatch", "133" }, { "disabled-mn", "129" }, { "link-local-coa", "174" },
                { "dereg-without-binding", "133" } };
            for (int i = 0; i < rejections.length; i++)
            {
                final Ba ba = send.apply(rejections[i][0]);
                assertEquals(Integer.parseInt(rejections[i][1]), ba.status(), rejections[i][0]);
                assertEquals(i + 1, ba.sequence(), rejections[i][0] + ": sequence echoed");
                assertEquals(0, ba.lifetime());
            }
            assertEquals(0, r.ha.cache().size());
            assertEquals(0, r.dataPlane.routeCount());

            final Ba registered = send.apply("mn1-register");
            assertEquals(0, registered.status());
            assertEquals(65535, registered.sequence());
            assertEquals(900, registered.lifetime());
            assertEquals(150, registered.refreshAdvice());
            assertEquals(Ba.norm(COA1), registered.careOf());
            assertEquals(Ba.norm(HOA1), registered.routingHeaderHome());
            assertEquals(Ba.norm(COA1), r.tunnelRemoteOf(HOA1));
            assertEquals(0, send.apply("mn1-refresh-wrapped").status(), "0 follows 65535");
            final Ba older = send.apply("mn1-older");
            assertEquals(135, older.status());
            assertEquals(0, older.sequence(), "the last accepted number");
            assertEquals(139, send.apply("mn1-h-clear-with-binding").status());

            final Ba moved = send.apply("mn1-move");
            assertEquals(0, moved.status());
            assertEquals(Ba.norm(COA2), moved.careOf());
            assertEquals(Ba.norm(COA2), r.tunnelRemoteOf(HOA1), "tunnel re-pointed to the new CoA");
            assertEquals(1, r.dataPlane.tunnelCount());
            assertEquals(0, send.apply("mn2-register-alt-coa").status());
            assertEquals(r.routeOf(HOA1), r.routeOf(HOA2), "one tunnel per CoA");

            final Ba dereg = send.apply("mn1-dereg");
            assertEquals(0, dereg.status());
            assertEquals(0, dereg.lifetime());
            assertNull(r.ha.binding(Ipv6Words.bytes(HOA1)));
            assertEquals(-1, r.routeOf(HOA1));
            assertNotNull(r.ha.binding(Ipv6Words.bytes(HOA2)));
            final Ba home = send.apply("mn2-dereg-at-home");
            assertEquals(0, home.status());
            assertNull(home.routingHeaderHome());
            assertEquals(0, r.ha.cache().size());
            assertEquals(0, r.dataPlane.routeCount());
            assertEquals(0, r.dataPlane.tunnelCount());
        }
        tsharkAgrees(pcap, all);
    }

    /** tshark reads the same status / sequence / lifetime, and sees nothing malformed. */
    private static void tsharkAgrees(final PcapWriter pcap, final List<Ba> bas) throws Exception
    {
        final Path work = Path.of("target", "ha");
        final Path file = pcap.write(work.resolve("ha-bas.pcap"));
        final Process p = new ProcessBuilder("tshark", "-r", file.getFileName().toString(), "-T", "fields",
            "-E", "separator=,", "-e", "mip6.ba.status", "-e", "mip6.ba.seqnr", "-e", "mip6.ba.lifetime",
            "-e", "_ws.malformed").directory(work.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "tshark failed (is it installed?)");
        final String[] lines = out.split("\n");
        assertEquals(bas.size(), lines.length, "tshark saw every BA");
        for (int i = 0; i < lines.length; i++)
        {
            final String[] f = lines[i].split(",", -1);
            assertEquals(Integer.toString(bas.get(i).status()), f[0], "frame " + (i + 1));
            assertEquals(Integer.toString(bas.get(i).sequence()), f[1], "frame " + (i + 1));
            assertEquals(Integer.toString(bas.get(i).lifetime()), f[2], "frame " + (i + 1));
            assertEquals("", f[3], "frame " + (i + 1) + " malformed for tshark");
        }
    }
}
