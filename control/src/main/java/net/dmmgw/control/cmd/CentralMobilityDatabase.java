package net.dmmgw.control.cmd;

import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.EpochClock;

import net.dmmgw.control.dmm.AddressSet;
import net.dmmgw.control.dmm.CmdMode;
import net.dmmgw.control.dmm.DmmMessage;
import net.dmmgw.control.dmm.DmmMessageWriter;
import net.dmmgw.control.dmm.PreviousMaarList;
import net.dmmgw.control.location.BindingCache;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.node.DeadlineQueue;
import net.dmmgw.control.node.MobilityRole;
import net.dmmgw.control.node.SignallingTransport;
import net.dmmgw.ipc.Ipv6Words;

/**
 * The Central Mobility Database (draft-ietf-dmm-pmipv6-dlif §3, RFC 8885): the domain's binding cache, composed of
 * {@link BindingCache} (sessions by MN-ID; the serving MAAR as Proxy-CoA) and a {@link PreviousMaarList} per
 * session (Appendix B). It has no data plane: it only signals.
 * <ul>
 * <li>Initial registration (§3.1): a DMM PBU (D = 1) from a configured MAAR with no session → session created,
 * PBA 0 with the granted lifetime.</li>
 * <li>Handover (a PBU from another MAAR): the old S-MAAR joins the P-MAAR list (the new S-MAAR leaves it if the
 * node came back), every P-MAAR gets a PBU with its prefix and a Serving MAAR option, then by {@code cmd.mode}:
 * <b>relay</b> the S-MAAR's PBA (a Previous MAAR option per P-MAAR that answered) waits for every P-MAAR's PBA or
 * {@code cmd.relay-timeout-ms}, late ones follow in further PBAs; <b>locator</b> the P-MAARs answer the S-MAAR
 * themselves, the CMD's PBA (no Previous MAAR options) confirms the registration when they have answered or at the
 * timeout; <b>proxy</b> the PBA with every Previous MAAR option goes at once.</li>
 * <li>Refresh from the S-MAAR: lifetime re-armed, PBA with every P-MAAR known.</li>
 * <li>De-registration (§3.5): only the S-MAAR ends the whole session (every P-MAAR gets a lifetime-0 PBU); a
 * lifetime-0 PBU from a P-MAAR while the session lives is answered with the session's remaining lifetime
 * (variant b renewal; under variant a the P-MAARs do not send it, and a late one changes nothing either).
 * Expiry of the session tells every MAAR (serving included) with lifetime-0 PBUs.</li>
 * <li>Refusals: not a configured MAAR → 154; no D flag (a plain MAG) → 128.</li>
 * </ul>
 * Single-threaded (a {@link net.dmmgw.control.node.NodeAgent}); nothing allocates per message once sessions
 * exist.
 */
public final class CentralMobilityDatabase implements MobilityRole
{
    /** RFC 5213 status: MAG not authorized for proxy registration. */
    public static final int NOT_AUTHORIZED = 154;
    /** Reason unspecified: the answer to a PBU without the D flag (the draft names no status). */
    public static final int NOT_A_MAAR = 128;

    private static final int TIMER_LIMIT = 1024;
    private static final int ATT_DEFAULT = 3;
    /** Handoff indicator 5, "handoff state not changed": a re-registration (RFC 5213 §8.4.1). */
    private static final int REREGISTRATION = 5;

    private final CmdConfig config;
    private final SignallingTransport transport;
    private final EpochClock clock;
    private final long selfHi;
    private final long selfLo;
    private final AddressSet maars;
    private final BindingCache cache = new BindingCache();
    private final Int2ObjectHashMap<CmdSession> sessions = new Int2ObjectHashMap<>();
    private final DmmMessage message;
    private final DmmMessageWriter writer;
    private final byte[] mnId = new byte[256];
    private int mnIdLength;
    private final DeadlineQueue timers = new DeadlineQueue();
    private final DeadlineQueue.Handler timerHandler = this::onTimer;
    private final DeadlineQueue.Filter liveTimer = this::isLive;
    private int nextSequence;

    private long dropped;
    private long refused;
    private long registrations;
    private long handovers;
    private long refreshes;
    private long renewals;
    private long staleRefreshes;
    private long sessionEnds;
    private long expiries;
    private long relayTimeouts;
    private long latePbas;
    private long unmatchedPbas;
    private long maarRefusals;
    private long retransmissions;
    private long unansweredPbus;

