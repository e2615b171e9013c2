package net.dmmgw.perf.ipc;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import net.dmmgw.dpdk.pcap.PcapFile;
import net.dmmgw.dpdk.tools.Ipv6Frames;
import net.dmmgw.fastpath.dataplane.DataPlane;
import net.dmmgw.fastpath.dataplane.DataPlaneConfig;
import net.dmmgw.fastpath.state.ControlSeam;
import net.dmmgw.ipc.DataPlaneClient;
import net.dmmgw.ipc.DataPlaneListener;
import net.dmmgw.ipc.PuntRing;
import net.dmmgw.ipc.sbe.AckResult;
import net.dmmgw.ipc.sbe.RouteAction;
import net.dmmgw.ipc.sbe.RouteTable;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;

/**
 * The forwarding rate of the DPDK data plane while control programs it as fast as the seam
 * allows: one worker forwards {@code net_pcap} (infinite rx) → {@code net_null}; the state agent
 * (its own thread) applies route adds and removes sent by a {@link DataPlaneClient} over
 * {@code aeron:ipc} (or {@code aeron:udp} on loopback), on prefixes the traffic does not use, with
 * up to {@code window} updates outstanding, coalesced into {@code RouteBatch}es of up to
 * {@code batch} entries ({@link DataPlaneClient#coalesceRoutes}; 1 = one message per update).
 * Three windows: quiet, under updates, quiet again; the forwarding rates and the update rate are
 * printed, and the CPU time the process spent outside the worker during the update window (client,
 * state agent, media driver, Aeron clients, JIT, GC: all on the control CPU under {@code taskset})
 * per update acked: a figure that holds when other load on the machine takes part of that CPU.
 * <p>
 * With {@code --pairs=N} the windows are interleaved instead: N pairs of one quiet and one update
 * window each ({@code seconds-per-window} long; the order alternates quiet-first / updates-first,
 * so a linear drift of the worker's own rate cancels within two pairs), and the result is the
 * median of the N paired changes (under updates against the quiet window of the same pair), each
 * pair printed. This is for a VM whose quiet rate drifts by more than the effect measured.
 * <p>
 * Usage (root, DPDK installed): {@code java --enable-native-access=ALL-UNNAMED
 * --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp perf/target/benchmarks.jar
 * net.dmmgw.perf.ipc.ForwardingUnderUpdates [seconds-per-window] [worker-lcore] [batch] [window] [ipc|udp]
 * [update-pool-/32-in-hex] [--pairs=N]}
 */
public final class ForwardingUnderUpdates
{
    /** Route operations sent so far (adds and removes alternate on it). */
    private static long updatesSent;
    private static long updatePool;
    /** Updates per second with {@code --rate=N}; 0: as fast as the window allows. */
    private static long pacedRate;

    private ForwardingUnderUpdates()
    {
    }

