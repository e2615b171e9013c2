package net.dmmgw.control.anchor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.journal.BindingRecord;
import net.dmmgw.control.journal.JournalReplayHandler;
import net.dmmgw.control.location.BindingCache;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.location.BindingState;
import net.dmmgw.control.node.DeadlineQueue;
import net.dmmgw.control.routing.MobilityRouting;
import net.dmmgw.control.routing.RouteProgrammer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.EpochClock;

/**
 * What every mobility anchor (LMA, HA) does with its bindings, whatever protocol fills them: the binding cache,
 * lifetimes and deletion timers, make-before-break data-plane transactions (tunnel towards the care-of address and
 * the binding's routes into it, the answer held until every ack arrived, rollback on refusal or timeout), the
 * journal (replay at start with expired bindings dropped and timers re-armed, compaction), the data-plane
 * resynchronisation in a new epoch, and administrative deletion. The role ({@link AnchorRole}) says which
 * destinations a binding routes and answers the signalling.
 * <p>
 * Single-threaded (the node agent's thread). Nothing here allocates per message once warm, except the first use of
 * a transaction object or a cache entry.
 */
public final class BindingAnchor
{
    private static final int TRANSACTION_TIMEOUT = 0;
    /** Timer kind: the binding's lifetime ends. */
    public static final int EXPIRE = 1;
    /** Timer kind: a de-registered binding is deleted. */
    public static final int DELETE = 2;
    private static final int ROLE_TIMER = 3;
    private static final long BUSY_RETRY_MS = 50;
    private static final int TIMER_LIMIT = 1024;

    private final AnchorRole role;
    private final EpochClock clock;
    private final BindingJournal journal;
    private final RouteProgrammer dataPlane;
    private final BindingCache cache = new BindingCache();
    private final MobilityRouting routing;
    private final long localHi;
    private final long localLo;
    private final long dataPlaneTimeoutMs;

    private final DeadlineQueue timers = new DeadlineQueue();
    private final DeadlineQueue.Handler timerHandler = this::onTimer;
    private final DeadlineQueue.Filter liveTimer = this::isLive;
    private final Long2ObjectHashMap<AnchorTransaction> pendingAcks = new Long2ObjectHashMap<>();
    private final ArrayDeque<AnchorTransaction> freeTransactions = new ArrayDeque<>();
    private final Int2ObjectHashMap<AnchorTransaction> transactionsByEntry = new Int2ObjectHashMap<>();
    private final LongHashSet resyncAcks = new LongHashSet();
    private final JournalReplayHandler replayHandler = new ReplayHandler();
    private long epoch;
    private boolean resyncRequested;

    private long rollbacks;
    private long resyncFailures;
    private long expired;
    private long dataPlaneTimeouts;

    /**
     * @param role the protocol-specific part.
     * @param dataPlane where tunnels and routes go.
     * @param clock wall clock (ms).
     * @param journal the binding journal (opened; {@link #start()} replays it).
     * @param localHi this node's tunnel endpoint (the LMA / HA address, or the data function's), upper word.
     * @param localLo lower word.
     * @param dataPlaneTimeoutMs acks missing after this fail the transaction.
     */
    public BindingAnchor(final AnchorRole role, final RouteProgrammer dataPlane, final EpochClock clock,
        final BindingJournal journal, final long localHi, final long localLo, final long dataPlaneTimeoutMs)
    {
        this.role = role;
        this.dataPlane = dataPlane;
        this.clock = clock;
        this.journal = journal;
        this.localHi = localHi;
        this.localLo = localLo;
        this.dataPlaneTimeoutMs = dataPlaneTimeoutMs;
        this.routing = new MobilityRouting(dataPlane, localHi, localLo);
    }

