package net.dmmgw.perf.fastpath;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import net.dmmgw.fastpath.table.Ipv6Lpm;
import net.dmmgw.fastpath.table.ReaderEpochs;

/**
 * LPM lookup cost in the calling thread's <em>CPU time</em>, for a machine too loaded for JMH's
 * wall-clock numbers (a thread that loses its CPU does not accumulate CPU time; caches shared with
 * other processes still disturb it). Same table and addresses as {@link LpmLookupBenchmark}'s
 * gateway profile: /64s under one /32, one in 16 a /128, one in 64 a /48, plus /0; lookups cycle
 * through 64 Ki addresses, half in an inserted prefix. One round is 20 M lookups, either one by one
 * ({@code single}: {@link Ipv6Lpm#lookup}) or in bursts of 32 through {@link Ipv6Lpm#lookupBurst}
 * ({@code burst}: level by level); or, the writer's cost, {@code update}: 60 000 /64s (random, under the
 * same /32) put and then removed, ns per put or remove.
 * <p>
 * {@code java -cp perf/target/benchmarks.jar net.dmmgw.perf.fastpath.LpmCpuTime <prefixes> [rounds]
 * [single|burst] [fastpath jars...]}: given several builds' fastpath jars, each is measured in its own class
 * loader, round by round in turn, and the mean paired difference of each to the first is printed with its
 * standard error ({@link PairedBuilds}). {@code -DlpmFirstLevelBits=16|24}: that first level (else by size).
 */
public final class LpmCpuTime
{
    private static final int ADDRESSES = 1 << 16;
    private static final int BURST = 32;
    private static final int UPDATES = 60_000;
    private static final int LOOKUPS = Integer.getInteger("lookupsPerRound", 20_000_000);

    private LpmCpuTime()
    {
    }

    /**
     * @param args prefixes, rounds (default 9), single or burst (default single), then optionally jars of builds.
     * @throws Exception on unreadable jars.
     */
    public static void main(final String[] args) throws Exception
    {
        final int prefixes = Integer.parseInt(args[0]);
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        final String mode = args.length > 2 ? args[2] : "single";
        new PairedBuilds(LpmCpuTime.class, Arrays.asList(args).subList(Math.min(3, args.length), args.length),
            new Class<?>[] {int.class, String.class}, prefixes, mode)
            .run("lookup=" + mode + " prefixes=" + prefixes, mode.equals("update") ? "ns_per_update" : "ns_per_lookup",
                rounds);
    }

    /**
     * The table and addresses of one build, ready to measure.
     *
     * @param prefixes number of prefixes (plus /0).
     * @param mode     {@code single}, {@code burst} or {@code update}.
     * @return one round per call: ns per lookup (or update) in thread CPU time.
     */
    public static DoubleSupplier prepare(final int prefixes, final String mode)
    {
        final boolean update = mode.equals("update");
        final Integer firstLevelBits = Integer.getInteger("lpmFirstLevelBits");
        final int maxPrefixes = prefixes + 200 + (update ? UPDATES : 0);
        // The 3-argument constructor is linked only when called: builds without it still run without the property.
        final Ipv6Lpm lpm = firstLevelBits == null ? new Ipv6Lpm(maxPrefixes)
            : new Ipv6Lpm(maxPrefixes, new ReaderEpochs(), firstLevelBits);
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
        final long[] sink = new long[1];
        final boolean burst = mode.equals("burst");
        if (update)
        {
            final long[] updates = new long[UPDATES];
            for (int i = 0; i < UPDATES; i++)
            {
                updates[i] = 0x2001_0db8_0000_0000L | (random.nextLong() >>> 32);
            }
            return () ->
            {
                final long c0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < UPDATES; i++)
                {
                    lpm.put(updates[i], 0, 64, 5_000_000 + i);
                }
                for (int i = 0; i < UPDATES; i++)
                {
                    lpm.remove(updates[i], 0, 64);
                }
                final long c1 = threads.getCurrentThreadCpuTime();
                return (c1 - c0) / (2.0 * UPDATES);
            };
        }
        return () ->
        {
            final long c0 = threads.getCurrentThreadCpuTime();
            long s = 0;
            if (burst)
            {
                for (int i = 0; i < LOOKUPS; i += BURST)
                {
                    for (int j = 0; j < BURST; j++)
                    {
                        final int k = (i + j) & (ADDRESSES - 1);
                        burstHi[j] = his[k];
                        burstLo[j] = los[k];
                    }
                    lpm.lookupBurst(burstHi, burstLo, entries, out, BURST);
                    s += out[i & (BURST - 1)];
                }
            }
            else
            {
                for (int i = 0; i < LOOKUPS; i++)
                {
                    final int k = i & (ADDRESSES - 1);
                    s += lpm.lookup(his[k], los[k]);
                }
            }
            final long c1 = threads.getCurrentThreadCpuTime();
            sink[0] += s;
            return (c1 - c0) / (double)LOOKUPS;
        };
    }
}
