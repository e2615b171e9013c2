package net.dmmgw.ipc;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * What the {@link StateAgent} counts, in a {@link CountersManager} so that tools read them from
 * outside the process. The agent is the only writer: increments are release stores, not
 * contended atomics.
 */
public final class StateAgentCounters
{
    /** Type id of every counter here, for readers that filter by type. */
    public static final int TYPE_ID = 7201;

    final AtomicCounter received;
    final AtomicCounter applied;
    final AtomicCounter errors;
    final AtomicCounter malformed;
    final AtomicCounter acksDropped;
    final AtomicCounter puntsSent;
    final AtomicCounter puntsDropped;
    final AtomicCounter injected;
    final AtomicCounter injectFailed;
    final AtomicCounter heartbeatsReceived;
    final AtomicCounter controlAlive;
    final AtomicCounter epoch;
    final AtomicCounter resyncRequests;
    final AtomicCounter staleRemoved;
    final AtomicCounter snapshotsAbandoned;

    /**
     * @param countersManager where the counters are allocated.
     */
    public StateAgentCounters(final CountersManager countersManager)
    {
        received = countersManager.newCounter("ipc: control messages received", TYPE_ID);
        applied = countersManager.newCounter("ipc: control messages applied", TYPE_ID);
        errors = countersManager.newCounter("ipc: control messages refused", TYPE_ID);
        malformed = countersManager.newCounter("ipc: control messages malformed", TYPE_ID);
        acksDropped = countersManager.newCounter("ipc: acks not delivered", TYPE_ID);
        puntsSent = countersManager.newCounter("ipc: punts sent to control", TYPE_ID);
        puntsDropped = countersManager.newCounter("ipc: punts not delivered (control unreachable)", TYPE_ID);
        injected = countersManager.newCounter("ipc: frames injected", TYPE_ID);
        injectFailed = countersManager.newCounter("ipc: frames not injected", TYPE_ID);
        heartbeatsReceived = countersManager.newCounter("ipc: control heartbeats received", TYPE_ID);
        controlAlive = countersManager.newCounter("ipc: control alive", TYPE_ID);
        epoch = countersManager.newCounter("ipc: state epoch", TYPE_ID);
        resyncRequests = countersManager.newCounter("ipc: resync requests sent", TYPE_ID);
        staleRemoved = countersManager.newCounter("ipc: stale entries removed by snapshots", TYPE_ID);
        snapshotsAbandoned = countersManager.newCounter("ipc: snapshots abandoned (control went quiet)", TYPE_ID);
    }

    /** @return control messages received. */
    public long received()
    {
        return received.get();
    }

    /** @return control messages applied and acknowledged OK. */
    public long applied()
    {
        return applied.get();
    }

    /** @return control messages refused with an error ack. */
    public long errors()
    {
        return errors.get();
    }

    /** @return control messages that could not be decoded. */
    public long malformed()
    {
        return malformed.get();
    }

    /** @return punts published to control. */
    public long puntsSent()
    {
        return puntsSent.get();
    }

    /** @return control heartbeats received. */
    public long heartbeatsReceived()
    {
        return heartbeatsReceived.get();
    }

    /** @return 1 while control heartbeats arrive in time, else 0. */
    public long controlAlive()
    {
        return controlAlive.get();
    }

    /** @return resync requests sent. */
    public long resyncRequests()
    {
        return resyncRequests.get();
    }

    /** @return entries removed at the end of snapshots. */
    public long staleRemoved()
    {
        return staleRemoved.get();
    }

    /** @return snapshots given up because their control went quiet or a newer one appeared. */
    public long snapshotsAbandoned()
    {
        return snapshotsAbandoned.get();
    }

    /** @return frames injected. */
    public long injected()
    {
        return injected.get();
    }
}
