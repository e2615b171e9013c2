package net.dmmgw.control.ha;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import net.dmmgw.control.anchor.AnchorRole;
import net.dmmgw.control.anchor.AnchorTransaction;
import net.dmmgw.control.anchor.BindingAnchor;
import net.dmmgw.control.anchor.BindingUpdateMessage;
import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.control.codec.MobilityHeaderValidator;
import net.dmmgw.control.codec.ValidationAction;
import net.dmmgw.control.codec.ValidationResult;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.journal.BindingRecord;
import net.dmmgw.control.location.BindingCache;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.location.BindingState;
import net.dmmgw.control.location.MessageOrdering;
import net.dmmgw.control.node.HomeAddressHandler;
import net.dmmgw.control.node.HomeAddressTransport;
import net.dmmgw.control.node.MobilityRole;
import net.dmmgw.control.node.SignallingTransport;
import net.dmmgw.control.routing.MobilityRouting;
import net.dmmgw.control.routing.RouteProgrammer;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What every MIPv6 home registrar shares, whatever authenticates its mobile nodes: the RFC 6275 home agent
 * ({@link HomeAgent}, RFC 4285 keys per configured MN) and the FAMA distributed anchor router
 * ({@code net.dmmgw.control.fama.DistributedAnchorRouter}, CGA / permanent home keygen token). Composed of a
 * {@link BindingAnchor} (binding cache, lifetimes, make-before-break tunnel programming, journal, resynchronisation);
 * here are the RFC 6275 §9.5.1 / §10.3.1 checks in order, de-registration, commit and the Binding Acknowledgement
 * (sent via the care-of address with a type 2 Routing header). A subclass says how a BU is authenticated and
 * admitted, and adds its options to the BA.
 * <p>
 * A binding is keyed by the home address (the entry's identifier is the 16-octet HoA); its care-of address is the
 * entry's Proxy-CoA; its tunnel is registrar (or data function) ↔ CoA, shared by the bindings behind one CoA, and it
 * routes the HoA /128 into it. Single-threaded: drive it from a {@link net.dmmgw.control.node.NodeAgent}.
 */
public abstract class HomeRegistrar implements MobilityRole, HomeAddressHandler
{
    /** BA buffer size. */
    protected static final int BA_CAPACITY = 1024;
    private static final int HOA_LENGTH = 128;
    private static final int BINDING_ERROR_UNRECOGNIZED_TYPE = 2;

    /**
     * The shared settings.
     *
     * @param address this node's address (BA source).
     * @param homePrefix the prefix home addresses must lie in (else 132).
     * @param homePrefixLength its length.
     * @param maxGrantedUnits the longest lifetime granted (4-s units).
     * @param refreshIntervalUnits Binding Refresh Advice (4-s units, 0 = none).
     * @param userPlaneAddress the data function's tunnel address (CP/DP split) or null.
     * @param userPlaneOptionType the BA option type that tells it.
     * @param dataPlaneTimeoutMs acks missing after this fail the transaction.
     */
    public record Settings(byte[] address, byte[] homePrefix, int homePrefixLength, int maxGrantedUnits,
        int refreshIntervalUnits, byte[] userPlaneAddress, int userPlaneOptionType, long dataPlaneTimeoutMs)
    {
    }

    private final Settings settings;
    private final SignallingTransport transport;
    private final HomeAddressTransport routedTransport;
    private final EpochClock clock;
    private final BindingAnchor anchor;
    private final BindingCache cache;
    private final HomePrefix homePrefix;

    private final MobilityHeaderValidator validator = new MobilityHeaderValidator();
    private final ValidationResult validation = new ValidationResult();
    private final MobilityHeaderDecoder decoder = new MobilityHeaderDecoder();
    private final MobilityHeaderEncoder encoder = new MobilityHeaderEncoder();
    private final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(BA_CAPACITY));
    private final BindingUpdateMessage incoming = new BindingUpdateMessage();
    private final byte[] homeAddress = new byte[16];
    private final byte[] careOf = new byte[16];

    private long basSent;
    private long dropped;
    private long malformed;
    private long bindingErrorsSent;
    private long rejected;

    /**
     * @param settings the shared settings.
     * @param dataPlane where tunnels and routes go.
     * @param transport signalling; a {@link HomeAddressTransport} sends BAs with the type 2 Routing header.
     * @param clock wall clock (ms).
     * @param journal the binding journal (opened; {@link #start()} replays it).
     */
    protected HomeRegistrar(final Settings settings, final RouteProgrammer dataPlane,
        final SignallingTransport transport, final EpochClock clock, final BindingJournal journal)
    {
        this.settings = settings;
        this.transport = transport;
        this.routedTransport = transport instanceof HomeAddressTransport t ? t : null;
        this.clock = clock;
        final byte[] tunnelEnd = settings.userPlaneAddress() != null ? settings.userPlaneAddress() :
            settings.address();
        this.anchor = new BindingAnchor(new HomeAddressRoute(), dataPlane, clock, journal,
            BindingUpdateMessage.word(tunnelEnd, 0), BindingUpdateMessage.word(tunnelEnd, 8),
            settings.dataPlaneTimeoutMs());
        this.cache = anchor.cache();
        this.homePrefix = new HomePrefix(settings.homePrefix(), settings.homePrefixLength());
    }

    // ---- what a subclass decides ----

    /** A new BU arrives: forget the answer context of the previous one (nothing authenticated yet). */
    protected abstract void clearAnswer();

    /**
     * Authentication, after the P and H checks.
     *
     * @param entry the home address's binding or null.
     * @return 0 to go on, or the BA status that refuses the BU.
     */
    protected abstract int authenticate(BindingUpdateMessage bu, byte[] home, BindingCacheEntry entry);

    /**
     * Admission, after the sequence and home-prefix checks (unknown MN, disabled …).
     *
     * @return 0 to go on, or the BA status that refuses the BU.
     */
    protected abstract int admit(BindingUpdateMessage bu, byte[] home);

    /** A transaction finished after its BU was received: set the answer context for it again. */
    protected abstract void resumeAnswer(BindingUpdateMessage bu, byte[] home, BindingCacheEntry entry);

    /** The binding is accepted with a lifetime and about to be journalled (store what authenticates it). */
    protected abstract void onAccepted(BindingCacheEntry entry, BindingUpdateMessage bu);

    /**
     * Appends the subclass's options to the BA being encoded (after the shared ones).
     *
     * @return the MH offset of what {@link #completeAnswer} fills once the message is finished, or -1.
     */
    protected abstract int appendOptions(MobilityHeaderEncoder enc, int status, int lifetime);

    /**
     * Fills what {@link #appendOptions} reserved, the BA being finished (Header Len and checksum final).
     *
     * @param ba the BA octets from offset 0.
     * @param to the BA's IPv6 destination (the care-of address, or the home address of an MN at home).
     * @return true when the octets changed (the checksum is then computed again).
     */
    protected abstract boolean completeAnswer(UnsafeBuffer ba, int length, int reserved, byte[] to, byte[] home);

    /** Replay: whether a journalled binding of this home address (inside the home prefix) comes back. */
    protected abstract boolean restoreBinding(BindingRecord record, long homeHi, long homeLo);

    // ---- the shared protocol ----

    /**
     * Replays the journal (expired bindings dropped, timers re-armed) and resynchronises the data plane.
     *
     * @return bindings restored.
     */
    public int start()
    {
        return anchor.start();
    }

    /** {@inheritDoc} A message without a Home Address option: the home address is its source. */
    public void onSignalling(final byte[] source, final byte[] destination, final DirectBuffer mh, final int offset,
        final int length)
    {
        onSignalling(source, source, destination, mh, offset, length);
    }

    /** {@inheritDoc} */
    public void onSignalling(final byte[] source, final byte[] home, final byte[] destination, final DirectBuffer mh,
        final int offset, final int length)
    {
        // RFC 6275 §6.1.1: with a Home Address option the checksum's pseudo-header source is the home address.
        int deferred = 0;
        if (!validator.validate(mh, offset, length, home, destination, validation))
        {
            malformed++;
            if (validation.action() == ValidationAction.BINDING_ERROR)
            {
                sendBindingError(source, home, destination, validation.code());
                return;
            }
            if (validation.action() != ValidationAction.REJECT_WITH_STATUS)
            {
                dropped++;
                return;
            }
            deferred = validation.code();
        }
        final MobilityHeaderDecoder message = decoder.wrap(mh, offset, length);
        if (message.mhType() != MhType.BINDING_UPDATE)
        {
            dropped++; // a home registrar takes no other message from a mobile node (no route optimisation here)
            return;
        }
        final BindingUpdateMessage bu = incoming;
        clearAnswer();
        bu.load(source, destination, mh, offset, message.declaredLength());
        System.arraycopy(home, 0, homeAddress, 0, 16);
        onBindingUpdate(bu, deferred);
    }

    /** RFC 6275 §9.5.1 and §10.3.1 in order; the first failing check answers. */
    private void onBindingUpdate(final BindingUpdateMessage bu, final int deferred)
    {
        final long hoaHi = BindingUpdateMessage.word(homeAddress, 0);
        final long hoaLo = BindingUpdateMessage.word(homeAddress, 8);
        final BindingCacheEntry entry = cache.byMnId(homeAddress, 0, 16, -1, null, 0, 0);
        if (bu.isProxy())
        {
            reject(bu, HaStatus.PROXY_REG_NOT_ENABLED); // before the codec's PBU checks (160, 158 …)
            return;
        }
        if (deferred != 0)
        {
            reject(bu, deferred);
            return;
        }
        if ((bu.flags() & BindingUpdate.FLAG_H) == 0)
        {
            // A correspondent registration: a home binding must not flip (139); otherwise we are no CN (131).
            reject(bu, entry != null ? HaStatus.REGISTRATION_TYPE_CHANGE_DISALLOWED :
                HaStatus.HOME_REGISTRATION_NOT_SUPPORTED);
            return;
        }
        final int authentication = authenticate(bu, homeAddress, entry);
        if (authentication != 0)
        {
            reject(bu, authentication);
            return;
        }
        if (entry != null && entry.lastSequence() >= 0 &&
            !MessageOrdering.isNewerSequence(bu.sequence(), entry.lastSequence()))
        {
            sendBa(bu, HaStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW, entry.lastSequence(), 0);
            return;
        }
        if (!homePrefix.contains(hoaHi, hoaLo))
        {
            reject(bu, HaStatus.NOT_HOME_SUBNET);
            return;
        }
        final int admission = admit(bu, homeAddress);
        if (admission != 0)
        {
            reject(bu, admission);
            return;
        }
        if (entry != null && entry.isBusy())
        {
            dropped++; // a transaction for this binding is in flight; the MN retransmits
            return;
        }
        final long coaHi = bu.proxyCoaHi();
        final long coaLo = bu.proxyCoaLo();
        if (bu.lifetime() == 0 || (coaHi == hoaHi && coaLo == hoaLo))
        {
            deregister(bu, entry);
            return;
        }
        if (!isUsableCareOf(coaHi, coaLo) || homePrefix.contains(coaHi, coaLo))
        {
            reject(bu, HaStatus.INVALID_CARE_OF_ADDRESS);
            return;
        }
        if (entry == null)
        {
            final BindingCacheEntry created = cache.create(0, homeAddress, 0, 16);
            anchor.programNew(anchor.begin(bu, created), coaHi, coaLo);
        }
        else if (entry.state() == BindingState.ACTIVE && entry.isProxyCoa(coaHi, coaLo))
        {
            commit(entry, bu); // refresh: nothing changes in the data plane
        }
        else
        {
            anchor.programMove(anchor.begin(bu, entry), coaHi, coaLo); // new CoA: re-point the tunnel
        }
    }

    /** RFC 6275 §10.3.2: no home binding → 133; otherwise tunnel and route go, the binding goes, BA 0 / 0. */
    private void deregister(final BindingUpdateMessage bu, final BindingCacheEntry entry)
    {
        if (entry == null)
        {
            reject(bu, HaStatus.NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE);
            return;
        }
        if (entry.state() == BindingState.ACTIVE)
        {
            anchor.unbind(entry);
        }
        anchor.release(entry); // a delete in the journal before the BA leaves
        sendBa(bu, HaStatus.ACCEPTED, bu.sequence(), 0);
        anchor.compactIfDue();
    }

    /** Accept: update the binding, re-arm its lifetime, journal it, then answer. */
    private void commit(final BindingCacheEntry e, final BindingUpdateMessage bu)
    {
        final long now = clock.time();
        final int granted = Math.min(bu.lifetime(), settings.maxGrantedUnits());
        e.proxyCoa(bu.proxyCoaHi(), bu.proxyCoaLo());
        e.lastSequence(bu.sequence());
        e.lastTimestamp(MessageOrdering.timestampOfMillis(now));
        e.state(BindingState.ACTIVE);
        e.expiresAtMs(now + granted * 4000L);
        e.busy(false);
        onAccepted(e, bu);
        anchor.schedule(e, e.expiresAtMs(), BindingAnchor.EXPIRE);
        anchor.record(e);
        sendBa(bu, HaStatus.ACCEPTED, bu.sequence(), granted);
        anchor.compactIfDue();
    }

    private void reject(final BindingUpdateMessage bu, final int status)
    {
        rejected++;
        sendBa(bu, status, bu.sequence(), 0);
    }

    /**
     * The BA: status, K = 0 (no IKE here), the sequence number, the granted lifetime; when accepted with a lifetime,
     * a Binding Refresh Advice (if configured and shorter than the lifetime) and the data function's address (if
     * configured); then the subclass's options. It goes to the care-of address with a type 2 Routing header holding
     * the home address when the BU came with a Home Address option (RFC 6275 §9.5.4), otherwise straight back to the
     * source.
     */
    private void sendBa(final BindingUpdateMessage bu, final int status, final int sequence, final int lifetime)
    {
        final MobilityHeaderEncoder enc = encoder.wrap(out, 0, BA_CAPACITY).begin(MhType.BINDING_ACK);
        enc.bindingAck().status(status).flags(0).sequence(sequence).lifetime(lifetime);
        if (status < 128 && lifetime > 0)
        {
            if (settings.refreshIntervalUnits() > 0 && settings.refreshIntervalUnits() < lifetime)
            {
                enc.bindingRefreshAdvice(settings.refreshIntervalUnits());
            }
            if (settings.userPlaneAddress() != null)
            {
                final int at = enc.beginOption(settings.userPlaneOptionType(), 18, 4, 0);
                if (at >= 0)
                {
                    out.setMemory(at, 2, (byte)0);
                    out.putBytes(at + 2, settings.userPlaneAddress());
                }
            }
        }
        final int reserved = appendOptions(enc, status, lifetime);
        final byte[] source = bu.source();
        final boolean viaCareOf = !java.util.Arrays.equals(source, homeAddress) && routedTransport != null;
        wordsTo(careOf, bu.proxyCoaHi(), bu.proxyCoaLo());
        final byte[] to = !viaCareOf ? source : status == HaStatus.INVALID_CARE_OF_ADDRESS ? source : careOf;
        // With a type 2 Routing header the pseudo-header destination is the final one, the home address.
        final byte[] finalDestination = viaCareOf ? homeAddress : source;
        final int length = enc.finish(settings.address(), finalDestination);
        if (length <= 0)
        {
            return;
        }
        if (reserved >= 0 && completeAnswer(out, length, reserved, to, homeAddress))
        {
            enc.applyChecksum(settings.address(), finalDestination);
        }
        final boolean sent;
        if (viaCareOf)
        {
            sent = routedTransport.sendViaCareOf(settings.address(), to, homeAddress, out, 0, length);
        }
        else
        {
            sent = transport.send(settings.address(), source, out, 0, length);
        }
        if (sent)
        {
            basSent++;
        }
    }

    /** RFC 6275 §9.3.3: unknown MH type → Binding Error status 2 to the source, with the home address if any. */
    private void sendBindingError(final byte[] source, final byte[] home, final byte[] destination, final int status)
    {
        final MobilityHeaderEncoder enc = encoder.wrap(out, 0, BA_CAPACITY).begin(MhType.BINDING_ERROR);
        final int be = status == 0 ? BINDING_ERROR_UNRECOGNIZED_TYPE : status;
        out.putByte(net.dmmgw.control.codec.BindingError.STATUS_OFFSET, (byte)be);
        if (home != source)
        {
            out.putBytes(net.dmmgw.control.codec.BindingError.HOME_ADDRESS_OFFSET, home);
        }
        final int length = enc.finish(destination, source);
        if (length > 0 && transport.send(destination, source, out, 0, length))
        {
            bindingErrorsSent++;
        }
    }

    private static boolean isUsableCareOf(final long hi, final long lo)
    {
        final int top = (int)(hi >>> 48);
        final boolean unspecifiedOrLoopback = hi == 0 && (lo == 0 || lo == 1);
        final boolean multicast = (top & 0xFF00) == 0xFF00;
        final boolean linkLocal = (top & 0xFFC0) == 0xFE80;
        return !unspecifiedOrLoopback && !multicast && !linkLocal;
    }

    /** Writes two big-endian words into a 16-octet address. */
    protected static void wordsTo(final byte[] to, final long hi, final long lo)
    {
        for (int i = 0; i < 8; i++)
        {
            to[i] = (byte)(hi >>> (56 - 8 * i));
            to[8 + i] = (byte)(lo >>> (56 - 8 * i));
        }
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

    /** {@inheritDoc} */
    public int onTick(final long nowMs)
    {
        return anchor.onTick(nowMs);
    }

    /** A home binding routes its home address (/128) into the tunnel towards the care-of address. */
    private final class HomeAddressRoute implements AnchorRole
    {
        public int destinationCount(final BindingCacheEntry e)
        {
            return 1;
        }

        public long route(final MobilityRouting r, final BindingCacheEntry e, final int i, final int tunnelId)
        {
            final byte[] hoa = e.mnId();
            return r.programmer().addTunnelRoute(BindingUpdateMessage.word(hoa, 0), BindingUpdateMessage.word(hoa, 8),
                HOA_LENGTH, tunnelId);
        }

        public long unroute(final MobilityRouting r, final BindingCacheEntry e, final int i)
        {
            final byte[] hoa = e.mnId();
            return r.programmer().removeRoute(BindingUpdateMessage.word(hoa, 0), BindingUpdateMessage.word(hoa, 8),
                HOA_LENGTH);
        }

        public void freeResources(final BindingCacheEntry e)
        {
            // a home address is configured or auto-configured, not allocated: nothing to return
        }

        public boolean restore(final BindingRecord r, final BindingCacheEntry e)
        {
            if (r.mnIdLength() != 16)
            {
                return false;
            }
            final long hi = BindingUpdateMessage.word(r.mnId(), 0);
            final long lo = BindingUpdateMessage.word(r.mnId(), 8);
            return homePrefix.contains(hi, lo) && restoreBinding(r, hi, lo);
        }

        public void onProgrammed(final AnchorTransaction tx)
        {
            resume(tx);
            commit(tx.entry(), tx.message());
        }

        public void onProgrammingFailed(final AnchorTransaction tx)
        {
            resume(tx); // tx.entry() may be out of the cache, its identifier is still the HoA
            reject(tx.message(), HaStatus.REASON_UNSPECIFIED);
        }
    }

    /** A transaction finished later than its BU: its home address and the subclass's answer context. */
    private void resume(final AnchorTransaction tx)
    {
        System.arraycopy(tx.entry().mnId(), 0, homeAddress, 0, 16);
        clearAnswer();
        resumeAnswer(tx.message(), homeAddress, tx.entry());
    }

    /** A binding as an administrator sees it (a copy, safe to hand to another thread). */
    public record BindingView(int id, String homeAddress, String careOfAddress, long expiresAtMs, int lastSequence)
    {
    }

    /** Administrative: every binding (call on the agent thread, e.g. from an {@code AdminRequest}). */
    public List<BindingView> bindings()
    {
        final List<BindingView> views = new ArrayList<>(cache.size());
        for (final BindingCacheEntry e : cache.entries())
        {
            views.add(new BindingView(e.id(),
                Ipv6Words.text(BindingUpdateMessage.word(e.mnId(), 0), BindingUpdateMessage.word(e.mnId(), 8)),
                Ipv6Words.text(e.proxyCoaHi(), e.proxyCoaLo()), e.expiresAtMs(), e.lastSequence()));
        }
        return views;
    }

    /**
     * Administrative: deletes a binding now (route, tunnel reference, a delete in the journal).
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

    /** @return the mobility routing state. */
    public MobilityRouting routing()
    {
        return anchor.routing();
    }

    /** @return the binding of a home address, or null. */
    public BindingCacheEntry binding(final byte[] home)
    {
        return cache.byMnId(home, 0, 16, -1, null, 0, 0);
    }

    /** @return this node's address (the BA source). */
    public byte[] address()
    {
        return settings.address();
    }

    /** @return the data-plane epoch of the last resynchronisation. */
    public long epoch()
    {
        return anchor.epoch();
    }

    /** @return BAs sent. */
    public long basSent()
    {
        return basSent;
    }

    /** @return BUs refused with a status (any BA status ≥ 128 except 135). */
    public long rejected()
    {
        return rejected;
    }

    /** @return messages dropped silently (malformed, not a BU, or a binding with a transaction in flight). */
    public long dropped()
    {
        return dropped;
    }

    /** @return messages that failed the codec's validation (dropped, Binding Error, or refused with its status). */
    public long malformed()
    {
        return malformed;
    }

    /** @return Binding Errors sent. */
    public long bindingErrorsSent()
    {
        return bindingErrorsSent;
    }

    /** @return bindings removed by lifetime expiry or dropped as expired at start. */
    public long expired()
    {
        return anchor.expired();
    }

    /** @return transactions rolled back after a data-plane refusal or timeout. */
    public long rollbacks()
    {
        return anchor.rollbacks();
    }

    /** @return resynchronisation acks still outstanding. */
    public int resyncPending()
    {
        return anchor.resyncPending();
    }

    /** @return BUs whose authentication failed (the subclass's count). */
    public abstract long authenticationFailures();
}
