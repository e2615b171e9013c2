package net.dmmgw.perf.fastpath;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;

import net.dmmgw.fastpath.table.Ipv6Lpm;

/**
 * The destination LPM of perf/rate's forward state on its own, over the destinations of {@code forward.pcap} in
 * input order, in thread CPU ns per lookup, three ways: {@code single} (independent lookups one by one, which the
 * out-of-order core overlaps), {@code burst} ({@link Ipv6Lpm#lookupBurst} over 32 at a time) and {@code chain}
 * (each lookup's address index depends on the previous result, so the lookups do not overlap: the latency of one
 * walk). The first two are about throughput and hide how deep the walk is; {@code chain} shows it (perf/RESULTS.md,
 * session 11, branch fwd11: 1 M prefixes cost ~5-8 ns more per walk than 1 k on this input, the first two equal).
 * <p>
 * {@code java ... -DlpmFirstLevelBits=24 -cp perf/target/benchmarks.jar net.dmmgw.perf.fastpath.LpmChain
 * <inputs dir> <prefixes> [rounds [single|burst|chain jars...]]}: without a way, the median of each way over the
 * rounds after the first five; with a way and fastpath jars, that way for each build round by round in turn and
 * the paired differences ({@link PairedBuilds}, as {@link LpmCpuTime}).
 */
public final class LpmChain
{
    private static final int REPEATS = 2000;
    private static final int BURST = 32;
    private static final int WARM_ROUNDS = 5;
    /** Destination address in an untagged IPv6 frame. */
    private static final int DESTINATION = 14 + 24;

    private LpmChain()
    {
    }

    /**
     * @param args inputs directory, prefixes, optionally rounds (default 40), then optionally one way
     *             ({@code single}, {@code burst} or {@code chain}) and the jars of builds to measure it for,
     *             paired ({@link PairedBuilds}).
     * @throws Exception on unreadable inputs.
     */
    public static void main(final String[] args) throws Exception
    {
        final int prefixes = Integer.parseInt(args[1]);
        final int rounds = Math.max(WARM_ROUNDS + 1, args.length > 2 ? Integer.parseInt(args[2]) : 40);
        if (args.length > 3)
        {
            final String way = args[3];
            new PairedBuilds(LpmChain.class, Arrays.asList(args).subList(4, args.length),
                new Class<?>[] {String.class, int.class, String.class}, args[0], prefixes, way)
                .run("lpm=" + way + " prefixes=" + prefixes, "ns_per_lookup", rounds);
            return;
        }
        final DoubleSupplier single = prepare(args[0], prefixes, "single");
        final DoubleSupplier burst = prepare(args[0], prefixes, "burst");
        final DoubleSupplier chain = prepare(args[0], prefixes, "chain");
        final double[] singleNs = new double[rounds];
        final double[] burstNs = new double[rounds];
        final double[] chainNs = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            singleNs[r] = single.getAsDouble();
            burstNs[r] = burst.getAsDouble();
            chainNs[r] = chain.getAsDouble();
        }
        System.out.printf("LPMCHAIN prefixes=%d single_ns=%.2f burst_ns=%.2f chain_ns=%.2f%n",
            prefixes, median(singleNs), median(burstNs), median(chainNs));
    }

    /**
     * One build's table and destinations, ready to measure one way.
     *
     * @param inputs   perf/rate's inputs directory.
     * @param prefixes route set size.
     * @param way      {@code single}, {@code burst} or {@code chain}.
     * @return one round per call: thread CPU ns per lookup.
     * @throws Exception on unreadable inputs.
     */
    public static DoubleSupplier prepare(final String inputs, final int prefixes, final String way) throws Exception
    {
        final RateFixture fixture = RateFixture.load("forward", Path.of(inputs), prefixes, 0);
        final Ipv6Lpm lpm = fixture.tables().destinations();
        final List<byte[]> frames = fixture.frames();
        final int n = frames.size();
        final long[] hi = new long[n];
        final long[] lo = new long[n];
        for (int i = 0; i < n; i++)
        {
            final ByteBuffer b = ByteBuffer.wrap(frames.get(i));
            hi[i] = b.getLong(DESTINATION);
            lo[i] = b.getLong(DESTINATION + 8);
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long[] burstHi = new long[BURST];
        final long[] burstLo = new long[BURST];
        final int[] entries = new int[BURST];
        final long[] out = new long[BURST];
        final int inBursts = n / BURST * BURST;
        final long[] sink = new long[1];
        final DoubleSupplier round = switch (way)
        {
            case "single" -> () ->
            {
                final long t0 = threads.getCurrentThreadCpuTime();
                long s = 0;
                for (int k = 0; k < REPEATS; k++)
                {
                    for (int i = 0; i < n; i++)
                    {
                        s += lpm.lookup(hi[i], lo[i]);
                    }
                }
                sink[0] += s;
                return (threads.getCurrentThreadCpuTime() - t0) / (double)((long)REPEATS * n);
            };
            case "burst" -> () ->
            {
                final long t0 = threads.getCurrentThreadCpuTime();
                long s = 0;
                for (int k = 0; k < REPEATS; k++)
                {
                    for (int i = 0; i < inBursts; i += BURST)
                    {
                        System.arraycopy(hi, i, burstHi, 0, BURST);
                        System.arraycopy(lo, i, burstLo, 0, BURST);
                        lpm.lookupBurst(burstHi, burstLo, entries, out, BURST);
                        s += out[0];
                    }
                }
                sink[0] += s;
                return (threads.getCurrentThreadCpuTime() - t0) / (double)((long)REPEATS * inBursts);
            };
            case "chain" -> () ->
            {
                final long t0 = threads.getCurrentThreadCpuTime();
                int i = 0;
                for (long k = 0; k < (long)REPEATS * n; k++)
                {
                    final long route = lpm.lookup(hi[i], lo[i]);
                    // The next index depends on this result (by 1 or 2, which C2 cannot fold): one walk after another.
                    i += 1 + (int)(route >>> 63);
                    i = i >= n ? 0 : i;
                }
                sink[0] += i;
                return (threads.getCurrentThreadCpuTime() - t0) / (double)((long)REPEATS * n);
            };
            default -> throw new IllegalArgumentException("single, burst or chain: " + way);
        };
        return round;
    }

    private static double median(final double[] values)
    {
        final double[] v = Arrays.copyOfRange(values, WARM_ROUNDS, values.length);
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
