package net.dmmgw.control.node;

import java.util.Arrays;

/**
 * A node's timers: a binary min-heap of (deadline, payload) pairs in two long arrays, no allocation once grown.
 * Cancellation is lazy: the owner re-checks on expiry whether the payload still wants this deadline, and
 * {@link #retain} sweeps stale pairs when they pile up. Chosen over Agrona's {@code DeadlineTimerWheel}, whose
 * memory is ticks-per-wheel × the largest number of timers in one tick: a million bindings replayed with equal
 * deadlines exhausted a 4 GiB heap (measured with perf's LmaScale).
 */
public final class DeadlineQueue
{
    /** Receives an expired pair. */
    @FunctionalInterface
    public interface Handler
    {
        /** @param deadline when it was due. @param payload what was scheduled. */
        void onDeadline(long deadline, long payload);
    }

    /** Decides which pairs {@link #retain} keeps. */
    @FunctionalInterface
    public interface Filter
    {
        /** @return true to keep the pair. */
        boolean keep(long deadline, long payload);
    }

    private long[] deadlines = new long[64];
    private long[] payloads = new long[64];
    private int size;

    /** Schedules a payload. */
    public void add(final long deadline, final long payload)
    {
        if (size == deadlines.length)
        {
            deadlines = Arrays.copyOf(deadlines, size * 2);
            payloads = Arrays.copyOf(payloads, size * 2);
        }
        int i = size++;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (deadlines[parent] <= deadline)
            {
                break;
            }
            deadlines[i] = deadlines[parent];
            payloads[i] = payloads[parent];
            i = parent;
        }
        deadlines[i] = deadline;
        payloads[i] = payload;
    }

    /**
     * Hands every pair due at {@code now} to the handler, earliest first (the handler may schedule more).
     *
     * @return pairs handed out.
     */
    public int poll(final long now, final Handler handler, final int limit)
    {
        int n = 0;
        while (size > 0 && deadlines[0] <= now && n < limit)
        {
            final long deadline = deadlines[0];
            final long payload = payloads[0];
            removeTop();
            handler.onDeadline(deadline, payload);
            n++;
        }
        return n;
    }

    /** Keeps only the pairs the filter accepts. */
    public void retain(final Filter filter)
    {
        int kept = 0;
        for (int i = 0; i < size; i++)
        {
            if (filter.keep(deadlines[i], payloads[i]))
            {
                deadlines[kept] = deadlines[i];
                payloads[kept] = payloads[i];
                kept++;
            }
        }
        size = kept;
        for (int i = (size >>> 1) - 1; i >= 0; i--)
        {
            siftDown(i);
        }
    }

    /** @return pairs scheduled, stale ones included. */
    public int size()
    {
        return size;
    }

    /** @return the earliest deadline, or Long.MAX_VALUE when empty. */
    public long earliest()
    {
        return size == 0 ? Long.MAX_VALUE : deadlines[0];
    }

    private void removeTop()
    {
        size--;
        if (size > 0)
        {
            deadlines[0] = deadlines[size];
            payloads[0] = payloads[size];
            siftDown(0);
        }
    }

    private void siftDown(final int from)
    {
        int i = from;
        final long d = deadlines[i];
        final long p = payloads[i];
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= size)
            {
                break;
            }
            if (child + 1 < size && deadlines[child + 1] < deadlines[child])
            {
                child++;
            }
            if (deadlines[child] >= d)
            {
                break;
            }
            deadlines[i] = deadlines[child];
            payloads[i] = payloads[child];
            i = child;
        }
        deadlines[i] = d;
        payloads[i] = p;
    }
}
