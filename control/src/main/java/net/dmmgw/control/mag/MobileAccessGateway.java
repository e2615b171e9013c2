package net.dmmgw.control.mag;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import net.dmmgw.control.codec.Heartbeat;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.control.codec.MobilityHeaderValidator;
import net.dmmgw.control.codec.ValidationResult;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.journal.BindingRecord;
import net.dmmgw.control.journal.JournalReplayHandler;
import net.dmmgw.control.journal.SessionJournal;
import net.dmmgw.control.location.BindingCache;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.location.MessageOrdering;
import net.dmmgw.control.node.DeadlineQueue;
import net.dmmgw.control.node.MobilityRole;
import net.dmmgw.control.node.SignallingTransport;
import net.dmmgw.control.routing.MobilityRouting;
import net.dmmgw.control.routing.RouteProgrammer;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The Mobile Access Gateway (RFC 5213 §6), composed of {@link BindingCache} (location management: the Binding
 * Update List, indexed by MN-ID and HNP), {@link MobilityRouting} (the tunnel to the LMA, uplink source routes,
 * downlink delivery) and the node agent's timers. The role logic here is what RFC 5213 §6 adds:
 * <ul>
 * <li>attachment from a Router Solicitation punted from an access port or from {@link #attach} (administrative);
 * the MN-ID comes from the policy profile by MAC, an unknown MAC is ignored and counted;</li>
 * <li>the PBU (A, H, P; MN-ID, HNP ::/0 or the assigned ones, HI, ATT, MN-LL-ID, Timestamp), retransmitted with
 * exponential back-off from InitialBindackTimeoutFirstReg to MAX_BINDACK_TIMEOUT, each time with a new, larger
 * Sequence # and a fresh Timestamp (wire-formats §4.4), given up after {@code mag.max-retransmissions};</li>
 * <li>the PBA (§6.9.1.2): accepted only from the LMA, with P = 1, the MN-ID and the Sequence # of one of the copies
 * of the PBU outstanding; 0 with /64 HNPs and a lifetime → service; 156 → the MAG's clock offset follows the LMA's Timestamp
 * and the PBU is sent again; 135 → sent again above the LMA's last accepted number; anything else → no service;</li>
 * <li>make before break: the tunnel, a source route per HNP into it, a delivery route per HNP on the access port
 * and the node's neighbour entries are acknowledged by the data plane before the first RA;</li>
 * <li>Router Advertisements from the fixed link-local address and MAC, unicast after the PBA, after each refresh
 * and each RS, and every MaxRtrAdvInterval, with lifetimes bounded by the binding's remaining lifetime;</li>
 * <li>refresh after {@code mag.refresh-percent} of the granted lifetime; de-registration (lifetime 0) on
 * {@link #detach}; a binding whose lifetime ends unrefreshed is torn down with a final RA.</li>
 * </ul>
 * Single-threaded: drive it from a {@link net.dmmgw.control.node.NodeAgent}; its {@link #onTick} also polls the
 * {@link AccessLink}.
 */
public final class MobileAccessGateway implements MobilityRole
{
    private static final int HEARTBEAT_CAPACITY = 64;
    private static final int TIMER_LIMIT = 1024;
    private static final int FRAME_LIMIT = 64;
    private static final long ALL_NODES_HI = 0xFF02_0000_0000_0000L;
    private static final long ALL_NODES_LO = 1L;
    private static final int REFRESH_HANDOFF_INDICATOR = 5;
    private static final int SUCCESS_LIMIT = 128;
    private static final int TIMESTAMP_MISMATCH = 156;
    private static final int SEQUENCE_OUT_OF_WINDOW = 135;

    private final MagConfig config;
    private final MagDataPlane dataPlane;
    private final SignallingTransport transport;
    private final AccessLink accessLink;
    private final EpochClock clock;
    private final BindingCache list = new BindingCache();
    private final Int2ObjectHashMap<MagSession> sessions = new Int2ObjectHashMap<>();
    private final Long2ObjectHashMap<MagSession> byMac = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<byte[]> profile = new Long2ObjectHashMap<>();
    private final long lmaHi;
    private final long lmaLo;
    private final SessionJournal<MagSession> journal; // null: the Binding Update List lives in memory only

    private final MobilityHeaderValidator validator = new MobilityHeaderValidator();
    private final ValidationResult validation = new ValidationResult();
    private final MobilityHeaderDecoder decoder = new MobilityHeaderDecoder();
    private final MobilityHeaderEncoder encoder = new MobilityHeaderEncoder();
    private final ProxyBindingUpdateWriter pbu;
    private final ProxyBindingAck pba = new ProxyBindingAck();
    private final NeighbourDiscoveryFrame nd = new NeighbourDiscoveryFrame();
    private final RouterAdvertisementWriter ra;
    private final NeighbourAdvertisementWriter na;
    private final long linkLocalHi;
    private final long linkLocalLo;
    private final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(HEARTBEAT_CAPACITY));
    private final byte[] mnIdScratch = new byte[256];

    private final DeadlineQueue timers = new DeadlineQueue();
    private final DeadlineQueue.Handler timerHandler = this::onTimer;
    private final DeadlineQueue.Filter liveTimer = this::isLive;
    private final AccessLink.Handler frameHandler = this::onFrame;

    private int nextSequence;
    private long clockOffsetMs;
    private long lastTimestamp;
    private boolean resyncRequested;

    private long pbusSent;
    private long retransmissions;
    private long pbasAccepted;
    private long rejections;
    private int lastRejectionStatus;
    private long registrationTimeouts;
    private long unmatchedPbas;
    private long dropped;
    private long dmmRefusals;
    private long unknownMobileNodes;
    private long ignoredFrames;
    private long neighbourAdvertisements;
    private long routerAdvertisements;
    private long accessSendFailures;
    private long dataPlaneFailures;
    private long expiries;
    private long neighboursLearnt;
    private long restoredSessions;
    private long expiredAtStart;
    private final net.dmmgw.control.metrics.LatencyHistogram handoverLatency =
        new net.dmmgw.control.metrics.LatencyHistogram();

    /**
     * @param config settings.
     * @param dataPlane where the tunnel, routes and neighbours go.
     * @param transport signalling towards the LMA.
     * @param accessLink punted RS / ND frames in, RAs out.
     * @param clock wall clock (ms): timestamps, lifetimes, timers.
     */
    public MobileAccessGateway(final MagConfig config, final RouteProgrammer dataPlane,
        final SignallingTransport transport, final AccessLink accessLink, final EpochClock clock)
    {
        this(config, dataPlane, transport, accessLink, clock, null);
    }

    /**
     * @param config settings.
     * @param dataPlane where the tunnel, routes and neighbours go.
     * @param transport signalling towards the LMA.
     * @param accessLink punted RS / ND frames in, RAs out.
     * @param clock wall clock (ms): timestamps, lifetimes, timers.
     * @param bulJournal the Binding Update List's journal (opened; {@link #start()} replays it), or null to keep it
     *     in memory only.
     */
    public MobileAccessGateway(final MagConfig config, final RouteProgrammer dataPlane,
        final SignallingTransport transport, final AccessLink accessLink, final EpochClock clock,
        final BindingJournal bulJournal)
    {
        this.journal = bulJournal == null ? null : new SessionJournal<>(bulJournal);
        this.config = config;
        this.transport = transport;
        this.accessLink = accessLink;
        this.clock = clock;
        this.lmaHi = Ipv6Words.word(config.lmaAddress(), 0);
        this.lmaLo = Ipv6Words.word(config.lmaAddress(), 8);
        this.dataPlane = new MagDataPlane(dataPlane, Ipv6Words.word(config.address(), 0),
            Ipv6Words.word(config.address(), 8));
        this.pbu = new ProxyBindingUpdateWriter(config.address(), config.lmaAddress(),
            config.requestUserPlaneAddress());
        this.ra = new RouterAdvertisementWriter(config.mac(), config.linkLocal(), config.linkMtu());
        this.na = new NeighbourAdvertisementWriter(config.mac(), config.linkLocal());
        this.linkLocalHi = ByteBuffer.wrap(config.linkLocal()).getLong(0);
        this.linkLocalLo = ByteBuffer.wrap(config.linkLocal()).getLong(8);
        for (final MagConfig.MobileNodeProfile mn : config.mobileNodes())
        {
            profile.put(mn.mac(), mn.nai());
        }
    }

    /**
     * Replays the Binding Update List's journal when there is one (sessions whose lifetime ended while the process
     * was down dropped; expiry, refresh and RA timers re-armed; the Sequence # and Timestamp continue above the last
     * ones sent), then declares the MAG's tunnel endpoint and every restored node's tunnel, routes and neighbours to
     * the data plane in a new epoch. The restored nodes get an RA at the first tick.
     *
     * @return sessions restored.
     */
    public int start()
    {
        if (journal != null)
        {
            restore(clock.time());
        }
        resynchronise();
        return (int)restoredSessions;
    }

    private void restore(final long now)
    {
        journal.journal().replay(new JournalReplayHandler()
        {
            public void onUpsert(final BindingRecord r)
            {
                onDelete(r.id());
                final BindingCacheEntry entry = list.create(r.id(), r.mnId(), 0, r.mnIdLength());
                r.restoreInto(entry);
                for (int i = 0; i < r.prefixCount(); i++)
                {
                    list.addPrefix(entry, r.prefix(i));
                }
                long mac = 0;
                for (int i = 0; i < 6 && i < r.linkLayerIdLength(); i++)
                {
                    mac = (mac << 8) | (r.linkLayerId()[i] & 0xFF);
                }
                final MagSession s = new MagSession(entry, entry.accessPort(), mac);
                s.tunnelHi = entry.proxyCoaHi();
                s.tunnelLo = entry.proxyCoaLo();
                s.journaled(true);
                sessions.put(entry.id(), s);
                byMac.put(mac, s);
            }

            public void onDelete(final int id)
            {
                final MagSession s = sessions.get(id);
                if (s != null)
                {
                    s.journaled(false);
                    remove(s);
                }
            }
        });
        final List<MagSession> restored = new ArrayList<>(sessions.values());
        for (final MagSession s : restored)
        {
            final BindingCacheEntry e = s.entry;
            if (e.expiresAtMs() <= now || e.prefixCount() == 0 || profile.get(s.mac) == null)
            {
                expiredAtStart++; // ran out while the process was down (or no longer in the policy profile)
                remove(s);
                continue;
            }
            nextSequence = Math.max(nextSequence, (e.lastSequence() + 1) & 0xFFFF);
            lastTimestamp = Math.max(lastTimestamp, e.lastTimestamp());
            dataPlane.restore(s);
            s.phase = MagSession.REGISTERED;
            s.timeoutMs = config.initialBindackTimeoutMs();
            final long remaining = e.expiresAtMs() - now;
            s.grantedUnits = (int)(remaining / 4000L);
            schedule(s, e.expiresAtMs(), MagSession.EXPIRE);
            schedule(s, now + remaining * config.refreshPercent() / 100, MagSession.REFRESH);
            schedule(s, now, MagSession.ADVERTISE); // RAs resume at the first tick
            restoredSessions++;
        }
        journal.compact(sessions.values()); // the expired ones out, the rest as one record each
    }

    /**
     * Sends the data plane everything in a new epoch: the tunnel endpoint, the tunnel to the LMA, and for every
     * served node its source and delivery routes and neighbours (the data plane drops what the epoch does not
     * re-send).
     */
    public void resynchronise()
    {
        resyncRequested = false;
        dataPlane.resynchronise(clock.time(), sessions.values());
    }

    // ------------------------------------------------------------------------------------------------ attachment

    /**
     * Administrative attachment (an L2 trigger): the node with this MAC attached on this access port.
     *
     * @return false when the MAC is not in the policy profile (counted) or the node is already attached.
     */
    public boolean attach(final int port, final long mac)
    {
        final byte[] nai = profile.get(mac);
        if (nai == null)
        {
            unknownMobileNodes++;
            return false;
        }
        final MagSession s = byMac.get(mac);
        if (s != null && s.phase != MagSession.DEREGISTERING)
        {
            return false;
        }
        if (s != null)
        {
            remove(s); // back before the LMA answered the de-registration: register afresh
        }
        startRegistration(port, mac, nai, 0, 0);
        return true;
    }

    /**
     * Administrative detachment: the node left. A served node's routes go at once and a de-registration (lifetime
     * 0) goes to the LMA; a registration still outstanding is abandoned.
     *
     * @return false when no node with this MAC is attached.
     */
    public boolean detach(final long mac)
    {
        final MagSession s = byMac.get(mac);
        if (s == null || s.phase == MagSession.DEREGISTERING)
        {
            return false;
        }
        if (s.phase == MagSession.REGISTERING)
        {
            remove(s);
            return true;
        }
        dataPlane.unprogram(s);
        s.phase = MagSession.DEREGISTERING;
        unpersist(s); // the service ended: a MAG restarted now does not bring the node back
        cancel(s, MagSession.REFRESH);
        cancel(s, MagSession.ADVERTISE);
        cancel(s, MagSession.EXPIRE);
        cancel(s, MagSession.DATA_PLANE);
        s.retransmissions = 0;
        s.timeoutMs = config.initialBindackTimeoutMs();
        sendPbu(s, 0, s.pendingHandoffIndicator);
        return true;
    }

    private void onFrame(final int port, final DirectBuffer frame, final int offset, final int length)
    {
        if (!nd.wrap(frame, offset, length))
        {
            ignoredFrames++;
            return;
        }
        if (nd.type() == NeighbourDiscoveryFrame.ROUTER_SOLICITATION)
        {
            onRouterSolicitation(port);
        }
        else if (nd.type() == NeighbourDiscoveryFrame.NEIGHBOUR_SOLICITATION && nd.targetHi() == linkLocalHi &&
            nd.targetLo() == linkLocalLo)
        {
            answerSolicitation(port);
        }
        else
        {
            learnNeighbour(port);
        }
    }

    private void onRouterSolicitation(final int port)
    {
        final long mac = nd.sourceMac();
        final byte[] nai = profile.get(mac);
        if (nai == null)
        {
            unknownMobileNodes++;
            return;
        }
        MagSession s = byMac.get(mac);
        if (s != null && s.phase == MagSession.DEREGISTERING)
        {
            remove(s); // it came back before the LMA answered the de-registration: register afresh
            s = null;
        }
        if (s == null)
        {
            startRegistration(port, mac, nai, nd.sourceHi(), nd.sourceLo());
            return;
        }
        if (nd.sourceHi() != 0 || nd.sourceLo() != 0)
        {
            s.linkLocalHi = nd.sourceHi();
            s.linkLocalLo = nd.sourceLo();
        }
        if (s.port != port && s.phase != MagSession.PROGRAMMING)
        {
            movePort(s, port); // (while programming, the routes in flight name the old port: the next RS moves it)
        }
        if (s.isServed())
        {
            advertise(s, clock.time());
        }
    }

    /**
     * An NS for the MAG's link-local from a unicast source (a node's address resolution or unreachability probe of
     * its default router) gets a solicited NA; a DAD probe for it (source ::) is not answered.
     */
    private void answerSolicitation(final int port)
    {
        if (nd.sourceHi() == 0 && nd.sourceLo() == 0)
        {
            ignoredFrames++;
            return;
        }
        final int length = na.write(nd.sourceMac(), nd.sourceHi(), nd.sourceLo());
        if (accessLink.send(port, na.frame(), 0, length))
        {
            neighbourAdvertisements++;
        }
    }

    /** An NS (e.g. the node's DAD probe) or NA naming an address in the node's HNP: deliver to it by MAC. */
    private void learnNeighbour(final int port)
    {
        final MagSession s = byMac.get(nd.sourceMac());
        final long hi = nd.targetHi();
        final long lo = nd.targetLo();
        if (s == null || !s.isServed() || s.port != port || !s.entry.hasPrefix(hi) || s.neighbourIndex(hi, lo) >= 0)
        {
            ignoredFrames++;
            return;
        }
        if (dataPlane.learn(s, hi, lo))
        {
            neighboursLearnt++;
        }
        else
        {
            ignoredFrames++;
        }
    }

    private void movePort(final MagSession s, final int port)
    {
        final int old = s.port;
        s.port = port;
        s.entry.accessPort(port);
        if (s.isServed())
        {
            dataPlane.move(s, old);
            persist(s);
        }
    }

    private void startRegistration(final int port, final long mac, final byte[] nai, final long llHi, final long llLo)
    {
        final BindingCacheEntry entry = list.create(0, nai, 0, nai.length);
        final MagSession s = new MagSession(entry, port, mac);
        entry.linkLayerId(s.macOctets, 0, 6);
        entry.accessTechnologyType(config.accessTechnologyType());
        entry.proxyCoa(lmaHi, lmaLo);
        entry.accessPort(port);
        s.tunnelHi = lmaHi;
        s.tunnelLo = lmaLo;
        s.linkLocalHi = llHi;
        s.linkLocalLo = llLo;
        s.phase = MagSession.REGISTERING;
        s.attachSeenMs = clock.time();
        s.timeoutMs = config.initialBindackTimeoutMs();
        sessions.put(entry.id(), s);
        byMac.put(mac, s);
        sendPbu(s, config.lifetimeUnits(), config.handoffIndicator());
    }

    // ------------------------------------------------------------------------------------------------ signalling

    /**
     * Builds and sends a PBU for the session: a new Sequence #, A = H = P = 1, the HNPs it holds (ALL_ZERO before
     * the first PBA), MN-ID, HI, ATT, MN-LL-ID (the MAC) and, in timestamp mode, the (offset-corrected) time; then
     * arms the retransmission timer with the session's current timeout.
     */
    private void sendPbu(final MagSession s, final int lifetime, final int handoffIndicator)
    {
        final int sequence = takeSequence();
        s.pendingFirstSequence = sequence; // a new PBU: its copies are numbered from here
        transmit(s, sequence, lifetime, handoffIndicator);
    }

    /**
     * A copy of the PBU outstanding (wire-formats §4.4, RFC 6275 §11.8): a new, larger Sequence # and, in timestamp
     * mode, a fresh Timestamp; the first number of the PBU is kept, so the PBA that answers any copy matches. An
     * initial attach (HI = 1) is recognised by the LMA by its MN-LL-ID, ATT and Proxy-CoA, not by its number.
     */
    private void retransmit(final MagSession s)
    {
        if (s.pendingSequence < 0)
        {
            sendPbu(s, s.pendingLifetime, s.pendingHandoffIndicator);
            return;
        }
        transmit(s, takeSequence(), s.pendingLifetime, s.pendingHandoffIndicator);
    }

    private int takeSequence()
    {
        final int sequence = nextSequence;
        nextSequence = (nextSequence + 1) & 0xFFFF;
        return sequence;
    }

    private void transmit(final MagSession s, final int sequence, final int lifetime, final int handoffIndicator)
    {
        s.pendingSequence = sequence;
        s.pendingLifetime = lifetime;
        s.pendingHandoffIndicator = handoffIndicator;
        final long now = clock.time();
        long timestamp = -1;
        if (config.timestampMode())
        {
            // Strictly increasing even within one ms: the LMA refuses a timestamp not later than the last (157).
            timestamp = Math.max(MessageOrdering.timestampOfMillis(now + clockOffsetMs), lastTimestamp + 1);
            lastTimestamp = timestamp;
        }
        s.entry.lastSequence(sequence); // journalled with the entry: a restarted MAG continues above them
        if (timestamp >= 0)
        {
            s.entry.lastTimestamp(timestamp);
        }
        final int length = pbu.write(s, sequence, lifetime, handoffIndicator, timestamp);
        if (length > 0 && transport.send(config.address(), config.lmaAddress(), pbu.buffer(), 0, length))
        {
            pbusSent++;
        }
        schedule(s, now + s.timeoutMs, MagSession.RETRANSMIT);
    }

    /** {@inheritDoc} */
    public void onSignalling(final byte[] source, final byte[] destination, final DirectBuffer mh, final int offset,
        final int length)
    {
        if (Ipv6Words.word(source, 0) != lmaHi || Ipv6Words.word(source, 8) != lmaLo ||
            !validator.validate(mh, offset, length, source, destination, validation))
        {
            dropped++;
            return;
        }
        final MobilityHeaderDecoder message = decoder.wrap(mh, offset, length);
        if (message.mhType() == MhType.HEARTBEAT)
        {
            onHeartbeat(source, destination);
            return;
        }
        if (message.mhType() != MhType.BINDING_ACK)
        {
            dropped++;
            return;
        }
        if (message.hasDFlag())
        {
            // RFC 8885 §4.2: this MAG does not operate with MAARs; a PBA with D = 1 is not processed.
            dmmRefusals++;
            return;
        }
        pba.read(message, mh, offset);
        final MagSession s = sessionOf(pba);
        // A 135 carries the LMA's last accepted number instead of ours (wire-formats §4.4).
        final boolean matches = s != null && s.pendingSequence >= 0 &&
            (s.isCopyOfPending(pba.sequence()) || pba.status() == SEQUENCE_OUT_OF_WINDOW);
        if (!matches || !pba.isProxy())
        {
            unmatchedPbas++; // not for a PBU outstanding (late, duplicate, or forged): RFC 5213 §6.9.1.2
            return;
        }
        s.pendingSequence = -1;
        cancel(s, MagSession.RETRANSMIT);
        final int status = pba.status();
        if (status == TIMESTAMP_MISMATCH && pba.hasTimestamp() && config.timestampMode())
        {
            // §4.4: resynchronise on the LMA's clock and try again with a fresh timestamp.
            clockOffsetMs = MessageOrdering.millisOfTimestamp(pba.timestamp()) - clock.time();
            lastTimestamp = 0; // the skewed ones were refused, so they are no floor for the next
            retry(s);
            return;
        }
        if (status == SEQUENCE_OUT_OF_WINDOW)
        {
            nextSequence = (pba.sequence() + 1) & 0xFFFF; // the PBA carries the last number the LMA accepted
            retry(s);
            return;
        }
        if (s.phase == MagSession.DEREGISTERING)
        {
            remove(s); // whatever the status: the node is gone, nothing more to do
            return;
        }
        if (status >= SUCCESS_LIMIT)
        {
            reject(s, status);
            return;
        }
        if (pba.lifetime() == 0 || pba.prefixCount() == 0 || pba.badPrefix())
        {
            reject(s, status); // accepted without a usable HNP or lifetime: no service can be offered
            return;
        }
        pbasAccepted++;
        if (s.phase == MagSession.REGISTERING)
        {
            for (int i = 0; i < pba.prefixCount(); i++)
            {
                list.addPrefix(s.entry, pba.prefixHi(i));
            }
            s.grantedUnits = pba.lifetime();
            if (pba.hasUserPlane())
            {
                // RFC 7389: the tunnel goes to the LMA's data function; PBUs keep going to the LMA's address.
                s.tunnelHi = pba.userPlaneHi();
                s.tunnelLo = pba.userPlaneLo();
                s.entry.proxyCoa(s.tunnelHi, s.tunnelLo); // the BUL's tunnel remote end, journalled
            }
            program(s);
        }
        else if (!samePrefixes(s.entry))
        {
            reject(s, status); // a refresh may not change the prefixes; start over rather than guess
        }
        else
        {
            s.phase = MagSession.REGISTERED;
            granted(s, pba.lifetime());
            persist(s);
            advertise(s, clock.time());
        }
    }

    private MagSession sessionOf(final ProxyBindingAck ack)
    {
        if (ack.mnIdOffset() < 0)
        {
            return null;
        }
        final int n = ack.mnIdLength();
        ack.copyMnId(mnIdScratch);
        final BindingCacheEntry e = list.byMnId(mnIdScratch, 0, n, -1, null, 0, 0);
        return e == null ? null : sessions.get(e.id());
    }

    private boolean samePrefixes(final BindingCacheEntry e)
    {
        if (pba.prefixCount() != e.prefixCount())
        {
            return false;
        }
        for (int i = 0; i < pba.prefixCount(); i++)
        {
            if (!e.hasPrefix(pba.prefixHi(i)))
            {
                return false;
            }
        }
        return true;
    }

    /** Sends the PBU again at once (new Sequence #, fresh timestamp), counting it against the retry limit. */
    private void retry(final MagSession s)
    {
        if (s.retransmissions >= config.maxRetransmissions())
        {
            giveUp(s);
            return;
        }
        s.retransmissions++;
        retransmissions++;
        sendPbu(s, s.pendingLifetime, s.pendingHandoffIndicator);
    }

    private void reject(final MagSession s, final int status)
    {
        rejections++;
        lastRejectionStatus = status;
        endService(s);
    }

    /** No (more) mobility service for this node: routes out, a final RA if it had one, entry removed. */
    private void endService(final MagSession s)
    {
        if (s.isServed() || s.phase == MagSession.PROGRAMMING)
        {
            dataPlane.unprogram(s);
            finalAdvertisement(s);
        }
        remove(s);
    }

    private void giveUp(final MagSession s)
    {
        registrationTimeouts++;
        if (s.phase == MagSession.REFRESHING)
        {
            s.phase = MagSession.REGISTERED; // keep serving until the lifetime runs out; the LMA may still hold it
            s.pendingSequence = -1;
            return;
        }
        endService(s);
    }

    /** RFC 5847: answers the LMA's Heartbeat requests (R = 1, its sequence number). */
    private void onHeartbeat(final byte[] source, final byte[] destination)
    {
        final Heartbeat message = decoder.heartbeat();
        if ((message.flags() & Heartbeat.FLAG_R) != 0)
        {
            return; // this MAG sends no requests
        }
        final MobilityHeaderEncoder enc = encoder.wrap(out, 0, HEARTBEAT_CAPACITY).begin(MhType.HEARTBEAT);
        enc.message().heartbeat().flags(Heartbeat.FLAG_R).sequence(message.sequence());
        final int length = enc.finish(destination, source);
        if (length > 0)
        {
            transport.send(destination, source, out, 0, length);
        }
    }

    // ------------------------------------------------------------------------------------------------ data plane

    /** Make before break: tunnel, source routes, deliveries and neighbours acknowledged before the first RA. */
    private void program(final MagSession s)
    {
        s.phase = MagSession.PROGRAMMING;
        if (dataPlane.program(s))
        {
            programmed(s);
            return;
        }
        schedule(s, clock.time() + config.dataPlaneTimeoutMs(), MagSession.DATA_PLANE);
    }

    /** {@inheritDoc} */
    public void onAck(final long correlationId, final boolean ok)
    {
        final MagSession completed = dataPlane.onAck(correlationId, ok);
        if (completed != null)
        {
            programmed(completed);
        }
    }

    /** {@inheritDoc} */
    public void onResyncRequest()
    {
        resyncRequested = true;
    }

    private void programmed(final MagSession s)
    {
        cancel(s, MagSession.DATA_PLANE);
        if (dataPlane.settle(s))
        {
            // The LMA holds a binding this MAG cannot serve: undo, and de-register it.
            dataPlaneFailures++;
            dataPlane.unprogram(s);
            s.phase = MagSession.DEREGISTERING;
            s.retransmissions = 0;
            s.timeoutMs = config.initialBindackTimeoutMs();
            sendPbu(s, 0, s.pendingHandoffIndicator);
            return;
        }
        s.phase = MagSession.REGISTERED;
        if (s.attachSeenMs >= 0)
        {
            handoverLatency.record(clock.time() - s.attachSeenMs); // attach seen → PBA and data plane acked
            s.attachSeenMs = -1;
        }
        granted(s, s.grantedUnits);
        persist(s);
        advertise(s, clock.time());
    }

    // ------------------------------------------------------------------------------------------------ lifetimes

    /** A registration or refresh was accepted with this lifetime: re-arm expiry and the refresh. */
    private void granted(final MagSession s, final int units)
    {
        final long now = clock.time();
        s.grantedUnits = units;
        s.retransmissions = 0;
        s.timeoutMs = config.initialBindackTimeoutMs();
        final long lifetimeMs = units * 4000L;
        s.entry.expiresAtMs(now + lifetimeMs);
        schedule(s, now + lifetimeMs, MagSession.EXPIRE);
        schedule(s, now + lifetimeMs * config.refreshPercent() / 100, MagSession.REFRESH);
    }

    /** Sends the node an RA with its HNPs, lifetimes bounded by the binding's, and re-arms the periodic one. */
    private void advertise(final MagSession s, final long now)
    {
        final long remainingS = Math.max(0, (s.entry.expiresAtMs() - now) / 1000);
        final int routerLifetime = (int)Math.min(config.routerLifetimeS(), remainingS);
        sendAdvertisement(s, routerLifetime, remainingS);
        schedule(s, now + config.maxRtrAdvIntervalMs(), MagSession.ADVERTISE);
    }

    /** The last RA: not a default router any more, the prefixes neither preferred nor valid (§6.9.1.2 / §4.5). */
    private void finalAdvertisement(final MagSession s)
    {
        sendAdvertisement(s, 0, 0);
    }

    private void sendAdvertisement(final MagSession s, final int routerLifetime, final long prefixLifetimeS)
    {
        final boolean known = s.linkLocalHi != 0 || s.linkLocalLo != 0;
        final int length = ra.write(s.mac, known ? s.linkLocalHi : ALL_NODES_HI, known ? s.linkLocalLo : ALL_NODES_LO,
            routerLifetime, s.entry, prefixLifetimeS, prefixLifetimeS);
        if (accessLink.send(s.port, ra.frame(), 0, length))
        {
            routerAdvertisements++;
        }
        else
        {
            accessSendFailures++;
        }
    }

    /** {@inheritDoc} */
    public int onTick(final long nowMs)
    {
        int work = 0;
        if (resyncRequested)
        {
            resynchronise();
            work++;
        }
        work += accessLink.poll(frameHandler, FRAME_LIMIT);
        return work + timers.poll(nowMs, timerHandler, TIMER_LIMIT);
    }

    private void onTimer(final long deadline, final long payload)
    {
        final int id = (int)(payload >>> 3);
        final int kind = (int)(payload & 7);
        final MagSession s = sessions.get(id);
        if (s == null || s.deadlines[kind] != deadline)
        {
            return; // cancelled or re-armed since
        }
        s.deadlines[kind] = -1;
        switch (kind)
        {
            case MagSession.RETRANSMIT -> {
                if (s.retransmissions >= config.maxRetransmissions())
                {
                    giveUp(s);
                    return;
                }
                s.retransmissions++;
                retransmissions++;
                s.timeoutMs = Math.min(2 * s.timeoutMs, config.maxBindackTimeoutMs());
                retransmit(s);
            }
            case MagSession.REFRESH -> {
                if (s.phase == MagSession.REGISTERED)
                {
                    s.phase = MagSession.REFRESHING;
                    s.retransmissions = 0;
                    s.timeoutMs = config.initialBindackTimeoutMs();
                    sendPbu(s, config.lifetimeUnits(), REFRESH_HANDOFF_INDICATOR);
                }
            }
            case MagSession.ADVERTISE -> {
                if (s.isServed())
                {
                    advertise(s, deadline);
                }
            }
            case MagSession.EXPIRE -> {
                expiries++;
                endService(s);
            }
            default -> {
                // DATA_PLANE: acks missing after mag.data-plane-timeout-ms count as a refusal.
                dataPlane.timedOut(s);
                programmed(s);
            }
        }
    }

    private boolean isLive(final long deadline, final long payload)
    {
        final MagSession s = sessions.get((int)(payload >>> 3));
        return s != null && s.deadlines[(int)(payload & 7)] == deadline;
    }

    private void schedule(final MagSession s, final long deadline, final int kind)
    {
        if (timers.size() > 8 * sessions.size() + 1024)
        {
            timers.retain(liveTimer); // lazy cancellation leaves stale pairs; sweep when they pile up
        }
        s.deadlines[kind] = deadline;
        timers.add(deadline, ((long)s.entry.id() << 3) | kind);
    }

    private static void cancel(final MagSession s, final int kind)
    {
        s.deadlines[kind] = -1;
    }

    private void persist(final MagSession s)
    {
        if (journal != null)
        {
            journal.persist(s);
            journal.compactIfDue(sessions.values());
        }
    }

    private void unpersist(final MagSession s)
    {
        if (journal != null)
        {
            journal.forget(s);
        }
    }

    private void remove(final MagSession s)
    {
        unpersist(s);
        dataPlane.forget(s);
        sessions.remove(s.entry.id());
        if (byMac.get(s.mac) == s)
        {
            byMac.remove(s.mac);
        }
        list.remove(s.entry);
    }

    // ------------------------------------------------------------------------------------------------ admin, stats

    /**
     * A Binding Update List entry as an administrator sees it (a copy, safe to hand to another thread).
     *
     * @param mnId the MN-ID.
     * @param mac the node's MAC.
     * @param port its access port.
     * @param prefixes its HNPs.
     * @param state REGISTERING, PROGRAMMING, REGISTERED, REFRESHING or DEREGISTERING.
     * @param expiresAtMs end of the granted lifetime (wall-clock ms), 0 before the first PBA.
     */
    public record SessionView(String mnId, long mac, int port, List<String> prefixes, String state, long expiresAtMs)
    {
    }

    private static final String[] PHASES = { "REGISTERING", "PROGRAMMING", "REGISTERED", "REFRESHING",
        "DEREGISTERING" };

    /** Administrative: every entry of the Binding Update List (call on the agent thread). */
    public List<SessionView> sessions()
    {
        final List<SessionView> views = new ArrayList<>(sessions.size());
        for (final MagSession s : sessions.values())
        {
            final List<String> prefixes = new ArrayList<>();
            for (int i = 0; i < s.entry.prefixCount(); i++)
            {
                prefixes.add(Ipv6Words.text(s.entry.prefix(i), 0) + "/64");
            }
            views.add(new SessionView(new String(s.entry.mnId(), java.nio.charset.StandardCharsets.UTF_8), s.mac,
                s.port, List.copyOf(prefixes), PHASES[s.phase], s.entry.expiresAtMs()));
        }
        return views;
    }

    /**
     * A neighbour entry the MAG programmed for a served node (a copy).
     *
     * @param port access port.
     * @param address the node's address (EUI-64 in its HNP, or learnt from DAD / NA).
     * @param mac the node's MAC.
     * @param mnId the node's MN-ID.
     */
    public record NeighbourView(int port, String address, long mac, String mnId)
    {
    }

    /** Administrative: the neighbour entries of every node (call on the agent thread). */
    public List<NeighbourView> neighbours()
    {
        final List<NeighbourView> views = new ArrayList<>();
        for (final MagSession s : sessions.values())
        {
            for (int i = 0; i < s.neighbourCount; i++)
            {
                views.add(new NeighbourView(s.port, Ipv6Words.text(s.neighbourHi[i], s.neighbourLo[i]), s.mac,
                    new String(s.entry.mnId(), java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
        return views;
    }

    /**
     * @return attach seen (RS or {@link #attach}) → PBA accepted and the data plane acked (RA sent), per
     *     registration, ms; read on the agent thread.
     */
    public net.dmmgw.control.metrics.LatencyHistogram handoverLatency()
    {
        return handoverLatency;
    }

    /** @return the MAG's settings. */
    public MagConfig config()
    {
        return config;
    }

    /** @return the Binding Update List's location-management view (read on the agent thread). */
    public BindingCache bindingUpdateList()
    {
        return list;
    }

    /** @return the routing state (tunnel references). */
    public MobilityRouting routing()
    {
        return dataPlane.routing();
    }

    /** @return PBUs sent (first transmissions, retransmissions, refreshes and de-registrations). */
    public long pbusSent()
    {
        return pbusSent;
    }

    /** @return solicited Neighbour Advertisements sent for the MAG's link-local. */
    public long neighbourAdvertisements()
    {
        return neighbourAdvertisements;
    }

    /** @return PBUs sent again (timeout, 156 or 135). */
    public long retransmissions()
    {
        return retransmissions;
    }

    /** @return PBAs with status &lt; 128 acted on. */
    public long pbasAccepted()
    {
        return pbasAccepted;
    }

    /** @return registrations refused (rejecting status, or an accepted PBA without a usable HNP / lifetime). */
    public long rejections()
    {
        return rejections;
    }

    /** @return the status of the last refusal. */
    public int lastRejectionStatus()
    {
        return lastRejectionStatus;
    }

    /** @return PBUs given up after mag.max-retransmissions. */
    public long registrationTimeouts()
    {
        return registrationTimeouts;
    }

    /** @return PBAs that matched no PBU outstanding. */
    public long unmatchedPbas()
    {
        return unmatchedPbas;
    }

    /** @return PBAs not processed because their D flag says the sender is a MAAR (RFC 8885 §4.2). */
    public long dmmRefusals()
    {
        return dmmRefusals;
    }

    /** @return signalling dropped (malformed, bad checksum, not from the LMA, not a PBA or Heartbeat). */
    public long dropped()
    {
        return dropped;
    }

    /** @return attachments of MACs the policy profile does not know. */
    public long unknownMobileNodes()
    {
        return unknownMobileNodes;
    }

    /** @return access-link frames ignored (not valid RS / NS / NA, or nothing to learn). */
    public long ignoredFrames()
    {
        return ignoredFrames;
    }

    /** @return RAs sent. */
    public long routerAdvertisements()
    {
        return routerAdvertisements;
    }

    /** @return RAs the access link would not take. */
    public long accessSendFailures()
    {
        return accessSendFailures;
    }

    /** @return registrations undone because the data plane refused or did not answer. */
    public long dataPlaneFailures()
    {
        return dataPlaneFailures;
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

    /** @return the Binding Update List's journal, or null when it is kept in memory only. */
    public BindingJournal journal()
    {
        return journal == null ? null : journal.journal();
    }

    /** @return bindings whose lifetime ran out unrefreshed. */
    public long expiries()
    {
        return expiries;
    }

    /** @return node addresses learnt from Neighbour Discovery. */
    public long neighboursLearnt()
    {
        return neighboursLearnt;
    }

    /** @return the correction applied to this MAG's clock for Timestamps (ms), learnt from a 156. */
    public long clockOffsetMs()
    {
        return clockOffsetMs;
    }

    /** @return resynchronisation calls refused or not sent. */
    public long resyncFailures()
    {
        return dataPlane.resyncFailures();
    }

    /** @return resynchronisation acks still outstanding. */
    public int resyncPending()
    {
        return dataPlane.resyncPending();
    }

    /** @return the data-plane epoch of the last resynchronisation. */
    public long epoch()
    {
        return dataPlane.epoch();
    }
}
