package net.dmmgw.control.neighbour;

import net.dmmgw.control.mag.NeighbourSolicitationWriter;
import net.dmmgw.control.routing.RouteProgrammer;
import net.dmmgw.control.transport.FrameInjector;

/**
 * The hosts of the prefixes a node serves on its own access links (RFC 4861 §7.2 address resolution for on-link
 * destinations, e.g. the nodes on a FAMA DAR's link, whose CGA addresses nobody configured): each on-link prefix is
 * a DELIVER route out of its port; a packet the fast path punts because it has no MAC for a destination inside one
 * makes that destination a host to resolve (a multicast NS from the port's address and MAC at the next tick, again
 * every interval, {@link #MAX_SOLICITATIONS} times at most); an NA for a host of an on-link prefix on its port
 * (solicited or not) programs the neighbour. Resolved hosts are re-sent inside every snapshot.
 * <p>
 * Bounded: {@link #MAX_PREFIXES} prefixes, {@link #MAX_HOSTS} hosts (a host that never answered is forgotten after
 * its last solicitation; when the table is full, further destinations are counted and not resolved). Single-threaded
 * (the node agent's); allocation-free once built. Not done: NUD of resolved hosts (a host that moved away is probed
 * again only when the fast path punts for it, i.e. after the data plane lost its entry).
 */
final class OnLinkHosts
{
    /** On-link prefixes at most. */
    static final int MAX_PREFIXES = 8;
    /** Hosts (pending or resolved) at most. */
    static final int MAX_HOSTS = 256;
    /** Solicitations for a host before it is given up. */
    static final int MAX_SOLICITATIONS = 3;

    private final long solicitIntervalMs;
    private final RouteProgrammer dataPlane;
    private final NeighbourSolicitationWriter solicitation = new NeighbourSolicitationWriter();
    private int prefixes;
    private final int[] prefixPort = new int[MAX_PREFIXES];
    private final long[] prefixHi = new long[MAX_PREFIXES];
    private final long[] prefixLo = new long[MAX_PREFIXES];
    private final int[] prefixLength = new int[MAX_PREFIXES];
    private final long[] sourceMac = new long[MAX_PREFIXES];
    private final long[] sourceHi = new long[MAX_PREFIXES];
    private final long[] sourceLo = new long[MAX_PREFIXES];
    private final boolean[] used = new boolean[MAX_HOSTS];
    private final int[] hostPrefix = new int[MAX_HOSTS];
    private final long[] hostHi = new long[MAX_HOSTS];
    private final long[] hostLo = new long[MAX_HOSTS];
    private final long[] hostMac = new long[MAX_HOSTS]; // 0 = unresolved
    private final long[] nextSolicitationMs = new long[MAX_HOSTS];
    private final int[] solicitations = new int[MAX_HOSTS];
    private long lastTickMs;

    private long resolved;
    private long solicitationsSent;
    private long tableFull;
    private long givenUp;

    OnLinkHosts(final long solicitIntervalMs, final RouteProgrammer dataPlane)
    {
        this.solicitIntervalMs = solicitIntervalMs;
        this.dataPlane = dataPlane;
    }

    /** Adds an on-link prefix of a port, with the address and MAC its solicitations leave from. */
    void add(final int port, final long hi, final long lo, final int length, final long mac, final long fromHi,
        final long fromLo)
    {
        if (prefixes == MAX_PREFIXES)
        {
            throw new IllegalStateException("more than " + MAX_PREFIXES + " on-link prefixes");
        }
        prefixPort[prefixes] = port;
        prefixHi[prefixes] = hi;
        prefixLo[prefixes] = lo;
        prefixLength[prefixes] = length;
        sourceMac[prefixes] = mac;
        sourceHi[prefixes] = fromHi;
        sourceLo[prefixes] = fromLo;
        prefixes++;
    }

    /**
     * A destination the fast path could not deliver for want of a MAC.
     *
     * @return false when no on-link prefix covers it (not ours).
     */
    boolean onUnresolved(final int port, final long hi, final long lo)
    {
        final int p = prefixOf(hi, lo);
        if (p < 0)
        {
            return false;
        }
        final int h = find(hi, lo);
        if (h >= 0)
        {
            if (hostMac[h] != 0) // stale, or the data plane lost it: solicit at the next tick
            {
                hostMac[h] = 0;
                solicitations[h] = 0;
                nextSolicitationMs[h] = lastTickMs;
            }
            return true;
        }
        claim(p, hi, lo);
        return true;
    }

