package net.dmmgw.control.maar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.EpochClock;

import net.dmmgw.control.allocation.PrefixPool;
import net.dmmgw.control.dmm.AddressSet;
import net.dmmgw.control.dmm.CmdMode;
import net.dmmgw.control.dmm.Deregistration;
import net.dmmgw.control.dmm.DmmMessage;
import net.dmmgw.control.dmm.DmmMessageWriter;
import net.dmmgw.control.dmm.PreviousMaarList;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.journal.BindingRecord;
import net.dmmgw.control.journal.SessionJournal;
import net.dmmgw.control.location.BindingCache;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.mag.AccessLink;
import net.dmmgw.control.mag.MagConfig;
import net.dmmgw.control.mag.NeighbourAdvertisementWriter;
import net.dmmgw.control.mag.NeighbourDiscoveryFrame;
import net.dmmgw.control.mag.RoutePrefixes;
import net.dmmgw.control.mag.RouterAdvertisementWriter;
import net.dmmgw.control.metrics.LatencyHistogram;
import net.dmmgw.control.node.DeadlineQueue;
import net.dmmgw.control.node.MobilityRole;
import net.dmmgw.control.node.SignallingTransport;
import net.dmmgw.control.routing.AckTracker;
import net.dmmgw.control.routing.MobilityRouting;
import net.dmmgw.control.routing.RouteProgrammer;
import net.dmmgw.ipc.Ipv6Words;

/**
 * The Mobility Anchor and Access Router (draft-ietf-dmm-pmipv6-dlif §3, RFC 8885): a MAG with LMA functions per
 * prefix, composed of {@link PrefixPool} (its exclusive prefixes), {@link BindingCache} (local BCEs by MN-ID and
 * prefix), {@link MobilityRouting} (one reference-counted tunnel per peer MAAR, source / destination / delivery
 * routes) and the MAG's {@link RouterAdvertisementWriter}.
 * <ul>
 * <li><b>Attachment</b> ({@link #attach}, or a Router Solicitation punted from an access port): a /64 from the pool, delivered locally on the access port (no tunnel:
 * the MAAR is a plain router for it), a DMM PBU (D, HNP + Anchored Prefix, MN-ID, HI, ATT) to the CMD; on its PBA
 * the node is served and gets an RA.</li>
 * <li><b>Serving MAAR</b>: for each P-MAAR named in the CMD's PBA (Previous MAAR options, later PBAs too) or, in
 * locator mode, in a P-MAAR's own PBA: a tunnel towards it, uplink by source prefix into it, downlink delivery of
 * the decapsulated packets on the access port. RAs: its own prefix with normal lifetimes, each P-MAAR prefix
 * deprecated (Preferred 0, Valid &gt; 0); with DLIF one RA per anchoring MAAR from that DLIF's identity.</li>
 * <li><b>Previous MAAR</b> (a PBU from the CMD with a Serving MAAR option): serving state removed, its anchored
 * prefix routed into the one tunnel towards the current S-MAAR, a PBA to the CMD (and in locator mode to the
 * S-MAAR); BCE timer stopped (§3.5 a) or re-armed with the given lifetime (b: at expiry it de-registers and the CMD
 * renews while the node is in the domain).</li>
 * <li><b>End</b>: the serving MAAR alone ends the whole session when its binding runs out (the node left: no
 * refresh after {@link #detach}); a lifetime-0 PBU from the CMD removes a P-MAAR's state and prefix.</li>
 * </ul>
 * The S-MAAR's RA after a (re-)registration waits for the data plane's acks of the routes it advertises (local
 * delivery, P-MAAR tunnels and routes), at most {@code maar.data-plane-timeout-ms}; refusals are counted
 * ({@link #dataPlaneRefusals()}), not rolled back, and the PBU / PBA do not wait. Single-threaded (a NodeAgent).
 * <p>
 * <b>Durability</b> (with a journal): a session is journalled once the CMD accepted it as serving MAAR, at every
 * change of its P-MAAR list, attachment or lifetime, when it becomes a P-MAAR and at each renewal, and deleted when
 * it ends; {@link #start()} replays the journal and re-programs the data plane. <b>Resynchronisation</b>: at start
 * and whenever the data plane asks, everything (tunnel endpoint, tunnels, local and P-MAAR deliveries, neighbours,
 * source routes, DLIFs, a P-MAAR's route into its tunnel) goes again as one snapshot in a new epoch.
 */
public final class MobilityAnchorAccessRouter implements MobilityRole
{
    /** PBA status to a PBU naming a prefix not anchored here. */
    public static final int NOT_ANCHORED_HERE = 128;

    private static final int TIMER_LIMIT = 1024;
    private static final int FRAME_LIMIT = 64;
    private static final int NEW_ATTACHMENT = 1;
    private static final int REFRESH_HANDOFF_INDICATOR = 5;
    private static final long ALL_NODES_HI = 0xFF02_0000_0000_0000L;
    private static final long ALL_NODES_LO = 1L;

    private final MaarConfig config;
    private final RouteProgrammer programmer;
    /** With DLIF on, the data plane's DLIF id of each anchored prefix this MAAR serves a node for (0: none). */
    private final Long2LongHashMap dlifIds = new Long2LongHashMap(0);
    private int nextDlifId = 1;
    private final MobilityRouting routing;
    private final SignallingTransport transport;
    private final AccessLink accessLink;
    private final EpochClock clock;
    private final PrefixPool pool;
    private final BindingCache cache = new BindingCache();
    private final Int2ObjectHashMap<MaarSession> sessions = new Int2ObjectHashMap<>();
    private final Long2ObjectHashMap<MaarSession> byMac = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<byte[]> profile = new Long2ObjectHashMap<>();
    private final long selfHi;
    private final long selfLo;
    private final long cmdHi;
    private final long cmdLo;
    private final AddressSet peers;
    private final long linkLocalHi;
    private final long linkLocalLo;

    private final DmmMessage message;
    private final DmmMessageWriter writer;
    private final RouterAdvertisementWriter ra;
    private final NeighbourDiscoveryFrame nd = new NeighbourDiscoveryFrame();
    private final NeighbourAdvertisementWriter na;
    private final AccessLink.Handler frameHandler = this::onFrame;
    private final long[] raPrefixes = new long[BindingCacheEntry.MAX_PREFIXES];
    private final byte[] mnId = new byte[256];
    private final DeadlineQueue timers = new DeadlineQueue();
    private final AckTracker<MaarSession> acks = new AckTracker<>();
    private final DeadlineQueue.Handler timerHandler = this::onTimer;
    private final DeadlineQueue.Filter liveTimer = this::isLive;
    private final LatencyHistogram handoverLatency = new LatencyHistogram();
    private final SessionJournal<MaarSession> journal; // null: the sessions live in memory only
    private int nextSequence;
    private long epoch;
    private boolean resyncRequested;
    private long restoredSessions;
    private long expiredAtStart;
    private long rejectedAtStart;

