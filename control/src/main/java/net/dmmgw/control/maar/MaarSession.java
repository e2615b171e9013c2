package net.dmmgw.control.maar;

import java.util.Arrays;

import net.dmmgw.control.dmm.PreviousMaarList;
import net.dmmgw.control.journal.JournalledSession;
import net.dmmgw.control.journal.PeerPrefixes;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.routing.AckTracker;

/**
 * One mobile node at a MAAR: the local BCE (MN-ID, the /64 anchored here, the CMD as Proxy-CoA), and by role
 * <ul>
 * <li>serving: the access port and MAC, the P-MAAR list (each element's state is the tunnel id towards it), the PBU
 * outstanding;</li>
 * <li>previous: the current S-MAAR and the one tunnel towards it.</li>
 * </ul>
 * In the journal ({@link net.dmmgw.control.journal.SessionJournal}): the entry (MN-ID, the MAC as MN-LL-ID, the
 * anchored /64, the CMD as Proxy-CoA, absolute expiry or 0 when stopped, the last Sequence # sent, ATT, access port),
 * the role, attached and registered as flags, and as peers the P-MAAR list (serving) or the S-MAAR with the anchored
 * prefix (previous).
 */
final class MaarSession extends JournalledSession
{
    /** Journal flags. */
    static final int FLAG_PREVIOUS = 1;
    static final int FLAG_ATTACHED = 2;
    static final int FLAG_REGISTERED = 4;
    static final int FLAGS_KNOWN = FLAG_PREVIOUS | FLAG_ATTACHED | FLAG_REGISTERED;

    static final int SERVING = 1;
    static final int PREVIOUS = 2;

    static final int RETRANSMIT = 0;
    static final int REFRESH = 1;
    static final int EXPIRE = 2;
    static final int ADVERTISE = 3;
    static final int DATA_PLANE = 4;
    static final int TIMER_KINDS = 5;
    /** Most data-plane calls one change awaits (beyond: not awaited). */
    static final int CHANGE_CAPACITY = 64;

    final BindingCacheEntry entry;
    final PreviousMaarList previous = new PreviousMaarList();
    final long mac;
    int port;
    int role;
    boolean attached;
    boolean registered;

    long servingHi;
    long servingLo;
    int servingTunnel;

    /** Sequence # of the latest copy of the PBU outstanding, -1 when none is. */
    int pendingSequence = -1;
    /** Sequence # of the first copy: a retransmission takes a new number, and the PBA of any copy answers it. */
    int pendingFirstSequence = -1;
    int pendingLifetime;
    /** The handoff indicator of the PBU awaiting its PBA: a retransmission repeats it (the CMD reads it). */
    int pendingHandoffIndicator;
    int retransmissions;
    long timeoutMs;

    final long[] deadlines = new long[TIMER_KINDS];

    /** The data-plane calls the next RA waits for (local delivery, P-MAAR tunnels and routes). */
    final AckTracker.Change<MaarSession> change = new AckTracker.Change<>(this, CHANGE_CAPACITY);
    int expected;
    boolean advertisePending;
    /** RAs still to send at the initial interval after the last change of what is advertised (RFC 4861 §6.2.4). */
    int initialAdvertisements;
    /** What the RAs advertise changed (attachment, a P-MAAR added or removed) since the last RA after a change. */
    boolean changed;
    /** Wall-clock ms: the last attachment seen here; the last change the data plane acknowledged completely. */
    long attachSeenAtMs;
    long programmedAtMs;
    /** The attachment at attachSeenAtMs is not in the handover latency histogram yet. */
    boolean handoverOpen;

    /** As previous MAAR, the journal's peer: the S-MAAR and the prefix anchored here. */
    private final PeerPrefixes.Single servingMaar = new PeerPrefixes.Single();

    MaarSession(final BindingCacheEntry entry, final int port, final long mac)
    {
        this.entry = entry;
        this.port = port;
        this.mac = mac;
        Arrays.fill(deadlines, -1);
    }

    /** {@inheritDoc} */
    public BindingCacheEntry entry()
    {
        return entry;
    }

    /** {@inheritDoc} */
    public int journalFlags()
    {
        return (role == PREVIOUS ? FLAG_PREVIOUS : 0) | (attached ? FLAG_ATTACHED : 0) |
            (registered ? FLAG_REGISTERED : 0);
    }

    /** {@inheritDoc} */
    public PeerPrefixes journalPeers()
    {
        return role == PREVIOUS ? servingMaar.set(servingHi, servingLo, anchored()) : previous;
    }

    /** @return the /64 anchored here. */
    long anchored()
    {
        return entry.prefix(0);
    }

    /** @return whether a PBA with this Sequence # answers a copy of the PBU outstanding. */
    boolean isCopyOfPending(final int sequence)
    {
        return pendingSequence >= 0 &&
            net.dmmgw.control.location.MessageOrdering.isWithinCopies(sequence, pendingFirstSequence, pendingSequence);
    }
}