    /**
     * Replays the journal (expired bindings dropped, timers re-armed), compacts it when that pays, and sends the
     * data plane a full snapshot in a new epoch.
     *
     * @return bindings restored.
     */
    public int start()
    {
        journal.replay(replayHandler);
        final long now = clock.time();
        final List<BindingCacheEntry> gone = new ArrayList<>();
        for (final BindingCacheEntry e : cache.entries())
        {
            final boolean dead = e.state() == BindingState.ACTIVE ? e.expiresAtMs() <= now : e.deleteAtMs() <= now;
            if (dead)
            {
                gone.add(e);
                continue;
            }
            if (e.state() == BindingState.ACTIVE)
            {
                routing.acquireTunnel(e.proxyCoaHi(), e.proxyCoaLo());
                e.tunnelId(routing.tunnelOf(e.proxyCoaHi(), e.proxyCoaLo()));
                schedule(e, e.expiresAtMs(), EXPIRE);
            }
            else
            {
                schedule(e, e.deleteAtMs(), DELETE);
            }
        }
        for (final BindingCacheEntry e : gone)
        {
            release(e);
            expired++;
        }
        if (journal.records() > cache.size())
        {
            journal.compact(cache.entries());
        }
        resynchronise();
        return cache.size();
    }

    /** Sends the data plane every tunnel and route in a new epoch (it drops what the epoch does not re-send). */
    public void resynchronise()
    {
        resyncRequested = false;
        epoch = journal.nextEpoch(epoch, clock.time());
        resync(dataPlane.beginSnapshot(epoch));
        resync(dataPlane.addTunnelEndpoint(localHi, localLo));
        long entries = 1;
        for (final int tunnelId : routing.tunnelIds())
        {
            resync(routing.reprogramTunnel(tunnelId));
            entries++;
        }
        for (final BindingCacheEntry e : cache.entries())
        {
            if (e.state() == BindingState.ACTIVE)
            {
                final int n = role.destinationCount(e);
                for (int i = 0; i < n; i++)
                {
                    resync(role.route(routing, e, i, e.tunnelId()));
                    entries++;
                }
            }
        }
        resync(dataPlane.endSnapshot(entries));
    }

    private void resync(final long correlationId)
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

    /** The data plane asked for a snapshot: sent on the next {@link #onTick}. */
    public void onResyncRequest()
    {
        resyncRequested = true;
    }

    /**
     * Resynchronises when asked to, then fires due timers.
     *
     * @return work done.
     */
    public int onTick(final long nowMs)
    {
        int work = 0;
        if (resyncRequested)
        {
            resynchronise();
            work++;
        }
        return work + timers.poll(nowMs, timerHandler, TIMER_LIMIT);
    }

    /**
     * Starts a transaction on an entry (marked busy until it finishes).
     *
     * @param message the update being answered (copied).
     */
    public AnchorTransaction begin(final BindingUpdateMessage message, final BindingCacheEntry entry)
    {
        AnchorTransaction tx = freeTransactions.poll();
        if (tx == null)
        {
            tx = new AnchorTransaction();
        }
        tx.reset();
        tx.message.copyFrom(message);
        tx.entry = entry;
        entry.busy(true);
        return tx;
    }

    /**
     * @return the binding update whose transaction on this entry is in flight (owned by the transaction: read it,
     * do not keep it), or null when none is.
     */
    public BindingUpdateMessage inFlight(final BindingCacheEntry entry)
    {
        final AnchorTransaction tx = entry.isBusy() ? transactionsByEntry.get(entry.id()) : null;
        return tx == null ? null : tx.message;
    }

    /** Programs a binding just created for {@code tx} (a rollback deletes it) towards the care-of address. */
    public void programNew(final AnchorTransaction tx, final long careOfHi, final long careOfLo)
    {
        tx.created = true;
        program(tx, careOfHi, careOfLo);
    }

    /** Re-points an existing binding (handoff, CoA change, re-registration) towards the care-of address. */
    public void programMove(final AnchorTransaction tx, final long careOfHi, final long careOfLo)
    {
        tx.wasActive = tx.entry.state() == BindingState.ACTIVE;
        tx.oldTunnel = tx.entry.tunnelId();
        program(tx, careOfHi, careOfLo);
    }

    /** Make before break: the new tunnel (if any) and every route through it, then wait for the acks. */
    private void program(final AnchorTransaction tx, final long careOfHi, final long careOfLo)
    {
        expect(tx, routing.acquireTunnel(careOfHi, careOfLo));
        tx.newTunnel = routing.tunnelOf(careOfHi, careOfLo);
        final BindingCacheEntry e = tx.entry;
        final int n = role.destinationCount(e);
        for (int i = 0; i < n; i++)
        {
            expect(tx, role.route(routing, e, i, tx.newTunnel));
        }
        if (tx.outstanding == 0)
        {
            finish(tx);
            return;
        }
        // An ack that never comes (data plane gone) must not hold the binding busy forever.
        tx.deadline = clock.time() + dataPlaneTimeoutMs;
        transactionsByEntry.put(e.id(), tx);
        addTimer(tx.deadline, target(e.id(), TRANSACTION_TIMEOUT));
    }

