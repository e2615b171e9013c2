package net.dmmgw.control.lma;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import net.dmmgw.control.allocation.PrefixPool;
import net.dmmgw.control.codec.BindingAck;
import net.dmmgw.control.codec.Heartbeat;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.control.codec.MobilityHeaderValidator;
import net.dmmgw.control.codec.OptionType;
import net.dmmgw.control.codec.ValidationAction;
import net.dmmgw.control.codec.ValidationResult;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.journal.BindingRecord;
import net.dmmgw.control.journal.JournalReplayHandler;
import net.dmmgw.control.location.BindingCache;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.location.BindingState;
import net.dmmgw.control.location.MessageOrdering;
import net.dmmgw.control.node.DeadlineQueue;
import net.dmmgw.control.node.MobilityRole;
import net.dmmgw.control.node.SignallingTransport;
import net.dmmgw.control.routing.MobilityRouting;
import net.dmmgw.control.routing.RouteProgrammer;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The Local Mobility Anchor (RFC 5213 §5), composed of {@link PrefixPool} (allocation), {@link BindingCache}
 * (location management), {@link MobilityRouting} (tunnels and routes) and {@link BindingJournal} (durability).
 * The role logic here is what RFC 5213 adds: the PBU checks of wire-formats §4.3 in order, the Handoff Indicator
 * table of §4.6 (HI = 4 waits MaxDelayBeforeNewBCEAssign), timestamp or sequence ordering, lifetimes,
 * de-registration with MinDelayBeforeBCEDelete and the rule that a stale MAG cannot delete a moved binding, and
 * make-before-break: the PBA leaves only after the data plane acknowledged the tunnel and routes and the change
 * is in the journal. Heartbeats (RFC 5847): requests to every peer each interval, answers to theirs, a peer that
 * misses too many is reported unreachable.
 * <p>
 * Single-threaded: drive it from a {@link net.dmmgw.control.node.NodeAgent}.
 */
public final class LocalMobilityAnchor implements MobilityRole
{
    private static final int TRANSACTION_TIMEOUT = 0;
    private static final int EXPIRE = 1;
    private static final int DELETE = 2;
    private static final int HI4_WAIT = 3;
    private static final long BUSY_RETRY_MS = 50;
    private static final int PBA_CAPACITY = 2048;
    private static final int TIMER_LIMIT = 1024;

    private final LmaConfig config;
    private final SignallingTransport transport;
    private final EpochClock clock;
    private final BindingJournal journal;
    private final RouteProgrammer dataPlane;
    private final PrefixPool pool;
    private final BindingCache cache = new BindingCache();
    private final MobilityRouting routing;
    private final long[] peerHi;
    private final long[] peerLo;
    private final String[] servedDomains;
    private final boolean servesAll;
    private final long lmaHi;
    private final long lmaLo;
    private final PeerAuthenticator[] authenticators;
    private final long[] heartbeatSequence;
    private final boolean[] heartbeatAwaited;
    private final int[] missingHeartbeats;
    private final boolean[] peerReachable;
    private long nextHeartbeatMs;

