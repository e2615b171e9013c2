package net.dmmgw.control.lma;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import net.dmmgw.control.allocation.PrefixPool;
import net.dmmgw.control.anchor.AnchorRole;
import net.dmmgw.control.anchor.AnchorTransaction;
import net.dmmgw.control.anchor.BindingAnchor;
import net.dmmgw.control.anchor.BindingUpdateMessage;
import net.dmmgw.control.anchor.MnHaAuthenticator;
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
import net.dmmgw.control.location.BindingCache;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.location.BindingState;
import net.dmmgw.control.location.MessageOrdering;
import net.dmmgw.control.node.MobilityRole;
import net.dmmgw.control.node.SignallingTransport;
import net.dmmgw.control.routing.MobilityRouting;
import net.dmmgw.control.routing.RouteProgrammer;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
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
    private static final int PBA_CAPACITY = 2048;

    private final LmaConfig config;
    private final SignallingTransport transport;
    private final EpochClock clock;
    private final PrefixPool pool;
    private final BindingAnchor anchor;
    private final BindingCache cache;
    private final MobilityRouting routing;
    private final long[] peerHi;
    private final long[] peerLo;
    private final String[] servedDomains;
    private final boolean servesAll;
    private final long lmaHi;
    private final long lmaLo;
    private final MnHaAuthenticator[] authenticators;
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
    private final BindingUpdateMessage incoming = new BindingUpdateMessage();

    private final Int2ObjectHashMap<ParkedPbu> parked = new Int2ObjectHashMap<>();

    private long pbasSent;
    private long dropped;
    private long dmmRefusals;
    private long staleDeregistrations;
    private long authenticationFailures;
    private long replayConflicts;
    private long retransmittedAttaches;

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
        this.transport = transport;
        this.clock = clock;
        this.pool = PrefixPool.parse(config.hnpPool());
        // CP/DP split: the tunnels end at the data function's address, the signalling stays on lma.address.
        final byte[] tunnelEnd = config.userPlaneAddress() != null ? config.userPlaneAddress() : config.address();
        this.lmaHi = BindingUpdateMessage.word(tunnelEnd, 0);
        this.lmaLo = BindingUpdateMessage.word(tunnelEnd, 8);
        this.anchor = new BindingAnchor(new Prefixes(), dataPlane, clock, journal, lmaHi, lmaLo,
            config.dataPlaneTimeoutMs());
        this.cache = anchor.cache();
        this.routing = anchor.routing();
        this.peerHi = new long[config.peers().size()];
        this.peerLo = new long[config.peers().size()];
        for (int i = 0; i < peerHi.length; i++)
        {
            peerHi[i] = BindingUpdateMessage.word(config.peers().get(i), 0);
            peerLo[i] = BindingUpdateMessage.word(config.peers().get(i), 8);
        }
        this.authenticators = new MnHaAuthenticator[peerHi.length];
        for (int i = 0; i < peerHi.length; i++)
        {
            final byte[] key = config.peerKeys().get(i);
            authenticators[i] = key == null ? null : new MnHaAuthenticator(key, config.peerSpis().get(i));
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
        return anchor.start();
    }

    /** Sends the data plane every tunnel and route in a new epoch (it drops what the epoch does not re-send). */
    public void resynchronise()
    {
        anchor.resynchronise();
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
        final BindingUpdateMessage pbu = incoming;
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
        // RFC 8885 §4.1: this LMA does not implement the DMM extensions; a PBU from a MAAR (D = 1) is refused.
        if (message.hasDFlag())
        {
            dmmRefusals++;
            reject(pbu, LmaStatus.REASON_UNSPECIFIED, null);
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
        if (deferred == 0 && isInitialAttach(pbu))
        {
            // Before the ordering checks: a copy is known by its attachment, whatever its number or Timestamp (a
            // MAG may resend the first message as it was); answering it changes no binding.
            final BindingCacheEntry original = attachedBy(pbu, now);
            if (original != null)
            {
                answerRetransmission(original, pbu, now);
                return;
            }
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

    /** A registration of a new interface (HI = 1, HNP ALL_ZERO): each one opens a session with its own prefix. */
    private static boolean isInitialAttach(final BindingUpdateMessage pbu)
    {
        return pbu.lifetime() != 0 && pbu.handoffIndicator() == 1 && pbu.allZeroPrefixes() && pbu.mnIdOffset() >= 0;
    }

    /**
     * A MAG whose PBA was lost sends its initial attach again, renumbered and, in timestamp mode, with a fresh
     * Timestamp (wire-formats §4.4, RFC 6275 §11.8). PMIPv6 carries no retransmission marker, so the copy is
     * recognised by the attachment's identity instead: a session of this MN-ID opened by an HI = 1 PBU from the same
     * Proxy-CoA with the same MN-LL-ID and ATT, that is
     * <ul>
     * <li>still alive (ACTIVE, not expired) and neither refreshed nor moved since: its last accepted PBU is still
     * that initial attach (HI = 1 recorded, Proxy-CoA unchanged), or</li>
     * <li>still being created: its transaction is in flight and carries such a PBU.</li>
     * </ul>
     * The Sequence # and Timestamp do not take part: one MN interface (MN-LL-ID + ATT) attached at one MAG is one
     * attachment, however many copies announce it.
     *
     * @return that session, or null (a genuinely new interface).
     */
    private BindingCacheEntry attachedBy(final BindingUpdateMessage pbu, final long now)
    {
        final byte[] b = pbu.bytes();
        for (BindingCacheEntry e = cache.firstOfMnId(b, pbu.mnIdOffset(), pbu.mnIdLength()); e != null;
            e = cache.nextOfMnId(e))
        {
            if (e.isBusy())
            {
                final BindingUpdateMessage first = anchor.inFlight(e);
                if (first != null && isInitialAttach(first) && sameAttachment(pbu, first))
                {
                    return e;
                }
            }
            else if (e.state() == BindingState.ACTIVE && e.expiresAtMs() > now && e.handoffIndicator() == 1 &&
                e.isProxyCoa(pbu.proxyCoaHi(), pbu.proxyCoaLo()) &&
                e.accessTechnologyType() == pbu.accessTechnologyType() &&
                sameLinkLayer(pbu, e.linkLayerId(), 0, e.linkLayerId().length))
            {
                return e;
            }
        }
        return null;
    }

    private static boolean sameAttachment(final BindingUpdateMessage pbu, final BindingUpdateMessage first)
    {
        return first.proxyCoaHi() == pbu.proxyCoaHi() && first.proxyCoaLo() == pbu.proxyCoaLo() &&
            first.accessTechnologyType() == pbu.accessTechnologyType() &&
            sameLinkLayer(pbu, first.bytes(), first.linkLayerOffset() < 0 ? 0 : first.linkLayerOffset(),
                first.linkLayerOffset() < 0 ? 0 : first.linkLayerLength());
    }

    /** A PBU without an MN-LL-ID matches a session without one (length 0). */
    private static boolean sameLinkLayer(final BindingUpdateMessage pbu, final byte[] id, final int offset,
        final int length)
    {
        final int from = pbu.linkLayerOffset() < 0 ? 0 : pbu.linkLayerOffset();
        final int count = pbu.linkLayerOffset() < 0 ? 0 : pbu.linkLayerLength();
        return java.util.Arrays.equals(pbu.bytes(), from, from + count, id, offset, offset + length);
    }

    /**
     * The same PBA again: status 0, the session's HNPs, its remaining lifetime, the retransmission's Sequence #.
     * Nothing else changes (lifetime, Timestamp, prefixes), except that in sequence-number mode a copy numbered
     * above the last accepted one becomes the last accepted (journalled): the LMA has just accepted that number, so
     * a replay of it is refused with 135 and the MAG's next refresh, numbered above all its copies, is in order.
     * While the first copy's transaction is in flight nothing is sent: its PBA is about to leave (make before
     * break) and the MAG accepts the PBA of any copy of the PBU outstanding.
     */
    private void answerRetransmission(final BindingCacheEntry e, final BindingUpdateMessage pbu, final long now)
    {
        retransmittedAttaches++;
        if (e.isBusy())
        {
            return;
        }
        if (!config.timestampMode() && MessageOrdering.isNewerSequence(pbu.sequence(), e.lastSequence()))
        {
            e.lastSequence(pbu.sequence());
            anchor.record(e);
        }
        final int remaining = (int)Math.max(1, (e.expiresAtMs() - now) / 4000L);
        sendPba(pbu, LmaStatus.ACCEPTED, e, remaining, pbu.sequence(), -1);
    }

    private static boolean isDeferrable(final int code)
    {
        return code == LmaStatus.MISSING_HOME_NETWORK_PREFIX_OPTION ||
            code == LmaStatus.MISSING_HANDOFF_INDICATOR_OPTION || code == LmaStatus.MISSING_ACCESS_TECH_TYPE_OPTION;
    }

    /** RFC 5213 §5.4.1: which existing session a PBU refers to, by its prefixes or by its Handoff Indicator. */
    private BindingCacheEntry findSession(final BindingUpdateMessage pbu)
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
    private int checkRequestedPrefixes(final BindingUpdateMessage pbu)
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

    private boolean serves(final BindingUpdateMessage pbu)
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

    private void deregister(final BindingUpdateMessage pbu, final BindingCacheEntry entry, final long now)
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
            anchor.unbind(entry);
            entry.state(BindingState.DEREGISTERED);
            entry.deleteAtMs(now + config.minDelayBeforeBceDeleteMs());
            anchor.schedule(entry, entry.deleteAtMs(), BindingAnchor.DELETE);
        }
        recordOrdering(entry, pbu, now);
        anchor.record(entry);
        sendPba(pbu, LmaStatus.ACCEPTED, null, 0, pbu.sequence(), -1);
        final ParkedPbu waiting = parked.remove(entry.id());
        if (waiting != null)
        {
            // HI = 4: the old MAG let go inside MaxDelayBeforeNewBCEAssign, so the waiting PBU is a handoff.
            startHandoff(entry, waiting.pbu); // its queued deadline is now stale

        }
        compactIfDue();
    }

    private void park(final BindingCacheEntry entry, final BindingUpdateMessage pbu, final long now)
    {
        ParkedPbu p = parked.get(entry.id());
        if (p == null)
        {
            p = new ParkedPbu();
            p.deadline = now + config.maxDelayBeforeNewBceAssignMs();
            anchor.addRoleTimer(p.deadline, entry.id());
            parked.put(entry.id(), p);
        }
        p.pbu.copyFrom(pbu);
    }

    private void createSession(final BindingUpdateMessage pbu)
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
        anchor.programNew(anchor.begin(pbu, entry), pbu.proxyCoaHi(), pbu.proxyCoaLo());
    }

    private void startHandoff(final BindingCacheEntry entry, final BindingUpdateMessage pbu)
    {
        anchor.programMove(anchor.begin(pbu, entry), pbu.proxyCoaHi(), pbu.proxyCoaLo());
    }

    /** {@inheritDoc} */
    public void onAck(final long correlationId, final boolean ok)
    {
        anchor.onAck(correlationId, ok);
    }

    /** {@inheritDoc} */
    public void onResyncRequest()
    {
        anchor.onResyncRequest();
    }

    /** Accept: update the BCE, re-arm its lifetime, journal it, then answer. */
    private void commit(final BindingCacheEntry e, final BindingUpdateMessage pbu)
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
        anchor.schedule(e, e.expiresAtMs(), BindingAnchor.EXPIRE);
        anchor.record(e);
        sendPba(pbu, LmaStatus.ACCEPTED, e, granted, pbu.sequence(), -1);
        compactIfDue();
    }

    private void recordOrdering(final BindingCacheEntry e, final BindingUpdateMessage pbu, final long now)
    {
        e.lastTimestamp(pbu.hasTimestamp() ? pbu.timestamp() : MessageOrdering.timestampOfMillis(now));
        e.lastSequence(pbu.sequence());
    }

    private void compactIfDue()
    {
        anchor.compactIfDue();
    }

    private void release(final BindingCacheEntry e)
    {
        anchor.release(e);
    }

    private void reject(final BindingUpdateMessage pbu, final int status, final BindingCacheEntry entry)
    {
        sendPba(pbu, status, entry, 0, pbu.sequence(), -1);
    }

    /**
     * Builds and sends a PBA: P = 1, the PBU's Sequence # (or the one given), HNPs (the session's when accepted,
     * otherwise those requested), MN-ID, HI, ATT, MN-LL-ID, Link-local Address and Timestamp copied, or the LMA's
     * time when {@code lmaTimestamp} is not -1 (status 156).
     */
    private void sendPba(final BindingUpdateMessage pbu, final int status, final BindingCacheEntry entry,
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
        if (config.userPlaneAddress() != null && status < 128 && lifetime > 0)
        {
            // RFC 7389: the MAG tunnels to this address; told on every grant, asked for (request form) or not.
            enc.lmaUserPlaneAddress(config.userPlaneAddress());
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
        final int peer = peerIndex(BindingUpdateMessage.word(source, 0), BindingUpdateMessage.word(source, 8));
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
        return heartbeatPeers(nowMs) + anchor.onTick(nowMs);
    }

    /** What an LMA binding routes (its /64 HNPs), frees (its prefixes) and how a transaction is answered. */
    private final class Prefixes implements AnchorRole
    {
        public int destinationCount(final BindingCacheEntry e)
        {
            return e.prefixCount();
        }

        public long route(final MobilityRouting r, final BindingCacheEntry e, final int i, final int tunnelId)
        {
            return r.routePrefix(e.prefix(i), tunnelId);
        }

        public long unroute(final MobilityRouting r, final BindingCacheEntry e, final int i)
        {
            return r.unroutePrefix(e.prefix(i));
        }

        public void freeResources(final BindingCacheEntry e)
        {
            for (int i = 0; i < e.prefixCount(); i++)
            {
                pool.release(e.prefix(i));
            }
        }

        public boolean restore(final BindingRecord r, final BindingCacheEntry e)
        {
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
            return e.prefixCount() > 0;
        }

        public void onProgrammed(final AnchorTransaction tx)
        {
            commit(tx.entry(), tx.message());
        }

        public void onProgrammingFailed(final AnchorTransaction tx)
        {
            reject(tx.message(), LmaStatus.REASON_UNSPECIFIED, null);
        }

        public void onRoleTimer(final int id, final long deadline)
        {
            final ParkedPbu p = parked.get(id);
            if (p != null && p.deadline == deadline)
            {
                // No de-registration came in time: the MN attached a second interface, give it a new session.
                parked.remove(id);
                createSession(p.pbu);
            }
        }

        public boolean isRoleTimerLive(final int id, final long deadline)
        {
            final ParkedPbu p = parked.get(id);
            return p != null && p.deadline == deadline;
        }

        public int roleTimerCount()
        {
            return parked.size();
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
        return anchor.deleteBinding(id);
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
        return anchor.epoch();
    }

    /** @return PBAs sent. */
    public long pbasSent()
    {
        return pbasSent;
    }

    /** @return PBUs refused because their D flag says they come from a MAAR (RFC 8885 §4.1, status 128). */
    public long dmmRefusals()
    {
        return dmmRefusals;
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
        return anchor.rollbacks();
    }

    /** @return sessions removed by lifetime expiry, deletion delay, or dropped as expired at start. */
    public long expired()
    {
        return anchor.expired();
    }

    /** @return PBUs from keyed peers whose RFC 4285 authentication was missing or wrong. */
    public long authenticationFailures()
    {
        return authenticationFailures;
    }

    /** @return transactions failed because the data plane did not answer within lma.data-plane-timeout-ms. */
    public long dataPlaneTimeouts()
    {
        return anchor.dataPlaneTimeouts();
    }

    /**
     * @return initial attaches (HI = 1) recognised as the retransmission of one already accepted or in flight,
     * answered with that session's PBA (or left to the PBA in flight) instead of opening another session.
     */
    public long retransmittedAttaches()
    {
        return retransmittedAttaches;
    }

    /** @return prefixes in the journal that could not be restored (outside the pool or already taken). */
    public long replayConflicts()
    {
        return replayConflicts;
    }

    /** @return resynchronisation calls refused or not sent. */
    public long resyncFailures()
    {
        return anchor.resyncFailures();
    }

    /** @return resynchronisation acks still outstanding. */
    public int resyncPending()
    {
        return anchor.resyncPending();
    }

    /**
     * A configured peer (MAG) as an administrator sees it.
     *
     * @param address its IPv6 address.
     * @param reachable false once it missed more than lma.missing-heartbeats-allowed heartbeats in a row.
     * @param missedHeartbeats heartbeats missed in a row.
     * @param heartbeatOutstanding a request is awaiting its response.
     * @param heartbeatSequence sequence number of the last request sent.
     * @param authenticated PBUs from it must carry the RFC 4285 MN-HA option.
     */
    public record PeerView(String address, boolean reachable, int missedHeartbeats, boolean heartbeatOutstanding,
        long heartbeatSequence, boolean authenticated)
    {
    }

    /** Administrative: the configured peers and their heartbeat state (call on the agent thread). */
    public List<PeerView> peers()
    {
        final List<PeerView> views = new ArrayList<>(peerHi.length);
        for (int i = 0; i < peerHi.length; i++)
        {
            views.add(new PeerView(net.dmmgw.ipc.Ipv6Words.text(peerHi[i], peerLo[i]), peerReachable[i],
                missingHeartbeats[i], heartbeatAwaited[i], heartbeatSequence[i], authenticators[i] != null));
        }
        return views;
    }

    /** @return the LMA's settings. */
    public LmaConfig config()
    {
        return config;
    }

    /** @return HI = 4 PBUs waiting for a de-registration. */
    public int parkedCount()
    {
        return parked.size();
    }
}