    /**
     * @param arguments seconds per window (default 5), worker lcore (default 1), route operations per
     *                  batch (default 1: no coalescing), updates outstanding (default 1024), seam (default
     *                  ipc), the updates' /32 in hex (default 20010db9); anywhere: {@code --pairs=N}
     *                  (interleaved mode, see the class comment) and {@code --rate=N} (pace the updates at N
     *                  per second instead of as fast as the window allows).
     */
    public static void main(final String[] arguments) throws Exception
    {
        int pairs = 0;
        final java.util.List<String> positional = new java.util.ArrayList<>();
        for (final String argument : arguments)
        {
            if (argument.startsWith("--rate="))
            {
                pacedRate = Long.parseLong(argument.substring("--rate=".length()));
                if (pacedRate < 1)
                {
                    throw new IllegalArgumentException("--rate must be > 0 updates/s: " + argument);
                }
            }
            else if (argument.startsWith("--pairs="))
            {
                pairs = Integer.parseInt(argument.substring("--pairs=".length()));
                if (pairs < 1 || pairs > 1000)
                {
                    throw new IllegalArgumentException("--pairs must be 1..1000: " + argument);
                }
            }
            else
            {
                positional.add(argument);
            }
        }
        final String[] args = positional.toArray(new String[0]);
        final double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        final String lcore = args.length > 1 ? args[1] : "1";
        final int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        final int window = args.length > 3 ? Integer.parseInt(args[3]) : 1024;
        final boolean udp = args.length > 4 && "udp".equals(args[4]);
        // The /32 the updated /64s live in. The default 2001:db9::/32 sits next to the traffic's 2001:db8:2::/48:
        // its LPM group entry shares a cache line with the traffic's, so every update invalidates a line the
        // worker reads on every lookup (false sharing). Another /32 (e.g. 24000db8) keeps them apart.
        updatePool = args.length > 5 ? Long.parseLong(args[5], 16) << 32 : 0x2001_0db9_0000_0000L;
        final Path dir = Files.createTempDirectory("dmmgw-fwd-updates");
        try
        {
            final Path pcap = dir.resolve("in.pcap");
            PcapFile.write(pcap, Ipv6Frames.udpFrames(1000, 64));
            final Path state = dir.resolve("state.txt");
            Files.writeString(state, """
                H1 1 2001:db8:ffff::fe
                N1 2001:db8:ffff::fe 02:00:00:00:00:fe
                F2001:db8:2::/48 1
                """);
            final Properties p = new Properties();
            p.setProperty("eal.lcores", lcore);
            p.setProperty("eal.file-prefix", "dmmgw-fwd-updates-" + ProcessHandle.current().pid());
            p.setProperty("eal.memory-mb", "512");
            p.setProperty("eal.vdev.0", "net_pcap0,rx_pcap=" + pcap + ",infinite_rx=1");
            p.setProperty("eal.vdev.1", "net_null0,no-rx=1");
            for (int port = 0; port < 2; port++)
            {
                p.setProperty("port." + port + ".device", port == 0 ? "net_pcap0" : "net_null0");
                p.setProperty("port." + port + ".role", "core");
                p.setProperty("port." + port + ".mac", "02:00:00:00:00:02");
                p.setProperty("port." + port + ".address", "2001:db8:ffff::" + (port + 10));
            }
            p.setProperty("worker.0.lcore", lcore);
            p.setProperty("worker.0.rx", "0:0");
            p.setProperty("mempool.size", "16383");
            p.setProperty("idle.strategy", "busy-spin");
            p.setProperty("counters.file", dir.resolve("counters.dat").toString());
            p.setProperty("state.files", state.toString());
            p.setProperty("tables.max-destination-prefixes", "4194304");
            p.setProperty("tables.max-next-hops", "4096");
            p.setProperty("ipc.enabled", "true");
            p.setProperty("dmmgw.ipc.aeron.dir", dir.resolve("aeron").toString());
            if (udp)
            {
                final long port = 20_000 + ProcessHandle.current().pid() % 20_000;
                p.setProperty("dmmgw.ipc.to.dataplane.channel", "aeron:udp?endpoint=127.0.0.1:" + port);
                p.setProperty("dmmgw.ipc.to.control.channel", "aeron:udp?endpoint=127.0.0.1:" + (port + 1));
            }
            final DataPlaneConfig config = DataPlaneConfig.parse(p, dir);

            try (DataPlane dp = DataPlane.start(config);
                ControlSeam seam = ControlSeam.start(config.ipc(), 1, dp.tables(),
                    dp.puntRings().toArray(new PuntRing[0]), dp.injectQueue(), dp.counters().manager(),
                    new YieldingIdleStrategy());
                Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(config.ipc().aeronDirectory())))
            {
                final long[] acks = new long[2];
                final DataPlaneClient client = new DataPlaneClient(1, 1, aeron, config.ipc(), new DataPlaneListener()
                {
                    public void onAck(final long correlationId, final AckResult result, final String reason)
                    {
                        acks[result == AckResult.OK ? 0 : 1]++;
                    }
                }, new OffsetEpochNanoClock()).coalesceRoutes(batch);
                while (!(client.isConnected() && client.isDataPlaneAlive()))
                {
                    client.poll();
                }
                quiet(client, 3); // JIT warm-up of the worker
                // JIT warm-up of the update path (client, agent, tables), which would otherwise be
                // compiled on the control CPU during the measured window.
                rate(dp, client, 3, acks, window);
                drain(client, acks, 5_000_000_000L);
                if (pairs > 0)
                {
                    System.out.printf("RESULT seam=%s batch=%d window=%d%n", udp ? "aeron:udp" : "aeron:ipc", batch, window);
                    interleaved(dp, client, seconds, pairs, acks, window);
                    client.close();
                    dp.stopWorkers();
                    return;
                }
                final double before = rate(dp, client, seconds, null, window);
                final long acksBefore = acks[0];
                final long cpuBefore = controlCpuNs();
                final long start = System.nanoTime();
                final double during = rate(dp, client, seconds, acks, window);
                final double updatesPerSecond = (acks[0] - acksBefore) / ((System.nanoTime() - start) / 1e9);
                final double cpuSeconds = (controlCpuNs() - cpuBefore) / 1e9;
                final double cpuNsPerUpdate = cpuSeconds * 1e9 / Math.max(1, acks[0] - acksBefore);
                final double after = rate(dp, client, seconds, null, window);
                System.out.printf("RESULT seam=%s batch=%d window=%d%n", udp ? "aeron:udp" : "aeron:ipc", batch, window);
                System.out.printf("RESULT forwarding_mpps quiet_before=%.2f under_updates=%.2f quiet_after=%.2f%n",
                    before, during, after);
                System.out.printf("RESULT route_updates_per_s=%.0f errors=%d forwarding_change=%.1f%%%n",
                    updatesPerSecond, acks[1], 100.0 * (during - (before + after) / 2) / ((before + after) / 2));
                System.out.printf("RESULT control_cpu_busy=%.0f%% control_cpu_ns_per_update=%.0f (%.0f k updates/s per control CPU) load=%.2f%n",
                    100 * cpuSeconds / seconds, cpuNsPerUpdate, 1e6 / cpuNsPerUpdate,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                client.close();
                dp.stopWorkers();
            }
        }
        finally
        {
            try (var paths = Files.walk(dir))
            {
                paths.sorted((a, b) -> b.compareTo(a)).forEach(f -> f.toFile().delete());
            }
        }
    }

