package net.dmmgw.perf.fastpath;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;

import org.agrona.concurrent.SystemNanoClock;

import net.dmmgw.fastpath.counters.CountersFile;
import net.dmmgw.fastpath.dataplane.RouteAction;
import net.dmmgw.fastpath.dataplane.StaticState;
import net.dmmgw.fastpath.pipeline.PacketContext;
import net.dmmgw.fastpath.pipeline.Pipeline;
import net.dmmgw.fastpath.pipeline.PuntHandler;
import net.dmmgw.fastpath.pipeline.Verdict;
import net.dmmgw.fastpath.pipeline.WorkerCounters;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.PortRole;
import net.dmmgw.fastpath.table.Route;
import net.dmmgw.fastpath.table.TunnelConfig;
import net.dmmgw.fastpath.table.UpdateResult;

/**
 * The Java share of perf/rate's per-packet cost, without DPDK: perf/rate's own inputs (route set,
 * tunnels, {@code forward.pcap} or {@code decap.pcap}) loaded as {@code scripts/dataplane rate} loads
 * them, then bursts of 32 packets through {@link Pipeline#processBurst} + {@code endBurst}, in the
 * calling thread's <em>CPU time</em> (on a shared machine a thread that loses its CPU does not
 * accumulate CPU time; caches shared with other processes still disturb it).
 * <p>
 * Each burst first copies its 32 frames from the pcap's pristine copies into mbuf-like buffers
 * (128 octets of headroom), as the pcap PMD copies every frame into an mbuf, because the pipeline
 * rewrites them; that copy is timed alone too and subtracted.
 * <p>
 * Mode {@code decap-strict} measures decapsulation with the STRICT ingress filter (each inner source routed
 * back into its tunnel: one more LPM lookup per packet); {@code decap} uses ANY, as perf/rate does.
 * <p>
 * {@code java --enable-native-access=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
 * -cp perf/target/benchmarks.jar net.dmmgw.perf.fastpath.PipelineCpuTime <forward|encap|decap|decap-strict> <inputs dir>
 * <prefixes> [rounds]} with {@code <inputs dir>} from {@code perf/rate --keep} (or
 * {@code perf/rate.d/gen_inputs.py}); put another build's fastpath jar first on the class path to measure
 * that build, or name several builds' fastpath jars after the rounds to compare them in one process, round
 * by round in turn. Prints ns per packet per round (2^20 packets each, {@code -DpacketsPerRound=n}) and the minimum, first
 * quartile and median of rounds 3..n (other processes only add time: the low quantiles repeat best),
 * and for several builds the mean paired difference of each to the first, with its standard error.
 * {@code -DlpmFirstLevelBits=16|24} gives the prefix tables that first level (as {@code scripts/dataplane rate}'s
 * 24); without it they choose by size (builds before {@code tables.lpm-first-level-bits} know only that).
 */
public final class PipelineCpuTime
{
    private static final int BURST = 32;
    private static final int HEADROOM = 128;
    private static final int SLOT = 2048;
    private static final int PACKETS_PER_ROUND = Integer.getInteger("packetsPerRound", 1 << 20);
    private static final String OUR_MAC = "020000000001";
    private static final String GATEWAY = "2001:db8:ffff::fe";
    private static final long GATEWAY_MAC = 0x02_00_00_00_00_feL;
    /** decap-strict: tunnels whose inner sources get a route back (all of tunnels.txt). */
    private static final int STRICT_TUNNELS = 1024;
    private static final long STRICT_SOURCE_HI = 0x3fff_0000_0000_0000L;
    /** Offsets in a decap frame (Ethernet, outer IPv6, inner IPv6) of the outer and the inner source. */
    private static final int OUTER_SOURCE = 14 + 8;
    private static final int INNER_SOURCE = 14 + 40 + 8;

    private PipelineCpuTime()
    {
    }

