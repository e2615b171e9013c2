package net.dmmgw.control.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.dmmgw.fastpath.system.ChildJvm;
import net.dmmgw.fastpath.system.ChildProcesses;
import net.dmmgw.fastpath.system.DataPlaneProcess;
import net.dmmgw.fastpath.system.Shell;
import net.dmmgw.fastpath.system.SplitLab;
import net.dmmgw.fastpath.system.SplitRig;
import net.dmmgw.fastpath.system.SplitLab.Traffic;
import net.dmmgw.fastpath.system.Trees;

/**
 * The control / data split (draft-sarikaya-dmm-cloud-mm): the LMA's control process ({@code ControlMain},
 * {@code signalling.transport=dataplane}) in namespace {@code cp}, the real data plane ({@code dataplane run},
 * DPDK {@code net_af_packet} on veths, {@code ipc.enabled=true}) in namespace {@code dp}, over {@code aeron:udp}
 * ({@link SplitLab}). The scripted MAG sends its PBU frames into the data plane's core port 1 ({@code c1}); they
 * are punted to control, whose PBA is injected back out of port 1. A correspondent's packets to the HNP enter
 * port 0 ({@code a1}) and must leave port 1 IPv6-in-IPv6 toward the MAG.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LmaSplitSystemTest
{
    private static final String PID = Long.toString(ProcessHandle.current().pid());
    private static final String LMA = "2001:db8:c::1";
    private static final String MAG = "2001:db8:c::7";
    private static final String PORT1_MAC = DataPlaneProcess.PORT1_MAC;
    private static final String MAG_MAC = "02:00:00:00:00:77";
    private static final int FRAMES = 20;

    private static SplitRig rig;
    private static SplitLab lab;
    private static Path traffic;

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();
    private Path dir;
    private Path controlAeronDir;
    private DataPlaneProcess dataPlane;
    private int starts;

    @BeforeAll
    static void buildLab() throws Exception
    {
        rig = SplitRig.create("tr" + PID, "dmmgw-split-system-classes-");
        lab = rig.lab;
        traffic = rig.trafficScript;
    }

    @AfterAll
    static void removeLab()
    {
        if (rig != null)
        {
            rig.close();
        }
    }

    @BeforeEach
    void createFiles() throws IOException
    {
        dir = Files.createTempDirectory("dmmgw-split-system-");
        controlAeronDir = Path.of("/dev/shm", "dmmgw-tr-cp-" + PID);
        dataPlane = new DataPlaneProcess(lab.dataPlaneNs, "tr" + PID, dir, rig.classPath.classPath());
    }

    @AfterEach
    void cleanUp()
    {
        children.closeAll();
        dataPlane.close();
        Trees.delete(controlAeronDir);
        Trees.delete(dir);
    }

    @Test
    void shouldProgramTheRemoteDataPlaneFromAPbuAndTunnelTheCorrespondentsTrafficToTheMag() throws Exception
    {
        startDataPlane();
        final ChildJvm control = startControl();
        assertTrue(control.output().contains("transport=dataplane"), control.output());
        awaitCounter("ipc: state epoch", v -> v >= 1);

        final Traffic before = lab.send(traffic, "2001:db8:100::1", 7301, FRAMES, false);
        assertEquals(0, before.received(), "no binding, no route: " + before.json());

        final Path pcap = dir.resolve("signalling.pcap");
        final MagSimulator.Result pba = mag(1, 0, 500, "--pcap", pcap.toString());
        assertEquals(1, pba.status(0), "PBU punted, PBA injected back: " + pba.json());
        assertEquals("2001:db8:100::", pba.first("hnp"), pba.json());

        final Traffic tunnelled = lab.send(traffic, "2001:db8:100::1", 7302, FRAMES, false);
        assertEquals(FRAMES, tunnelled.received(), tunnelled.json());
        assertEquals(41, tunnelled.intField("next_header"), "IPv6-in-IPv6");
        assertEquals(LMA, tunnelled.field("src"));
        assertEquals(MAG, tunnelled.field("dst"));
        assertEquals(MAG_MAC, tunnelled.field("eth_dst"), "tunnel.next-hop-mac");
        assertEquals(PORT1_MAC, tunnelled.field("eth_src"));
        assertEquals("2001:db8:100::1", tunnelled.field("inner_dst"));

        // The injected PBA as captured on the MAG's link: Ethernet from port 1's MAC to the MAG's (learned from
        // its PBU), IPv6 from the LMA, a PBA that tshark dissects without complaint.
        final String dissected = Shell.run(30, "tshark", "-r", pcap.toString(), "-T", "fields", "-E", "separator=,",
            "-e", "eth.src", "-e", "eth.dst", "-e", "ipv6.src", "-e", "ipv6.dst", "-e", "mip6.mhtype",
            "-e", "mip6.ba.status", "-e", "_ws.malformed", "-e", "_ws.expert.severity");
        final String pbaLine = dissected.lines().filter(l -> l.startsWith(PORT1_MAC)).findFirst().orElse("");
        assertEquals(PORT1_MAC + ",02:00:00:00:00:a1," + LMA + "," + MAG + ",6,0,,", pbaLine, dissected);
        assertTrue(counter("ipc: punts sent to control") >= 1);
        assertTrue(counter("ipc: frames injected") >= 1);
    }

    @Test
    void shouldBringBack10000BindingsAfterKill9OfControlAndKeepTheTrafficFlowing() throws Exception
    {
        startDataPlane();
        final ChildJvm first = startControl();
        awaitCounter("ipc: state epoch", v -> v >= 1);
        final Path prefixes = dir.resolve("prefixes.txt");
        // Few timeout retransmissions (--retry 30): this run is about restoring bindings, not about back-off.
        final MagSimulator.Result attached = mag(10_000, 0, 1000, "--window", "256", "--retry", "30",
            "--prefixes-out", prefixes.toString());
        assertEquals(10_000, attached.status(0), attached.json());
        final List<String> lines = Files.readAllLines(prefixes);
        assertEquals(10_000, lines.size());
        final String lastPrefix = lines.get(lines.size() - 1).split(" ")[1];
        final String lastHost = lastPrefix + "1";
        assertEquals(FRAMES, lab.send(traffic, lastHost, 7401, FRAMES, false).received(), "bound HNP tunnelled");

        first.kill9();
        final long killedAtMs = System.currentTimeMillis();
        assertEquals(FRAMES, lab.send(traffic, lastHost, 7402, FRAMES, false).received(), "headless forwarding");
        final long epochBefore = counter("ipc: state epoch");

        final ChildJvm second = startControl();
        final String running = second.output();
        assertTrue(running.contains("restored=10000"), running);
        // Remaining lifetime, not a fresh one: granted 3600 s, minus at least the time since the kill.
        final Matcher expiry = Pattern.compile("expires-in-ms=(-?\\d+)\\.\\.(-?\\d+)").matcher(running);
        assertTrue(expiry.find(), running);
        final long latest = Long.parseLong(expiry.group(2));
        final long sinceKill = System.currentTimeMillis() - killedAtMs;
        assertTrue(latest <= 3_600_000 - sinceKill + 200 && latest > 3_000_000, "latest expiry " + latest +
            " ms, " + sinceKill + " ms after the kill");

        awaitCounter("ipc: state epoch", v -> v > epochBefore);
        assertEquals(FRAMES, lab.send(traffic, lastHost, 7403, FRAMES, false).received(), "after the resync");
        assertEquals(FRAMES, lab.send(traffic, "2001:db8:100::1", 7404, FRAMES, false).received(), "first HNP too");

        // Every binding is back with its prefix: a refresh naming it is accepted (155 otherwise) with that prefix.
        final Path refreshed = dir.resolve("refreshed.txt");
        final MagSimulator.Result refresh = mag(10_000, 0, 1000, "--window", "256", "--seq", "20000",
            "--refresh", prefixes.toString(), "--prefixes-out", refreshed.toString());
        assertEquals(10_000, refresh.status(0), refresh.json());
        assertEquals(lines, Files.readAllLines(refreshed), "same prefix for every MN");
    }

    private MagSimulator.Result mag(final int count, final int first, final int lifetimeUnits, final String... more)
    {
        final List<String> args = new ArrayList<>(List.of("--send", "c1", "--recv", "c1", "--src", MAG, "--lma", LMA,
            "--dst-mac", PORT1_MAC, "--count", Integer.toString(count), "--first", Integer.toString(first),
            "--lifetime", Integer.toString(lifetimeUnits)));
        args.addAll(List.of(more));
        if (!args.contains("--seq"))
        {
            args.addAll(List.of("--seq", "1"));
        }
        return MagSimulator.run(lab.dataPlaneNs, 120, args.toArray(String[]::new));
    }

    private void startDataPlane() throws Exception
    {
        // Port 1 polled too: the MAG's PBUs arrive there. Its own address is not the LMA's.
        dataPlane.start(children, "0:0,1:0", "2001:db8:c::2", channels());
    }

    private ChildJvm startControl() throws Exception
    {
        final int n = ++starts;
        final Path config = Files.writeString(dir.resolve("cp-" + n + ".properties"),
            ControlProcess.lmaKeys(LMA, MAG, "2001:db8:100::/40", dir.resolve("journal")) + """
            tunnel.egress-port=1
            tunnel.mtu=1500
            tunnel.next-hop-mac=%s
            signalling.transport=dataplane
            signalling.dataplane.port=1
            signalling.dataplane.local-mac=%s
            dataplane.client=aeron
            dataplane.start-wait-ms=10000
            idle=backoff
            dmmgw.ipc.aeron.dir=%s
            %s""".formatted(MAG_MAC, PORT1_MAC, controlAeronDir, channels()));
        return ControlProcess.start(children, "control #" + n, lab.controlNs, rig.classPath.classPath(),
            dir.resolve("cp-" + n + ".out"), config);
    }

    private static String channels()
    {
        return "dmmgw.ipc.to.dataplane.channel=aeron:udp?endpoint=" + SplitLab.DATA_PLANE_ADDRESS + ":40511\n" +
            "dmmgw.ipc.to.control.channel=aeron:udp?endpoint=" + SplitLab.CONTROL_ADDRESS + ":40512\n";
    }

    private long counter(final String label) throws IOException
    {
        return dataPlane.counter(label);
    }

    private void awaitCounter(final String label, final LongPredicate condition) throws Exception
    {
        dataPlane.awaitCounter(label, condition, children.get(0));
    }
}
