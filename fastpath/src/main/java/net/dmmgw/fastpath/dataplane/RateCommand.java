package net.dmmgw.fastpath.dataplane;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import net.dmmgw.dpdk.DpdkException;
import net.dmmgw.fastpath.pipeline.DropReason;
import net.dmmgw.fastpath.pipeline.WorkerCounters;
import net.dmmgw.fastpath.table.Ipv6Lpm;

/**
 * {@code dataplane rate ...}: the {@code perf/rate} plug-in (perf/README.md "Plugging in the Java
 * data plane"). One worker on {@code --lcore}: {@code net_pcap} ({@code rx_pcap}, {@code
 * infinite_rx=1}) as port 0 → the pipeline → {@code net_null} as port 1. The tables come from the
 * harness's route and tunnel files through {@link StaticState}; the configuration is built as
 * properties and validated like a configuration file.
 * <p>
 * After the tables are built it warms up (JIT) for {@code --warmup} seconds, then samples the
 * egress port's tx count and the worker thread's allocated bytes ({@code
 * ThreadMXBean.getThreadAllocatedBytes}, read from this thread), waits {@code --seconds}, samples
 * again and prints {@code PACKETS n SECONDS s} and {@code ALLOCATED_BYTES n}. A run in which the
 * pipeline dropped packets exits 1: its rate would not be the rate of the mode.
 * <p>
 * Public for the perf tools that set up the same data plane themselves ({@code DpdkPairedRate}): the configuration
 * ({@link #properties}) and the extra state file's text ({@link #EXTRA_STATE}).
 */
public final class RateCommand
{
    static final Set<String> OPTIONS = Set.of("--mode", "--routes", "--tunnels", "--rx-pcap", "--seconds",
        "--file-prefix", "--lcore", "--mem", "--warmup", "--tx-pcap", "--idle", "--lpm-first-level-bits",
        "--mempool-memory", "--burst-size");

    /** Our addresses in the rate set-up; the tunnel endpoint 2001:db8:ffff::1 comes from the T lines. */
    private static final String GATEWAY = "2001:db8:ffff::fe";
    private static final String GATEWAY_MAC = "02:00:00:00:00:fe";
    private static final String OUR_MAC = "02:00:00:00:00:01";
    /**
     * The state lines every mode adds to the harness's files: forwarded (and decapsulated) packets leave through next
     * hop 1 on port 1, whose gateway's MAC is known.
     */
    public static final String EXTRA_STATE = "H1 1 " + GATEWAY + "\nN1 " + GATEWAY + " " + GATEWAY_MAC + "\n";

    private RateCommand()
    {
    }

    static int run(final Map<String, String> o, final PrintStream out, final PrintStream err)
    {
        final String mode = DataPlaneMain.required(o, "--mode");
        if (!Set.of("forward", "encap", "decap").contains(mode))
        {
            throw new ConfigException("--mode: must be forward, encap or decap, got '" + mode + "'");
        }
        final double seconds = positive("--seconds", DataPlaneMain.required(o, "--seconds"));
        final double warmup = positive("--warmup", o.getOrDefault("--warmup", "3"));
        final Path routes = existing(o, "--routes");
        final Path tunnels = existing(o, "--tunnels");
        final Path rxPcap = existing(o, "--rx-pcap");
        final String txPcap = o.get("--tx-pcap");
        Path extra = null;
        Path counters = null;
        try
        {
            extra = Files.createTempFile("dmmgw-rate-state", ".txt");
            counters = Files.createTempFile("dmmgw-rate-counters", ".dat");
            Files.writeString(extra, EXTRA_STATE);
            final Properties p = properties(o, mode, routes, tunnels, rxPcap, txPcap, extra, counters);
            final DataPlaneConfig config = DataPlaneConfig.parse(p, Path.of("").toAbsolutePath());
            RunCommand.installShutdownHook();
            return measure(config, mode, seconds, warmup, txPcap != null, out, err);
        }
        catch (final IOException ex)
        {
            err.println("dataplane rate: " + ex.getMessage());
            return DataPlaneMain.EXIT_FAILED;
        }
        finally
        {
            deleteQuietly(extra);
            deleteQuietly(counters);
            RunCommand.done();
        }
    }