    private final MobilityHeaderValidator validator = new MobilityHeaderValidator();
    private final ValidationResult validation = new ValidationResult();
    private final MobilityHeaderDecoder decoder = new MobilityHeaderDecoder();
    private final MobilityHeaderEncoder encoder = new MobilityHeaderEncoder();
    private final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(PBA_CAPACITY));
    private final byte[] scratch16 = new byte[16];
    private final ProxyBindingUpdate incoming = new ProxyBindingUpdate();

    private final DeadlineQueue timers = new DeadlineQueue();
    private final DeadlineQueue.Handler timerHandler = this::onTimer;
    private final DeadlineQueue.Filter liveTimer = this::isLive;
    private final Int2ObjectHashMap<ParkedPbu> parked = new Int2ObjectHashMap<>();
    private final Long2ObjectHashMap<LmaTransaction> pendingAcks = new Long2ObjectHashMap<>();
    private final ArrayDeque<LmaTransaction> freeTransactions = new ArrayDeque<>();
    private final Int2ObjectHashMap<LmaTransaction> transactionsByEntry = new Int2ObjectHashMap<>();
    private final LongHashSet resyncAcks = new LongHashSet();
    private final JournalReplayHandler replayHandler = new ReplayHandler();
    private long epoch;
    private boolean resyncRequested;

    private long pbasSent;
    private long dropped;
    private long staleDeregistrations;
    private long rollbacks;
    private long resyncFailures;
    private long expired;
    private long authenticationFailures;
    private long replayConflicts;
    private long dataPlaneTimeouts;

    /**
     * @param config settings.
     * @param dataPlane where tunnels and routes go.
     * @param transport signalling.
     * @param clock wall clock (ms); timestamps and lifetimes use it.
     * @param journal the binding journal (opened; {@link #start()} replays it).
     */
    public LocalMobilityAnchor(final LmaConfig config, final RouteProgrammer dataPlane,
        final SignallingTransport transport, final EpochClock clock, final BindingJournal journal)
    {
        this.config = config;
        this.dataPlane = dataPlane;
        this.transport = transport;
        this.clock = clock;
        this.journal = journal;
        this.pool = PrefixPool.parse(config.hnpPool());
        this.lmaHi = ProxyBindingUpdate.word(config.address(), 0);
        this.lmaLo = ProxyBindingUpdate.word(config.address(), 8);
        this.routing = new MobilityRouting(dataPlane, lmaHi, lmaLo);
        this.peerHi = new long[config.peers().size()];
        this.peerLo = new long[config.peers().size()];
        for (int i = 0; i < peerHi.length; i++)
        {
            peerHi[i] = ProxyBindingUpdate.word(config.peers().get(i), 0);
            peerLo[i] = ProxyBindingUpdate.word(config.peers().get(i), 8);
        }
        this.authenticators = new PeerAuthenticator[peerHi.length];
        for (int i = 0; i < peerHi.length; i++)
        {
            final byte[] key = config.peerKeys().get(i);
            authenticators[i] = key == null ? null : new PeerAuthenticator(key, config.peerSpis().get(i));
        }
        this.heartbeatSequence = new long[peerHi.length];
        this.heartbeatAwaited = new boolean[peerHi.length];
        this.missingHeartbeats = new int[peerHi.length];
        this.peerReachable = new boolean[peerHi.length];
        java.util.Arrays.fill(peerReachable, true);
        this.nextHeartbeatMs = clock.time() + config.heartbeatIntervalMs();
        this.servesAll = config.servedDomains().contains("*");
        this.servedDomains = config.servedDomains().toArray(new String[0]);
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
        epoch = Math.max(Math.max(epoch, journal.lastEpoch()) + 1, clock.time());
        journal.storeEpoch(epoch);
        resync(dataPlane.beginSnapshot(epoch));
        resync(dataPlane.addTunnelEndpoint(lmaHi, lmaLo));
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
                for (int i = 0; i < e.prefixCount(); i++)
                {
                    resync(routing.routePrefix(e.prefix(i), e.tunnelId()));
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

    /** {@inheritDoc} */
    public void onSignalling(final byte[] source, final byte[] destination, final DirectBuffer mh, final int offset,
        final int length)
    {
        int deferred = 0;
        if (!validator.validate(mh, offset, length, source, destination, validation))
        {
            if (validation.action() != ValidationAction.REJECT_WITH_STATUS)
            {
                dropped++;
                return;
            }
            deferred = validation.code();
        }
        final MobilityHeaderDecoder message = decoder.wrap(mh, offset, length);
        final int type = message.mhType();
        final int declared = message.declaredLength(); // octets after the MH (none in a PBU) are not copied
        if (type == MhType.HEARTBEAT)
        {
            onHeartbeat(source, destination);
            return;
        }
        if (type != MhType.BINDING_UPDATE)
        {
            dropped++;
            return;
        }
        final ProxyBindingUpdate pbu = incoming;
        pbu.load(source, destination, mh, offset, declared);
        final long now = clock.time();
        // Check 1: a peer with a key must authenticate (RFC 4285); a missing option is dropped, a wrong one 146.
        final int peer = peerIndex(pbu.sourceHi(), pbu.sourceLo());
        if (peer >= 0 && authenticators[peer] != null && !authenticators[peer].verify(pbu))
        {
            authenticationFailures++;
            if (pbu.authOffset() < 0)
            {
                dropped++;
            }
            else
            {
                reject(pbu, LmaStatus.MIPV6_AUTH_FAIL, null);
            }
            return;
        }
        // Check 2 comes before the codec's MN-ID check (3); 158/161/162 wait until after ordering (7-9).
        if (!pbu.isProxy() || !config.proxyRegistration())
        {
            reject(pbu, LmaStatus.PROXY_REG_NOT_ENABLED, null);
            return;
        }
        if (deferred != 0 && !isDeferrable(deferred))
        {
            reject(pbu, deferred, null);
            return;
        }
        if (!serves(pbu))
        {
            reject(pbu, LmaStatus.NOT_LMA_FOR_THIS_MOBILE_NODE, null);
            return;
        }
        if (!isPeer(pbu.sourceHi(), pbu.sourceLo()))
        {
            reject(pbu, LmaStatus.MAG_NOT_AUTHORIZED_FOR_PROXY_REG, null);
            return;
        }
        BindingCacheEntry candidate = findSession(pbu);
        if (config.timestampMode())
        {
            if (!pbu.hasTimestamp() ||
                !MessageOrdering.withinWindow(pbu.timestamp(), now, config.timestampWindowMs()))
            {
                sendPba(pbu, LmaStatus.TIMESTAMP_MISMATCH, null, 0, pbu.sequence(),
                    MessageOrdering.timestampOfMillis(now));
                return;
            }
            if (candidate != null && Long.compareUnsigned(pbu.timestamp(), candidate.lastTimestamp()) <= 0)
            {
                reject(pbu, LmaStatus.TIMESTAMP_LOWER_THAN_PREV_ACCEPTED, null);
                return;
            }
        }
        else if (candidate != null && candidate.lastSequence() >= 0 &&
            !MessageOrdering.isNewerSequence(pbu.sequence(), candidate.lastSequence()))
        {
            sendPba(pbu, LmaStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW, null, 0, candidate.lastSequence(), -1);
            return;
        }
        if (deferred != 0)
        {
            reject(pbu, deferred, null);
            return;
        }
        if (!pbu.allZeroPrefixes())
        {
            final int status = checkRequestedPrefixes(pbu);
            if (status != 0)
            {
                reject(pbu, status, null);
                return;
            }
            candidate = cache.byPrefix(pbu.prefixHi(0));
        }
        if (pbu.ipv4Requested())
        {
            reject(pbu, LmaStatus.NOT_AUTHORIZED_FOR_IPV4_MOBILITY_SERVICE, null);
            return;
        }
        if (pbu.tooManyPrefixes())
        {
            reject(pbu, LmaStatus.REASON_UNSPECIFIED, null);
            return;
        }
        if (candidate != null && candidate.isBusy())
        {
            dropped++; // a transaction for this session is in flight; the MAG retransmits
            return;
        }
        if (pbu.lifetime() == 0)
        {
            deregister(pbu, candidate, now);
        }
        else if (candidate == null)
        {
            createSession(pbu);
        }
        else if (candidate.state() == BindingState.ACTIVE &&
            candidate.isProxyCoa(pbu.proxyCoaHi(), pbu.proxyCoaLo()))
        {
            commit(candidate, pbu);
        }
        else if (pbu.allZeroPrefixes() && pbu.handoffIndicator() == 4 && candidate.state() == BindingState.ACTIVE)
        {
            park(candidate, pbu, now);
        }
        else
        {
            startHandoff(candidate, pbu);
        }
    }

    private static boolean isDeferrable(final int code)
    {
        return code == LmaStatus.MISSING_HOME_NETWORK_PREFIX_OPTION ||
            code == LmaStatus.MISSING_HANDOFF_INDICATOR_OPTION || code == LmaStatus.MISSING_ACCESS_TECH_TYPE_OPTION;
    }

    /** RFC 5213 §5.4.1: which existing session a PBU refers to, by its prefixes or by its Handoff Indicator. */
    private BindingCacheEntry findSession(final ProxyBindingUpdate pbu)
    {
        final byte[] b = pbu.bytes();
        if (pbu.mnIdOffset() < 0)
        {
            return null;
        }
        if (pbu.prefixCount() > 0 && !pbu.allZeroPrefixes())
        {
            final BindingCacheEntry owner = cache.byPrefix(pbu.prefixHi(0));
            return owner != null && owner.mnIdEquals(b, pbu.mnIdOffset(), pbu.mnIdLength()) ? owner : null;
        }
        final int att = pbu.accessTechnologyType();
        return switch (pbu.handoffIndicator())
        {
            case 1 -> null;
            case 3 -> cache.byMnId(b, pbu.mnIdOffset(), pbu.mnIdLength(), att,
                pbu.linkLayerOffset() < 0 ? null : b, pbu.linkLayerOffset(), pbu.linkLayerLength());
            case 2 -> cache.byMnId(b, pbu.mnIdOffset(), pbu.mnIdLength(), -1, null, 0, 0);
            default -> cache.byMnId(b, pbu.mnIdOffset(), pbu.mnIdLength(), att, null, 0, 0);
        };
    }

    /** Checks 10 and 11: every requested /64 belongs to one session of this MN-ID, and the sets are equal. */
    private int checkRequestedPrefixes(final ProxyBindingUpdate pbu)
    {
        BindingCacheEntry owner = null;
        for (int i = 0; i < pbu.prefixCount(); i++)
        {
            final BindingCacheEntry e = pbu.prefixLength(i) == 64 && pbu.prefixLo(i) == 0 ?
                cache.byPrefix(pbu.prefixHi(i)) : null;
            if (e == null || !e.mnIdEquals(pbu.bytes(), pbu.mnIdOffset(), pbu.mnIdLength()))
            {
                return LmaStatus.NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX;
            }
            if (owner == null)
            {
                owner = e;
            }
            else if (owner != e)
            {
                return LmaStatus.BCE_PBU_PREFIX_SET_DO_NOT_MATCH;
            }
        }
        return owner.prefixCount() == pbu.prefixCount() ? 0 : LmaStatus.BCE_PBU_PREFIX_SET_DO_NOT_MATCH;
    }

    private boolean serves(final ProxyBindingUpdate pbu)
    {
        if (servesAll)
        {
            return true;
        }
        final byte[] b = pbu.bytes();
        final int end = pbu.mnIdOffset() + pbu.mnIdLength();
        for (final String domain : servedDomains)
        {
            final int start = end - domain.length();
            if (start - 1 < pbu.mnIdOffset() || b[start - 1] != '@')
            {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < domain.length() && match; i++)
            {
                match = Character.toLowerCase((char)(b[start + i] & 0xFF)) == Character.toLowerCase(domain.charAt(i));
            }
            if (match)
            {
                return true;
            }
        }
        return false;
    }

    private boolean isPeer(final long hi, final long lo)
    {
        return peerIndex(hi, lo) >= 0;
    }

    private int peerIndex(final long hi, final long lo)
    {
        for (int i = 0; i < peerHi.length; i++)
        {
            if (peerHi[i] == hi && peerLo[i] == lo)
            {
                return i;
            }
        }
        return -1;
    }

    private void deregister(final ProxyBindingUpdate pbu, final BindingCacheEntry entry, final long now)
    {
        if (entry == null || !entry.isProxyCoa(pbu.proxyCoaHi(), pbu.proxyCoaLo()))
        {
            // Nothing to delete, or a late message from a MAG the MN already left: acknowledge, change nothing.
            if (entry != null)
            {
                staleDeregistrations++;
            }
            sendPba(pbu, LmaStatus.ACCEPTED, null, 0, pbu.sequence(), -1);
            return;
        }
        if (entry.state() == BindingState.ACTIVE)
        {
            for (int i = 0; i < entry.prefixCount(); i++)
            {
                routing.unroutePrefix(entry.prefix(i));
            }
            routing.releaseTunnel(entry.tunnelId());
            entry.tunnelId(0);
            entry.state(BindingState.DEREGISTERED);
            entry.deleteAtMs(now + config.minDelayBeforeBceDeleteMs());
            schedule(entry, entry.deleteAtMs(), DELETE);
        }
        recordOrdering(entry, pbu, now);
        journal.appendUpsert(entry);
        sendPba(pbu, LmaStatus.ACCEPTED, null, 0, pbu.sequence(), -1);
        final ParkedPbu waiting = parked.remove(entry.id());
        if (waiting != null)
        {
            // HI = 4: the old MAG let go inside MaxDelayBeforeNewBCEAssign, so the waiting PBU is a handoff.
            startHandoff(entry, waiting.pbu); // its queued deadline is now stale

        }
        compactIfDue();
    }

    private void park(final BindingCacheEntry entry, final ProxyBindingUpdate pbu, final long now)
    {
        ParkedPbu p = parked.get(entry.id());
        if (p == null)
        {
            p = new ParkedPbu();
            p.deadline = now + config.maxDelayBeforeNewBceAssignMs();
            timers.add(p.deadline, target(entry.id(), HI4_WAIT));
            parked.put(entry.id(), p);
        }
        p.pbu.copyFrom(pbu);
    }

    private void createSession(final ProxyBindingUpdate pbu)
    {
        final int wanted = Math.max(1, pbu.prefixCount());
        final BindingCacheEntry entry = cache.create(0, pbu.bytes(), pbu.mnIdOffset(), pbu.mnIdLength());
        for (int i = 0; i < wanted; i++)
        {
            final long prefix = pool.allocate();
            if (prefix == PrefixPool.NONE)
            {
                release(entry);
                reject(pbu, LmaStatus.INSUFFICIENT_RESOURCES, null);
                return;
            }
            cache.addPrefix(entry, prefix);
        }
        final LmaTransaction tx = begin(pbu, entry);
        tx.created = true;
        program(tx);
    }

    private void startHandoff(final BindingCacheEntry entry, final ProxyBindingUpdate pbu)
    {
        final LmaTransaction tx = begin(pbu, entry);
        tx.wasActive = entry.state() == BindingState.ACTIVE;
        tx.oldTunnel = entry.tunnelId();
        program(tx);
    }

    private LmaTransaction begin(final ProxyBindingUpdate pbu, final BindingCacheEntry entry)
    {
        LmaTransaction tx = freeTransactions.poll();
        if (tx == null)
        {
            tx = new LmaTransaction();
        }
        tx.reset();
        tx.pbu.copyFrom(pbu);
        tx.entry = entry;
        entry.busy(true);
        return tx;
    }

    /** Make before break: the new tunnel (if any) and every HNP route through it, then wait for the acks. */
    private void program(final LmaTransaction tx)
    {
        final ProxyBindingUpdate pbu = tx.pbu;
        expect(tx, routing.acquireTunnel(pbu.proxyCoaHi(), pbu.proxyCoaLo()));
        tx.newTunnel = routing.tunnelOf(pbu.proxyCoaHi(), pbu.proxyCoaLo());
        final BindingCacheEntry e = tx.entry;
        for (int i = 0; i < e.prefixCount(); i++)
        {
            expect(tx, routing.routePrefix(e.prefix(i), tx.newTunnel));
        }
        if (tx.outstanding == 0)
        {
            finish(tx);
            return;
        }
        // An ack that never comes (data plane gone) must not hold the session busy forever.
        tx.deadline = clock.time() + config.dataPlaneTimeoutMs();
        transactionsByEntry.put(e.id(), tx);
        timers.add(tx.deadline, target(e.id(), TRANSACTION_TIMEOUT));
    }

    private void expect(final LmaTransaction tx, final long correlationId)
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

    /** {@inheritDoc} */
    public void onAck(final long correlationId, final boolean ok)
    {
        final LmaTransaction tx = pendingAcks.remove(correlationId);
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

    /** {@inheritDoc} */
    public void onResyncRequest()
    {
        resyncRequested = true;
    }

    private void finish(final LmaTransaction tx)
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
            commit(e, tx.pbu);
        }
        else
        {
            rollbacks++;
            if (tx.created)
            {
                for (int i = 0; i < e.prefixCount(); i++)
                {
                    routing.unroutePrefix(e.prefix(i));
                }
                routing.releaseTunnel(tx.newTunnel);
                release(e);
            }
            else
            {
                for (int i = 0; i < e.prefixCount(); i++)
                {
                    if (tx.wasActive)
                    {
                        routing.routePrefix(e.prefix(i), tx.oldTunnel);
                    }
                    else
                    {
                        routing.unroutePrefix(e.prefix(i));
                    }
                }
                routing.releaseTunnel(tx.newTunnel);
                e.busy(false);
            }
            reject(tx.pbu, LmaStatus.REASON_UNSPECIFIED, null);
        }
        freeTransactions.add(tx);
    }

    /** Accept: update the BCE, re-arm its lifetime, journal it, then answer. */
    private void commit(final BindingCacheEntry e, final ProxyBindingUpdate pbu)
    {
        final long now = clock.time();
        final int granted = Math.min(pbu.lifetime(), config.maxLifetimeUnits());
        e.proxyCoa(pbu.proxyCoaHi(), pbu.proxyCoaLo());
        recordOrdering(e, pbu, now);
        e.handoffIndicator(pbu.handoffIndicator());
        e.accessTechnologyType(pbu.accessTechnologyType());
        if (pbu.linkLayerOffset() >= 0)
        {
            e.linkLayerId(pbu.bytes(), pbu.linkLayerOffset(), pbu.linkLayerLength());
        }
        e.state(BindingState.ACTIVE);
        e.expiresAtMs(now + granted * 4000L);
        e.busy(false);
        schedule(e, e.expiresAtMs(), EXPIRE);
        journal.appendUpsert(e);
        sendPba(pbu, LmaStatus.ACCEPTED, e, granted, pbu.sequence(), -1);
        compactIfDue();
    }

    private void recordOrdering(final BindingCacheEntry e, final ProxyBindingUpdate pbu, final long now)
    {
        e.lastTimestamp(pbu.hasTimestamp() ? pbu.timestamp() : MessageOrdering.timestampOfMillis(now));
        e.lastSequence(pbu.sequence());
    }

    private void compactIfDue()
    {
        if (journal.needsCompaction())
        {
            journal.compact(cache.entries());
        }
    }

    /** Deletes a session: prefixes back to the pool, out of the cache, a delete in the journal. */
    private void release(final BindingCacheEntry e)
    {
        for (int i = 0; i < e.prefixCount(); i++)
        {
            pool.release(e.prefix(i));
        }
        e.timer(-1, 0);
        cache.remove(e);
        journal.appendDelete(e.id());
    }

    private void reject(final ProxyBindingUpdate pbu, final int status, final BindingCacheEntry entry)
    {
        sendPba(pbu, status, entry, 0, pbu.sequence(), -1);
    }

    /**
     * Builds and sends a PBA: P = 1, the PBU's Sequence # (or the one given), HNPs (the session's when accepted,
     * otherwise those requested), MN-ID, HI, ATT, MN-LL-ID, Link-local Address and Timestamp copied, or the LMA's
     * time when {@code lmaTimestamp} is not -1 (status 156).
     */
    private void sendPba(final ProxyBindingUpdate pbu, final int status, final BindingCacheEntry entry,
        final int lifetime, final int sequence, final long lmaTimestamp)
    {
        final MobilityHeaderEncoder enc = encoder.wrap(out, 0, PBA_CAPACITY).begin(MhType.BINDING_ACK);
        enc.bindingAck().status(status).flags(BindingAck.FLAG_P).sequence(sequence).lifetime(lifetime);
        if (entry != null)
        {
            for (int i = 0; i < entry.prefixCount(); i++)
            {
                enc.homeNetworkPrefix(64, words(entry.prefix(i), 0));
            }
        }
        else
        {
            for (int i = 0; i < pbu.prefixCount(); i++)
            {
                enc.homeNetworkPrefix(pbu.prefixLength(i), words(pbu.prefixHi(i), pbu.prefixLo(i)));
            }
        }
        final byte[] b = pbu.bytes();
        if (pbu.mnIdOffset() >= 0)
        {
            enc.mobileNodeIdentifier(b[pbu.mnIdOffset() - 1] & 0xFF, b, pbu.mnIdOffset(), pbu.mnIdLength());
        }
        if (pbu.handoffIndicator() >= 0)
        {
            enc.handoffIndicator(pbu.handoffIndicator());
        }
        if (pbu.accessTechnologyType() >= 0)
        {
            enc.accessTechnologyType(pbu.accessTechnologyType());
        }
        if (pbu.linkLayerOffset() >= 0)
        {
            final int at = enc.beginOption(OptionType.MN_LINK_LAYER_IDENTIFIER, 2 + pbu.linkLayerLength());
            if (at >= 0)
            {
                out.setMemory(at, 2, (byte)0);
                out.putBytes(at + 2, b, pbu.linkLayerOffset(), pbu.linkLayerLength());
            }
        }
        if (pbu.linkLocalOffset() >= 0)
        {
            System.arraycopy(b, pbu.linkLocalOffset(), scratch16, 0, 16);
            enc.linkLocalAddress(scratch16);
        }
        if (lmaTimestamp != -1)
        {
            enc.timestamp(lmaTimestamp >>> 16, (int)(lmaTimestamp & 0xFFFF));
        }
        else if (pbu.hasTimestamp())
        {
            enc.timestamp(pbu.timestamp() >>> 16, (int)(pbu.timestamp() & 0xFFFF));
        }
        final int length = enc.finish(pbu.destination(), pbu.source());
        if (length > 0 && transport.send(pbu.destination(), pbu.source(), out, 0, length))
        {
            pbasSent++;
        }
    }

    private byte[] words(final long hi, final long lo)
    {
        for (int i = 0; i < 8; i++)
        {
            scratch16[i] = (byte)(hi >>> (56 - 8 * i));
            scratch16[8 + i] = (byte)(lo >>> (56 - 8 * i));
        }
        return scratch16;
    }

    /**
     * RFC 5847: a request from a configured peer is answered (R = 1, its sequence number); a response that matches
     * the request outstanding towards that peer marks it reachable again.
     */
    private void onHeartbeat(final byte[] source, final byte[] destination)
    {
        final Heartbeat message = decoder.heartbeat();
        final int peer = peerIndex(ProxyBindingUpdate.word(source, 0), ProxyBindingUpdate.word(source, 8));
        if (peer < 0)
        {
            dropped++;
            return;
        }
        final long sequence = message.sequence();
        if ((message.flags() & Heartbeat.FLAG_R) != 0)
        {
            if (heartbeatAwaited[peer] && sequence == heartbeatSequence[peer])
            {
                heartbeatAwaited[peer] = false;
                missingHeartbeats[peer] = 0;
                peerReachable[peer] = true;
            }
            else
            {
                dropped++;
            }
            return;
        }
        sendHeartbeat(destination, source, Heartbeat.FLAG_R, sequence);
    }

    private void sendHeartbeat(final byte[] source, final byte[] destination, final int flags, final long sequence)
    {
        final MobilityHeaderEncoder enc = encoder.wrap(out, 0, PBA_CAPACITY).begin(MhType.HEARTBEAT);
        enc.message().heartbeat().flags(flags).sequence(sequence);
        final int length = enc.finish(source, destination);
        if (length > 0)
        {
            transport.send(source, destination, out, 0, length);
        }
    }

    /** Every interval: a request to each peer; a request still unanswered counts as a missing heartbeat. */
    private int heartbeatPeers(final long nowMs)
    {
        if (config.heartbeatIntervalMs() == 0 || nowMs < nextHeartbeatMs)
        {
            return 0;
        }
        nextHeartbeatMs = nowMs + config.heartbeatIntervalMs();
        for (int i = 0; i < peerHi.length; i++)
        {
            if (heartbeatAwaited[i] && ++missingHeartbeats[i] > config.missingHeartbeatsAllowed())
            {
                peerReachable[i] = false;
            }
            heartbeatSequence[i] = (heartbeatSequence[i] + 1) & 0xFFFF_FFFFL;
            heartbeatAwaited[i] = true;
            sendHeartbeat(config.address(), config.peers().get(i), 0, heartbeatSequence[i]);
        }
        return peerHi.length;
    }

    /** @return false once the peer missed more than lma.missing-heartbeats-allowed heartbeats in a row. */
    public boolean isPeerReachable(final int peer)
    {
        return peerReachable[peer];
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
        work += heartbeatPeers(nowMs);
        return work + timers.poll(nowMs, timerHandler, TIMER_LIMIT);
    }

    private void onTimer(final long deadline, final long target)
    {
        final int id = (int)(target >>> 2);
        final int kind = (int)(target & 3);
        if (kind == TRANSACTION_TIMEOUT)
        {
            final LmaTransaction tx = transactionsByEntry.get(id);
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
        if (kind == HI4_WAIT)
        {
            final ParkedPbu p = parked.get(id);
            if (p != null && p.deadline == deadline)
            {
                // No de-registration came in time: the MN attached a second interface, give it a new session.
                parked.remove(id);
                createSession(p.pbu);
            }
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
            for (int i = 0; i < e.prefixCount(); i++)
            {
                routing.unroutePrefix(e.prefix(i));
            }
            routing.releaseTunnel(e.tunnelId());
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
            final LmaTransaction tx = transactionsByEntry.get(id);
            return tx != null && tx.deadline == deadline;
        }
        if (kind == HI4_WAIT)
        {
            final ParkedPbu p = parked.get(id);
            return p != null && p.deadline == deadline;
        }
        final BindingCacheEntry e = cache.byId(id);
        return e != null && e.timerDeadline() == deadline && e.timerKind() == kind;
    }

    private void schedule(final BindingCacheEntry e, final long deadlineMs, final int kind)
    {
        if (e.timerDeadline() == deadlineMs && e.timerKind() == kind)
        {
            return; // already queued
        }
        // Lazy cancellation: the old pair stays queued and is ignored when it comes up; sweep when they pile up.
        if (timers.size() > 4 * (cache.size() + parked.size()) + 1024)
        {
            timers.retain(liveTimer);
        }
        timers.add(deadlineMs, target(e.id(), kind));
        e.timer(deadlineMs, kind);
    }

    private static long target(final int entryId, final int kind)
    {
        return ((long)entryId << 2) | kind;
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
            for (int i = 0; i < r.prefixCount(); i++)
            {
                if (pool.reserve(r.prefix(i)))
                {
                    cache.addPrefix(e, r.prefix(i));
                }
                else
                {
                    replayConflicts++; // outside a changed pool, or held by another binding: never assign twice
                }
            }
            if (e.prefixCount() == 0)
            {
                cache.remove(e);
                return;
            }
            e.linkLayerId(r.linkLayerId(), 0, r.linkLayerIdLength());
            e.proxyCoa(r.proxyCoaHi(), r.proxyCoaLo());
            e.expiresAtMs(r.expiresAtMs());
            e.lastTimestamp(r.lastTimestamp());
            e.lastSequence(r.lastSequence());
            e.handoffIndicator(r.handoffIndicator());
            e.accessTechnologyType(r.accessTechnologyType());
            e.state(r.state());
            e.deleteAtMs(r.deleteAtMs());
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
            for (int i = 0; i < e.prefixCount(); i++)
            {
                pool.release(e.prefix(i));
            }
            cache.remove(e);
        }
    }

    /** A binding as an administrator sees it (a copy, safe to hand to another thread). */
    public record BindingView(int id, String mnId, List<String> prefixes, String proxyCoa, long expiresAtMs,
        BindingState state)
    {
    }

    /** Administrative: every binding (call on the agent thread, e.g. from an {@code AdminRequest}). */
    public List<BindingView> bindings()
    {
        final List<BindingView> views = new ArrayList<>(cache.size());
        for (final BindingCacheEntry e : cache.entries())
        {
            final List<String> prefixes = new ArrayList<>(e.prefixCount());
            for (int i = 0; i < e.prefixCount(); i++)
            {
                prefixes.add(net.dmmgw.ipc.Ipv6Words.text(e.prefix(i), 0) + "/64");
            }
            views.add(new BindingView(e.id(), new String(e.mnId(), java.nio.charset.StandardCharsets.UTF_8),
                List.copyOf(prefixes), net.dmmgw.ipc.Ipv6Words.text(e.proxyCoaHi(), e.proxyCoaLo()), e.expiresAtMs(),
                e.state()));
        }
        return views;
    }

    /**
     * Administrative: deletes a binding now (routes, tunnel reference, prefixes, a delete in the journal).
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
            for (int i = 0; i < e.prefixCount(); i++)
            {
                routing.unroutePrefix(e.prefix(i));
            }
            routing.releaseTunnel(e.tunnelId());
        }
        release(e);
        compactIfDue();
        return true;
    }

    /** @return the binding cache (read it on the agent thread). */
    public BindingCache cache()
    {
        return cache;
    }

    /** @return the HNP pool. */
    public PrefixPool pool()
    {
        return pool;
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

    /** @return PBAs sent. */
    public long pbasSent()
    {
        return pbasSent;
    }

    /** @return messages dropped (malformed, not for the LMA, or for a session with a transaction in flight). */
    public long dropped()
    {
        return dropped;
    }

    /** @return de-registrations ignored because they came from a MAG that is no longer the Proxy-CoA. */
    public long staleDeregistrations()
    {
        return staleDeregistrations;
    }

    /** @return transactions rolled back after a data-plane refusal. */
    public long rollbacks()
    {
        return rollbacks;
    }

    /** @return sessions removed by lifetime expiry, deletion delay, or dropped as expired at start. */
    public long expired()
    {
        return expired;
    }

    /** @return PBUs from keyed peers whose RFC 4285 authentication was missing or wrong. */
    public long authenticationFailures()
    {
        return authenticationFailures;
    }

    /** @return transactions failed because the data plane did not answer within lma.data-plane-timeout-ms. */
    public long dataPlaneTimeouts()
    {
        return dataPlaneTimeouts;
    }

    /** @return prefixes in the journal that could not be restored (outside the pool or already taken). */
    public long replayConflicts()
    {
        return replayConflicts;
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

    /** @return HI = 4 PBUs waiting for a de-registration. */
    public int parkedCount()
    {
        return parked.size();
    }
}
