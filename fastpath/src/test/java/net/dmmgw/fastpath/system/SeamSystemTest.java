package net.dmmgw.fastpath.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.dmmgw.fastpath.system.SplitLab.Traffic;
import net.dmmgw.ipc.tools.SeamControl;

/**
 * Issue 4's system tests: the real data-plane process ({@code dataplane run}, DPDK
 * {@code net_af_packet} ports on veths) in one network namespace, programmed over {@code aeron:udp}
 * by {@link SeamControl} in another; frames sent into the data plane's port 0 and captured at
 * port 1's peer show that what control programmed is what forwards, through kill -9 of either side.
 */
@Timeout(value = 100, unit = TimeUnit.SECONDS)
class SeamSystemTest
{
    private static final String PID = Long.toString(ProcessHandle.current().pid());
    private static final String FORWARDED = "2001:db8:200::1";
    private static final String TUNNELLED = "2001:db8:300::1";
    private static final String NEIGHBOUR_MAC = "02:00:00:00:00:fe";
    private static final String TUNNEL_MAC = "02:00:00:00:00:77";
    private static final String PORT1_MAC = DataPlaneProcess.PORT1_MAC;
    /** What control programs after its restart in epoch 2: the full state without the tunnel route. */
    private static final String STATE_WITHOUT_TUNNEL_ROUTE = """
        neighbour 1 2001:db8:c::fe 02:00:00:00:00:fe
        address endpoint 2001:db8:c::1
        tunnel 7 1 1400 2001:db8:c::1 2001:db8:c::7 02:00:00:00:00:77
        route dst 2001:db8:200::/48 forward 1 2001:db8:c::fe
        """;
    private static final String FULL_STATE = STATE_WITHOUT_TUNNEL_ROUTE + "route dst 2001:db8:300::/48 tunnel 7\n";
    private static final int FRAMES = 20;
    private static final long START_MS = 30_000;

    private static SplitRig rig;
    private static SplitLab lab;
    private static Path script;

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();
    private Path dir;
    private Path controlAeronDir;
    private DataPlaneProcess dataPlaneProcess;
    private int starts;

    @BeforeAll
    static void buildLab() throws Exception
    {
        rig = SplitRig.create(PID, "dmmgw-seam-system-classes-");
        lab = rig.lab;
        script = rig.trafficScript;
    }

    @AfterAll
    static void removeLab()
    {
        if (null != rig)
        {
            rig.close();
        }
    }

    @BeforeEach
    void createFiles() throws IOException
    {
        dir = Files.createTempDirectory("dmmgw-seam-system-");
        controlAeronDir = Path.of("/dev/shm", "dmmgw-sys-cp-" + PID);
        dataPlaneProcess = new DataPlaneProcess(lab.dataPlaneNs, PID, dir, rig.classPath.classPath());
    }

    @AfterEach
    void cleanUp()
    {
        children.closeAll();
        dataPlaneProcess.close();
        Trees.delete(controlAeronDir);
        Trees.delete(dir);
    }

    @Test
    void shouldForwardWhatControlProgrammedOverUdpBetweenNamespacesAndPuntMobilityHeadersToControl() throws Exception
    {
        final ChildJvm dataPlane = startDataPlane();
        final long unroutedBefore = counter("w0 drop: no route");
        final Traffic before = send(FORWARDED, 7001);
        assertEquals(0, before.received(), "nothing programmed yet: " + before.json());
        awaitCounter("w0 drop: no route", v -> v >= unroutedBefore + FRAMES, dataPlane);

        final ChildJvm control = startControl(1, FULL_STATE);
        control.await("SNAPSHOT epoch=1 entries=5 errors=0", 0, START_MS);

        final Traffic forwarded = send(FORWARDED, 7002);
        assertEquals(FRAMES, forwarded.received(), forwarded.json());
        assertEquals(NEIGHBOUR_MAC, forwarded.field("eth_dst"), "the programmed neighbour's MAC");
        assertEquals(PORT1_MAC, forwarded.field("eth_src"));
        assertEquals(FORWARDED, forwarded.field("dst"));
        assertEquals(63, forwarded.intField("hop_limit"));

        final Traffic tunnelled = send(TUNNELLED, 7003);
        assertEquals(FRAMES, tunnelled.received(), tunnelled.json());
        assertEquals(TUNNEL_MAC, tunnelled.field("eth_dst"));
        assertEquals(41, tunnelled.intField("next_header"), "IPv6-in-IPv6");
        assertEquals("2001:db8:c::1", tunnelled.field("src"));
        assertEquals("2001:db8:c::7", tunnelled.field("dst"));
        assertEquals(TUNNELLED, tunnelled.field("inner_dst"));

        final Traffic mobility = send(FORWARDED, 7004, 3, true);
        assertEquals(0, mobility.received(), "a Mobility Header is punted, not forwarded: " + mobility.json());
        control.await("PUNT port=0 reason=MOBILITY_HEADER length=62", 0, 5_000);

        assertEquals(1, counter("ipc: control alive"));
        assertEquals(1, counter("ipc: state epoch"));
        assertTrue(counter("ipc: control messages applied") >= 7, "begin, 5 entries, end");
        assertTrue(counter("ipc: punts sent to control") >= 3);

        assertEquals(143, control.terminate(), "128 + SIGTERM, after the shutdown hook");
        assertTrue(control.output().contains("STOPPED"), control.output());
        assertFalse(Files.exists(controlAeronDir), "embedded media driver directory removed");
        awaitCounter("ipc: control alive", v -> v == 0, dataPlane);
        assertEquals(FRAMES, send(FORWARDED, 7005).received(), "the data plane forwards without control");
    }

