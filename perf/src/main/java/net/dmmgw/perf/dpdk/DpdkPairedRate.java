package net.dmmgw.perf.dpdk;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import net.dmmgw.dpdk.Eal;
import net.dmmgw.dpdk.EthDev;
import net.dmmgw.dpdk.DpdkException;
import net.dmmgw.dpdk.Mempool;
import net.dmmgw.fastpath.dataplane.DataPlaneConfig;
import net.dmmgw.fastpath.dataplane.PortConfig;
import net.dmmgw.fastpath.dataplane.RateCommand;
import net.dmmgw.fastpath.system.Trees;
import net.dmmgw.perf.PairedRounds;

/**
 * Builds of fastpath A/B-measured inside <em>one</em> DPDK process: perf/rate's {@code dataplane rate} set-up
 * ({@code net_pcap} {@code rx_pcap=<inputs>/<forward|decap>.pcap,infinite_rx=1} → one worker → {@code net_null}),
 * with the EAL, the mbuf pool and the started ports made once by this class (the application class loader's
 * fastpath, as {@code DataPlane.start} makes them from the same configuration), and per build a
 * {@link BuildLoader} that loads {@code net.dmmgw.fastpath.*} from that build's jar, in which
 * {@link DpdkPairedBuild} loads the build's own tables, pipeline, counters and worker ({@code DataPlane.newWorker}'s
 * way). The builds' workers then poll in turn on this (the EAL main lcore's) thread, one slice each, round after
 * round (every other round in reverse order: A B, B A...), after {@code --warmup-ms} of such slices, so the
 * process's memory placement and the machine's load are the same for all of them.
 * <p>
 * {@code taskset -c 1 java <scripts/dataplane's JVM options> -cp perf/target/benchmarks.jar
 * net.dmmgw.perf.dpdk.DpdkPairedRate <forward|encap|decap> <inputs dir> <prefixes> <rounds> [--slice-ms 100]
 * [--warmup-ms 3000] [--lcore 1] [--mem MB] [--file-prefix dpair-<pid>] a.jar b.jar [...]}; a jar may carry the
 * worker's burst size as {@code <jar>@<n>} ({@code burst.size}; default: the build's configuration default). Per
 * slice: packets sent on the egress port per second of wall time and of this thread's CPU time; the summaries
 * ({@link PairedRounds}) in CPU ns/packet, CPU Mpps, wall ns/packet and wall Mpps; the bytes this thread allocated
 * over the measured slices, per build. A slice in which the egress port's count differs from the build's own tx
 * counter, or in which any drop counter moved, stops the run.
 */
public final class DpdkPairedRate
{
    /** Table ids of the ports, as in {@code dataplane rate}: in on 0, out on 1. */
    private static final int RX_PORT = 0;
    private static final int TX_PORT = 1;
    private static final String POOL_NAME = "dmmgw-pool";

    private DpdkPairedRate()
    {
    }

    /** One build, seen from this (the parent) loader; implemented by {@link DpdkPairedBuild} in the build's. */
    public interface Build
    {
        /**
         * Poll the build's worker for about {@code nanos} (whole bursts: nothing is left half-processed).
         *
         * @param nanos slice length.
         * @return packets received.
         */
        long poll(long nanos);

        /** @return packets the build's pipeline sent on the egress port, all slices. */
        long transmitted();

        /** @return packets dropped (pipeline drop reasons, tx full, bad egress, no mbuf, multi-segment). */
        long drops();

        /** @return the build's state, burst size and lanes, for the log. */
        String describe();

        /** Release the build's counters and memory (its worker polls no more). */
        void close();
    }

