package net.dmmgw.control.routing;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;

/**
 * Matches the data plane's acks to what is waiting for them, so that a role answers only after its data-plane
 * change is in place (make before break). A {@link Change} gathers the correlation ids of the calls one
 * registration made; {@link #onAck} reports it complete when the last ack arrived, failed if any call was refused
 * or never sent. Acks of a resynchronisation snapshot are tracked apart ({@link #resync}). No allocation once the
 * maps have grown. Single-threaded (the node's agent).
 *
 * @param <T> what owns a change (a session).
 */
public final class AckTracker<T>
{
    /**
     * The calls of one data-plane change still awaited. Reusable: {@link #forget} empties it.
     *
     * @param <T> its owner's type.
     */
    public static final class Change<T>
    {
        private final T owner;
        private final long[] ids;
        private int count;
        private int outstanding;
        private boolean failed;

        /**
         * @param owner what is waiting.
         * @param capacity most calls one change makes.
         */
        public Change(final T owner, final int capacity)
        {
            this.owner = owner;
            this.ids = new long[capacity];
        }

        /** @return what is waiting. */
        public T owner()
        {
            return owner;
        }

        /** @return acks still awaited. */
        public int outstanding()
        {
            return outstanding;
        }

        /** @return true when a call was refused, not sent, or the change was declared failed. */
        public boolean failed()
        {
            return failed;
        }

        /** Declares the change failed (e.g. its acks did not come in time). */
        public void fail()
        {
            failed = true;
        }
    }

    private final Long2ObjectHashMap<Change<T>> pending = new Long2ObjectHashMap<>();
    private final LongHashSet resyncAcks = new LongHashSet();
    private long resyncFailures;

    /** Starts a new change on {@code change} (after {@link #forget} of the previous one). */
    public void begin(final Change<T> change)
    {
        forget(change);
        change.failed = false;
    }

    /**
     * Records a call of the change: a correlation id to wait for, 0 (nothing was needed) or
     * {@link RouteProgrammer#NOT_SENT} (the change failed).
     */
    public void expect(final Change<T> change, final long correlationId)
    {
        if (correlationId == RouteProgrammer.NOT_SENT)
        {
            change.failed = true;
        }
        else if (correlationId != 0)
        {
            change.outstanding++;
            change.ids[change.count++] = correlationId;
            pending.put(correlationId, change);
        }
    }

    /**
     * An ack arrived.
     *
     * @return the change it completed (no ack outstanding any more), or null.
     */
    public Change<T> onAck(final long correlationId, final boolean ok)
    {
        final Change<T> change = pending.remove(correlationId);
        if (change == null)
        {
            if (resyncAcks.remove(correlationId) && !ok)
            {
                resyncFailures++;
            }
            return null;
        }
        if (!ok)
        {
            change.failed = true;
        }
        return --change.outstanding == 0 ? change : null;
    }

    /** Stops waiting for the change's acks (late ones are then ignored). */
    public void forget(final Change<T> change)
    {
        for (int i = 0; i < change.count; i++)
        {
            pending.remove(change.ids[i]);
        }
        change.count = 0;
        change.outstanding = 0;
    }

    /** Records a call of a resynchronisation snapshot. */
    public void resync(final long correlationId)
    {
        if (correlationId == RouteProgrammer.NOT_SENT)
        {
            resyncFailures++;
        }
        else
        {
            resyncAcks.add(correlationId);
        }
    }

    /** @return resynchronisation calls refused or not sent. */
    public long resyncFailures()
    {
        return resyncFailures;
    }

    /** @return resynchronisation acks still outstanding. */
    public int resyncPending()
    {
        return resyncAcks.size();
    }
}