    /**
     * The interleaved mode: {@code pairs} × (quiet window, update window), the order alternating, the
     * outstanding updates drained (untimed) after each update window so that none is applied during
     * a quiet one; prints each pair and the median of the paired changes.
     */
    private static void interleaved(
        final DataPlane dp, final DataPlaneClient client, final double seconds, final int pairs, final long[] acks,
        final int window)
    {
        final double[] changes = new double[pairs];
        long acked = 0;
        long updateNs = 0;
        long cpuNs = 0;
        for (int i = 0; i < pairs; i++)
        {
            final boolean updatesFirst = (i & 1) == 1;
            double quiet = 0;
            if (!updatesFirst)
            {
                quiet = rate(dp, client, seconds, null, window);
            }
            final long acksBefore = acks[0];
            final long cpuBefore = controlCpuNs();
            final long start = System.nanoTime();
            final double under = rate(dp, client, seconds, acks, window);
            final long elapsed = System.nanoTime() - start;
            final long pairAcked = acks[0] - acksBefore;
            cpuNs += controlCpuNs() - cpuBefore;
            drain(client, acks, 2_000_000_000L);
            if (updatesFirst)
            {
                quiet = rate(dp, client, seconds, null, window);
            }
            acked += pairAcked;
            updateNs += elapsed;
            changes[i] = 100.0 * (under - quiet) / quiet;
            System.out.printf("PAIR %d order=%s quiet=%.2f under_updates=%.2f change=%.1f%% updates_per_s=%.0f%n",
                i + 1, updatesFirst ? "updates-first" : "quiet-first", quiet, under, changes[i],
                pairAcked / (elapsed / 1e9));
        }
        final double[] sorted = changes.clone();
        java.util.Arrays.sort(sorted);
        final double median = (sorted[(pairs - 1) / 2] + sorted[pairs / 2]) / 2;
        System.out.printf("RESULT interleaved pairs=%d window_s=%.1f median_change=%.1f%% min_change=%.1f%% max_change=%.1f%%%n",
            pairs, seconds, median, sorted[0], sorted[pairs - 1]);
        final double cpuNsPerUpdate = (double)cpuNs / Math.max(1, acked);
        System.out.printf("RESULT route_updates_per_s=%.0f errors=%d control_cpu_ns_per_update=%.0f load=%.2f%n",
            acked / (updateNs / 1e9), acks[1], cpuNsPerUpdate,
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Poll until every update sent is acknowledged, at most {@code timeoutNs}. */
    private static void drain(final DataPlaneClient client, final long[] acks, final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (acks[0] + acks[1] < updatesSent && System.nanoTime() < deadline)
        {
            client.poll();
            Thread.yield();
        }
    }

    /** @return CPU time of the whole process minus its busy-spinning workers' threads. */
    private static long controlCpuNs()
    {
        final long process = ((com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long workers = 0;
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().startsWith("dmmgw-worker-"))
            {
                workers += threads.getThreadCpuTime(thread.threadId());
            }
        }
        return process - workers;
    }

    private static void quiet(final DataPlaneClient client, final double seconds)
    {
        final long end = System.nanoTime() + (long)(seconds * 1e9);
        while (System.nanoTime() < end)
        {
            client.poll();
            Thread.onSpinWait();
        }
    }

    /** Forwarding rate over a window; with {@code acks} non-null, route updates stream meanwhile. */
    private static double rate(
        final DataPlane dp, final DataPlaneClient client, final double seconds, final long[] acks, final int window)
    {
        final long tx0 = dp.portStats(1).outPackets();
        final long t0 = System.nanoTime();
        final long end = t0 + (long)(seconds * 1e9);
        final long sentAtStart = updatesSent;
        while (System.nanoTime() < end)
        {
            // With --rate, no more than the paced number of updates so far (the target's condition: a given update
            // rate, not the most the seam takes).
            final long allowed = pacedRate == 0 ? Long.MAX_VALUE :
                sentAtStart + (long)((System.nanoTime() - t0) * (pacedRate / 1e9));
            // Fill the window (coalescing packs the calls into batches), then one poll sends the rest.
            while (acks != null && updatesSent - (acks[0] + acks[1]) < window && updatesSent < allowed)
            {
                // Alternate add and remove over 64 k /64s the traffic never hits.
                final long prefixHi = updatePool | ((updatesSent >> 1) & 0xFFFF);
                final long id = (updatesSent & 1) == 0 ?
                    client.addRoute(RouteTable.DESTINATION, prefixHi, 0, 64, RouteAction.DROP, 0, 0, 0, 0) :
                    client.removeRoute(RouteTable.DESTINATION, prefixHi, 0, 64);
                if (id == DataPlaneClient.NOT_SENT)
                {
                    break;
                }
                updatesSent++;
            }
            if (client.poll() == 0)
            {
                // Share the control CPU with the state agent and the media driver.
                Thread.yield();
            }
        }
        final long tx1 = dp.portStats(1).outPackets();
        return (tx1 - tx0) / ((System.nanoTime() - t0) / 1e9) / 1e6;
    }
}