    private long pbusSent;
    private long retransmissions;
    private long registrations;
    private long rejections;
    private long dropped;
    private long unmatched;
    private long unknownMobileNodes;
    private long poolExhausted;
    private long tunnelsToPrevious;
    private long becamePrevious;
    private long renewals;
    private long deregistrations;
    private long sessionEnds;
    private long removedByCmd;
    private long routerAdvertisements;
    private long dataPlaneRefusals;
    private long dlifRefusals;
    private long listFull;
    private long ignoredFrames;
    private long dlifMismatches;
    private long dataPlaneTimeouts;
    private long neighbourAdvertisements;

    /**
     * @param config settings.
     * @param programmer the data plane (tunnels, routes, deliveries, neighbours).
     * @param transport signalling to the CMD and the other MAARs.
     * @param accessLink RAs out.
     * @param clock wall clock (ms).
     */
    public MobilityAnchorAccessRouter(final MaarConfig config, final RouteProgrammer programmer,
        final SignallingTransport transport, final AccessLink accessLink, final EpochClock clock)
    {
        this(config, programmer, transport, accessLink, clock, null);
    }

    /**
     * @param config settings.
     * @param programmer the data plane (tunnels, routes, deliveries, neighbours, DLIFs).
     * @param transport signalling to the CMD and the other MAARs.
     * @param accessLink RAs out.
     * @param clock wall clock (ms).
     * @param sessionJournal the sessions' journal (opened; {@link #start()} replays it), or null to keep them in
     *     memory only.
     */
    public MobilityAnchorAccessRouter(final MaarConfig config, final RouteProgrammer programmer,
        final SignallingTransport transport, final AccessLink accessLink, final EpochClock clock,
        final BindingJournal sessionJournal)
    {
        this.journal = sessionJournal == null ? null : new SessionJournal<>(sessionJournal);
        this.config = config;
        this.programmer = programmer;
        this.transport = transport;
        this.accessLink = accessLink;
        this.clock = clock;
        this.pool = config.pool();
        this.selfHi = Ipv6Words.word(config.address(), 0);
        this.selfLo = Ipv6Words.word(config.address(), 8);
        this.cmdHi = Ipv6Words.word(config.cmdAddress(), 0);
        this.cmdLo = Ipv6Words.word(config.cmdAddress(), 8);
        this.peers = new AddressSet(config.peers());
        this.linkLocalHi = Ipv6Words.word(config.linkLocal(), 0);
        this.linkLocalLo = Ipv6Words.word(config.linkLocal(), 8);
        this.routing = new MobilityRouting(programmer, selfHi, selfLo);
        this.message = new DmmMessage(config.dmm());
        this.writer = new DmmMessageWriter(config.dmm());
        this.ra = new RouterAdvertisementWriter(config.mac(), config.linkLocal(), config.linkMtu());
        this.na = new NeighbourAdvertisementWriter(config.mac(), config.linkLocal());
        for (final MagConfig.MobileNodeProfile mn : config.mobileNodes())
        {
            profile.put(mn.mac(), mn.nai());
        }
    }

    /**
     * Replays the journal when there is one (sessions whose lifetime ended while the process was down dropped,
     * records that do not fit this MAAR's configuration refused and counted; timers re-armed with the remaining
     * lifetimes; Sequence # continued above the last one sent), then sends the data plane everything in a new epoch
     * ({@link #resynchronise()}). Attached nodes get an RA at the first tick.
     *
     * @return sessions restored.
     */
    public int start()
    {
        if (journal != null)
        {
            final long malformed = MaarRestore.replay(this, journal.journal(), clock.time()); // restore() counts too
            rejectedAtStart += malformed;
            journal.compact(sessions.values()); // the dropped ones out, the rest as one record each
        }
        resynchronise();
        return (int)restoredSessions;
    }

    /**
     * A journalled session back in place (no data-plane call: the snapshot that follows sends it). A session whose
     * lifetime ended while the process was down is dropped ({@link #expiredAtStart()}); a record that does not fit
     * this MAAR is refused ({@link #rejectedAtStart()}): MAC or MN-ID not of the profile's node, not exactly one
     * prefix, a prefix outside the pool or held already, a peer that is not configured, unknown flags, a previous
     * MAAR's record without its one serving MAAR.
     */
    void restore(final BindingRecord r, final long now)
    {
        long mac = 0;
        for (int i = 0; i < r.linkLayerIdLength(); i++)
        {
            mac = (mac << 8) | (r.linkLayerId()[i] & 0xFF);
        }
        final byte[] nai = r.linkLayerIdLength() == 6 ? profile.get(mac) : null;
        final int flags = r.flags();
        final boolean previousRole = (flags & MaarSession.FLAG_PREVIOUS) != 0;
        if (nai == null || !Arrays.equals(nai, 0, nai.length, r.mnId(), 0, r.mnIdLength()) ||
            r.prefixCount() != 1 || byMac.get(mac) != null || (flags & ~MaarSession.FLAGS_KNOWN) != 0 ||
            (previousRole && r.peerCount() != 1) || !peersConfigured(r, previousRole) ||
            (!previousRole && ((flags & MaarSession.FLAG_REGISTERED) == 0 || r.expiresAtMs() == 0)))
        {
            rejectedAtStart++;
            return;
        }
        if (r.expiresAtMs() != 0 && r.expiresAtMs() <= now)
        {
            expiredAtStart++;
            return;
        }
        if (!pool.reserve(r.prefix(0)))
        {
            rejectedAtStart++;
            return;
        }
        final BindingCacheEntry e = cache.create(r.id(), nai, 0, nai.length);
        r.restoreInto(e);
        cache.addPrefix(e, r.prefix(0));
        e.proxyCoa(cmdHi, cmdLo);
        final MaarSession s = new MaarSession(e, r.accessPort(), mac);
        s.journaled(true);
        s.timeoutMs = config.retransmitTimeoutMs();
        sessions.put(e.id(), s);
        byMac.put(mac, s);
        nextSequence = Math.max(nextSequence, (e.lastSequence() + 1) & 0xFFFF);
        if (previousRole)
        {
            s.role = MaarSession.PREVIOUS;
            s.registered = true;
            s.servingHi = r.peerHi(0);
            s.servingLo = r.peerLo(0);
            s.servingTunnel = routing.restoreTunnel(s.servingHi, s.servingLo);
        }
        else
        {
            s.role = MaarSession.SERVING;
            s.attached = (r.flags() & MaarSession.FLAG_ATTACHED) != 0;
            s.registered = (r.flags() & MaarSession.FLAG_REGISTERED) != 0;
            for (int i = 0; i < r.peerCount(); i++)
            {
                final int k = s.previous.add(r.peerHi(i), r.peerLo(i), r.peerPrefix(i));
                s.previous.state(k, routing.restoreTunnel(r.peerHi(i), r.peerLo(i)));
            }
            if (config.dlif())
            {
                for (int i = -1; i < s.previous.size(); i++)
                {
                    dlifIds.put(i < 0 ? s.anchored() : s.previous.prefix(i), allocateDlifId());
                }
            }
        }
        if (e.expiresAtMs() != 0)
        {
            schedule(s, e.expiresAtMs(), MaarSession.EXPIRE);
        }
        if (s.role == MaarSession.SERVING && s.attached)
        {
            schedule(s, now + (e.expiresAtMs() - now) * config.refreshPercent() / 100, MaarSession.REFRESH);
            schedule(s, now, MaarSession.ADVERTISE); // RAs resume at the first tick
        }
        restoredSessions++;
    }

