package net.dmmgw.perf.fastpath;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.DoubleSupplier;

import org.agrona.concurrent.NoOpIdleStrategy;

import net.dmmgw.fastpath.dataplane.LoopCounters;
import net.dmmgw.fastpath.dataplane.PlainMemoryMbufs;
import net.dmmgw.fastpath.dataplane.Worker;
import net.dmmgw.fastpath.pipeline.PacketContext;

/**
 * {@link PipelineCpuTime} with the data-plane worker around the pipeline: perf/rate's inputs through
 * {@link Worker#doWork} (rx burst, the mbuf fields, {@code PacketContext.wrap}, {@code processBurst}, the
 * verdicts, the mbufs' new data offset and lengths, the tx buffers, {@code endBurst}), in thread CPU time,
 * without DPDK: the worker's {@code MbufIo} is {@link PlainMemoryMbufs}, whose receive copies each frame from a
 * pristine copy into a fabricated mbuf (as {@code net_pcap} does) and whose transmit takes the mbufs back. That
 * receive + transmit is timed alone too and subtracted, so a round's figure is the worker's and the
 * pipeline's CPU per packet, the part of perf/rate's per-packet cost that is ours (not the PMDs').
 * <p>
 * {@code java --enable-native-access=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
 * -cp perf/target/benchmarks.jar net.dmmgw.perf.fastpath.WorkerCpuTime <forward|encap|decap> <inputs dir>
 * <prefixes> [rounds] [fastpath jars...]}, as {@link PipelineCpuTime} (builds from the first with
 * {@code PlainMemoryMbufs}). A jar may carry the worker's burst size as {@code <jar>@<n>} (default
 * {@value #DEFAULT_BURST}, the data plane's {@code burst.size} default; {@code -Dburst=<n>} changes the default):
 * {@code a.jar@32 a.jar@64} pairs one build at two burst sizes.
 */
public final class WorkerCpuTime
{
    /** The worker's rx burst size unless a build names its own. */
    static final int DEFAULT_BURST = 32;
    private static final int PACKETS_PER_ROUND = Integer.getInteger("packetsPerRound", 1 << 20);

    private WorkerCpuTime()
    {
    }

    /**
     * @param args mode, inputs directory, prefixes, rounds, then optionally jars of other builds of fastpath.
     * @throws Exception on unreadable inputs or jars.
     */
    public static void main(final String[] args) throws Exception
    {
        final String mode = args[0];
        final Path inputs = Path.of(args[1]);
        final int prefixes = Integer.parseInt(args[2]);
        final int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 9;
        final int defaultBurst = Integer.getInteger("burst", DEFAULT_BURST);
        new PairedBuilds(WorkerCpuTime.class, Arrays.asList(args).subList(Math.min(4, args.length), args.length),
            new Class<?>[] {String.class, Path.class, int.class, int.class}, WorkerCpuTime::jarOf,
            entry -> new Object[] {mode, inputs, prefixes, burstOf(entry, defaultBurst)})
            .run("mode=" + mode + " prefixes=" + prefixes, "worker_ns_per_packet", rounds);
    }

    private static String jarOf(final String entry)
    {
        final int at = entry.lastIndexOf('@');
        return at < 0 ? entry : entry.substring(0, at);
    }

    private static int burstOf(final String entry, final int defaultBurst)
    {
        final int at = entry.lastIndexOf('@');
        return at < 0 ? defaultBurst : Integer.parseInt(entry.substring(at + 1));
    }

    /**
     * Tables, pipeline, fabricated mbufs and worker of one build, ready to measure.
     *
     * @param mode     forward, encap or decap.
     * @param inputs   perf/rate's inputs directory.
     * @param prefixes route set size.
     * @param burst    the worker's rx burst size (contexts, tx buffers; twice as many fabricated mbufs).
     * @return one round per call: worker + pipeline ns per packet (fabricated rx/tx subtracted), thread CPU time.
     * @throws IOException on unreadable inputs.
     */
    public static DoubleSupplier prepare(final String mode, final Path inputs, final int prefixes, final int burst)
        throws IOException
    {
        final RateFixture fixture = RateFixture.load(mode, inputs, prefixes, LoopCounters.countersPerWorker());
        final PlainMemoryMbufs io = new PlainMemoryMbufs(2 * burst, fixture.frames().size(), false);
        for (final byte[] frame : fixture.frames())
        {
            io.feed(frame, 1);
        }
        io.repeat(true);
        final Arena arena = Arena.ofAuto();
        final PacketContext[] contexts = PacketContext.burst(arena, burst, PacketContext.MIN_ERROR_BUFFER);
        final LoopCounters loop = new LoopCounters(fixture.counters().manager(), 0);
        // One rx queue on port 0; tx on ports 0 and 1 (DPDK ids = table ids), queue 0.
        final Worker worker = new Worker(0, 1, new int[] {0}, new int[] {0}, new int[] {0}, new int[] {0, 1}, 0,
            fixture.pipeline(), contexts, io, loop, NoOpIdleStrategy.INSTANCE, burst, null);
        final MemorySegment scratch = arena.allocate(ValueLayout.JAVA_LONG, burst);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        return () ->
        {
            final long tx0 = fixture.workerCounters().txPackets(1);
            final long a0 = threads.getCurrentThreadAllocatedBytes();
            final long c0 = threads.getCurrentThreadCpuTime();
            long received = 0;
            for (int done = 0; done < PACKETS_PER_ROUND; done += burst)
            {
                received += worker.doWork();
            }
            final long c1 = threads.getCurrentThreadCpuTime();
            final long a1 = threads.getCurrentThreadAllocatedBytes();
            for (int done = 0; done < PACKETS_PER_ROUND; done += burst)
            {
                io.txBurst(0, 0, scratch, io.rxBurst(0, 0, scratch, burst));
            }
            final long c2 = threads.getCurrentThreadCpuTime();
            final long sent = fixture.workerCounters().txPackets(1) - tx0;
            if (received != PACKETS_PER_ROUND || sent != PACKETS_PER_ROUND || io.inUse() != 0)
            {
                throw new IllegalStateException("received " + received + ", transmitted " + sent + " of "
                    + PACKETS_PER_ROUND + ", mbufs in use " + io.inUse());
            }
            if (a1 - a0 > 0)
            {
                System.out.printf("(allocated %d bytes in the round)%n", a1 - a0);
            }
            Reference.reachabilityFence(fixture);
            return ((c1 - c0) - (c2 - c1)) / (double)PACKETS_PER_ROUND;
        };
    }
}