    /**
     * The command line.
     *
     * @param mode       forward, encap or decap.
     * @param inputs     perf/rate's inputs directory.
     * @param prefixes   route set size.
     * @param rounds     measured rounds (the first two are warm-up, as in {@link PairedRounds}).
     * @param sliceMs    one slice.
     * @param warmupMs   polling per build before the rounds (slices in turn).
     * @param lcore      the EAL lcore (this thread's CPU).
     * @param memMb      EAL {@code -m}, or 0: perf/rate's {@code mem_for}.
     * @param filePrefix EAL file prefix.
     * @param builds     {@code <jar>} or {@code <jar>@<burst>}, at least one.
     */
    record Args(String mode, Path inputs, int prefixes, int rounds, long sliceMs, long warmupMs, int lcore,
        int memMb, String filePrefix, List<String> builds)
    {
        static final String USAGE = "usage: DpdkPairedRate <forward|encap|decap> <inputs dir> <prefixes> <rounds>"
            + " [--slice-ms 100] [--warmup-ms 3000] [--lcore 1] [--mem MB] [--file-prefix P] <jar>[@burst]...";

        static Args parse(final String[] args)
        {
            if (args.length < 5)
            {
                throw new IllegalArgumentException(USAGE);
            }
            final String mode = args[0];
            if (!List.of("forward", "encap", "decap").contains(mode))
            {
                throw new IllegalArgumentException("mode must be forward, encap or decap: " + mode);
            }
            long sliceMs = 100;
            long warmupMs = 3000;
            int lcore = 1;
            int memMb = 0;
            String filePrefix = "dpair-" + ProcessHandle.current().pid();
            final List<String> builds = new ArrayList<>();
            for (int i = 4; i < args.length; i++)
            {
                switch (args[i])
                {
                    case "--slice-ms" -> sliceMs = Long.parseLong(value(args, ++i));
                    case "--warmup-ms" -> warmupMs = Long.parseLong(value(args, ++i));
                    case "--lcore" -> lcore = Integer.parseInt(value(args, ++i));
                    case "--mem" -> memMb = Integer.parseInt(value(args, ++i));
                    case "--file-prefix" -> filePrefix = value(args, ++i);
                    default ->
                    {
                        if (args[i].startsWith("--"))
                        {
                            throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
                        }
                        builds.add(args[i]);
                    }
                }
            }
            final int rounds = Integer.parseInt(args[3]);
            if (builds.isEmpty() || rounds < 1 || sliceMs < 1 || warmupMs < 0)
            {
                throw new IllegalArgumentException(USAGE);
            }
            return new Args(mode, Path.of(args[1]).toAbsolutePath(), Integer.parseInt(args[2]), rounds, sliceMs,
                warmupMs, lcore, memMb, filePrefix, List.copyOf(builds));
        }

        private static String value(final String[] args, final int i)
        {
            if (i >= args.length)
            {
                throw new IllegalArgumentException("missing value of " + args[i - 1]);
            }
            return args[i];
        }

        /** @return the jar of a build entry ({@code <jar>[@<burst>]}). */
        static String jarOf(final String entry)
        {
            final int at = entry.lastIndexOf('@');
            return at < 0 ? entry : entry.substring(0, at);
        }

        /** @return the burst size of a build entry, or null: the configuration's default. */
        static String burstOf(final String entry)
        {
            final int at = entry.lastIndexOf('@');
            return at < 0 ? null : Integer.toString(Integer.parseInt(entry.substring(at + 1)));
        }
    }

    /**
     * A build's class loader: {@code net.dmmgw.fastpath.*} only from the build's jar (never from the parent, never
     * from another jar: a class the build lacks fails to load instead of mixing builds), {@link DpdkPairedBuild}
     * (the per-build half of this tool) defined here from the tool's own class file, so its references resolve
     * to the build's classes; everything else ({@code net.dmmgw.dpdk.*}, {@code net.dmmgw.ipc.*}, agrona, this
     * class and {@link Build}) from the parent, shared by all builds: one EAL, one pool, the same ports.
     */
    static final class BuildLoader extends URLClassLoader
    {
        static
        {
            registerAsParallelCapable();
        }

        BuildLoader(final Path jar, final ClassLoader parent) throws IOException
        {
            super("build:" + jar.getFileName(), new URL[] {jar.toUri().toURL()}, parent);
        }

        /** Where a class of the given name comes from in a build's loader. */
        enum Source
        {
            /** The build's jar. */
            BUILD_JAR,
            /** The tool's class file, defined in the build's loader. */
            TOOL,
            /** The parent loader (shared). */
            PARENT
        }

        static Source sourceOf(final String name)
        {
            if (name.startsWith("net.dmmgw.fastpath."))
            {
                return Source.BUILD_JAR;
            }
            final String perBuild = DpdkPairedBuild.class.getName();
            return name.equals(perBuild) || name.startsWith(perBuild + "$") ? Source.TOOL : Source.PARENT;
        }

        @Override
        protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException
        {
            final Source source = sourceOf(name);
            if (source == Source.PARENT)
            {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name))
            {
                Class<?> c = findLoadedClass(name);
                if (c == null)
                {
                    c = source == Source.BUILD_JAR ? findClass(name) : defineFromParent(name);
                }
                if (resolve)
                {
                    resolveClass(c);
                }
                return c;
            }
        }