    private void expect(final AnchorTransaction tx, final long correlationId)
    {
        if (correlationId == RouteProgrammer.NOT_SENT)
        {
            tx.failed = true;
        }
        else if (correlationId != 0)
        {
            tx.outstanding++;
            tx.correlationIds[tx.correlationCount++] = correlationId;
            pendingAcks.put(correlationId, tx);
        }
    }

    /** A data-plane ack: completes a transaction or a resynchronisation step. */
    public void onAck(final long correlationId, final boolean ok)
    {
        final AnchorTransaction tx = pendingAcks.remove(correlationId);
        if (tx == null)
        {
            if (resyncAcks.remove(correlationId) && !ok)
            {
                resyncFailures++;
            }
            return;
        }
        if (!ok)
        {
            tx.failed = true;
        }
        if (--tx.outstanding == 0)
        {
            finish(tx);
        }
    }

    private void finish(final AnchorTransaction tx)
    {
        final BindingCacheEntry e = tx.entry;
        transactionsByEntry.remove(e.id());
        if (!tx.failed)
        {
            if (tx.wasActive)
            {
                routing.releaseTunnel(tx.oldTunnel);
            }
            e.tunnelId(tx.newTunnel);
            role.onProgrammed(tx);
        }
        else
        {
            rollbacks++;
            final int n = role.destinationCount(e);
            if (tx.created)
            {
                for (int i = 0; i < n; i++)
                {
                    role.unroute(routing, e, i);
                }
                routing.releaseTunnel(tx.newTunnel);
                release(e);
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    if (tx.wasActive)
                    {
                        role.route(routing, e, i, tx.oldTunnel);
                    }
                    else
                    {
                        role.unroute(routing, e, i);
                    }
                }
                routing.releaseTunnel(tx.newTunnel);
                e.busy(false);
            }
            role.onProgrammingFailed(tx);
        }
        freeTransactions.add(tx);
    }

    /** Removes the binding's routes and its tunnel reference (de-registration); the entry stays. */
    public void unbind(final BindingCacheEntry e)
    {
        final int n = role.destinationCount(e);
        for (int i = 0; i < n; i++)
        {
            role.unroute(routing, e, i);
        }
        routing.releaseTunnel(e.tunnelId());
        e.tunnelId(0);
    }

    /** Deletes a binding: the role's resources, out of the cache, a delete in the journal. */
    public void release(final BindingCacheEntry e)
    {
        role.freeResources(e);
        e.timer(-1, 0);
        cache.remove(e);
        journal.appendDelete(e.id());
    }

    /** Appends the entry's current state to the journal (before the answer leaves). */
    public void record(final BindingCacheEntry e)
    {
        journal.appendUpsert(e);
    }

    /** Compacts the journal when it holds enough superseded records. */
    public void compactIfDue()
    {
        if (journal.needsCompaction())
        {
            journal.compact(cache.entries());
        }
    }

    /** Arms the entry's lifetime ({@link #EXPIRE}) or deletion ({@link #DELETE}) timer, replacing the pending one. */
    public void schedule(final BindingCacheEntry e, final long deadlineMs, final int kind)
    {
        if (e.timerDeadline() == deadlineMs && e.timerKind() == kind)
        {
            return; // already queued
        }
        addTimer(deadlineMs, target(e.id(), kind));
        e.timer(deadlineMs, kind);
    }

    private void addTimer(final long deadlineMs, final long target)
    {
        // Lazy cancellation: a replaced or finished timer stays queued and is ignored when it comes up; sweep when
        // they pile up (a transaction's time-out stays queued after its acks arrived, whatever the clock does).
        if (timers.size() > 4 * (cache.size() + transactionsByEntry.size() + role.roleTimerCount()) + 1024)
        {
            timers.retain(liveTimer);
        }
        timers.add(deadlineMs, target);
    }

    /** Adds a role timer for an id; it comes back through {@link AnchorRole#onRoleTimer}. */
    public void addRoleTimer(final long deadlineMs, final int id)
    {
        addTimer(deadlineMs, target(id, ROLE_TIMER));
    }

    private void onTimer(final long deadline, final long target)
    {
        final int id = (int)(target >>> 2);
        final int kind = (int)(target & 3);
        if (kind == TRANSACTION_TIMEOUT)
        {
            final AnchorTransaction tx = transactionsByEntry.get(id);
            if (tx != null && tx.deadline == deadline)
            {
                for (int i = 0; i < tx.correlationCount; i++)
                {
                    pendingAcks.remove(tx.correlationIds[i]); // late acks are then ignored
                }
                tx.failed = true;
                dataPlaneTimeouts++;
                finish(tx);
            }
            return;
        }
        if (kind == ROLE_TIMER)
        {
            role.onRoleTimer(id, deadline);
            return;
        }
        final BindingCacheEntry e = cache.byId(id);
        if (e == null || e.timerDeadline() != deadline || e.timerKind() != kind)
        {
            return; // rescheduled or deleted since
        }
        e.timer(-1, 0);
        if (e.isBusy())
        {
            schedule(e, clock.time() + BUSY_RETRY_MS, kind);
            return;
        }
        if (kind == EXPIRE && e.state() == BindingState.ACTIVE)
        {
            unbind(e);
        }
        release(e);
        expired++;
        compactIfDue();
    }

    private boolean isLive(final long deadline, final long target)
    {
        final int id = (int)(target >>> 2);
        final int kind = (int)(target & 3);
        if (kind == TRANSACTION_TIMEOUT)
        {
            final AnchorTransaction tx = transactionsByEntry.get(id);
            return tx != null && tx.deadline == deadline;
        }
        if (kind == ROLE_TIMER)
        {
            return role.isRoleTimerLive(id, deadline);
        }
        final BindingCacheEntry e = cache.byId(id);
        return e != null && e.timerDeadline() == deadline && e.timerKind() == kind;
    }

    private static long target(final int id, final int kind)
    {
        return ((long)id << 2) | kind;
    }

    /**
     * Administrative: deletes a binding now (routes, tunnel reference, the role's resources, a delete in the
     * journal).
     *
     * @return false when there is no such binding or a transaction for it is in flight.
     */
    public boolean deleteBinding(final int id)
    {
        final BindingCacheEntry e = cache.byId(id);
        if (e == null || e.isBusy())
        {
            return false;
        }
        if (e.state() == BindingState.ACTIVE)
        {
            unbind(e);
        }
        release(e);
        compactIfDue();
        return true;
    }

    /** Rebuilds the cache from the journal's records (later records win). */
    private final class ReplayHandler implements JournalReplayHandler
    {
        public void onUpsert(final BindingRecord r)
        {
            BindingCacheEntry e = cache.byId(r.id());
            if (e != null)
            {
                forget(e);
            }
            e = cache.create(r.id(), r.mnId(), 0, r.mnIdLength());
            if (!role.restore(r, e))
            {
                cache.remove(e);
                return;
            }
            r.restoreInto(e);
        }

        public void onDelete(final int id)
        {
            final BindingCacheEntry e = cache.byId(id);
            if (e != null)
            {
                forget(e);
            }
        }

        private void forget(final BindingCacheEntry e)
        {
            role.freeResources(e);
            cache.remove(e);
        }
    }

    /** @return the binding cache (read it on the agent thread). */
    public BindingCache cache()
    {
        return cache;
    }

    /** @return the mobility routing state. */
    public MobilityRouting routing()
    {
        return routing;
    }

    /** @return the data-plane epoch of the last resynchronisation. */
    public long epoch()
    {
        return epoch;
    }

    /** @return transactions rolled back after a data-plane refusal or timeout. */
    public long rollbacks()
    {
        return rollbacks;
    }

    /** @return bindings removed by lifetime expiry, deletion delay, or dropped as expired at start. */
    public long expired()
    {
        return expired;
    }

    /** @return transactions failed because the data plane did not answer in time. */
    public long dataPlaneTimeouts()
    {
        return dataPlaneTimeouts;
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