    /**
     * @return peer {@code i} differs from the ones before it in address and /64, and (a P-MAAR of a serving session)
     *     its /64 is not the one anchored here.
     */
    private static boolean peersDistinct(final BindingRecord r, final int i, final boolean previousRole)
    {
        for (int j = 0; j < i; j++)
        {
            if ((r.peerHi(j) == r.peerHi(i) && r.peerLo(j) == r.peerLo(i)) || r.peerPrefix(j) == r.peerPrefix(i))
            {
                return false;
            }
        }
        return previousRole ? r.peerPrefix(i) == r.prefix(0) : r.peerPrefix(i) != 0 && r.peerPrefix(i) != r.prefix(0);
    }

    /** @return every peer of the record a configured MAAR, each once, with a fitting /64. */
    private boolean peersConfigured(final BindingRecord r, final boolean previousRole)
    {
        for (int i = 0; i < r.peerCount(); i++)
        {
            if (!peers.contains(r.peerHi(i), r.peerLo(i)) || !peersDistinct(r, i, previousRole))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Sends the data plane everything in a new epoch (above the journal's, at least the wall clock): the tunnel
     * endpoint, every tunnel, and per session as serving MAAR the local delivery and neighbour of its prefix, each
     * P-MAAR prefix's source route into its tunnel, delivery and neighbour, the DLIF of every anchor when DLIF is on,
     * as previous MAAR the anchored prefix's route into the tunnel to the serving MAAR. The data plane removes what
     * the epoch does not re-send.
     */
    public void resynchronise()
    {
        resyncRequested = false;
        epoch = journal == null ? Math.max(epoch + 1, clock.time()) : journal.journal().nextEpoch(epoch, clock.time());
        long entries = routing.beginSnapshot(epoch, acks);
        for (final MaarSession s : sessions.values())
        {
            if (s.role == MaarSession.SERVING)
            {
                entries += resyncDelivery(s, selfHi, selfLo, s.anchored());
                final PreviousMaarList list = s.previous;
                for (int i = 0; i < list.size(); i++)
                {
                    acks.resync(routing.reverseRoutePrefix(list.prefix(i), list.state(i)));
                    entries += 1 + resyncDelivery(s, list.addressHi(i), list.addressLo(i), list.prefix(i));
                }
            }
            else if (s.servingTunnel != 0)
            {
                acks.resync(routing.routePrefix(s.anchored(), s.servingTunnel));
                entries++;
            }
        }
        acks.resync(programmer.endSnapshot(entries));
    }

    /** @return entries sent: the prefix's delivery, the node's neighbour in it, and its DLIF when DLIF is on. */
    private int resyncDelivery(final MaarSession s, final long anchorHi, final long anchorLo, final long prefix)
    {
        acks.resync(routing.deliverPrefix(prefix, s.port));
        acks.resync(programmer.setNeighbour(s.port, prefix, DlifIdentity.eui64(s.mac), s.mac));
        if (!config.dlif())
        {
            return 2;
        }
        acks.resync(programDlif(s, anchorHi, anchorLo, prefix));
        return 3;
    }

    private void persist(final MaarSession s)
    {
        if (journal != null)
        {
            s.entry.accessPort(s.port);
            journal.persist(s);
            journal.compactIfDue(sessions.values());
        }
    }

    private void persistIfJournaled(final MaarSession s)
    {
        if (s.journaled())
        {
            persist(s);
        }
    }

    // ------------------------------------------------------------------------------------------------ attachment

    /**
     * The node with this MAC attached on this access port (an L2 trigger or a punted RS).
     *
     * @return false when the MAC is unknown (counted), the node is served here already, or the pool is exhausted.
     */
    public boolean attach(final int port, final long mac)
    {
        final byte[] nai = profile.get(mac);
        if (nai == null)
        {
            unknownMobileNodes++;
            return false;
        }
        MaarSession s = byMac.get(mac);
        if (s != null && s.role == MaarSession.SERVING)
        {
            if (s.attached)
            {
                return false;
            }
            s.attached = true; // back before its binding ran out: keep refreshing
            s.port = port;
            persistIfJournaled(s);
            s.changed = true; // a new attachment: its RAs go the initial number of times
            deliverLocally(s);
            sendPbu(s, config.lifetimeUnits(), REFRESH_HANDOFF_INDICATOR);
            return true;
        }
        if (s != null)
        {
            // Back at a MAAR that anchors one of its prefixes: serve it here again, no tunnel for it.
            routing.unroutePrefix(s.anchored());
            routing.releaseTunnel(s.servingTunnel);
            s.servingTunnel = 0;
            s.servingHi = 0;
            s.servingLo = 0;
        }
        else
        {
            final long prefix = pool.allocate();
            if (prefix == PrefixPool.NONE)
            {
                poolExhausted++;
                return false;
            }
            final BindingCacheEntry e = cache.create(0, nai, 0, nai.length);
            cache.addPrefix(e, prefix);
            e.proxyCoa(cmdHi, cmdLo);
            e.linkLayerId(Ipv6Words.macOctets(mac), 0, 6); // journalled: the node a restored session belongs to
            e.accessTechnologyType(config.accessTechnologyType());
            s = new MaarSession(e, port, mac);
            sessions.put(e.id(), s);
            byMac.put(mac, s);
        }
        s.role = MaarSession.SERVING;
        s.port = port;
        s.attached = true;
        s.registered = false;
        s.changed = true;
        s.attachSeenAtMs = clock.time();
        s.handoverOpen = true;
        s.retransmissions = 0;
        s.timeoutMs = config.retransmitTimeoutMs();
        cancel(s, MaarSession.EXPIRE);
        deliverLocally(s);
        sendPbu(s, config.lifetimeUnits(), NEW_ATTACHMENT);
        return true;
    }

    /**
     * A frame punted from an access port: a Router Solicitation from a node of the profile attaches it (or, when
     * it is served here already, is answered with an RA); anything else is ignored (counted).
     */
    private void onFrame(final int port, final DirectBuffer frame, final int offset, final int length)
    {
        if (!nd.wrap(frame, offset, length))
        {
            ignoredFrames++;
            return;
        }
        if (nd.type() == NeighbourDiscoveryFrame.NEIGHBOUR_SOLICITATION)
        {
            answerSolicitation(port);
            return;
        }
        if (nd.type() != NeighbourDiscoveryFrame.ROUTER_SOLICITATION)
        {
            ignoredFrames++;
            return;
        }
        final MaarSession s = byMac.get(nd.sourceMac());
        if (s != null && s.role == MaarSession.SERVING && s.attached && s.port == port)
        {
            if (s.registered)
            {
                advertise(s, clock.time());
            }
            return;
        }
        if (s != null && s.role == MaarSession.SERVING && s.attached)
        {
            detach(s.mac); // it shows up on another access port of this MAAR: attach it there
        }
        attach(port, nd.sourceMac());
    }

    /**
     * An NS for the access-link link-local from a unicast source (a node resolving its default router, or probing
     * it: without an answer its entry goes to FAILED and its uplink stops until the next RA) gets a solicited NA; with
     * DLIF on, so does an NS from a served node for one of its DLIF link-locals, answered with that DLIF's logical
     * MAC; a DAD probe (source ::) and NS for other targets are ignored (counted).
     */
    private void answerSolicitation(final int port)
    {
        if (nd.sourceHi() == 0 && nd.sourceLo() == 0)
        {
            ignoredFrames++;
            return;
        }
        final int length;
        if (nd.targetHi() == linkLocalHi && nd.targetLo() == linkLocalLo)
        {
            length = na.write(nd.sourceMac(), nd.sourceHi(), nd.sourceLo());
        }
        else
        {
            final long logical = dlifOfTarget(nd.sourceMac(), nd.targetHi(), nd.targetLo());
            if (logical == 0)
            {
                ignoredFrames++;
                return;
            }
            length = na.write(logical, nd.targetHi(), nd.targetLo(), nd.sourceMac(), nd.sourceHi(), nd.sourceLo());
        }
        if (accessLink.send(port, na.frame(), 0, length))
        {
            neighbourAdvertisements++;
        }
    }

    /**
     * With DLIF on: the logical MAC of the DLIF (this MAAR's or a P-MAAR's, for the node that asks) whose link-local
     * is the target, or 0 when none is (RFC 8885 §3.6: each DLIF answers for its own identity).
     */
    private long dlifOfTarget(final long nodeMac, final long targetHi, final long targetLo)
    {
        final MaarSession s = byMac.get(nodeMac);
        if (!config.dlif() || s == null || s.role != MaarSession.SERVING || targetHi != DlifIdentity.linkLocalHi())
        {
            return 0;
        }
        final byte[] id = s.entry.mnId();
        long logical = DlifIdentity.mac(id, id.length, selfHi, selfLo);
        if (DlifIdentity.linkLocalLo(logical) == targetLo)
        {
            return logical;
        }
        for (int i = 0; i < s.previous.size(); i++)
        {
            logical = DlifIdentity.mac(id, id.length, s.previous.addressHi(i), s.previous.addressLo(i));
            if (DlifIdentity.linkLocalLo(logical) == targetLo)
            {
                return logical;
            }
        }
        return 0;
    }

    /**
     * The node left the access link. Per §3.5 no de-registration follows: the binding is no longer refreshed and
     * ends at its lifetime unless the node shows up at another MAAR (then this MAAR becomes a P-MAAR).
     *
     * @return false when the node is not served here.
     */
    public boolean detach(final long mac)
    {
        final MaarSession s = byMac.get(mac);
        if (s == null || s.role != MaarSession.SERVING || !s.attached)
        {
            return false;
        }
        s.attached = false;
        cancel(s, MaarSession.REFRESH);
        cancel(s, MaarSession.ADVERTISE);
        if (s.registered)
        {
            persistIfJournaled(s);
        }
        return true;
    }

    private void deliverLocally(final MaarSession s)
    {
        expect(s, routing.deliverPrefix(s.anchored(), s.port));
        expect(s, programmer.setNeighbour(s.port, s.anchored(), DlifIdentity.eui64(s.mac), s.mac));
        if (config.dlif())
        {
            dlifInterface(s, selfHi, selfLo, s.anchored());
        }
    }

    // ------------------------------------------------------------------------------------------------ signalling

    private void sendPbu(final MaarSession s, final int lifetime, final int handoffIndicator)
    {
        sendPbu(s, lifetime, handoffIndicator, false);
    }

    /**
     * @param copy a retransmission of the PBU outstanding: a new number (wire-formats §4.4), and the PBA of any copy
     *             still answers it (the CMD may answer the first copy with the P-MAAR list and a later one without).
     */
    private void sendPbu(final MaarSession s, final int lifetime, final int handoffIndicator, final boolean copy)
    {
        final int sequence = nextSequence;
        nextSequence = (nextSequence + 1) & 0xFFFF;
        if (!copy || s.pendingSequence < 0)
        {
            s.pendingFirstSequence = sequence;
        }
        s.pendingSequence = sequence;
        s.pendingLifetime = lifetime;
        s.pendingHandoffIndicator = handoffIndicator;
        s.entry.lastSequence(sequence); // journalled with the entry: a restarted MAAR continues above it
        final byte[] id = s.entry.mnId();
        ownDlif(id);
        final int length = writer.pbu(sequence, lifetime, id, id.length, s.anchored(), handoffIndicator,
            config.accessTechnologyType(), 0, 0, selfHi, selfLo, cmdHi, cmdLo);
        if (length > 0 && transport.send(writer.source(), writer.destination(), writer.buffer(), 0, length))
        {
            pbusSent++;
        }
        schedule(s, clock.time() + s.timeoutMs, MaarSession.RETRANSMIT);
    }

    /** {@inheritDoc} */
    public void onSignalling(final byte[] source, final byte[] destination, final DirectBuffer mh, final int offset,
        final int length)
    {
        if (!message.receive(source, destination, mh, offset, length))
        {
            dropped++;
            return;
        }
        final long srcHi = Ipv6Words.word(source, 0);
        final long srcLo = Ipv6Words.word(source, 8);
        final boolean fromCmd = srcHi == cmdHi && srcLo == cmdLo;
        if (!message.dFlag() || message.mnIdLength() == 0 || !(fromCmd || peers.contains(srcHi, srcLo)))
        {
            dropped++;
            return;
        }
        message.copyMnId(mnId);
        final BindingCacheEntry e = cache.byMnId(mnId, 0, message.mnIdLength(), -1, null, 0, 0);
        final MaarSession s = e == null ? null : sessions.get(e.id());
        if (message.isAck())
        {
            if (fromCmd)
            {
                onCmdPba(s);
            }
            else
            {
                onPeerPba(s, srcHi, srcLo);
            }
        }
        else if (fromCmd)
        {
            onCmdPbu(s);
        }
        else
        {
            dropped++; // PBUs come from the CMD only
        }
    }

    private void onCmdPba(final MaarSession s)
    {
        if (s == null)
        {
            if (message.lifetime() != 0 || message.status() >= 128)
            {
                unmatched++; // a lifetime-0 PBA 0 answers this MAAR's own session end: its state went with it
            }
            return;
        }
        final boolean answersPending = s.isCopyOfPending(message.sequence());
        if (s.role == MaarSession.PREVIOUS)
        {
            if (!answersPending)
            {
                unmatched++;
                return;
            }
            s.pendingSequence = -1;
            cancel(s, MaarSession.RETRANSMIT);
            if (message.status() < 128 && message.lifetime() > 0)
            {
                renewals++; // §3.5 (b): the node is still in the domain
                final long expiry = clock.time() + message.lifetime() * 4000L;
                s.entry.expiresAtMs(expiry); // what the admin view shows as expiresAt
                schedule(s, expiry, MaarSession.EXPIRE);
                persist(s);
            }
            else
            {
                tearDown(s);
            }
            return;
        }
        if (answersPending)
        {
            s.pendingSequence = -1;
            cancel(s, MaarSession.RETRANSMIT);
            if (message.status() >= 128)
            {
                rejections++;
                tearDown(s);
                return;
            }
            if (s.pendingLifetime == 0 || message.lifetime() == 0)
            {
                return; // the answer to our own de-registration (state already gone) or a refusal in disguise
            }
            if (!s.registered)
            {
                registrations++;
                s.registered = true;
            }
            final long now = clock.time();
            final long lifetimeMs = message.lifetime() * 4000L;
            s.entry.expiresAtMs(now + lifetimeMs);
            schedule(s, now + lifetimeMs, MaarSession.EXPIRE);
            if (s.attached)
            {
                schedule(s, now + lifetimeMs * config.refreshPercent() / 100, MaarSession.REFRESH);
            }
        }
        else if (message.status() >= 128 || !s.registered)
        {
            unmatched++;
            return;
        }
        // The Previous MAAR options (in the answer, or in a later PBA of a relay that timed out).
        final PreviousMaarList named = message.previousMaars();
        for (int i = 0; i < named.size(); i++)
        {
            addPrevious(s, named.addressHi(i), named.addressLo(i), named.prefix(i));
        }
        persist(s); // registered: its lifetime, P-MAAR list and attachment as they are now
        if (s.attached)
        {
            advertiseWhenProgrammed(s);
        }
    }

    /** Locator mode (§3.3): a P-MAAR tells this S-MAAR directly which prefix it anchors (HNP, its source). */
    private void onPeerPba(final MaarSession s, final long srcHi, final long srcLo)
    {
        if (s == null || s.role != MaarSession.SERVING || message.status() >= 128 || message.prefix() == 0)
        {
            unmatched++;
            return;
        }
        if (config.dlif() && message.dlifMac() != -1)
        {
            // Every MAAR derives a DLIF identity alone; what the P-MAAR carries must be the same (§3.6).
            final long expected = DlifIdentity.mac(mnId, message.mnIdLength(), srcHi, srcLo);
            if (message.dlifMac() != expected || message.dlifLinkLocalLo() != DlifIdentity.linkLocalLo(expected))
            {
                dlifMismatches++;
            }
        }
        addPrevious(s, srcHi, srcLo, message.prefix());
        persistIfJournaled(s);
        if (s.attached && s.registered)
        {
            advertiseWhenProgrammed(s);
        }
    }

    private void onCmdPbu(final MaarSession s)
    {
        final int sequence = message.sequence();
        final long prefix = message.prefix();
        if (s == null || s.anchored() != prefix)
        {
            answerCmd(message.lifetime() == 0 ? 0 : NOT_ANCHORED_HERE, sequence, 0, prefix, 0, 0);
            return;
        }
        if (message.lifetime() == 0)
        {
            removedByCmd++; // the whole session ended (§3.5): nothing is anchored here any more
            tearDown(s);
            answerCmd(0, sequence, 0, prefix, 0, 0);
            return;
        }
        if (!message.hasServingMaar() || (message.servingHi() == selfHi && message.servingLo() == selfLo))
        {
            answerCmd(NOT_ANCHORED_HERE, sequence, 0, prefix, 0, 0);
            return;
        }
        becomePrevious(s, message.servingHi(), message.servingLo());
        if (config.deregistration() == Deregistration.STOP_TIMER)
        {
            cancel(s, MaarSession.EXPIRE); // §3.5 (a): only the serving MAAR ends the session
            s.entry.expiresAtMs(0);
        }
        else
        {
            final long expiry = clock.time() + message.lifetime() * 4000L;
            s.entry.expiresAtMs(expiry);
            schedule(s, expiry, MaarSession.EXPIRE);
        }
        persist(s); // previous MAAR now: the S-MAAR and the lifetime (0: stopped)
        final byte[] id = s.entry.mnId();
        ownDlif(id);
        answerCmd(0, sequence, message.lifetime(), prefix, s.servingHi, s.servingLo);
        if (config.cmdMode() == CmdMode.LOCATOR)
        {
            ownDlif(id);
            send(writer.pba(0, sequence, message.lifetime(), id, id.length, prefix, 0, 0, null, 0, selfHi, selfLo,
                s.servingHi, s.servingLo));
        }
    }

    private void answerCmd(final int status, final int sequence, final int lifetime, final long prefix,
        final long servingHi, final long servingLo)
    {
        send(writer.pba(status, sequence, lifetime, mnId, message.mnIdLength(), prefix, servingHi, servingLo, null, 0,
            selfHi, selfLo, cmdHi, cmdLo));
    }

    private void send(final int length)
    {
        if (length > 0)
        {
            transport.send(writer.source(), writer.destination(), writer.buffer(), 0, length);
        }
    }

    // ------------------------------------------------------------------------------------------------ routing

    /** S-MAAR: tunnel towards a P-MAAR, uplink by source prefix into it, downlink delivery on the access port. */
    private void addPrevious(final MaarSession s, final long hi, final long lo, final long prefix)
    {
        if ((hi == selfHi && lo == selfLo) || prefix == s.anchored())
        {
            return;
        }
        final PreviousMaarList list = s.previous;
        final int known = list.indexOf(hi, lo);
        if (known >= 0 && list.prefix(known) == prefix)
        {
            return; // already in place (a refresh PBA, or the CMD's copy of what the P-MAAR told us)
        }
        if (known >= 0)
        {
            removePrevious(s, known);
        }
        final int i = list.add(hi, lo, prefix);
        if (i < 0)
        {
            listFull++;
            return;
        }
        expect(s, routing.acquireTunnel(hi, lo));
        final int tunnel = routing.tunnelOf(hi, lo);
        list.state(i, tunnel);
        expect(s, routing.reverseRoutePrefix(prefix, tunnel));
        expect(s, routing.deliverPrefix(prefix, s.port));
        expect(s, programmer.setNeighbour(s.port, prefix, DlifIdentity.eui64(s.mac), s.mac));
        if (config.dlif())
        {
            dlifInterface(s, hi, lo, prefix);
        }
        s.changed = true;
        tunnelsToPrevious++;
    }

    private void removePrevious(final MaarSession s, final int i)
    {
        final PreviousMaarList list = s.previous;
        final long prefix = list.prefix(i);
        routing.unreverseRoutePrefix(prefix);
        routing.unroutePrefix(prefix);
        programmer.removeNeighbour(s.port, prefix, DlifIdentity.eui64(s.mac));
        removeDlif(prefix);
        routing.releaseTunnel(list.state(i));
        list.remove(i);
        s.changed = true;
    }

    /** Serving state (P-MAAR tunnels, local delivery, neighbours) removed; the node is elsewhere now. */
    private void unserve(final MaarSession s)
    {
        while (s.previous.size() > 0)
        {
            removePrevious(s, s.previous.size() - 1);
        }
        routing.unroutePrefix(s.anchored());
        programmer.removeNeighbour(s.port, s.anchored(), DlifIdentity.eui64(s.mac));
        removeDlif(s.anchored());
        cancel(s, MaarSession.REFRESH);
        cancel(s, MaarSession.ADVERTISE);
        cancel(s, MaarSession.RETRANSMIT);
        cancel(s, MaarSession.DATA_PLANE);
        acks.forget(s.change);
        s.advertisePending = false;
        s.pendingSequence = -1;
        s.attached = false;
    }

    /** P-MAAR: one tunnel towards the current S-MAAR, the anchored prefix routed into it. */
    private void becomePrevious(final MaarSession s, final long servingHi, final long servingLo)
    {
        if (s.role == MaarSession.PREVIOUS && s.servingHi == servingHi && s.servingLo == servingLo)
        {
            return;
        }
        if (s.role == MaarSession.SERVING)
        {
            unserve(s);
            becamePrevious++;
        }
        final int old = s.servingTunnel;
        expect(s, routing.acquireTunnel(servingHi, servingLo));
        s.servingTunnel = routing.tunnelOf(servingHi, servingLo);
        expect(s, routing.routePrefix(s.anchored(), s.servingTunnel));
        if (old != 0)
        {
            routing.releaseTunnel(old); // make before break: the route moved first
        }
        s.servingHi = servingHi;
        s.servingLo = servingLo;
        s.role = MaarSession.PREVIOUS;
    }

    /** Everything of the session goes: routes, tunnels, the prefix back to the pool, the BCE. */
    private void tearDown(final MaarSession s)
    {
        if (s.role == MaarSession.SERVING)
        {
            final boolean wasAttached = s.attached;
            unserve(s);
            if (wasAttached && s.registered)
            {
                sendAdvertisement(s, 0, 0, 0); // not a router for it any more, its prefix invalid
            }
        }
        else
        {
            routing.unroutePrefix(s.anchored());
            routing.releaseTunnel(s.servingTunnel);
            s.servingTunnel = 0;
        }
        pool.release(s.anchored());
        for (int k = 0; k < MaarSession.TIMER_KINDS; k++)
        {
            cancel(s, k);
        }
        if (journal != null)
        {
            journal.forget(s);
        }
        sessions.remove(s.entry.id());
        if (byMac.get(s.mac) == s)
        {
            byMac.remove(s.mac);
        }
        cache.remove(s.entry);
    }

    /** With DLIF on, the next message carries this MAAR's DLIF identity for the node (§4.7–4.8). */
    private void ownDlif(final byte[] id)
    {
        if (config.dlif())
        {
            final long logical = DlifIdentity.mac(id, id.length, selfHi, selfLo);
            writer.withDlif(logical, DlifIdentity.linkLocalHi(), DlifIdentity.linkLocalLo(logical));
        }
    }

    /**
     * The DLIF of (node, anchor) on the node's access port for the prefix that anchor delegated: the data plane sources
     * the prefix's frames from its logical MAC (RFC 8885 §3.6). The session's next RA waits for it like for the routes.
     */
    private void dlifInterface(final MaarSession s, final long anchorHi, final long anchorLo, final long prefix)
    {
        if (dlifIds.get(prefix) == 0)
        {
            dlifIds.put(prefix, allocateDlifId());
        }
        final long correlationId = programDlif(s, anchorHi, anchorLo, prefix);
        if (correlationId != RouteProgrammer.NOT_SENT)
        {
            expect(s, correlationId);
        }
    }

    private long allocateDlifId()
    {
        final long dlifId = nextDlifId;
        nextDlifId = nextDlifId == -1 ? 1 : nextDlifId + 1; // 32 bits, 0 never used
        return dlifId;
    }

    /** Sends the DLIF of (node, anchor) for the prefix under the id it has. @return its correlation id. */
    private long programDlif(final MaarSession s, final long anchorHi, final long anchorLo, final long prefix)
    {
        final byte[] id = s.entry.mnId();
        final long logical = DlifIdentity.mac(id, id.length, anchorHi, anchorLo);
        final long correlationId = programmer.setDlif((int)dlifIds.get(prefix), s.port, prefix, 0,
            MobilityRouting.HNP_LENGTH, logical, DlifIdentity.linkLocalHi(), DlifIdentity.linkLocalLo(logical));
        if (correlationId == RouteProgrammer.NOT_SENT)
        {
            dlifRefusals++;
        }
        return correlationId;
    }

    /** Removes the DLIF of an anchored prefix, if this MAAR programmed one. */
    private void removeDlif(final long prefix)
    {
        final long dlifId = dlifIds.remove(prefix);
        if (dlifId != 0 && programmer.removeDlif((int)dlifId) == RouteProgrammer.NOT_SENT)
        {
            dlifRefusals++;
        }
    }

    private void expect(final long correlationId)
    {
        if (correlationId == RouteProgrammer.NOT_SENT)
        {
            dataPlaneRefusals++;
        }
    }

    /** A call the session's next RA waits for (make before break: routes in place before the node is told). */
    private void expect(final MaarSession s, final long correlationId)
    {
        expect(correlationId);
        if (correlationId == RouteProgrammer.NOT_SENT || correlationId == 0)
        {
            return;
        }
        if (s.change.outstanding() == 0)
        {
            acks.begin(s.change);
            s.expected = 0;
        }
        if (s.expected < MaarSession.CHANGE_CAPACITY)
        {
            s.expected++;
            acks.expect(s.change, correlationId);
        }
    }

    /** The RA goes once the data plane acknowledged what it advertises, or after maar.data-plane-timeout-ms. */
    private void advertiseWhenProgrammed(final MaarSession s)
    {
        if (s.changed)
        {
            s.changed = false; // a refresh changes nothing: its RA goes once
            s.initialAdvertisements = config.initialRtrAdvertisements();
        }
        if (s.change.outstanding() == 0)
        {
            programmed(s);
            advertise(s, clock.time());
            return;
        }
        s.advertisePending = true;
        schedule(s, clock.time() + config.dataPlaneTimeoutMs(), MaarSession.DATA_PLANE);
    }

    /** {@inheritDoc} */
    public void onAck(final long correlationId, final boolean ok)
    {
        if (!ok)
        {
            dataPlaneRefusals++;
        }
        final AckTracker.Change<MaarSession> completed = acks.onAck(correlationId, ok);
        if (completed != null)
        {
            final MaarSession s = completed.owner();
            s.programmedAtMs = clock.time();
            if (s.advertisePending && s.role == MaarSession.SERVING && s.attached)
            {
                s.advertisePending = false;
                cancel(s, MaarSession.DATA_PLANE);
                programmed(s);
                advertise(s, clock.time());
            }
        }
    }

    /**
     * The S-MAAR's data plane acknowledged everything of the registration (local delivery, and the P-MAAR tunnels
     * and routes of the CMD's answer): the first time after an attachment, attach seen to now goes into the handover
     * latency histogram (an array increment). A data-plane timeout records nothing (counted there instead).
     */
    private void programmed(final MaarSession s)
    {
        if (s.handoverOpen)
        {
            s.handoverOpen = false;
            handoverLatency.record(clock.time() - s.attachSeenAtMs);
        }
    }

    /** {@inheritDoc} */
    public void onResyncRequest()
    {
        resyncRequested = true; // the snapshot goes at the next tick, on the agent's duty cycle
    }

    // ------------------------------------------------------------------------------------------------ RAs

    /**
     * RAs to the served node: without DLIF one RA from the access-link identity with its own prefix (normal
     * lifetimes) and every P-MAAR prefix deprecated; with DLIF one RA per anchoring MAAR from that logical
     * interface's identity, the own one with normal lifetimes, the others deprecated with Router Lifetime 0, each
     * with an RFC 4191 Route Information option per local network of its anchoring MAAR ({@link LocalNetworks}), so
     * that the node reaches a MAAR's local network through that MAAR's DLIF. After a change of what is advertised the
     * RAs go {@code maar.initial-rtr-advertisements} times, {@code maar.initial-rtr-adv-interval-ms} apart (RFC 4861
     * §6.2.4; a lost RA, or a host that missed one, catches up), then every {@code maar.max-rtr-adv-interval-s}.
     */
    private void advertise(final MaarSession s, final long now)
    {
        final long remainingS = Math.max(0, (s.entry.expiresAtMs() - now) / 1000);
        final int routerLifetime = (int)Math.min(config.routerLifetimeS(), remainingS);
        if (config.dlif())
        {
            final byte[] id = s.entry.mnId();
            final LocalNetworks local = config.localNetworks();
            raPrefixes[0] = s.anchored();
            long logical = DlifIdentity.mac(id, id.length, selfHi, selfLo);
            sendFrame(s, logical, DlifIdentity.linkLocalHi(), DlifIdentity.linkLocalLo(logical), routerLifetime, 1,
                remainingS, 0, local.of(selfHi, selfLo));
            for (int i = 0; i < s.previous.size(); i++)
            {
                raPrefixes[0] = s.previous.prefix(i);
                final long anchorHi = s.previous.addressHi(i);
                final long anchorLo = s.previous.addressLo(i);
                logical = DlifIdentity.mac(id, id.length, anchorHi, anchorLo);
                sendFrame(s, logical, DlifIdentity.linkLocalHi(), DlifIdentity.linkLocalLo(logical), 0, 1, remainingS,
                    1, local.of(anchorHi, anchorLo));
            }
        }
        else
        {
            sendAdvertisement(s, routerLifetime, remainingS, ~1L);
        }
        if (s.initialAdvertisements > 0)
        {
            s.initialAdvertisements--;
        }
        final long intervalMs = s.initialAdvertisements > 0
            ? config.initialRtrAdvIntervalMs() : config.maxRtrAdvIntervalMs();
        schedule(s, now + intervalMs, MaarSession.ADVERTISE);
    }

    private void sendAdvertisement(final MaarSession s, final int routerLifetime, final long lifetimeS,
        final long deprecated)
    {
        raPrefixes[0] = s.anchored();
        int count = 1;
        for (int i = 0; i < s.previous.size() && count < raPrefixes.length; i++)
        {
            raPrefixes[count++] = s.previous.prefix(i);
        }
        sendFrame(s, config.mac(), linkLocalHi, linkLocalLo, routerLifetime, count, lifetimeS, deprecated, null);
    }

    private void sendFrame(final MaarSession s, final long sourceMac, final long sourceHi, final long sourceLo,
        final int routerLifetime, final int count, final long lifetimeS, final long deprecated,
        final RoutePrefixes routes)
    {
        final int length = ra.write(sourceMac, sourceHi, sourceLo, s.mac, ALL_NODES_HI, ALL_NODES_LO, routerLifetime,
            raPrefixes, count, lifetimeS, lifetimeS, deprecated, routes, lifetimeS);
        if (length > 0 && accessLink.send(s.port, ra.frame(), 0, length))
        {
            routerAdvertisements++;
        }
    }

    // ------------------------------------------------------------------------------------------------ timers

    /** {@inheritDoc} */
    public int onTick(final long nowMs)
    {
        int work = 0;
        if (resyncRequested)
        {
            resynchronise();
            work++;
        }
        return work + accessLink.poll(frameHandler, FRAME_LIMIT) + timers.poll(nowMs, timerHandler, TIMER_LIMIT);
    }

    private void onTimer(final long deadline, final long payload)
    {
        final MaarSession s = sessions.get((int)(payload >>> 3));
        final int kind = (int)(payload & 7);
        if (s == null || s.deadlines[kind] != deadline)
        {
            return;
        }
        s.deadlines[kind] = -1;
        switch (kind)
        {
            case MaarSession.RETRANSMIT -> {
                if (s.retransmissions >= config.maxRetransmissions())
                {
                    s.pendingSequence = -1;
                    if (!s.registered || s.role == MaarSession.PREVIOUS)
                    {
                        tearDown(s); // never registered, or a P-MAAR whose CMD stays silent
                    }
                    return;
                }
                s.retransmissions++;
                retransmissions++;
                s.timeoutMs = Math.min(2 * s.timeoutMs, 32 * config.retransmitTimeoutMs());
                sendPbu(s, s.pendingLifetime, s.pendingHandoffIndicator, true); // an attachment stays one
            }
            case MaarSession.REFRESH -> {
                s.retransmissions = 0;
                s.timeoutMs = config.retransmitTimeoutMs();
                sendPbu(s, config.lifetimeUnits(), REFRESH_HANDOFF_INDICATOR);
            }
            case MaarSession.DATA_PLANE -> {
                // The acks did not all come: advertise what there is, count it.
                dataPlaneTimeouts++;
                acks.forget(s.change);
                s.handoverOpen = false; // not programmed: no latency for this attachment
                if (s.advertisePending && s.role == MaarSession.SERVING && s.attached)
                {
                    s.advertisePending = false;
                    advertise(s, deadline);
                }
            }
            case MaarSession.ADVERTISE -> {
                if (s.role == MaarSession.SERVING && s.attached)
                {
                    advertise(s, deadline);
                }
            }
            default -> onExpiry(s);
        }
    }

    private void onExpiry(final MaarSession s)
    {
        s.retransmissions = 0;
        s.timeoutMs = config.retransmitTimeoutMs();
        if (s.role == MaarSession.SERVING)
        {
            // §3.5: only the serving MAAR ends the whole session; it does so when the binding runs out.
            sessionEnds++;
            final byte[] id = s.entry.mnId();
            send(writer.pbu(sequence(), 0, id, id.length, s.anchored(), REFRESH_HANDOFF_INDICATOR,
                config.accessTechnologyType(), 0, 0, selfHi, selfLo, cmdHi, cmdLo));
            pbusSent++;
            tearDown(s);
            return;
        }
        // §3.5 (b): a P-MAAR de-registers at expiry; the CMD renews while the node is in the domain.
        deregistrations++;
        sendPbu(s, 0, REFRESH_HANDOFF_INDICATOR);
    }

    private int sequence()
    {
        final int sequence = nextSequence;
        nextSequence = (nextSequence + 1) & 0xFFFF;
        return sequence;
    }

    private void schedule(final MaarSession s, final long deadline, final int kind)
    {
        if (timers.size() > 8 * sessions.size() + 1024)
        {
            timers.retain(liveTimer);
        }
        s.deadlines[kind] = deadline;
        timers.add(deadline, ((long)s.entry.id() << 3) | kind);
    }

    private static void cancel(final MaarSession s, final int kind)
    {
        s.deadlines[kind] = -1;
    }

    private boolean isLive(final long deadline, final long payload)
    {
        final MaarSession s = sessions.get((int)(payload >>> 3));
        return s != null && s.deadlines[(int)(payload & 7)] == deadline;
    }

    // ------------------------------------------------------------------------------------------------ admin, stats

    /**
     * A local BCE as an administrator sees it (a copy).
     *
     * @param mnId the MN-ID.
     * @param role SERVING or PREVIOUS.
     * @param anchoredPrefix the /64 anchored here.
     * @param servingMaar as P-MAAR: the S-MAAR; else empty.
     * @param previousMaars as S-MAAR: "address prefix/64" per P-MAAR.
     * @param expiresAtMs expiry, 0 when the timer is stopped (§3.5 a).
     * @param port as S-MAAR: the access port.
     * @param mac the node's MAC.
     * @param attached as S-MAAR: the node is on the access link (false after {@link #detach}).
     * @param registered the CMD accepted the registration.
     * @param attachSeenAtMs wall-clock ms of the last attachment seen here (RS or admin attach), 0 if never.
     * @param programmedAtMs wall-clock ms at which the data plane acknowledged the last change of this session's
     *                       routes and tunnels (as S-MAAR: local delivery, P-MAAR tunnels and routes; as P-MAAR: the
     *                       tunnel to the S-MAAR and the prefix's route into it), 0 if never.
     * @param programming a change of the session's routes still waits for data-plane acks.
     */
    public record SessionView(String mnId, String role, String anchoredPrefix, String servingMaar,
        List<String> previousMaars, long expiresAtMs, int port, long mac, boolean attached, boolean registered,
        long attachSeenAtMs, long programmedAtMs, boolean programming)
    {
    }

    /** @return every local BCE (call on the agent thread). */
    public List<SessionView> sessions()
    {
        final List<SessionView> views = new ArrayList<>();
        for (final MaarSession s : sessions.values())
        {
            views.add(new SessionView(new String(s.entry.mnId(), java.nio.charset.StandardCharsets.UTF_8),
                s.role == MaarSession.SERVING ? "SERVING" : "PREVIOUS", Ipv6Words.text(s.anchored(), 0) + "/64",
                s.role == MaarSession.PREVIOUS ? Ipv6Words.text(s.servingHi, s.servingLo) : "", s.previous.describe(),
                s.deadlines[MaarSession.EXPIRE] == -1 ? 0 : s.entry.expiresAtMs(), s.port, s.mac, s.attached,
                s.registered, s.attachSeenAtMs, s.programmedAtMs, s.change.outstanding() > 0));
        }
        return views;
    }

    /**
     * @return attachment seen here to the registration's routes and tunnels acknowledged by this MAAR's data plane,
     *         per attachment (the live histogram: read it on the agent thread, copy it to hand it on).
     */
    public LatencyHistogram handoverLatency()
    {
        return handoverLatency;
    }

    /** @return the settings (admin views: peers, profile). */
    public MaarConfig config()
    {
        return config;
    }

    /** @return the routing state (tunnel references). */
    public MobilityRouting routing()
    {
        return routing;
    }

    /** @return the prefix pool. */
    public PrefixPool pool()
    {
        return pool;
    }

    public long pbusSent()
    {
        return pbusSent;
    }

    public long retransmissions()
    {
        return retransmissions;
    }

    /** @return registrations the CMD accepted. */
    public long registrations()
    {
        return registrations;
    }

    /** @return registrations the CMD refused. */
    public long rejections()
    {
        return rejections;
    }

    /** @return signalling dropped (malformed, no D flag, no MN-ID, not from the CMD or a peer MAAR). */
    public long dropped()
    {
        return dropped;
    }

    /** @return PBAs that matched no session or PBU. */
    public long unmatched()
    {
        return unmatched;
    }

    public long unknownMobileNodes()
    {
        return unknownMobileNodes;
    }

    public long poolExhausted()
    {
        return poolExhausted;
    }

    /** @return tunnels / routes set up towards P-MAARs as S-MAAR. */
    public long tunnelsToPrevious()
    {
        return tunnelsToPrevious;
    }

    /** @return sessions that went from serving to previous. */
    public long becamePrevious()
    {
        return becamePrevious;
    }

    /** @return P-MAAR de-registrations the CMD answered with a lifetime (§3.5 b). */
    public long renewals()
    {
        return renewals;
    }

    /** @return lifetime-0 PBUs this MAAR sent as P-MAAR at its BCE's expiry (§3.5 b; retransmissions not counted). */
    public long deregistrations()
    {
        return deregistrations;
    }

    /** @return whole sessions this MAAR ended as S-MAAR. */
    public long sessionEnds()
    {
        return sessionEnds;
    }

    /** @return sessions removed by the CMD's lifetime-0 PBU. */
    public long removedByCmd()
    {
        return removedByCmd;
    }

    public long routerAdvertisements()
    {
        return routerAdvertisements;
    }

    /** @return data-plane calls refused or not sent. */
    public long dataPlaneRefusals()
    {
        return dataPlaneRefusals;
    }

    /** @return RAs sent without every ack of the routes they advertise (maar.data-plane-timeout-ms). */
    public long dataPlaneTimeouts()
    {
        return dataPlaneTimeouts;
    }

    /** @return DLIF calls the data plane did not take (all of them today). */
    public long dlifRefusals()
    {
        return dlifRefusals;
    }

    /** @return locator-mode PBAs whose DLIF options differ from the identity derived for that P-MAAR. */
    public long dlifMismatches()
    {
        return dlifMismatches;
    }

    /** @return NAs sent for the access-link link-local. */
    public long neighbourAdvertisements()
    {
        return neighbourAdvertisements;
    }

    /** @return access-link frames ignored (not a valid RS, nor an NS for the access-link link-local). */
    public long ignoredFrames()
    {
        return ignoredFrames;
    }

    /** @return sessions restored from the journal at start. */
    public long restoredSessions()
    {
        return restoredSessions;
    }

    /** @return journalled sessions dropped at start: their lifetime ended while the process was down. */
    public long expiredAtStart()
    {
        return expiredAtStart;
    }

    /**
     * @return journal records refused at start: malformed (hostile or corrupt), or not fitting this MAAR (MN not in
     *     the profile, prefix outside or twice in the pool, peer not configured, unknown flags).
     */
    public long rejectedAtStart()
    {
        return rejectedAtStart;
    }

    /** @return the sessions' journal, or null when they are kept in memory only. */
    public BindingJournal journal()
    {
        return journal == null ? null : journal.journal();
    }

    /** @return the data-plane epoch of the last resynchronisation. */
    public long epoch()
    {
        return epoch;
    }

    /** @return resynchronisation calls refused or not sent. */
    public long resyncFailures()
    {
        return acks.resyncFailures();
    }

    /** @return resynchronisation acks still outstanding. */
    public int resyncPending()
    {
        return acks.resyncPending();
    }

    /** @return P-MAARs not kept because the list was full. */
    public long listFull()
    {
        return listFull;
    }
}
