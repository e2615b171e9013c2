package net.dmmgw.perf.fastpath;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import net.dmmgw.fastpath.table.Ipv6Lpm;

/**
 * IPv6 longest-prefix match lookups on a table of {@code prefixes} entries.
 * <p>
 * Profile {@code gateway}: /64 home network prefixes plus one in 16 /128 host routes, one in 64
 * /48 aggregates and a /0 default (4 populated lengths). Profile {@code all-lengths}: the same
 * plus one prefix at every length 0..128, the worst case of the per-length hash (129 probes for an
 * address that only the /0 matches). Addresses are drawn from a pre-computed set of 64 Ki, half
 * inside inserted /64s, half random under the /32 (mostly caught by /48s or the default).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LpmLookupBenchmark
{
    private static final int ADDRESSES = 1 << 16;
    private static final int BURST = 32;
    private static final long PREFIX_32 = 0x2001_0db8_0000_0000L;

    /** Number of prefixes in the table. */
    @Param({"1000", "100000", "1000000"})
    public int prefixes;

    /** Populated prefix lengths. */
    @Param({"gateway", "all-lengths"})
    public String profile;

    private Ipv6Lpm lpm;
    private final long[] his = new long[ADDRESSES];
    private final long[] los = new long[ADDRESSES];
    private int next;

    /** Build the table and the address set. */
    @Setup(Level.Trial)
    public void setUp()
    {
        lpm = new Ipv6Lpm(prefixes + 200);
        final SplittableRandom random = new SplittableRandom(42);
        final long[] inserted = new long[prefixes];
        for (int i = 0; i < prefixes; i++)
        {
            inserted[i] = PREFIX_32 | (random.nextLong() >>> 32);
            final int length = (i & 15) == 0 ? 128 : (i & 63) == 1 ? 48 : 64;
            lpm.put(inserted[i], length == 128 ? 1 : 0, length, i);
        }
        lpm.put(0, 0, 0, 1 << 30);
        if (profile.equals("all-lengths"))
        {
            for (int len = 1; len <= 128; len++)
            {
                lpm.put(0x3fff_0000_0000_0000L | random.nextLong() >>> 16, random.nextLong(), len, len);
            }
        }
        for (int i = 0; i < ADDRESSES; i++)
        {
            his[i] = (i & 1) == 0 ? inserted[random.nextInt(prefixes)] : PREFIX_32 | (random.nextLong() >>> 32);
            los[i] = random.nextLong();
        }
    }

    /**
     * A burst of 32 lookups as a worker would do them: touch the first probe of each address
     * ({@link Ipv6Lpm#touch}), then look each up. Reported per lookup.
     *
     * @return a sum of the route values, so nothing is eliminated.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long lookupBurst()
    {
        final int start = next;
        next = (start + BURST) & (ADDRESSES - 1);
        int touched = 0;
        for (int k = 0; k < BURST; k++)
        {
            final int i = (start + k) & (ADDRESSES - 1);
            touched += lpm.touch(his[i], los[i]);
        }
        long sum = touched;
        for (int k = 0; k < BURST; k++)
        {
            final int i = (start + k) & (ADDRESSES - 1);
            sum += lpm.lookup(his[i], los[i]);
        }
        return sum;
    }

    /**
     * @return the route value, so the lookup cannot be eliminated.
     */
    @Benchmark
    public long lookup()
    {
        final int i = next;
        next = (i + 1) & (ADDRESSES - 1);
        return lpm.lookup(his[i], los[i]);
    }
}