    /**
     * @param config settings.
     * @param transport signalling to and from the MAARs.
     * @param clock wall clock (ms).
     */
    public CentralMobilityDatabase(final CmdConfig config, final SignallingTransport transport, final EpochClock clock)
    {
        this.config = config;
        this.transport = transport;
        this.clock = clock;
        this.selfHi = Ipv6Words.word(config.address(), 0);
        this.selfLo = Ipv6Words.word(config.address(), 8);
        this.maars = new AddressSet(config.maars());
        this.message = new DmmMessage(config.dmm());
        this.writer = new DmmMessageWriter(config.dmm());
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
        mnIdLength = message.mnIdLength();
        if (mnIdLength == 0)
        {
            dropped++;
            return;
        }
        message.copyMnId(mnId);
        if (!maars.contains(srcHi, srcLo))
        {
            refuse(message.isUpdate(), NOT_AUTHORIZED, srcHi, srcLo);
            return;
        }
        if (!message.dFlag())
        {
            refuse(message.isUpdate(), NOT_A_MAAR, srcHi, srcLo);
            return;
        }
        final BindingCacheEntry e = cache.byMnId(mnId, 0, mnIdLength, -1, null, 0, 0);
        final CmdSession s = e == null ? null : sessions.get(e.id());
        if (message.isUpdate())
        {
            onPbu(s, srcHi, srcLo);
        }
        else
        {
            onPba(s, srcHi, srcLo);
        }
    }

    private void refuse(final boolean update, final int status, final long hi, final long lo)
    {
        refused++;
        if (update)
        {
            answer(status, message.sequence(), 0, 0, null, 0, hi, lo);
        }
    }

    // ------------------------------------------------------------------------------------------------ PBU

    private void onPbu(final CmdSession s, final long srcHi, final long srcLo)
    {
        final long now = clock.time();
        if (message.lifetime() == 0)
        {
            onDeregistration(s, srcHi, srcLo, now);
            return;
        }
        if (message.prefix() == 0)
        {
            refuse(true, NOT_A_MAAR, srcHi, srcLo); // a MAAR registers the /64 it anchors, never ::/0
            return;
        }
        final int granted = Math.min(message.lifetime(), config.maxLifetimeUnits());
        if (s == null)
        {
            final BindingCacheEntry e = cache.create(0, mnId, 0, mnIdLength);
            final CmdSession created = new CmdSession(e);
            sessions.put(e.id(), created);
            e.proxyCoa(srcHi, srcLo);
            created.servingPrefix = message.prefix();
            created.accessTechnologyType = message.accessTechnologyType();
            created.grantedUnits = granted;
            arm(created, now + granted * 4000L + config.expiryGraceMs(), CmdSession.EXPIRE);
            registrations++;
            answer(0, message.sequence(), granted, created.servingPrefix, null, 0, srcHi, srcLo);
            return;
        }
        if (message.handoffIndicator() == REREGISTRATION && s.previous.indexOf(srcHi, srcLo) >= 0)
        {
            // A P-MAAR's refresh: sent as S-MAAR before it learnt the node had moved (it has no L2 detach, §3.5)
            // and delayed past the node's registration elsewhere. Not the node coming back (a new attachment, HI 1):
            // the session stays as it is; the answer (the session's remaining lifetime, as for a renewal) keeps
            // that MAAR's binding until the CMD's PBU with the Serving MAAR option reaches it.
            staleRefreshes++;
            answer(0, message.sequence(), remainingUnits(s, now), message.prefix(), null, 0, srcHi, srcLo);
            return;
        }
        s.grantedUnits = granted;
        arm(s, now + granted * 4000L + config.expiryGraceMs(), CmdSession.EXPIRE);
        if (s.entry.isProxyCoa(srcHi, srcLo))
        {
            if (s.pending)
            {
                // A retransmission while the P-MAARs are asked: the PBA follows with their answers, under the
                // sequence number the S-MAAR now waits for.
                s.servingSequence = message.sequence();
                return;
            }
            refreshes++;
            s.servingPrefix = message.prefix();
            answer(0, message.sequence(), granted, s.servingPrefix, s.previous, answeredMask(s), srcHi, srcLo);
            return;
        }
        handover(s, srcHi, srcLo, now);
    }