    /**
     * The data plane's configuration for {@code dataplane rate}: one worker, {@code net_pcap} in on port 0 (infinite
     * rx unless {@code txPcap}), {@code net_null} (or {@code net_pcap} writing {@code txPcap}) out on port 1, the
     * harness's tables loaded as the mode wants them.
     *
     * @param o        the command's options: {@code --lcore}, {@code --file-prefix}, {@code --mem} required;
     *                 {@code --mempool-memory}, {@code --idle}, {@code --burst-size}, {@code --lpm-first-level-bits}
     *                 optional.
     * @param mode     forward, encap or decap.
     * @param routes   the harness's route file.
     * @param tunnels  its tunnel file.
     * @param rxPcap   the frames received.
     * @param txPcap   where to write the frames sent, or null (then they go to {@code net_null}).
     * @param extra    a file holding {@link #EXTRA_STATE}.
     * @param counters the counters file.
     * @return the properties, to be parsed by {@link DataPlaneConfig#parse}.
     * @throws IOException if the route file cannot be read.
     */
    public static Properties properties(
        final Map<String, String> o, final String mode, final Path routes, final Path tunnels, final Path rxPcap,
        final String txPcap, final Path extra, final Path counters) throws IOException
    {
        final Properties p = new Properties();
        final String lcore = DataPlaneMain.required(o, "--lcore");
        p.setProperty("eal.lcores", lcore);
        p.setProperty("eal.file-prefix", DataPlaneMain.required(o, "--file-prefix"));
        p.setProperty("eal.memory-mb", DataPlaneMain.required(o, "--mem"));
        p.setProperty("eal.vdev.0", "net_pcap0,rx_pcap=" + rxPcap + (txPcap == null ? ",infinite_rx=1" : ""));
        p.setProperty("eal.vdev.1", txPcap == null ? "net_null0,no-rx=1" : "net_pcap1,tx_pcap=" + txPcap);
        // Both ports carry gen_inputs.py's OUR_MAC: frames arrive addressed to it and the tunnels
        // file names it as the tunnels' local MAC (the source of the frames we send).
        port(p, 0, "net_pcap0", OUR_MAC, "2001:db8:ffff::a");
        port(p, 1, txPcap == null ? "net_null0" : "net_pcap1", OUR_MAC, "2001:db8:ffff::b");
        p.setProperty("worker.0.lcore", lcore);
        p.setProperty("worker.0.rx", "0:0");
        p.setProperty("mempool.size", "16383");
        p.setProperty("mempool.memory", o.getOrDefault("--mempool-memory", "auto"));
        p.setProperty("idle.strategy", o.getOrDefault("--idle", "busy-spin"));
        if (o.containsKey("--burst-size"))
        {
            // Absent: burst.size's default, what the data plane runs with unless configured.
            p.setProperty("burst.size", o.get("--burst-size"));
        }
        p.setProperty("counters.file", counters.toString());
        p.setProperty("state.files", tunnels + "," + routes + "," + extra);
        p.setProperty("state.route-action", mode.equals("encap") ? "encap" : "forward");
        // The harness's inner sources (2001:db8:fff0::10) have no route back into their peer's
        // tunnel, so the strict RFC 5213 check would drop every decap packet.
        p.setProperty("state.ingress-filter", mode.equals("decap") ? "any" : "strict");
        p.setProperty("tables.max-destination-prefixes", Long.toString(Math.max(1024, lineCount(routes))));
        // 24 bits at every size, as rte_lpm6's tbl24 in l3fwd and c-encap-ref: one trie level less per lookup.
        p.setProperty("tables.lpm-first-level-bits", o.getOrDefault("--lpm-first-level-bits", "24"));
        return p;
    }

    private static void port(final Properties p, final int id, final String device, final String mac,
        final String address)
    {
        p.setProperty("port." + id + ".device", device);
        p.setProperty("port." + id + ".role", "core");
        p.setProperty("port." + id + ".mac", mac);
        p.setProperty("port." + id + ".address", address);
    }