    @Test
    void shouldResyncARestartedDataPlaneAfterKill9AndForwardAgain() throws Exception
    {
        final ChildJvm first = startDataPlane();
        final ChildJvm control = startControl(1, FULL_STATE);
        control.await("SNAPSHOT epoch=1 entries=5 errors=0", 0, START_MS);
        assertEquals(FRAMES, send(FORWARDED, 7101).received());

        first.kill9();
        final int killedAt = control.output().length();
        control.await("DATAPLANE gone", killedAt, 10_000);

        final ChildJvm second = startDataPlane();
        // The new process starts with empty tables: only a resync can make it forward again.
        control.await("RESYNC dataPlane=4 lastEpoch=0", killedAt, START_MS);
        control.await("SNAPSHOT epoch=1 entries=5 errors=0", killedAt, START_MS);
        final Traffic forwarded = send(FORWARDED, 7102);
        assertEquals(FRAMES, forwarded.received(), forwarded.json());
        assertEquals(NEIGHBOUR_MAC, forwarded.field("eth_dst"));
        final Traffic tunnelled = send(TUNNELLED, 7103);
        assertEquals(FRAMES, tunnelled.received(), tunnelled.json());
        assertTrue(counter("ipc: resync requests sent") >= 1);
        assertEquals(1, counter("ipc: control alive"));
        assertTrue(second.isAlive());
    }

    @Test
    void shouldForwardHeadlessAfterKill9OfControlAndReconcileToTheNewEpochsSmallerState() throws Exception
    {
        final ChildJvm dataPlane = startDataPlane();
        final ChildJvm first = startControl(1, FULL_STATE);
        first.await("SNAPSHOT epoch=1 entries=5 errors=0", 0, START_MS);
        assertEquals(FRAMES, send(TUNNELLED, 7201).received(), "before the kill");
        assertEquals(1, counter("ipc: control alive"));

        first.kill9();
        assertEquals(FRAMES, send(TUNNELLED, 7202).received(), "right after the kill");
        awaitCounter("ipc: control alive", v -> v == 0, dataPlane);
        final Traffic headless = send(TUNNELLED, 7203);
        assertEquals(FRAMES, headless.received(), "control known gone: tables stay " + headless.json());
        assertEquals(FRAMES, send(FORWARDED, 7204).received());

        final long staleBefore = counter("ipc: stale entries removed by snapshots");
        final long unroutedBefore = counter("w0 drop: no route");
        final ChildJvm second = startControl(2, STATE_WITHOUT_TUNNEL_ROUTE);
        second.await("SNAPSHOT epoch=2 entries=4 errors=0", 0, START_MS);
        awaitCounter("ipc: state epoch", v -> v == 2, dataPlane);
        assertTrue(counter("ipc: stale entries removed by snapshots") > staleBefore, "the dropped route swept");

        final Traffic removed = send(TUNNELLED, 7205);
        assertEquals(0, removed.received(), "the route left out of epoch 2 is gone: " + removed.json());
        awaitCounter("w0 drop: no route", v -> v >= unroutedBefore + FRAMES, dataPlane);
        final Traffic kept = send(FORWARDED, 7206);
        assertEquals(FRAMES, kept.received(), kept.json());
        assertEquals(NEIGHBOUR_MAC, kept.field("eth_dst"));
        assertEquals(1, counter("ipc: control alive"));
    }

    private Traffic send(final String destination, final int port)
    {
        return send(destination, port, FRAMES, false);
    }

    private Traffic send(final String destination, final int port, final int count, final boolean mobility)
    {
        return lab.send(script, destination, port, count, mobility);
    }

    private ChildJvm startDataPlane() throws Exception
    {
        return dataPlaneProcess.start(children, "0:0", "2001:db8:c::1", channels());
    }

    private ChildJvm startControl(final long epoch, final String state) throws Exception
    {
        final int n = ++starts;
        final Path config = Files.writeString(dir.resolve("cp-" + n + ".properties"),
            "dmmgw.ipc.aeron.dir=" + controlAeronDir + "\n" + channels());
        final Path stateFile = Files.writeString(dir.resolve("cp-" + n + ".state"), state);
        final ChildJvm child = ChildJvm.start("control #" + n, lab.controlNs, rig.classPath.classPath(), dir.resolve("cp-" + n + ".out"),
            SeamControl.class, "--config", config.toString(), "--epoch", Long.toString(epoch),
            "--state", stateFile.toString());
        children.add(child);
        return child;
    }

    private static String channels()
    {
        return "dmmgw.ipc.to.dataplane.channel=aeron:udp?endpoint=" + SplitLab.DATA_PLANE_ADDRESS + ":40501\n" +
            "dmmgw.ipc.to.control.channel=aeron:udp?endpoint=" + SplitLab.CONTROL_ADDRESS + ":40502\n";
    }

    private long counter(final String label) throws IOException
    {
        return dataPlaneProcess.counter(label);
    }

    private void awaitCounter(final String label, final LongPredicate condition, final ChildJvm dataPlane)
        throws Exception
    {
        dataPlaneProcess.awaitCounter(label, condition, dataPlane);
    }
}