    /**
     * @param args mode, inputs directory, prefixes, rounds, then optionally jars of other builds of fastpath:
     *             each is measured in its own class loader, round by round in turn (A, B, A, B...), so that
     *             the machine's varying load spreads over all of them.
     * @throws Exception on unreadable inputs or jars.
     */
    public static void main(final String[] args) throws Exception
    {
        final String mode = args[0];
        final Path inputs = Path.of(args[1]);
        final int prefixes = Integer.parseInt(args[2]);
        final int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 9;
        new PairedBuilds(PipelineCpuTime.class, Arrays.asList(args).subList(Math.min(4, args.length), args.length),
            new Class<?>[] {String.class, Path.class, int.class}, mode, inputs, prefixes)
            .run("mode=" + mode + " prefixes=" + prefixes, "pipeline_ns_per_packet", rounds);
    }

    /**
     * Tables, pipeline and frames of one build, ready to measure.
     *
     * @param mode     forward, encap, decap or decap-strict.
     * @param inputs   perf/rate's inputs directory.
     * @param prefixes route set size.
     * @return one round per call: pipeline ns per packet (copy subtracted), in thread CPU time.
     * @throws IOException on unreadable inputs.
     */
    public static DoubleSupplier prepare(final String mode, final Path inputs, final int prefixes) throws IOException
    {
        final boolean decap = mode.startsWith("decap");
        final boolean strict = mode.equals("decap-strict");
        final int maxPrefixes = Math.max(1024, prefixes + 16) + (strict ? STRICT_TUNNELS : 0);
        final Integer firstLevelBits = Integer.getInteger("lpmFirstLevelBits");
        // The 8-argument Limits is linked only when called: builds without it still run without the property.
        final FastPathTables tables = new FastPathTables(firstLevelBits == null
            ? new FastPathTables.Limits(2, 1024, 4096, maxPrefixes, 65536, 65536, 1024)
            : new FastPathTables.Limits(2, 1024, 4096, maxPrefixes, 65536, 65536, 1024, firstLevelBits));
        final long mac = Long.parseLong(OUR_MAC, 16);
        ok(tables.configurePort(0, PortRole.CORE, mac, Ipv6Address.parse("2001:db8:ffff::a")));
        ok(tables.configurePort(1, PortRole.CORE, mac, Ipv6Address.parse("2001:db8:ffff::b")));
        ok(tables.addNextHop(1, 1, Ipv6Address.parse(GATEWAY)));
        ok(tables.setNeighbour(1, Ipv6Address.parse(GATEWAY), GATEWAY_MAC));
        // As scripts/dataplane rate: encap mode installs the routes as encap, forward and decap as forward;
        // decap with the ANY ingress filter (the inputs' inner sources have no route back into the tunnel).
        // decap-strict: the STRICT filter (the product default), each tunnel t's inner sources in a /64 of
        // its own routed back into it (3fff:0:0:t::/64 -> encap(t)), each frame's inner source rewritten to
        // 3fff:0:0:t::1 for the tunnel of its outer source (peer 2001:db8:fffe::(t + 1), see gen_inputs.py).
        new StaticState(tables, mode.equals("encap") ? RouteAction.ENCAP : RouteAction.FORWARD,
            mode.equals("decap") ? TunnelConfig.IngressFilter.ANY : TunnelConfig.IngressFilter.STRICT)
            .load(List.of(inputs.resolve("tunnels.txt"), inputs.resolve("routes-" + prefixes + ".txt")));
        final List<byte[]> frames = readPcap(inputs.resolve(decap ? "decap.pcap" : "forward.pcap"));
        if (strict)
        {
            for (int t = 0; t < STRICT_TUNNELS; t++)
            {
                ok(tables.addDestinationRoute(STRICT_SOURCE_HI | t, 0, 64, Route.encap(t)));
            }
            for (final byte[] frame : frames)
            {
                final ByteBuffer b = ByteBuffer.wrap(frame);
                final int tunnel = (int)(b.getLong(OUTER_SOURCE + 8) & 0xFFFF) - 1;
                b.putLong(INNER_SOURCE, STRICT_SOURCE_HI | tunnel).putLong(INNER_SOURCE + 8, 1);
            }
        }
        final Path countersPath = Files.createTempFile("dmmgw-pipeline-cpu", ".dat");
        final CountersFile countersFile;
        try
        {
            countersFile = CountersFile.create(countersPath, WorkerCounters.countersPerWorker(2) + 8);
        }
        finally
        {
            // The mapping stays valid after the file is gone.
            Files.deleteIfExists(countersPath);
        }
        final Pipeline pipeline = new Pipeline(tables, new WorkerCounters(countersFile.manager(), 0, 2),
            PuntHandler.COUNTED_DROP, SystemNanoClock.INSTANCE, 1000, 100);
        final Arena arena = Arena.ofAuto();
        final int n = frames.size();
        final MemorySegment pristine = arena.allocate((long)n * SLOT, 64);
        final int[] lengths = new int[n];
        for (int i = 0; i < n; i++)
        {
            MemorySegment.copy(frames.get(i), 0, pristine, ValueLayout.JAVA_BYTE, (long)i * SLOT, frames.get(i).length);
            lengths[i] = frames.get(i).length;
        }
        final MemorySegment work = arena.allocate((long)BURST * SLOT, 64);
        final PacketContext[] burst = new PacketContext[BURST];
        for (int k = 0; k < BURST; k++)
        {
            burst[k] = new PacketContext(arena.allocate(PacketContext.MIN_ERROR_BUFFER, 64).address(),
                PacketContext.MIN_ERROR_BUFFER);
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        return () ->
        {
            final long a0 = threads.getCurrentThreadAllocatedBytes();
            final long c0 = threads.getCurrentThreadCpuTime();
            long sink = run(pipeline, burst, pristine, work, lengths, true);
            final long c1 = threads.getCurrentThreadCpuTime();
            final long a1 = threads.getCurrentThreadAllocatedBytes();
            sink += run(pipeline, burst, pristine, work, lengths, false);
            final long c2 = threads.getCurrentThreadCpuTime();
            if (a1 - a0 > 0 || sink == 42)
            {
                System.out.printf("(allocated %d bytes in the round)%n", a1 - a0);
            }
            Reference.reachabilityFence(countersFile);
            return ((c1 - c0) - (c2 - c1)) / (double)PACKETS_PER_ROUND;
        };
    }

    /** One round: PACKETS_PER_ROUND packets, the pcap's frames in order, in bursts; with or without the pipeline. */
    private static long run(
        final Pipeline pipeline, final PacketContext[] burst, final MemorySegment pristine, final MemorySegment work,
        final int[] lengths, final boolean process)
    {
        long sink = 0;
        int next = 0;
        final long base = work.address();
        for (int done = 0; done < PACKETS_PER_ROUND; done += BURST)
        {
            for (int k = 0; k < BURST; k++)
            {
                final int length = lengths[next];
                MemorySegment.copy(pristine, (long)next * SLOT, work, (long)k * SLOT + HEADROOM, length);
                burst[k].wrap(base + (long)k * SLOT + HEADROOM, length, HEADROOM, 0);
                next = next + 1 == lengths.length ? 0 : next + 1;
            }
            if (process)
            {
                pipeline.processBurst(burst, BURST);
                pipeline.endBurst();
                for (int k = 0; k < BURST; k++)
                {
                    if (burst[k].verdict() != Verdict.TRANSMIT)
                    {
                        throw new IllegalStateException("not transmitted: " + burst[k].dropReason() + " "
                            + burst[k].puntReason());
                    }
                    sink += burst[k].outLength();
                }
            }
            else
            {
                sink += work.get(ValueLayout.JAVA_BYTE, HEADROOM);
            }
        }
        return sink;
    }

    private static List<byte[]> readPcap(final Path file) throws IOException
    {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0xa1b2c3d4)
        {
            throw new IOException(file + ": not a little-endian microsecond pcap");
        }
        final List<byte[]> frames = new ArrayList<>();
        int at = 24;
        while (at + 16 <= b.limit())
        {
            final int captured = b.getInt(at + 8);
            final byte[] frame = new byte[captured];
            b.get(at + 16, frame);
            frames.add(frame);
            at += 16 + captured;
        }
        return frames;
    }

    private static void ok(final UpdateResult result)
    {
        if (result != UpdateResult.OK)
        {
            throw new IllegalStateException(result.message());
        }
    }
}