        private Class<?> defineFromParent(final String name) throws ClassNotFoundException
        {
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class"))
            {
                if (in == null)
                {
                    throw new ClassNotFoundException(name);
                }
                final byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length, DpdkPairedRate.class.getProtectionDomain());
            }
            catch (final IOException ex)
            {
                throw new ClassNotFoundException(name, ex);
            }
        }
    }

    /**
     * @param args see the class comment.
     * @throws Exception on bad arguments, unreadable inputs or jars, a DPDK failure or a failed slice.
     */
    public static void main(final String[] args) throws Exception
    {
        final Args a;
        try
        {
            a = Args.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println(ex.getMessage());
            System.exit(2);
            return;
        }
        final Path extra = Files.createTempFile("dpair-state", ".txt");
        // A signal (Ctrl-C, a timeout's SIGTERM) skips the finally blocks: the hook removes what they would have,
        // EAL's runtime directory (Eal.cleanup's job) and the state file. On a normal exit both are gone already.
        final Path runtime = Eal.runtimeDirectory(List.of("--file-prefix", a.filePrefix()));
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            Trees.delete(extra);
            Trees.delete(runtime);
        }, "dpair-cleanup"));
        try
        {
            Files.writeString(extra, RateCommand.EXTRA_STATE);
            run(a, properties(a, extra));
        }
        finally
        {
            Files.deleteIfExists(extra);
        }
    }

    /** {@link RateCommand#properties} for this mode and inputs (no tx pcap), without a counters file. */
    static Properties properties(final Args a, final Path extra) throws IOException
    {
        final Map<String, String> options = Map.of("--lcore", Integer.toString(a.lcore()),
            "--file-prefix", a.filePrefix(),
            "--mem", Integer.toString(a.memMb() > 0 ? a.memMb() : memFor(a.inputs(), a.prefixes())));
        final Path routes = a.inputs().resolve("routes-" + a.prefixes() + ".txt");
        final Path tunnels = a.inputs().resolve("tunnels.txt");
        final Path rxPcap = a.inputs().resolve(a.mode().equals("decap") ? "decap.pcap" : "forward.pcap");
        final Properties p = RateCommand.properties(options, a.mode(), routes, tunnels, rxPcap, null, extra,
            Path.of("not-used"));
        p.remove("counters.file"); // each build gets its own
        return p;
    }

    /** perf/rate's {@code mem_for}: 384 MB + the set's tbl8 groups (+ 10 % + 1 024) × 1 100 B + 200 B per rule. */
    static int memFor(final Path inputs, final int prefixes) throws IOException
    {
        final long need = Long.parseLong(Files.readString(inputs.resolve("tbl8s-" + prefixes + ".txt")).trim());
        final long tbl8s = need + need / 10 + 1024;
        return (int)(384 + (tbl8s * 1100 + prefixes * 200L) / 1048576);
    }

    private static void run(final Args a, final Properties properties) throws Exception
    {
        final Properties forParent = new Properties();
        forParent.putAll(properties);
        forParent.setProperty("counters.file", "/nonexistent/not-used-by-the-parent");
        final DataPlaneConfig config = DataPlaneConfig.parse(forParent, Path.of("").toAbsolutePath());
        Eal.init(config.ealArguments());
        final List<Integer> started = new ArrayList<>();
        Mempool pool = null;
        final List<Build> builds = new ArrayList<>();
        try
        {
            final int[] dpdkPorts = new int[config.limits().maxPorts()];
            Arrays.fill(dpdkPorts, -1);
            for (final PortConfig p : config.ports())
            {
                dpdkPorts[p.id()] = EthDev.portByName(p.device());
            }
            pool = config.mempoolMemory().createPool(POOL_NAME, config.mempoolSize(), config.mempoolCache());
            for (final PortConfig p : config.ports())
            {
                startPort(p, dpdkPorts[p.id()], pool);
                started.add(dpdkPorts[p.id()]);
            }
            System.err.printf("DpdkPairedRate: mode %s, %d prefixes, EAL %s, mbufs on %s memory (%d, cache %d)%n",
                a.mode(), a.prefixes(), config.ealArguments(), config.mempoolMemory().label(), config.mempoolSize(),
                config.mempoolCache());
            for (final String entry : a.builds())
            {
                final Properties p = new Properties();
                p.putAll(properties);
                if (Args.burstOf(entry) != null)
                {
                    p.setProperty("burst.size", Args.burstOf(entry));
                }
                final BuildLoader loader = new BuildLoader(Path.of(Args.jarOf(entry)),
                    DpdkPairedRate.class.getClassLoader());
                final Build build = (Build)loader.loadClass(DpdkPairedBuild.class.getName())
                    .getMethod("prepare", Properties.class, Mempool.class, int[].class, int.class)
                    .invoke(null, p, pool, dpdkPorts, TX_PORT);
                builds.add(build);
                System.err.printf("DpdkPairedRate: build %s: %s%n", entry, build.describe());
            }
            measure(a, builds, dpdkPorts[TX_PORT]);
        }
        finally
        {
            for (final Build b : builds)
            {
                b.close();
            }
            for (final int port : started)
            {
                EthDev.stop(port);
                EthDev.close(port);
            }
            if (pool != null)
            {
                pool.close();
            }
            Eal.cleanup();
        }
    }

    /** {@code DataPlane.startPort} for one worker polling queue 0: one rx and one tx queue, the port's MAC. */
    private static void startPort(final PortConfig p, final int port, final Mempool pool)
    {
        EthDev.configure(port, 1, 1);
        EthDev.setupRxQueue(port, 0, p.rxDescriptors(), pool);
        EthDev.setupTxQueue(port, 0, p.txDescriptors());
        EthDev.start(port);
        try
        {
            EthDev.setMacAddress(port, p.macOctets());
        }
        catch (final DpdkException ex)
        {
            // Software devices filter nothing (DataPlane notes it and goes on).
            System.err.println("DpdkPairedRate: port." + p.id() + " keeps its address: " + ex.getMessage());
        }
    }

    private static void measure(final Args a, final List<Build> builds, final int txDpdkPort)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long slice = a.sliceMs() * 1_000_000L;
        // Warm-up (JIT of every build): slices in turn, so all builds compile under the same conditions.
        for (long done = 0; done < a.warmupMs(); done += a.sliceMs())
        {
            for (final Build b : builds)
            {
                b.poll(slice);
            }
        }
        checkDrops(builds);
        final int n = builds.size();
        final double[][] cpuNs = new double[n][a.rounds()];
        final double[][] cpuMpps = new double[n][a.rounds()];
        final double[][] wallNs = new double[n][a.rounds()];
        final double[][] wallMpps = new double[n][a.rounds()];
        final long[] allocated = new long[n];
        final String label = "mode=" + a.mode() + " prefixes=" + a.prefixes();
        // A, B, C... before the entry: the same jar given twice is two builds.
        final List<String> names = new ArrayList<>();
        for (int b = 0; b < n; b++)
        {
            names.add((char)('A' + b) + ":" + a.builds().get(b));
        }
        for (int round = 0; round < a.rounds(); round++)
        {
            for (int k = 0; k < n; k++)
            {
                // Every other round in reverse (A B, B A, A B...): a cost of coming after another build's slice
                // (its code and data in the caches) falls on each build alike.
                final int b = round % 2 == 0 ? k : n - 1 - k;
                final Build build = builds.get(b);
                final long port0 = EthDev.stats(txDpdkPort).outPackets();
                final long own0 = build.transmitted();
                final long bytes0 = threads.getCurrentThreadAllocatedBytes();
                final long cpu0 = threads.getCurrentThreadCpuTime();
                final long t0 = System.nanoTime();
                final long received = build.poll(slice);
                final long t1 = System.nanoTime();
                final long cpu1 = threads.getCurrentThreadCpuTime();
                final long bytes1 = threads.getCurrentThreadAllocatedBytes();
                final long sent = EthDev.stats(txDpdkPort).outPackets() - port0;
                final long own = build.transmitted() - own0;
                // Every packet the port sent in the slice is one this build's worker handed it (none of another
                // build's, none left in a tx buffer: the worker flushes every burst), and it sent all it received.
                if (sent != own || sent != received || sent == 0)
                {
                    throw new IllegalStateException(String.format("build %s round %d: port sent %d, build's counter"
                        + " %d, received %d", names.get(b), round + 1, sent, own, received));
                }
                checkDrops(builds);
                cpuNs[b][round] = (cpu1 - cpu0) / (double)sent;
                cpuMpps[b][round] = sent * 1e3 / (cpu1 - cpu0);
                wallNs[b][round] = (t1 - t0) / (double)sent;
                wallMpps[b][round] = sent * 1e3 / (t1 - t0);
                allocated[b] += round >= 2 ? bytes1 - bytes0 : 0;
                System.out.printf("%s round=%d build=%s cpu_ns_per_packet=%.2f cpu_mpps=%.3f wall_mpps=%.3f"
                    + " cpu_share=%.3f%n", label, round + 1, names.get(b), cpuNs[b][round], cpuMpps[b][round],
                    wallMpps[b][round], (cpu1 - cpu0) / (double)(t1 - t0));
            }
        }
        PairedRounds.summarize(label, "cpu_ns_per_packet", names, cpuNs);
        PairedRounds.summarize(label, "cpu_mpps", names, cpuMpps);
        PairedRounds.summarize(label, "wall_ns_per_packet", names, wallNs);
        PairedRounds.summarize(label, "wall_mpps", names, wallMpps);
        for (int b = 0; b < n; b++)
        {
            System.out.printf("ALLOCATED_BYTES %s build=%s %d (rounds 3..%d)%n", label, names.get(b),
                allocated[b], a.rounds());
        }
    }

    private static void checkDrops(final List<Build> builds)
    {
        for (final Build b : builds)
        {
            if (b.drops() != 0)
            {
                throw new IllegalStateException("a build dropped " + b.drops() + " packets: " + b.describe());
            }
        }
    }
}