    /**
     * A Neighbour Advertisement arrived on a port.
     *
     * @return true when its target is a host of an on-link prefix of that port (consumed).
     */
    boolean onAdvertisement(final int port, final long targetHi, final long targetLo, final long mac)
    {
        final int p = prefixOf(targetHi, targetLo);
        if (p < 0 || prefixPort[p] != port)
        {
            return false;
        }
        int h = find(targetHi, targetLo);
        if (h < 0 && (h = claim(p, targetHi, targetLo)) < 0)
        {
            return true;
        }
        if (hostMac[h] != mac && dataPlane.setNeighbour(port, targetHi, targetLo, mac) != RouteProgrammer.NOT_SENT)
        {
            hostMac[h] = mac;
            resolved++;
        }
        return true;
    }

    /**
     * Solicits the unresolved hosts that are due.
     *
     * @return solicitations sent.
     */
    int onTick(final long nowMs, final FrameInjector injector)
    {
        lastTickMs = nowMs;
        int work = 0;
        for (int h = 0; h < MAX_HOSTS; h++)
        {
            if (!used[h] || hostMac[h] != 0 || nowMs < nextSolicitationMs[h])
            {
                continue;
            }
            if (solicitations[h] == MAX_SOLICITATIONS)
            {
                used[h] = false; // no answer: forgotten until the fast path punts for it again
                givenUp++;
                continue;
            }
            solicitations[h]++;
            nextSolicitationMs[h] = nowMs + solicitIntervalMs;
            final int p = hostPrefix[h];
            final int n = solicitation.write(sourceMac[p], sourceHi[p], sourceLo[p], hostHi[h], hostLo[h]);
            if (injector != null && injector.inject(prefixPort[p], solicitation.frame(), 0, n))
            {
                solicitationsSent++;
            }
            work++;
        }
        return work;
    }

    /** Sends the on-link DELIVER routes and the resolved hosts (inside a snapshot). @return calls made. */
    int program(final RouteProgrammer target)
    {
        int calls = 0;
        for (int p = 0; p < prefixes; p++)
        {
            target.addDeliverRoute(prefixHi[p], prefixLo[p], prefixLength[p], prefixPort[p]);
            calls++;
        }
        for (int h = 0; h < MAX_HOSTS; h++)
        {
            if (used[h] && hostMac[h] != 0)
            {
                target.setNeighbour(prefixPort[hostPrefix[h]], hostHi[h], hostLo[h], hostMac[h]);
                calls++;
            }
        }
        return calls;
    }

    private int prefixOf(final long hi, final long lo)
    {
        int best = -1;
        for (int p = 0; p < prefixes; p++)
        {
            if ((best < 0 || prefixLength[p] > prefixLength[best]) &&
                NeighbourResolver.covers(prefixHi[p], prefixLo[p], prefixLength[p], hi, lo))
            {
                best = p;
            }
        }
        return best;
    }

    /** @return a new unresolved host's slot (solicited at the next tick), -1 when the table is full (counted). */
    private int claim(final int prefix, final long hi, final long lo)
    {
        final int h = free();
        if (h < 0)
        {
            tableFull++;
            return -1;
        }
        used[h] = true;
        hostPrefix[h] = prefix;
        hostHi[h] = hi;
        hostLo[h] = lo;
        hostMac[h] = 0;
        solicitations[h] = 0;
        nextSolicitationMs[h] = lastTickMs;
        return h;
    }

    private int find(final long hi, final long lo)
    {
        for (int h = 0; h < MAX_HOSTS; h++)
        {
            if (used[h] && hostHi[h] == hi && hostLo[h] == lo)
            {
                return h;
            }
        }
        return -1;
    }

    private int free()
    {
        for (int h = 0; h < MAX_HOSTS; h++)
        {
            if (!used[h])
            {
                return h;
            }
        }
        return -1;
    }

    /** @return true when the host has a MAC. */
    boolean isResolved(final long hi, final long lo)
    {
        final int h = find(hi, lo);
        return h >= 0 && hostMac[h] != 0;
    }

    long resolved()
    {
        return resolved;
    }

    long solicitationsSent()
    {
        return solicitationsSent;
    }

    long tableFull()
    {
        return tableFull;
    }

    long givenUp()
    {
        return givenUp;
    }
}