    private static int measure(final DataPlaneConfig config, final String mode, final double seconds,
        final double warmup, final boolean once, final PrintStream out, final PrintStream err)
    {
        final long setUpStart = System.nanoTime();
        final DataPlane dp;
        try
        {
            dp = DataPlane.start(config);
        }
        catch (final DpdkException | IllegalStateException ex)
        {
            err.println("dataplane rate: start failed: " + ex.getMessage());
            return DataPlaneMain.EXIT_FAILED;
        }
        try
        {
            dp.portNotes().forEach(note -> err.println("dataplane rate: " + note));
            err.printf("dataplane rate: mode %s, %s, set-up %.2f s, mbufs on %s memory, burst %d%n", mode,
                dp.loaded(), (System.nanoTime() - setUpStart) / 1e9, dp.config().mempoolMemory().label(),
                dp.config().burstSize());
            final Ipv6Lpm lpm = dp.tables().destinations();
            err.printf("dataplane rate: destination LPM %d prefixes, first level /%d, %d groups, %d singletons,"
                + " %.1f MiB%n", lpm.size(), lpm.firstLevelBits(), lpm.groups(), lpm.singletons(),
                lpm.memoryBytes() / 1048576.0);
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long worker = dp.workerThreadId(0);
            if (once)
            {
                awaitRxExhausted(dp, seconds);
            }
            else if (RunCommand.awaitStop((long)(warmup * 1000)))
            {
                err.println("dataplane rate: stopped during warm-up");
                return DataPlaneMain.EXIT_FAILED;
            }
            out.println("RATE READY");
            final long tx0 = dp.portStats(1).outPackets();
            final long bytes0 = threads.getThreadAllocatedBytes(worker);
            final long cpu0 = threads.getThreadCpuTime(worker);
            final long t0 = System.nanoTime();
            final boolean interrupted = !once && RunCommand.awaitStop((long)(seconds * 1000));
            final long t1 = System.nanoTime();
            final long bytes1 = threads.getThreadAllocatedBytes(worker);
            final long cpu1 = threads.getThreadCpuTime(worker);
            final long tx1 = dp.portStats(1).outPackets();
            final Throwable failure = dp.stopWorkers();
            out.printf("PACKETS %d SECONDS %.3f%n", once ? tx1 : tx1 - tx0, (t1 - t0) / 1e9);
            out.printf("ALLOCATED_BYTES %d%n", bytes1 - bytes0);
            // On a shared machine the busy-spinning worker loses its CPU at times: packets per
            // second of the worker's own CPU time is the rate it would reach alone on that CPU.
            out.printf("WORKER_CPU_SECONDS %.3f%n", (cpu1 - cpu0) / 1e9);
            final long drops = drops(dp);
            err.print(dp.portSummary());
            err.print(dp.counterSummary());
            return verdict(failure, drops, interrupted, err);
        }
        finally
        {
            dp.close();
        }
    }

    private static int verdict(final Throwable failure, final long drops, final boolean interrupted,
        final PrintStream err)
    {
        if (failure != null)
        {
            err.println("dataplane rate: the worker failed: " + failure);
            return DataPlaneMain.EXIT_FAILED;
        }
        if (drops != 0)
        {
            err.println("dataplane rate: the pipeline dropped " + drops + " packets (see counters above)");
            return DataPlaneMain.EXIT_FAILED;
        }
        if (interrupted)
        {
            err.println("dataplane rate: stopped by a signal before the end of the measurement");
            return DataPlaneMain.EXIT_FAILED;
        }
        return DataPlaneMain.EXIT_OK;
    }

    /** Finite rx (with --tx-pcap): wait until the input stopped arriving, at most {@code seconds}. */
    private static void awaitRxExhausted(final DataPlane dp, final double seconds)
    {
        final long deadline = System.nanoTime() + (long)(seconds * 1e9);
        long last = -1;
        while (System.nanoTime() < deadline)
        {
            final long now = dp.portStats(0).inPackets();
            if (now > 0 && now == last || RunCommand.awaitStop(300))
            {
                return;
            }
            last = now;
        }
    }

    private static long drops(final DataPlane dp)
    {
        long sum = 0;
        for (int w = 0; w < dp.workers().size(); w++)
        {
            final LoopCounters loop = dp.loopCounters(w);
            sum += loop.get(LoopCounters.Kind.TX_FULL) + loop.get(LoopCounters.Kind.BAD_EGRESS)
                + loop.get(LoopCounters.Kind.NO_MBUF) + loop.get(LoopCounters.Kind.MULTI_SEGMENT);
            final WorkerCounters wc = dp.workerCounters(w);
            for (final DropReason r : DropReason.values())
            {
                sum += wc.drops(r);
            }
        }
        return sum;
    }

    private static double positive(final String name, final String text)
    {
        try
        {
            final double v = Double.parseDouble(text);
            if (v > 0 && v < 1e6)
            {
                return v;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        throw new ConfigException(name + ": must be a positive number of seconds, got '" + text + "'");
    }

    private static Path existing(final Map<String, String> o, final String name)
    {
        final Path path = Path.of(DataPlaneMain.required(o, name)).toAbsolutePath();
        if (!Files.isReadable(path))
        {
            throw new ConfigException(name + ": cannot read " + path);
        }
        return path;
    }

    private static long lineCount(final Path file) throws IOException
    {
        try (var lines = Files.lines(file))
        {
            return lines.count();
        }
    }

    private static void deleteQuietly(final Path file)
    {
        if (file != null)
        {
            try
            {
                Files.deleteIfExists(file);
            }
            catch (final IOException ignored)
            {
                // a temporary file: nothing else to do
            }
        }
    }
}
