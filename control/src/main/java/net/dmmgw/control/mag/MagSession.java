package net.dmmgw.control.mag;

import java.util.Arrays;

import net.dmmgw.control.journal.JournalledSession;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.routing.AckTracker;
import net.dmmgw.ipc.Ipv6Words;

/**
 * One Binding Update List entry of the MAG (wire-formats §4.1): the location-management entry (MN-ID, MN-LL-ID,
 * HNPs, ATT, LMA address as its Proxy-CoA field, lifetime, tunnel) plus what only a MAG tracks: the access port and
 * MAC of the mobile node, the PBU outstanding and its retransmission state, the data-plane acks awaited, the
 * timers, and the node's addresses in its HNP learnt from Neighbour Discovery. Owned by the agent thread.
 */
final class MagSession extends JournalledSession
{
    /** Initial PBU outstanding; no service yet. */
    static final int REGISTERING = 0;
    /** PBA accepted; waiting for the data plane to acknowledge the tunnel and routes before the RA. */
    static final int PROGRAMMING = 1;
    /** Served: routes in place, RAs sent. */
    static final int REGISTERED = 2;
    /** Served, refresh PBU outstanding. */
    static final int REFRESHING = 3;
    /** Detached: de-registration PBU outstanding, routes already removed. */
    static final int DEREGISTERING = 4;

    static final int RETRANSMIT = 0;
    static final int REFRESH = 1;
    static final int ADVERTISE = 2;
    static final int EXPIRE = 3;
    static final int DATA_PLANE = 4;
    static final int TIMER_KINDS = 5;

    /** Most addresses of one node learnt as neighbours (beyond: not learnt, counted). */
    static final int MAX_NEIGHBOURS = 8;

    final BindingCacheEntry entry;
    final long mac;
    final byte[] macOctets;
    int port;
    long linkLocalHi;
    long linkLocalLo;
    int phase;
    /** When the attachment was seen (ms), -1 once the first registration was served. */
    long attachSeenMs = -1;

    /** Sequence # of the latest copy of the PBU outstanding, -1 when none is. */
    int pendingSequence = -1;
    /** Sequence # of the first copy of the PBU outstanding: its copies span first..latest (mod 2^16). */
    int pendingFirstSequence = -1;
    int pendingLifetime;
    int pendingHandoffIndicator;
    int retransmissions;
    long timeoutMs;
    int grantedUnits;
    /** Remote end of the session's tunnel: the LMA's address, or the user-plane address its first PBA gave. */
    long tunnelHi;
    long tunnelLo;

    final long[] deadlines = new long[TIMER_KINDS];

    /** The data-plane calls of the registration being programmed. */
    final AckTracker.Change<MagSession> change =
        new AckTracker.Change<>(this, 3 * BindingCacheEntry.MAX_PREFIXES + MAX_NEIGHBOURS + 2);

    final long[] neighbourHi = new long[MAX_NEIGHBOURS];
    final long[] neighbourLo = new long[MAX_NEIGHBOURS];
    int neighbourCount;

    MagSession(final BindingCacheEntry entry, final int port, final long mac)
    {
        this.entry = entry;
        this.port = port;
        this.mac = mac;
        this.macOctets = Ipv6Words.macOctets(mac);
        Arrays.fill(deadlines, -1);
    }

    /** {@inheritDoc} */
    public BindingCacheEntry entry()
    {
        return entry;
    }

    /** @return whether a PBA with this Sequence # answers a copy of the PBU outstanding. */
    boolean isCopyOfPending(final int sequence)
    {
        return pendingSequence >= 0 &&
            net.dmmgw.control.location.MessageOrdering.isWithinCopies(sequence, pendingFirstSequence, pendingSequence);
    }

    /** @return true while the node is served (routes in place). */
    boolean isServed()
    {
        return phase == REGISTERED || phase == REFRESHING;
    }

    /** @return the index of a learnt neighbour address, -1 when unknown. */
    int neighbourIndex(final long hi, final long lo)
    {
        for (int i = 0; i < neighbourCount; i++)
        {
            if (neighbourHi[i] == hi && neighbourLo[i] == lo)
            {
                return i;
            }
        }
        return -1;
    }

    /** @return the interface identifier of the MAC in modified EUI-64 form (RFC 4291 Appendix A). */
    long eui64()
    {
        final long upper = (mac >>> 24) ^ 0x02_0000L;
        return (upper << 40) | (0xFFFEL << 24) | (mac & 0xFF_FFFFL);
    }
}
