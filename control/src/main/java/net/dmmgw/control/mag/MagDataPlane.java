package net.dmmgw.control.mag;

import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.routing.AckTracker;
import net.dmmgw.control.routing.MobilityRouting;
import net.dmmgw.control.routing.RouteProgrammer;

/**
 * What a MAG programs for its nodes (RFC 5213 §6.10): the tunnel to the LMA (one per remote end, shared by reference
 * count; the remote end is the LMA's user-plane address when its PBA gave one, RFC 7389), per
 * HNP a source route into it (uplink) and a delivery route on the access port (downlink), and the node's addresses
 * as neighbours (port, address → MAC). Registration changes are tracked through an {@link AckTracker} so that the
 * RA waits for them; removals are fire-and-forget. Snapshots re-send everything in a new epoch.
 */
final class MagDataPlane
{
    private final RouteProgrammer programmer;
    private final MobilityRouting routing;
    private final AckTracker<MagSession> acks = new AckTracker<>();
    private long epoch;

    MagDataPlane(final RouteProgrammer programmer, final long magHi, final long magLo)
    {
        this.programmer = programmer;
        this.routing = new MobilityRouting(programmer, magHi, magLo);
    }

    /**
     * Programs a newly accepted session: tunnel reference, routes, and the modified-EUI-64 address of each HNP as a
     * neighbour until the node's own addresses are learnt.
     *
     * @return true when nothing has to be awaited (every call answered already, or one not sent: see
     *     {@link #failed}).
     */
    boolean program(final MagSession s)
    {
        final AckTracker.Change<MagSession> change = s.change;
        acks.begin(change);
        final BindingCacheEntry e = s.entry;
        acks.expect(change, routing.acquireTunnel(s.tunnelHi, s.tunnelLo));
        e.tunnelId(routing.tunnelOf(s.tunnelHi, s.tunnelLo));
        final long eui64 = s.eui64();
        for (int i = 0; i < e.prefixCount(); i++)
        {
            acks.expect(change, routing.reverseRoutePrefix(e.prefix(i), e.tunnelId()));
            acks.expect(change, routing.deliverPrefix(e.prefix(i), s.port));
            if (s.neighbourCount < MagSession.MAX_NEIGHBOURS && s.neighbourIndex(e.prefix(i), eui64) < 0)
            {
                s.neighbourHi[s.neighbourCount] = e.prefix(i);
                s.neighbourLo[s.neighbourCount++] = eui64;
                acks.expect(change, programmer.setNeighbour(s.port, e.prefix(i), eui64, s.mac));
            }
        }
        return change.outstanding() == 0;
    }

    /**
     * A session restored from the journal: its tunnel reference and the modified-EUI-64 neighbour of each HNP, sent
     * by the snapshot that follows (the node's other addresses are learnt again from its DAD / NA).
     */
    void restore(final MagSession s)
    {
        final BindingCacheEntry e = s.entry;
        routing.acquireTunnel(s.tunnelHi, s.tunnelLo);
        e.tunnelId(routing.tunnelOf(s.tunnelHi, s.tunnelLo));
        final long eui64 = s.eui64();
        for (int i = 0; i < e.prefixCount() && s.neighbourCount < MagSession.MAX_NEIGHBOURS; i++)
        {
            s.neighbourHi[s.neighbourCount] = e.prefix(i);
            s.neighbourLo[s.neighbourCount++] = eui64;
        }
    }

    /** @return the session whose registration the ack completed, or null. */
    MagSession onAck(final long correlationId, final boolean ok)
    {
        final AckTracker.Change<MagSession> completed = acks.onAck(correlationId, ok);
        return completed == null ? null : completed.owner();
    }

    /** Stops waiting for the session's acks. @return true when a call was refused, not sent, or timed out. */
    boolean settle(final MagSession s)
    {
        acks.forget(s.change);
        return s.change.failed();
    }

    /** Declares the session's registration failed (its acks did not come in time). */
    void timedOut(final MagSession s)
    {
        s.change.fail();
    }

    /** Stops waiting for the session's acks (it is going away). */
    void forget(final MagSession s)
    {
        acks.forget(s.change);
    }

    /** Removes what {@link #program} and {@link #learn} installed. */
    void unprogram(final MagSession s)
    {
        final BindingCacheEntry e = s.entry;
        acks.forget(s.change); // late acks are then ignored
        for (int i = 0; i < e.prefixCount(); i++)
        {
            routing.unreverseRoutePrefix(e.prefix(i));
            routing.unroutePrefix(e.prefix(i));
        }
        for (int i = 0; i < s.neighbourCount; i++)
        {
            programmer.removeNeighbour(s.port, s.neighbourHi[i], s.neighbourLo[i]);
        }
        s.neighbourCount = 0;
        if (e.tunnelId() != 0)
        {
            routing.releaseTunnel(e.tunnelId());
            e.tunnelId(0);
        }
    }

    /** A served node's address (from DAD or an NA). @return false when it holds MAX_NEIGHBOURS already. */
    boolean learn(final MagSession s, final long hi, final long lo)
    {
        if (s.neighbourCount == MagSession.MAX_NEIGHBOURS)
        {
            return false;
        }
        s.neighbourHi[s.neighbourCount] = hi;
        s.neighbourLo[s.neighbourCount++] = lo;
        programmer.setNeighbour(s.port, hi, lo, s.mac);
        return true;
    }

    /** A served node appeared on another access port: its deliveries and neighbours follow it. */
    void move(final MagSession s, final int oldPort)
    {
        final BindingCacheEntry e = s.entry;
        for (int i = 0; i < e.prefixCount(); i++)
        {
            routing.deliverPrefix(e.prefix(i), s.port);
        }
        for (int i = 0; i < s.neighbourCount; i++)
        {
            programmer.setNeighbour(s.port, s.neighbourHi[i], s.neighbourLo[i], s.mac);
            programmer.removeNeighbour(oldPort, s.neighbourHi[i], s.neighbourLo[i]);
        }
    }

    /**
     * Sends the data plane everything in a new epoch (≥ the wall clock in ms): the tunnel endpoint, the tunnel,
     * and every served node's routes and neighbours; it drops what the epoch does not re-send.
     */
    void resynchronise(final long nowMs, final Iterable<MagSession> sessions)
    {
        epoch = Math.max(epoch + 1, nowMs);
        long entries = routing.beginSnapshot(epoch, acks);
        for (final MagSession s : sessions)
        {
            if (s.isServed())
            {
                final BindingCacheEntry e = s.entry;
                for (int i = 0; i < e.prefixCount(); i++)
                {
                    acks.resync(routing.reverseRoutePrefix(e.prefix(i), e.tunnelId()));
                    acks.resync(routing.deliverPrefix(e.prefix(i), s.port));
                    entries += 2;
                }
                for (int i = 0; i < s.neighbourCount; i++)
                {
                    acks.resync(programmer.setNeighbour(s.port, s.neighbourHi[i], s.neighbourLo[i], s.mac));
                    entries++;
                }
            }
        }
        acks.resync(programmer.endSnapshot(entries));
    }

    MobilityRouting routing()
    {
        return routing;
    }

    long epoch()
    {
        return epoch;
    }

    long resyncFailures()
    {
        return acks.resyncFailures();
    }

    int resyncPending()
    {
        return acks.resyncPending();
    }
}