    private void handover(final CmdSession s, final long srcHi, final long srcLo, final long now)
    {
        handovers++;
        final PreviousMaarList list = s.previous;
        final int back = list.indexOf(srcHi, srcLo);
        if (back >= 0)
        {
            list.remove(back); // the node came back: that MAAR serves its own prefix again
        }
        list.add(s.entry.proxyCoaHi(), s.entry.proxyCoaLo(), s.servingPrefix); // full list: the oldest stays out
        s.entry.proxyCoa(srcHi, srcLo);
        s.servingPrefix = message.prefix();
        s.servingSequence = message.sequence();
        for (int i = 0; i < list.size(); i++)
        {
            final int sequence = nextSequence;
            nextSequence = (nextSequence + 1) & 0xFFFF;
            list.state(i, CmdSession.ASKED);
            list.sequence(i, sequence);
            send(writer.pbu(sequence, s.grantedUnits, mnId, mnIdLength, list.prefix(i), 2, accessType(s),
                srcHi, srcLo, selfHi, selfLo, list.addressHi(i), list.addressLo(i)));
        }
        s.retries = 0;
        if (list.size() > 0)
        {
            arm(s, now + config.relayTimeoutMs(), CmdSession.RETRY);
        }
        if (config.mode() == CmdMode.PROXY || list.size() == 0)
        {
            answerServing(s, allMask(s));
            return;
        }
        s.pending = true;
        arm(s, now + config.relayTimeoutMs(), CmdSession.RELAY);
    }

    private void onDeregistration(final CmdSession s, final long srcHi, final long srcLo, final long now)
    {
        if (s != null && s.entry.isProxyCoa(srcHi, srcLo))
        {
            sessionEnds++;
            end(s, false);
            answer(0, message.sequence(), 0, message.prefix(), null, 0, srcHi, srcLo);
            return;
        }
        if (s != null && s.previous.indexOf(srcHi, srcLo) >= 0)
        {
            // §3.5 (b): the node is still in the domain; renew the P-MAAR's binding rather than lose its prefix.
            renewals++;
            answer(0, message.sequence(), remainingUnits(s, now), message.prefix(), null, 0, srcHi, srcLo);
            return;
        }
        answer(0, message.sequence(), 0, message.prefix(), null, 0, srcHi, srcLo);
    }

    /** @return the session's remaining lifetime in 4-s units, at least 1. */
    private static int remainingUnits(final CmdSession s, final long now)
    {
        return (int)Math.max(1, (s.entry.expiresAtMs() - now) / 4000L);
    }

    // ------------------------------------------------------------------------------------------------ PBA

    private void onPba(final CmdSession s, final long srcHi, final long srcLo)
    {
        if (s == null)
        {
            if (message.lifetime() != 0)
            {
                unmatchedPbas++;
            }
            return; // e.g. the answer to a session-end PBU
        }
        final PreviousMaarList list = s.previous;
        final int i = list.indexOf(srcHi, srcLo);
        if (i < 0 || list.state(i) != CmdSession.ASKED || list.sequence(i) != message.sequence())
        {
            unmatchedPbas++;
            return;
        }
        if (message.status() >= 128)
        {
            maarRefusals++;
            list.remove(i); // it anchors nothing for the node any more
        }
        else
        {
            list.state(i, CmdSession.ANSWERED);
        }
        if (config.mode() == CmdMode.PROXY)
        {
            return;
        }
        if (s.pending)
        {
            if (!s.awaiting())
            {
                answerServing(s, config.mode() == CmdMode.RELAY ? answeredMask(s) : 0);
            }
        }
        else if (config.mode() == CmdMode.RELAY && message.status() < 128)
        {
            latePbas++; // §3.2: after the timeout, the rest follows as it arrives
            answerServing(s, 1L << i);
        }
    }

    /** The PBA to the S-MAAR for its handover PBU, with the selected Previous MAAR options (marked reported). */
    private void answerServing(final CmdSession s, final long mask)
    {
        s.pending = false;
        s.deadlines[CmdSession.RELAY] = -1;
        for (int i = 0; i < s.previous.size(); i++)
        {
            if ((mask & (1L << i)) != 0 && s.previous.state(i) == CmdSession.ANSWERED)
            {
                s.previous.state(i, CmdSession.REPORTED);
            }
        }
        answer(0, s.servingSequence, s.grantedUnits, s.servingPrefix, s.previous, mask, s.entry.proxyCoaHi(),
            s.entry.proxyCoaLo());
    }

