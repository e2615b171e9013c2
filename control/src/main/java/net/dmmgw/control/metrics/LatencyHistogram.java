package net.dmmgw.control.metrics;

/**
 * A fixed-bucket latency histogram in ms (upper bounds {@link #BOUNDS_MS}, plus an overflow bucket): recording is
 * an array increment, no allocation, so roles may record on their signalling path. Single writer (the agent
 * thread); read it there too (the admin API does, through {@code NodeAgent.submit}).
 */
public final class LatencyHistogram
{
    /** Bucket upper bounds, ms (inclusive). */
    public static final long[] BOUNDS_MS = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000 };

    private final long[] buckets = new long[BOUNDS_MS.length + 1];
    private long count;
    private long sumMs;

    /** Records one latency (negative values count as 0). */
    public void record(final long ms)
    {
        final long v = Math.max(0, ms);
        int i = 0;
        while (i < BOUNDS_MS.length && v > BOUNDS_MS[i])
        {
            i++;
        }
        buckets[i]++;
        count++;
        sumMs += v;
    }

    /** @return observations in bucket i (not cumulative); i = BOUNDS_MS.length is the overflow bucket. */
    public long bucket(final int i)
    {
        return buckets[i];
    }

    /** @return observations. */
    public long count()
    {
        return count;
    }

    /** @return sum of the observations, ms. */
    public long sumMs()
    {
        return sumMs;
    }

    /** @return a copy (take it on the owning thread, read it anywhere). */
    public LatencyHistogram copy()
    {
        final LatencyHistogram h = new LatencyHistogram();
        System.arraycopy(buckets, 0, h.buckets, 0, buckets.length);
        h.count = count;
        h.sumMs = sumMs;
        return h;
    }
}
