package net.dmmgw.control.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.dmmgw.fastpath.system.ChildJvm;
import net.dmmgw.fastpath.system.ChildProcesses;
import net.dmmgw.fastpath.system.Shell;
import net.dmmgw.fastpath.system.Trees;

/**
 * The control process as an LMA over the raw protocol-135 socket: {@code ControlMain} in namespace {@code lma}, a
 * scripted MAG (scapy-built PBUs over its own raw socket) in namespace {@code mag}, joined by a veth. The PBAs come
 * back over the wire, tshark dissects the captured PBUs and PBAs, SIGTERM stops the process cleanly and a restart
 * restores the bindings from the journal.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LmaRawSocketSystemTest
{
    private static final String PID = Long.toString(ProcessHandle.current().pid());
    private static final String LMA_NS = "dmmgw-tr-lma-" + PID;
    private static final String MAG_NS = "dmmgw-tr-mag-" + PID;
    private static final String LMA = "2001:db8:12::1";
    private static final String MAG = "2001:db8:12::10";

    private static TwoHostLab lab;
    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();
    private Path dir;

    @BeforeAll
    static void buildLab()
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces and raw sockets need root");
        lab = TwoHostLab.create(LMA_NS, "l0", LMA, MAG_NS, "m1", MAG, "dmmgw-transport-system-classes-");
    }

    @AfterAll
    static void removeLab()
    {
        if (lab != null)
        {
            lab.close();
        }
    }

    @BeforeEach
    void createDir() throws Exception
    {
        dir = Files.createTempDirectory("dmmgw-transport-system-");
    }

    @AfterEach
    void cleanUp()
    {
        children.closeAll();
        Trees.delete(dir);
    }

    private ChildJvm startLma(final int n) throws Exception
    {
        final Path config = Files.writeString(dir.resolve("lma.properties"),
            ControlProcess.lmaKeys(LMA, MAG, "2001:db8:100::/48", dir.resolve("journal")) + """
            signalling.transport=raw
            signalling.raw.address=%s
            signalling.raw.interface=l0
            dataplane.client=none
            idle=backoff
            """.formatted(LMA));
        return ControlProcess.start(children, "control #" + n, LMA_NS, lab.classPath(),
            dir.resolve("control-" + n + ".out"), config);
    }

    @Test
    void shouldAnswerScapyPbusOverTheRawSocketStopOnSigtermAndRestoreFromTheJournal() throws Exception
    {
        final ChildJvm lma = startLma(1);
        assertTrue(lma.output().contains("transport=raw dataplane=none restored=0"), lma.output());

        final Path pcap = dir.resolve("pbu-pba.pcap");
        final MagSimulator.Result result = MagSimulator.run(MAG_NS, 60, "--raw", "m1", "--src", MAG, "--lma", LMA,
            "--count", "3", "--seq", "100", "--lifetime", "1000", "--pcap", pcap.toString());
        assertEquals(3, result.sent(), result.json());
        assertEquals(3, result.answered(), result.json());
        assertEquals(3, result.status(0), "every PBA accepted: " + result.json());
        assertEquals("100", result.first("seq"), result.json());
        assertEquals("2001:db8:100::", result.first("hnp"), "first /64 of the pool: " + result.json());
        assertEquals("900", result.first("lifetime_units"), "1000 units asked, capped at 3600 s / 4: " + result.json());

        // The operator's view of the running process: scripts/dmmctl, a real process in the LMA's namespace (the admin
        // API listens on that namespace's loopback), through the run dir the process published its URL and token in.
        final String bindings = Dmmctl.run(LMA_NS, lab.classPath(), dir.resolve("journal-run"), "show",
            "bindings", "--json");
        assertEquals(3, bindings.split("\"mnId\"", -1).length - 1, "3 bindings in dmmctl's JSON: " + bindings);
        assertTrue(bindings.contains("2001:db8:100::/64"), bindings);

        // tshark reads what crossed the veth: 3 PBUs and 3 PBAs, none malformed. The checksums were filled in and
        // verified by the kernels' raw sockets (an MH with a bad one is not delivered, so no PBA would come back).
        final String dissected = Shell.run(30, "tshark", "-r", pcap.toString(), "-T", "fields", "-E", "separator=,",
            "-e", "mip6.mhtype", "-e", "mip6.bu.seqnr", "-e", "mip6.ba.status", "-e", "mip6.ba.seqnr",
            "-e", "mip6.csum", "-e", "_ws.malformed", "-e", "_ws.expert.severity");
        final String[] lines = dissected.strip().split("\n");
        int pbus = 0;
        int pbas = 0;
        for (final String line : lines)
        {
            if (line.isEmpty() || !Character.isDigit(line.charAt(0)))
            {
                continue; // tshark's "Running as user root" notice
            }
            final String[] f = line.split(",", -1);
            assertTrue(!f[4].isEmpty() && !f[4].equals("0x0000"), "checksum filled in: " + line);
            assertEquals("", f[5], "malformed for tshark: " + line);
            if (f[0].equals("5"))
            {
                pbus++;
            }
            else if (f[0].equals("6"))
            {
                pbas++;
                assertEquals("0", f[2], "PBA status: " + line);
            }
        }
        assertEquals(3, pbus, dissected);
        assertEquals(3, pbas, dissected);

        assertEquals(143, lma.terminate(), "128 + SIGTERM after the clean shutdown");
        assertTrue(lma.output().contains("control stopped bindings=3 expires-in-ms="), lma.output());
        assertTrue(lma.output().contains(" pbas=3 dropped=0"), lma.output());
        assertTrue(lma.output().contains("STOPPED"), lma.output());

        final ChildJvm again = startLma(2);
        assertTrue(again.output().contains("bindings=3"), "the journal brought the 3 bindings back: " + again.output());
        // A refresh of MN 0's prefix is accepted only if its binding is back.
        final Path refresh = Files.writeString(dir.resolve("refresh.txt"), "0 2001:db8:100::\n");
        final MagSimulator.Result refreshed = MagSimulator.run(MAG_NS, 60, "--raw", "m1", "--src", MAG, "--lma", LMA,
            "--count", "1", "--seq", "200", "--refresh", refresh.toString());
        assertEquals(1, refreshed.status(0), refreshed.json());
        assertEquals("2001:db8:100::", refreshed.first("hnp"), refreshed.json());
    }
}