    private static long answeredMask(final CmdSession s)
    {
        long mask = 0;
        for (int i = 0; i < s.previous.size(); i++)
        {
            if (s.previous.state(i) >= CmdSession.ANSWERED)
            {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    private static long allMask(final CmdSession s)
    {
        return (1L << s.previous.size()) - 1;
    }

    // ------------------------------------------------------------------------------------------------ timers

    /** {@inheritDoc} */
    public int onTick(final long nowMs)
    {
        return timers.poll(nowMs, timerHandler, TIMER_LIMIT);
    }

    private void onTimer(final long deadline, final long payload)
    {
        final CmdSession s = sessions.get((int)(payload >>> 2));
        final int kind = (int)(payload & 3);
        if (s == null || s.deadlines[kind] != deadline)
        {
            return;
        }
        s.deadlines[kind] = -1;
        if (kind == CmdSession.RETRY)
        {
            retry(s, deadline);
            return;
        }
        if (kind == CmdSession.RELAY)
        {
            if (s.pending)
            {
                relayTimeouts++; // §3.2: send what has arrived, the rest later
                answerServing(s, config.mode() == CmdMode.RELAY ? answeredMask(s) : 0);
            }
            return;
        }
        expiries++;
        end(s, true);
    }

    /** The PBUs of P-MAARs that have not answered go again, same sequence numbers, up to the configured count. */
    private void retry(final CmdSession s, final long now)
    {
        if (!s.awaiting())
        {
            return;
        }
        if (s.retries >= config.maxRetransmissions())
        {
            unansweredPbus++;
            return; // they stay ASKED; a late answer is still taken
        }
        s.retries++;
        final PreviousMaarList list = s.previous;
        final byte[] id = s.entry.mnId();
        for (int i = 0; i < list.size(); i++)
        {
            if (list.state(i) == CmdSession.ASKED)
            {
                retransmissions++;
                send(writer.pbu(list.sequence(i), s.grantedUnits, id, id.length, list.prefix(i), 2, accessType(s),
                    s.entry.proxyCoaHi(), s.entry.proxyCoaLo(), selfHi, selfLo, list.addressHi(i),
                    list.addressLo(i)));
            }
        }
        arm(s, now + config.relayTimeoutMs(), CmdSession.RETRY);
    }

    private void arm(final CmdSession s, final long deadline, final int kind)
    {
        if (timers.size() > 4 * sessions.size() + 1024)
        {
            timers.retain(liveTimer);
        }
        s.deadlines[kind] = deadline;
        if (kind == CmdSession.EXPIRE)
        {
            s.entry.expiresAtMs(deadline);
        }
        timers.add(deadline, ((long)s.entry.id() << 2) | kind);
    }

    private boolean isLive(final long deadline, final long payload)
    {
        final CmdSession s = sessions.get((int)(payload >>> 2));
        return s != null && s.deadlines[(int)(payload & 3)] == deadline;
    }

    /** The whole session ends: every P-MAAR (and the S-MAAR when it did not ask) gets a lifetime-0 PBU. */
    private void end(final CmdSession s, final boolean tellServing)
    {
        final PreviousMaarList list = s.previous;
        final byte[] id = s.entry.mnId();
        for (int i = 0; i < list.size(); i++)
        {
            send(writer.pbu(sequence(), 0, id, id.length, list.prefix(i), 2, accessType(s), s.entry.proxyCoaHi(),
                s.entry.proxyCoaLo(), selfHi, selfLo, list.addressHi(i), list.addressLo(i)));
        }
        if (tellServing)
        {
            send(writer.pbu(sequence(), 0, id, id.length, s.servingPrefix, 2, accessType(s), 0, 0, selfHi, selfLo,
                s.entry.proxyCoaHi(), s.entry.proxyCoaLo()));
        }
        sessions.remove(s.entry.id());
        cache.remove(s.entry);
    }

    private int sequence()
    {
        final int sequence = nextSequence;
        nextSequence = (nextSequence + 1) & 0xFFFF;
        return sequence;
    }

    private static int accessType(final CmdSession s)
    {
        return s.accessTechnologyType == 0 ? ATT_DEFAULT : s.accessTechnologyType;
    }

    // ------------------------------------------------------------------------------------------------ sending

    private void answer(final int status, final int sequence, final int lifetime, final long prefix,
        final PreviousMaarList previous, final long mask, final long toHi, final long toLo)
    {
        send(writer.pba(status, sequence, lifetime, mnId, mnIdLength, prefix, 0, 0, previous, mask, selfHi, selfLo,
            toHi, toLo));
    }

    private void send(final int length)
    {
        if (length > 0)
        {
            transport.send(writer.source(), writer.destination(), writer.buffer(), 0, length);
        }
    }

    /** {@inheritDoc} A CMD has no data plane. */
    public void onAck(final long correlationId, final boolean ok)
    {
    }

    /** {@inheritDoc} */
    public void onResyncRequest()
    {
    }

    // ------------------------------------------------------------------------------------------------ admin

    /**
     * A session as an administrator sees it (a copy).
     *
     * @param mnId the MN-ID.
     * @param servingMaar the S-MAAR (Proxy-CoA).
     * @param servingPrefix the /64 it anchors.
     * @param previousMaars "address prefix/64" per P-MAAR, in list order.
     * @param expiresAtMs session expiry.
     * @param state the binding's state.
     * @param awaitingPreviousMaars the S-MAAR's PBA still waits for some P-MAAR's answer (relay / locator).
     */
    public record SessionView(String mnId, String servingMaar, String servingPrefix, List<String> previousMaars,
        long expiresAtMs, String state, boolean awaitingPreviousMaars)
    {
    }

    /** @return every session (call on the agent thread). */
    public List<SessionView> sessions()
    {
        final List<SessionView> views = new ArrayList<>();
        for (final CmdSession s : sessions.values())
        {
            views.add(new SessionView(new String(s.entry.mnId(), java.nio.charset.StandardCharsets.UTF_8),
                Ipv6Words.text(s.entry.proxyCoaHi(), s.entry.proxyCoaLo()), Ipv6Words.text(s.servingPrefix, 0) + "/64",
                s.previous.describe(), s.entry.expiresAtMs(), s.entry.state().name(), s.awaiting()));
        }
        return views;
    }

    /** @return the settings (admin views: the MAARs of the domain). */
    public CmdConfig config()
    {
        return config;
    }

    public long dropped()
    {
        return dropped;
    }

    /** @return PBUs / PBAs refused (not a configured MAAR, no D flag, no prefix). */
    public long refused()
    {
        return refused;
    }

    public long registrations()
    {
        return registrations;
    }

    public long handovers()
    {
        return handovers;
    }

    public long refreshes()
    {
        return refreshes;
    }

    /** @return lifetime-0 PBUs of P-MAARs answered with the session's remaining lifetime (§3.5 b). */
    public long renewals()
    {
        return renewals;
    }

    /**
     * @return re-registrations (handoff indicator 5) from a P-MAAR, i.e. its refresh as S-MAAR arriving after the
     *         node's registration elsewhere: answered, the session unchanged.
     */
    public long staleRefreshes()
    {
        return staleRefreshes;
    }

    /** @return sessions ended by their S-MAAR. */
    public long sessionEnds()
    {
        return sessionEnds;
    }

    /** @return sessions that expired at the CMD. */
    public long expiries()
    {
        return expiries;
    }

    /** @return relay / locator waits ended by {@code cmd.relay-timeout-ms}. */
    public long relayTimeouts()
    {
        return relayTimeouts;
    }

    /** @return P-MAAR PBAs forwarded to the S-MAAR after the timeout (relay). */
    public long latePbas()
    {
        return latePbas;
    }

    public long unmatchedPbas()
    {
        return unmatchedPbas;
    }

    /** @return PBUs to P-MAARs sent again. */
    public long retransmissions()
    {
        return retransmissions;
    }

    /** @return handovers after which some P-MAAR never answered (retransmissions exhausted). */
    public long unansweredPbus()
    {
        return unansweredPbus;
    }

    /** @return P-MAARs that refused the CMD's PBU (dropped from the list). */
    public long maarRefusals()
    {
        return maarRefusals;
    }
}
