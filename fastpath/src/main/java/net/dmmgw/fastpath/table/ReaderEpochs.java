package net.dmmgw.fastpath.table;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Epoch-based reclamation for table memory that a single writer unlinks while workers may still be
 * reading it (LPM groups, singleton records, adjacency slots): the writer reuses a freed piece only
 * after every registered reader has left the read section it was in when the piece was unlinked.
 * <p>
 * A reader (one per worker) brackets each burst with {@link Reader#enter()} and
 * {@link Reader#exit()}: enter publishes the current global epoch in the reader's own slot (a
 * volatile store, so it is ordered before the burst's table loads), exit clears it (release). The
 * writer, after unlinking (release stores), calls {@link #advance()} (full fence, then epoch + 1)
 * and stamps the freed pieces with the epoch from before; a piece stamped {@code e} is reusable
 * once every slot is idle or holds an epoch greater than {@code e} ({@link #oldestActive()}). An
 * idle worker (no burst in progress) never holds reclamation back.
 * <p>
 * A thread that looks tables up without a registered reader is not protected: during a race with
 * reuse it can get a wrong answer (never a crash: table memory stays mapped as long as the table
 * is reachable).
 */
public final class ReaderEpochs
{
    /** Registered readers at most. */
    public static final int MAX_READERS = 256;
    /** Longs per slot: one slot per 64-octet line, so readers do not share a cache line. */
    private static final int PADDING = 8;
    private static final long IDLE = 0;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] slots = new long[(MAX_READERS + 1) * PADDING];
    private volatile long epoch = 1;
    private int registered;

    /**
     * A registered reader: one per thread, not thread-safe.
     */
    public final class Reader
    {
        private final int slot;

        private Reader(final int slot)
        {
            this.slot = slot;
        }

        /** Start a read section (a burst): table loads after this are protected. */
        public void enter()
        {
            SLOT.setVolatile(slots, slot, epoch);
            // The slot store before the burst's table loads (store-load order; the writer fences
            // between its unlinks and reading the slots). Once per burst.
            VarHandle.fullFence();
        }

        /** End the read section: nothing read before may be used after. */
        public void exit()
        {
            SLOT.setRelease(slots, slot, IDLE);
        }
    }

    /**
     * Register a reader (at construction of a worker's pipeline, not on the packet path).
     *
     * @return the reader.
     * @throws IllegalStateException after {@link #MAX_READERS} registrations.
     */
    public synchronized Reader register()
    {
        if (registered == MAX_READERS)
        {
            throw new IllegalStateException("more than " + MAX_READERS + " table readers");
        }
        registered++;
        return new Reader(registered * PADDING);
    }

    /**
     * Writer: the epoch that pieces unlinked now are stamped with.
     *
     * @return the current epoch.
     */
    long current()
    {
        return epoch;
    }

    /**
     * Writer: after unlinking, make the unlinks visible before any later read of the reader slots,
     * and open a new epoch.
     */
    void advance()
    {
        VarHandle.fullFence();
        epoch = epoch + 1;
    }

    /**
     * Writer: a piece stamped with an epoch lower than this is no longer reachable by any reader.
     *
     * @return the lowest epoch held by a reader inside a read section, or {@link Long#MAX_VALUE}.
     */
    long oldestActive()
    {
        VarHandle.fullFence();
        long oldest = Long.MAX_VALUE;
        final int n;
        synchronized (this)
        {
            n = registered;
        }
        for (int i = 1; i <= n; i++)
        {
            final long e = (long)SLOT.getVolatile(slots, i * PADDING);
            if (e != IDLE && e < oldest)
            {
                oldest = e;
            }
        }
        return oldest;
    }
}
