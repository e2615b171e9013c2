package net.dmmgw.perf.fastpath;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import net.dmmgw.fastpath.table.Ipv6Lpm;

/**
 * LPM lookup cost in the calling thread's <em>CPU time</em>, for a machine too loaded for JMH's
 * wall-clock numbers (a thread that loses its CPU does not accumulate CPU time; caches shared with
 * other processes still disturb it). Same table and addresses as {@link LpmLookupBenchmark}'s
 * gateway profile: /64s under one /32, one in 16 a /128, one in 64 a /48, plus /0; lookups cycle
 * through 64 Ki addresses, half in an inserted prefix. Prints ns per lookup one by one, in bursts
 * of 32 {@code lookup} calls and through {@code lookupBurst} (32 at once, level by level) for rounds
 * 3–7 of 20 M lookups each.
 * <p>
 * {@code java -cp perf/target/benchmarks.jar net.dmmgw.perf.fastpath.LpmCpuTime <prefixes>}; put
 * another build's fastpath jar first on the class path to measure that LPM instead.
 */
public final class LpmCpuTime
{
    private static final int ADDRESSES = 1 << 16;
    private static final int BURST = 32;
    private static final int LOOKUPS = 20_000_000;

    private LpmCpuTime()
    {
    }

    /**
     * @param args number of prefixes.
     */
    public static void main(final String[] args)
    {
        final int prefixes = Integer.parseInt(args[0]);
        final Ipv6Lpm lpm = new Ipv6Lpm(prefixes + 200);
        final SplittableRandom random = new SplittableRandom(42);
        final long[] inserted = new long[prefixes];
        for (int i = 0; i < prefixes; i++)
        {
            inserted[i] = 0x2001_0db8_0000_0000L | (random.nextLong() >>> 32);
            final int length = (i & 15) == 0 ? 128 : (i & 63) == 1 ? 48 : 64;
            lpm.put(inserted[i], length == 128 ? 1 : 0, length, i);
        }
        lpm.put(0, 0, 0, 1 << 30);
        final long[] his = new long[ADDRESSES];
        final long[] los = new long[ADDRESSES];
        for (int i = 0; i < ADDRESSES; i++)
        {
            his[i] = (i & 1) == 0 ? inserted[random.nextInt(prefixes)] : 0x2001_0db8_0000_0000L | (random.nextLong() >>> 32);
            los[i] = random.nextLong();
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long[] out = new long[BURST];
        final long[] burstHi = new long[BURST];
        final long[] burstLo = new long[BURST];
        final int[] entries = new int[BURST];
        long sink = 0;
        for (int round = 1; round <= 7; round++)
        {
            final long c0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < LOOKUPS; i++)
            {
                final int k = i & (ADDRESSES - 1);
                sink += lpm.lookup(his[k], los[k]);
            }
            final long c1 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < LOOKUPS; i += BURST)
            {
                for (int j = 0; j < BURST; j++)
                {
                    final int k = (i + j) & (ADDRESSES - 1);
                    out[j] = lpm.lookup(his[k], los[k]);
                }
                sink += out[i & (BURST - 1)];
            }
            final long c2 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < LOOKUPS; i += BURST)
            {
                for (int j = 0; j < BURST; j++)
                {
                    final int k = (i + j) & (ADDRESSES - 1);
                    burstHi[j] = his[k];
                    burstLo[j] = los[k];
                }
                lpm.lookupBurst(burstHi, burstLo, entries, out, BURST);
                sink += out[i & (BURST - 1)];
            }
            final long c3 = threads.getCurrentThreadCpuTime();
            if (round >= 3)
            {
                System.out.printf("prefixes=%d round=%d %.1f ns/lookup one by one, %.1f ns/lookup in bursts of %d,"
                    + " %.1f ns/lookup through lookupBurst%n", prefixes, round, (c1 - c0) / (double)LOOKUPS,
                    (c2 - c1) / (double)LOOKUPS, BURST, (c3 - c2) / (double)LOOKUPS);
            }
        }
        System.out.println(sink == 42 ? "" : "(checksum " + (sink & 0xFF) + ")");
    }
}
