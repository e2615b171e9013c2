package net.dmmgw.perf.fastpath;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;

import net.dmmgw.ipc.counters.CountersFile;
import net.dmmgw.fastpath.pipeline.PacketContext;
import net.dmmgw.fastpath.pipeline.Pipeline;
import net.dmmgw.fastpath.pipeline.Verdict;

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
        final RateFixture fixture = RateFixture.load(mode, inputs, prefixes, 0);
        final Pipeline pipeline = fixture.pipeline();
        final CountersFile countersFile = fixture.counters();
        final List<byte[]> frames = fixture.frames();
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
        final PacketContext[] burst = PacketContext.burst(arena, BURST, PacketContext.MIN_ERROR_BUFFER);
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
}
