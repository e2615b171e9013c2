package net.dmmgw.control.maar;

import java.util.Arrays;

import net.dmmgw.control.dmm.PreviousMaarList;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.routing.AckTracker;

/**
 * One mobile node at a MAAR: the local BCE (MN-ID, the /64 anchored here, the CMD as Proxy-CoA), and by role
 * <ul>
 * <li>serving: the access port and MAC, the P-MAAR list (each element's state is the tunnel id towards it), the PBU
 * outstanding;</li>
 * <li>previous: the current S-MAAR and the one tunnel towards it.</li>
 * </ul>
 */
final class MaarSession
{
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

    int pendingSequence = -1;
    int pendingLifetime;
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

    MaarSession(final BindingCacheEntry entry, final int port, final long mac)
    {
        this.entry = entry;
        this.port = port;
        this.mac = mac;
        Arrays.fill(deadlines, -1);
    }

    /** @return the /64 anchored here. */
    long anchored()
    {
        return entry.prefix(0);
    }
}
