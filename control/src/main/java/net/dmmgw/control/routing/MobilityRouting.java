package net.dmmgw.control.routing;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Mobility routing (draft-chan-dmm-framework): turns bindings into data-plane state. One IPv6-in-IPv6 tunnel per
 * peer (LMA–MAG pair), shared by every binding through that peer and reference-counted; at an LMA one destination
 * route per /64 HNP into the peer's tunnel; at a MAG one source route per HNP into the LMA's tunnel (uplink) and
 * one delivery route per HNP onto the access port (downlink). Every method returns the correlation id of the call it made (or
 * {@link RouteProgrammer#NOT_SENT}); 0 means nothing had to be sent.
 */
public final class MobilityRouting
{
    /** Length of the prefixes mobility routes (a home network prefix, an anchored prefix). */
    public static final int HNP_LENGTH = 64;

    private final RouteProgrammer programmer;
    private final long localHi;
    private final long localLo;
    private final Long2ObjectHashMap<Tunnel> byPeerHash = new Long2ObjectHashMap<>();
    private final Int2ObjectHashMap<Tunnel> byId = new Int2ObjectHashMap<>();
    private int nextTunnelId = 1;
    private Tunnel free; // released tunnel objects, reused so that handovers do not allocate

    /** One tunnel towards a peer. */
    private static final class Tunnel
    {
        int id;
        long remoteHi;
        long remoteLo;
        int references;
        Tunnel next;

        Tunnel set(final int id, final long remoteHi, final long remoteLo)
        {
            this.id = id;
            this.remoteHi = remoteHi;
            this.remoteLo = remoteLo;
            this.next = null;
            return this;
        }
    }

    /**
     * @param programmer the data plane.
     * @param localHi this node's tunnel endpoint, upper word.
     * @param localLo lower word.
     */
    public MobilityRouting(final RouteProgrammer programmer, final long localHi, final long localLo)
    {
        this.programmer = programmer;
        this.localHi = localHi;
        this.localLo = localLo;
    }

    /** @return the data plane. */
    public RouteProgrammer programmer()
    {
        return programmer;
    }

    /** @return the tunnel id towards the peer, 0 when none exists. */
    public int tunnelOf(final long peerHi, final long peerLo)
    {
        final Tunnel t = find(peerHi, peerLo);
        return t == null ? 0 : t.id;
    }

    /** @return references held on a tunnel, 0 when it does not exist. */
    public int references(final int tunnelId)
    {
        final Tunnel t = byId.get(tunnelId);
        return t == null ? 0 : t.references;
    }

    /** @return tunnels in use. */
    public int tunnelCount()
    {
        return byId.size();
    }

    /**
     * Takes a reference on the tunnel towards a peer, programming it when it is new.
     *
     * @return the correlation id of the tunnel set-up, or 0 when the tunnel existed; the id is {@link #tunnelOf}.
     */
    public long acquireTunnel(final long peerHi, final long peerLo)
    {
        final Tunnel t = reference(peerHi, peerLo);
        return t == null ? 0 : programmer.setTunnel(t.id, localHi, localLo, peerHi, peerLo);
    }

    /**
     * Takes a reference on the tunnel towards a peer without programming anything: a binding restored from a journal,
     * whose tunnels the resynchronisation snapshot that follows sends ({@link #beginSnapshot}).
     *
     * @return the tunnel id.
     */
    public int restoreTunnel(final long peerHi, final long peerLo)
    {
        reference(peerHi, peerLo);
        return tunnelOf(peerHi, peerLo);
    }

    /** @return the tunnel when the reference created it, null when it existed. */
    private Tunnel reference(final long peerHi, final long peerLo)
    {
        Tunnel t = find(peerHi, peerLo);
        if (t != null)
        {
            t.references++;
            return null;
        }
        if (free != null)
        {
            t = free;
            free = t.next;
        }
        else
        {
            t = new Tunnel();
        }
        t.set(nextTunnelId++, peerHi, peerLo);
        t.references = 1;
        final long hash = hash(peerHi, peerLo);
        t.next = byPeerHash.get(hash);
        byPeerHash.put(hash, t);
        byId.put(t.id, t);
        return t;
    }

    /**
     * Drops a reference; the tunnel is removed with the last one.
     *
     * @return the correlation id of the removal, or 0.
     */
    public long releaseTunnel(final int tunnelId)
    {
        final Tunnel t = byId.get(tunnelId);
        if (t == null || --t.references > 0)
        {
            return 0;
        }
        byId.remove(tunnelId);
        final long hash = hash(t.remoteHi, t.remoteLo);
        Tunnel head = byPeerHash.get(hash);
        if (head == t)
        {
            if (t.next == null)
            {
                byPeerHash.remove(hash);
            }
            else
            {
                byPeerHash.put(hash, t.next);
            }
        }
        else
        {
            while (head.next != t)
            {
                head = head.next;
            }
            head.next = t.next;
        }
        final long correlationId = programmer.removeTunnel(tunnelId);
        t.next = free;
        free = t;
        return correlationId;
    }

    /** Routes a /64 HNP into a tunnel. */
    public long routePrefix(final long prefixHi, final int tunnelId)
    {
        return programmer.addTunnelRoute(prefixHi, 0, HNP_LENGTH, tunnelId);
    }

    /** Removes the route of a /64 HNP. */
    public long unroutePrefix(final long prefixHi)
    {
        return programmer.removeRoute(prefixHi, 0, HNP_LENGTH);
    }

    /** Routes traffic sourced from a /64 HNP into a tunnel (a MAG's uplink towards the LMA). */
    public long reverseRoutePrefix(final long prefixHi, final int tunnelId)
    {
        return programmer.addSourceTunnelRoute(prefixHi, 0, HNP_LENGTH, tunnelId);
    }

    /** Removes the source route of a /64 HNP. */
    public long unreverseRoutePrefix(final long prefixHi)
    {
        return programmer.removeSourceRoute(prefixHi, 0, HNP_LENGTH);
    }

    /** Delivers a /64 HNP to the mobile node on an access port (a MAG's downlink). */
    public long deliverPrefix(final long prefixHi, final int port)
    {
        return programmer.addDeliverRoute(prefixHi, 0, HNP_LENGTH, port);
    }

    /** Forgets every tunnel without programming anything (before a resynchronisation rebuilds them). */
    public void reset()
    {
        byPeerHash.clear();
        byId.clear();
    }

    /**
     * Opens a resynchronisation snapshot in {@code epoch}: the snapshot's begin, this node's tunnel endpoint and every
     * tunnel in use, each call recorded in {@code acks}; the caller adds its routes and ends the snapshot.
     *
     * @return entries sent (the endpoint and the tunnels), for the snapshot's end.
     */
    public long beginSnapshot(final long epoch, final AckTracker<?> acks)
    {
        acks.resync(programmer.beginSnapshot(epoch));
        acks.resync(programmer.addTunnelEndpoint(localHi, localLo));
        long entries = 1;
        for (final int tunnelId : byId.keySet())
        {
            acks.resync(reprogramTunnel(tunnelId));
            entries++;
        }
        return entries;
    }

    /**
     * Re-sends a tunnel for the snapshot of a resynchronisation.
     *
     * @return correlation id.
     */
    public long reprogramTunnel(final int tunnelId)
    {
        final Tunnel t = byId.get(tunnelId);
        return t == null ? RouteProgrammer.NOT_SENT :
            programmer.setTunnel(t.id, localHi, localLo, t.remoteHi, t.remoteLo);
    }

    /**
     * A tunnel as an administrator sees it (a copy).
     *
     * @param id tunnel id.
     * @param local this node's endpoint.
     * @param remote the peer's endpoint.
     * @param references bindings using it.
     */
    public record TunnelView(int id, String local, String remote, int references)
    {
    }

    /** @return the tunnels in use, by id (owning thread only; allocates). */
    public java.util.List<TunnelView> tunnels()
    {
        final java.util.List<TunnelView> views = new java.util.ArrayList<>(byId.size());
        for (final Tunnel t : byId.values())
        {
            views.add(new TunnelView(t.id, net.dmmgw.ipc.Ipv6Words.text(localHi, localLo),
                net.dmmgw.ipc.Ipv6Words.text(t.remoteHi, t.remoteLo), t.references));
        }
        views.sort(java.util.Comparator.comparingInt(TunnelView::id));
        return views;
    }

    /** @return ids of the tunnels in use (owning thread only). */
    public Iterable<Integer> tunnelIds()
    {
        return byId.keySet();
    }

    private Tunnel find(final long hi, final long lo)
    {
        for (Tunnel t = byPeerHash.get(hash(hi, lo)); t != null; t = t.next)
        {
            if (t.remoteHi == hi && t.remoteLo == lo)
            {
                return t;
            }
        }
        return null;
    }

    private static long hash(final long hi, final long lo)
    {
        return hi * 0x9E3779B97F4A7C15L ^ lo;
    }
}
