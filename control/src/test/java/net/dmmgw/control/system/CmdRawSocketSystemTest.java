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
import net.dmmgw.fastpath.system.Trees;

/**
 * The control process as a CMD ({@code node.role=cmd}, no data plane, raw protocol-135 socket) in namespace
 * {@code cmd}; a scripted sender (scapy) in namespace {@code maar} at a configured MAAR's address sends plain PBUs
 * (no D flag: a MAG, not a MAAR), which the CMD answers with status 128 over the wire; {@code scripts/dmmctl} shows
 * its peers (the configured MAARs), no binding and the refusals counted.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CmdRawSocketSystemTest
{
    private static final String PID = Long.toString(ProcessHandle.current().pid());
    private static final String CMD_NS = "dmmgw-tc-cmd-" + PID;
    private static final String MAAR_NS = "dmmgw-tc-maar-" + PID;
    private static final String CMD = "2001:db8:13::1";
    private static final String MAAR = "2001:db8:13::10";

    private static TwoHostLab lab;
    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();
    private Path dir;

    @BeforeAll
    static void buildLab()
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces and raw sockets need root");
        lab = TwoHostLab.create(CMD_NS, "c0", CMD, MAAR_NS, "a1", MAAR, "dmmgw-cmd-system-classes-");
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
        dir = Files.createTempDirectory("dmmgw-cmd-system-");
    }

    @AfterEach
    void cleanUp()
    {
        children.closeAll();
        Trees.delete(dir);
    }

    @Test
    void launchedCmdAnswersOverTheRawSocketAndShowsItsPeers() throws Exception
    {
        final Path run = dir.resolve("run");
        final Path config = Files.writeString(dir.resolve("cmd.properties"), """
            node.role=cmd
            cmd.address=%s
            cmd.maars=%s,2001:db8:13::20
            signalling.transport=raw
            signalling.raw.address=%s
            signalling.raw.interface=c0
            dataplane.client=none
            idle=backoff
            admin.run-dir=%s
            """.formatted(CMD, MAAR, CMD, run));
        final ChildJvm cmd = ControlProcess.start(children, "cmd", CMD_NS, lab.classPath(),
            dir.resolve("cmd.out"), config);
        assertTrue(cmd.output().contains("transport=raw dataplane=none"), cmd.output());

        final MagSimulator.Result result = MagSimulator.run(MAAR_NS, 60, "--raw", "a1", "--src", MAAR, "--lma", CMD,
            "--count", "2", "--seq", "7", "--lifetime", "100");
        assertEquals(2, result.sent(), result.json());
        assertEquals(2, result.answered(), result.json());
        assertEquals(2, result.status(128), "a PBU without the D flag is refused with 128: " + result.json());

        final String peers = Dmmctl.run(CMD_NS, lab.classPath(), run, "show", "peers", "--json");
        assertTrue(peers.contains("\"address\":\"" + MAAR + "\"") && peers.contains("2001:db8:13::20") &&
            peers.contains("\"role\":\"maar\""), peers);
        final String bindings = Dmmctl.run(CMD_NS, lab.classPath(), run, "show", "bindings", "--json");
        assertTrue(bindings.contains("\"bindings\":[]"), bindings);
        final String counters = Dmmctl.run(CMD_NS, lab.classPath(), run, "show", "counters", "--json");
        assertTrue(counters.contains("\"refused\":2"), counters);
    }
}
