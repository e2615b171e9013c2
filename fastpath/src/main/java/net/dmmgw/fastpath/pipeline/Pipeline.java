package net.dmmgw.fastpath.pipeline;

import static net.dmmgw.fastpath.mem.Memory.i64;
import static net.dmmgw.fastpath.mem.Memory.put16;
import static net.dmmgw.fastpath.mem.Memory.put8;
import static net.dmmgw.fastpath.mem.Memory.putMac;
import static net.dmmgw.fastpath.mem.Memory.u16;
import static net.dmmgw.fastpath.mem.Memory.u8;

import org.agrona.concurrent.NanoClock;

import net.dmmgw.fastpath.packet.Headers;
import net.dmmgw.fastpath.packet.PacketParser;
import net.dmmgw.fastpath.packet.ParsedPacket;
import net.dmmgw.fastpath.table.ExactMatchTable;
import net.dmmgw.fastpath.table.DlifTable;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Lpm;
import net.dmmgw.fastpath.table.LocalAddresses;
import net.dmmgw.fastpath.table.NextHopTable;
import net.dmmgw.fastpath.table.PortTable;
import net.dmmgw.fastpath.table.ReaderEpochs;
import net.dmmgw.fastpath.table.Route;
import net.dmmgw.fastpath.table.TunnelEndpoints;
import net.dmmgw.fastpath.table.TunnelPeers;

/**
 * The per-packet pipeline of one worker: parse, classify, look up and act.
 * <p>
 * Order: unknown ingress port and unparseable frames are dropped; Mobility Header and Neighbour
 * Discovery are punted; traffic to an own address is punted, except IPv6-in-IPv6 to a tunnel
 * endpoint, which is decapsulated (peer and inner-source checks) and the inner packet classified
 * again; multicast, link-local and bad sources are dropped; a packet from an access port whose
 * source matches a source prefix takes that route (reverse tunnelling); otherwise the destination
 * prefix decides: forward to a next hop, deliver to a mobile node, encapsulate, punt or drop.
 * <p>
 * One instance per worker thread; allocation-free after construction.
 */
public final class Pipeline
{
    private static final DropReason[] PARSE_DROPS = {
        null,
        DropReason.TRUNCATED_ETHERNET,
        DropReason.NOT_IPV6,
        DropReason.TRUNCATED_IPV6,
        DropReason.BAD_VERSION,
        DropReason.BAD_PAYLOAD_LENGTH,
        DropReason.BAD_EXTENSION_HEADER,
    };

    /** {@link #forwardInLane}: not a plain forward; nothing was written or counted, process the packet staged. */
    public static final long NOT_IN_LANE = -1;
    /*
     * Next headers (below 64) the forward lane leaves to the staged path: the extension headers the parser walks
     * (hop-by-hop 0, routing 43, fragment 44, AH 51, destination options 60), ICMPv6 (58: neighbour discovery,
     * multicast listeners) and IPv6-in-IPv6 (41: mostly to a tunnel endpoint, decapsulated; rejected before the
     * local-address probe, so that decapsulated traffic pays no probe twice); the Mobility Header (135) is tested
     * apart.
     */
    private static final long NOT_PLAIN_BELOW_64 = 1L << Headers.PROTO_HOP_BY_HOP | 1L << Headers.PROTO_ROUTING
        | 1L << Headers.PROTO_FRAGMENT | 1L << Headers.PROTO_AH | 1L << Headers.PROTO_DESTINATION_OPTIONS
        | 1L << Headers.PROTO_ICMPV6 | 1L << Headers.PROTO_IPV6;

    /** Packets whose prefix lookups pass 2 walks together, level by level. */
    private static final int LOOKUP_CHUNK = 64;
    /** The burst lane's candidates per burst at most ({@link #laneCandidate}); the worker stages the rest. */
    public static final int LANE_BURST = LOOKUP_CHUNK;

    private final FastPathTables tables;
    private final Ipv6Lpm destinations;
    private final Ipv6Lpm sources;
    private final ExactMatchTable localAddresses;
    private final ExactMatchTable neighbours;
    private final PortTable ports;
    private final DlifTable dlifs;
    private final WorkerCounters counters;
    private final PuntHandler puntHandler;
    private final Encapsulator encapsulator;
    private final IcmpErrors icmpErrors;
    private final ReaderEpochs.Reader reader;
    private final boolean puntTransitMobility;
    private boolean inBurst;
    /**
     * Pass 2 walks the tries level by level for the whole burst only for tables sized beyond the
     * caches (more than {@value Ipv6Lpm#AUTO_24_BIT_ABOVE} prefixes, whatever their first level's width), where
     * the overlapped cache misses make a lookup 2.4 times cheaper; a table that stays in cache answers faster one
     * lookup at a time (perf/RESULTS.md, 2026-11-26 "Where the Java data plane spends its time").
     */
    private final boolean burstLookups;
    // Pass 2's burst lookups: addresses, trie entries, results and the packet each belongs to.
    private final int[] lookupIndex = new int[LOOKUP_CHUNK];
    private final long[] lookupHi = new long[LOOKUP_CHUNK];
    private final long[] lookupLo = new long[LOOKUP_CHUNK];
    private final int[] lookupEntries = new int[LOOKUP_CHUNK];
    private final long[] lookupOut = new long[LOOKUP_CHUNK];
    /*
     * The next hop of the last FORWARD route taken in this burst (0: none): most packets of a burst share it,
     * so the seqlocked record and the port's MAC are read once per burst and route instead of once per packet.
     * Reset when a burst starts, so a changed record is seen from the next burst on; within a burst every
     * packet uses the record as it was at its first read (a consistent state, old or new).
     */
    private long hopRoute;
    private int hopPort;
    private long hopMac;
    private long hopSourceMac;
    private final long[] hopRecord = new long[4];
    // The forward lane's ingress port and its role, read once per burst and port (reset when a burst starts).
    private int lanePort;
    private int laneRole;
    /*
     * The lanes' run of forwarded packets not yet counted (countLaneRun): from laneRxPort to hopPort, both fixed
     * while it grows, so three field increments per packet instead of three counter updates. laneRxPort equals
     * lanePort whenever lanePort is set (the forward lane's packets are counted on the port whose role it read).
     */
    private int laneRxPort;
    private int lanePackets;
    /** Of {@link #lanePackets}, those the burst lane decapsulated: counted with the run, not per packet. */
    private int laneDecapsulated;
    private long laneRxOctets;
    private long laneTxOctets;
    /** {@link #disableLanes}: false, every packet staged. */
    private boolean lanes = true;
    // The burst lane's candidates (their destinations in lookupHi / lookupLo, their routes in lookupOut).
    private final boolean[] laneAccess = new boolean[LANE_BURST];
    private final long[] laneSourceHi = new long[LANE_BURST];
    private final long[] laneSourceLo = new long[LANE_BURST];
    private final long[] laneSourceOut = new long[LANE_BURST];

    /**
     * Every Mobility Header punted (the next constructor with {@code puntTransitMobility = true}).
     */
    public Pipeline(
        final FastPathTables tables,
        final WorkerCounters counters,
        final PuntHandler puntHandler,
        final NanoClock clock,
        final int icmpPerSecond,
        final int icmpBurst)
    {
        this(tables, counters, puntHandler, clock, icmpPerSecond, icmpBurst, true);
    }

    /**
     * @param tables      shared tables (read only from here).
     * @param counters    this worker's counters.
     * @param puntHandler where punted packets go.
     * @param clock       time source for the ICMPv6 rate limit.
     * @param icmpPerSecond sustained ICMPv6 errors per second.
     * @param icmpBurst   ICMPv6 errors allowed back to back.
     * @param puntTransitMobility true: every Mobility Header is punted; false: only those for an own address (an
     *                    access router forwards its mobile nodes' BUs to, and BAs from, their other anchors).
     */
    public Pipeline(
        final FastPathTables tables,
        final WorkerCounters counters,
        final PuntHandler puntHandler,
        final NanoClock clock,
        final int icmpPerSecond,
        final int icmpBurst,
        final boolean puntTransitMobility)
    {
        this.puntTransitMobility = puntTransitMobility;
        this.tables = tables;
        this.destinations = tables.destinations();
        this.sources = tables.sources();
        this.localAddresses = tables.localAddresses();
        this.neighbours = tables.neighbours();
        this.ports = tables.ports();
        this.dlifs = tables.dlifs();
        this.counters = counters;
        this.puntHandler = puntHandler;
        this.icmpErrors = new IcmpErrors(this, tables, counters, new IcmpRateLimiter(clock, icmpPerSecond, icmpBurst));
        this.encapsulator = new Encapsulator(tables, counters, icmpErrors);
        this.reader = tables.readers().register();
        this.burstLookups = destinations.maxPrefixes() > Ipv6Lpm.AUTO_24_BIT_ABOVE
            || sources.maxPrefixes() > Ipv6Lpm.AUTO_24_BIT_ABOVE;
    }

    /**
     * Process one packet. Never throws for any frame content; the outcome is in {@code ctx}.
     *
     * @param ctx the packet (see {@link PacketContext#wrap}).
     * @return the verdict, also in {@link PacketContext#verdict()}.
     */
    public Verdict process(final PacketContext ctx)
    {
        final Verdict verdict = processInBurst(ctx);
        endBurst();
        return verdict;
    }

    /**
     * {@link #process} without publishing the counters: for a caller that handles a burst of
     * packets and then calls {@link #endBurst()} (the data-plane worker), so the shared counters
     * are written once per burst instead of several times per packet.
     *
     * @param ctx the packet (see {@link PacketContext#wrap}).
     * @return the verdict, also in {@link PacketContext#verdict()}.
     */
    public Verdict processInBurst(final PacketContext ctx)
    {
        enterBurst();
        counters.received(ctx.ingressPort, ctx.frameLength);
        classifyUntilLookup(ctx, ports.role(ctx.ingressPort));
        if (ctx.lookupPending)
        {
            ctx.lookupPending = false;
            routeOrDrop(ctx, ctx.packet, lookupRoute(ctx.packet, ctx.fromAccess));
        }
        account(ctx);
        return ctx.verdict;
    }

    /**
     * Process a burst of packets in three passes, so that the work of different packets overlaps
     * in the CPU instead of each packet's dependent loads waiting for the previous packet: (1) parse
     * and every check up to the prefix lookup, (2) the prefix lookups of all packets that need one,
     * (3) the action and the counters. For large tables the lookups of pass 2 walk the tries level
     * by level for all packets at once ({@link Ipv6Lpm#lookupBurst}). Same outcome per packet as
     * {@link #processInBurst} (counters published by {@link #endBurst()}); a decapsulated packet's
     * inner lookup joins pass 2.
     *
     * @param burst contexts wrapped with the burst's packets (see {@link PacketContext#wrap}).
     * @param n     number of packets, from index 0.
     */
    public void processBurst(final PacketContext[] burst, final int n)
    {
        processBurst(burst, n, BurstOutput.NONE);
    }

    /**
     * {@link #processBurst(PacketContext[], int)}, handing every packet to {@code output} in pass 3 as soon as its
     * outcome and counters are final (in burst order).
     *
     * @param burst  contexts wrapped with the burst's packets (see {@link PacketContext#wrap}).
     * @param n      number of packets, from index 0.
     * @param output where each packet goes next.
     */
    public void processBurst(final PacketContext[] burst, final int n, final BurstOutput output)
    {
        enterBurst();
        // Each pass is its own method, so each loop is its own C2 compilation with its own inlining budget
        // (NodeCountInliningCutoff): one compilation of the three passes inlined the per-packet steps of some
        // processes and left a dozen of them as calls in others (perf/RESULTS.md, "inlining of the burst loop").
        classifyPass(burst, n);
        if (burstLookups)
        {
            for (int from = 0; from < n; from += LOOKUP_CHUNK)
            {
                lookUpChunk(burst, from, Math.min(n, from + LOOKUP_CHUNK));
            }
        }
        else
        {
            lookupPass(burst, n);
        }
        actPass(burst, n, output);
    }

    /**
     * Whether the worker should offer each received packet to {@link #forwardInLane} first: the prefix tables stay
     * in cache (at most {@value Ipv6Lpm#AUTO_24_BIT_ABOVE} prefixes), so a forwarded packet gains nothing from
     * {@link #processBurst}'s staged lookups; for larger tables the burst lookups are faster.
     *
     * @return true for cache-resident tables, unless lanes are off ({@link #disableLanes}).
     */
    public boolean forwardLane()
    {
        return !burstLookups && lanes;
    }

    /**
     * The forward lane: a received packet that is a plain forward (untagged IPv6 with a valid header, no extension
     * header, not ICMPv6 or Mobility Header, hop limit above 1, to no local address, no multicast, link-local or
     * unspecified address, a FORWARD route with a resolved next hop; from an access port no source prefix) is
     * forwarded here at once, with the outcome and counters {@link #processBurst} gives it: hop limit decremented,
     * Ethernet header rewritten, rx, FORWARDED and tx counted, per run rather than per packet (the packet joins the
     * lanes' pending run, which goes to the counters when its ingress or egress port changes and at
     * {@link #endBurst()}). Anything else is left untouched ({@link #NOT_IN_LANE}) for the staged path, whose checks
     * decide it as before. Counters are published by {@link #endBurst()}.
     *
     * @param frame  absolute address of the received frame.
     * @param length its length.
     * @param port   ingress port.
     * @return the egress port in the high 32 bits and the output frame's length (from {@code frame}) in the low
     * 32, or {@link #NOT_IN_LANE}.
     */
    public long forwardInLane(final long frame, final int length, final int port)
    {
        // One body, not plainCandidate + forwardTaken (the burst lane's, the same checks and action): written through
        // them it was 1-3.6 ns per packet slower at forward 1 k (perf/RESULTS.md, session 8 lane8). ForwardLaneTest
        // holds both lanes to the staged path.
        enterBurst();
        if (port != lanePort)
        {
            enterLanePort(port);
        }
        final int role = laneRole;
        if (role == PortTable.ROLE_NONE || length < Headers.ETHERNET_LENGTH + Headers.IPV6_LENGTH
            || u16(frame + Headers.ETHERTYPE_OFFSET) != Headers.ETHERTYPE_IPV6)
        {
            return NOT_IN_LANE;
        }
        final long l3 = frame + Headers.ETHERNET_LENGTH;
        final int total = Headers.IPV6_LENGTH + u16(l3 + Headers.IPV6_PAYLOAD_LENGTH);
        final int next = u8(l3 + Headers.IPV6_NEXT_HEADER);
        final int hopLimit = u8(l3 + Headers.IPV6_HOP_LIMIT);
        final long dstHi = i64(l3 + Headers.IPV6_DESTINATION);
        final long dstLo = i64(l3 + Headers.IPV6_DESTINATION + 8);
        final long srcHi = i64(l3 + Headers.IPV6_SOURCE);
        final long srcLo = i64(l3 + Headers.IPV6_SOURCE + 8);
        // One branch for the common case (non-short-circuit |).
        if ((u8(l3) >>> 4) != 6 | total > length - Headers.ETHERNET_LENGTH | hopLimit <= 1
            | (next < 64 && (NOT_PLAIN_BELOW_64 >>> next & 1) != 0) | next == Headers.PROTO_MOBILITY
            | unusual(dstHi, srcHi, srcLo)
            || localAddresses.getSparseAt(l3 + Headers.IPV6_DESTINATION, dstHi, dstLo, 0) != ExactMatchTable.MISSING)
        {
            return NOT_IN_LANE;
        }
        final long route = lookupRoute(srcHi, srcLo, dstHi, dstLo, role == PortTable.ROLE_ACCESS);
        if (Route.kind(route) != Route.FORWARD || route != hopRoute
            && readNextHop(route, Route.argument(route)) != NextHopTable.PRESENT || hopMac == NextHopTable.UNRESOLVED)
        {
            return NOT_IN_LANE;
        }
        put8(l3 + Headers.IPV6_HOP_LIMIT, hopLimit - 1);
        writeEthernet(frame, hopMac, hopSourceMac);
        final int outLength = total + Headers.ETHERNET_LENGTH;
        lanePackets++;
        laneRxOctets += length;
        laneTxOctets += outLength;
        return (long)hopPort << 32 | outLength;
    }

    /**
     * @param out a lane's answer other than {@link #NOT_IN_LANE}.
     * @return the egress port.
     */
    public static int lanePort(final long out)
    {
        return (int)(out >>> 32) & 0xFFFF;
    }

    /**
     * @param out a lane's answer other than {@link #NOT_IN_LANE}.
     * @return the output frame's length.
     */
    public static int laneLength(final long out)
    {
        return (int)out;
    }

    /**
     * @param out a lane's answer other than {@link #NOT_IN_LANE}.
     * @return how many octets after the received frame the output frame starts: 0 for a forward, the outer header's
     * length for a decapsulation.
     */
    public static int laneHeadMove(final long out)
    {
        return (int)(out >>> 48);
    }

    /**
     * Whether a frame is IPv6-in-IPv6 (untagged, the outer next header 41): the packets the burst lane may
     * decapsulate. With cache-resident tables the worker offers a burst whose first packet the forward lane refused
     * to the burst lane when that packet is tunnelled: walked together, the inner destinations' lookups overlap,
     * which made decapsulation cheaper there than staged (perf/RESULTS.md, session 12 decap12).
     *
     * @param frame  absolute address of the received frame.
     * @param length its length.
     * @return true if the burst lane should be offered the burst.
     */
    public static boolean tunnelled(final long frame, final int length)
    {
        return length >= Headers.ETHERNET_LENGTH + 2 * Headers.IPV6_LENGTH
            && u16(frame + Headers.ETHERTYPE_OFFSET) == Headers.ETHERTYPE_IPV6
            && u8(frame + Headers.ETHERNET_LENGTH + Headers.IPV6_NEXT_HEADER) == Headers.PROTO_IPV6;
    }

    /**
     * Whether the worker should offer the burst's leading packets to the burst lane ({@link #laneCandidate},
     * {@link #laneLookups}, {@link #forwardCandidate}): tables beyond the caches, whose lookups are cheaper walked
     * together ({@link Ipv6Lpm#lookupBurst}). With cache-resident tables the worker offers it the bursts that start
     * with a tunnelled packet ({@link #tunnelled}).
     *
     * @return true for tables beyond the caches (the opposite of {@link #forwardLane}), unless lanes are off.
     */
    public boolean forwardBurstLane()
    {
        return burstLookups && lanes;
    }

    /**
     * Switch both lanes off: the worker then stages every packet (differential tests, diagnostics). Before the
     * worker is built.
     */
    public void disableLanes()
    {
        lanes = false;
    }

    /**
     * The burst lane, step 1: whether the received packet passes every check {@link #forwardInLane} makes before
     * its lookup (the same header checks and local-address filter), or is one the lane decapsulates
     * ({@link #decapLaneCandidate}: its inner packet is then the candidate, looked up by destination), and for the
     * first ({@code j} 0) also whether its route is a FORWARD; if so it becomes candidate {@code j}, whose addresses
     * {@link #laneLookups} looks up with the others. Nothing is written to the frame or counted.
     *
     * @param j      the candidate's index, 0 for a burst's first, at most {@link #LANE_BURST} - 1.
     * @param frame  absolute address of the received frame.
     * @param length its length.
     * @param port   ingress port.
     * @return true if it is a candidate.
     */
    public boolean laneCandidate(final int j, final long frame, final int length, final int port)
    {
        enterBurst();
        if (port != lanePort)
        {
            enterLanePort(port);
        }
        // IPv6-in-IPv6 first: plainCandidate refuses it (next header 41) only after reading the whole header; a
        // decapsulated packet paid that per packet (perf/RESULTS.md, session 13 decap13).
        if (tunnelled(frame, length))
        {
            return decapLaneCandidate(j, frame, length);
        }
        if (!plainCandidate(frame, length))
        {
            return false;
        }
        final long l3 = frame + Headers.ETHERNET_LENGTH;
        final boolean access = laneRole == PortTable.ROLE_ACCESS;
        // The first is looked up at once, alone: a burst that does not start with a forward (encapsulation, say)
        // then pays one lookup, not the burst's twice (here and staged). Its route comes again from the burst's walk.
        if (j == 0 && Route.kind(lookupRoute(i64(l3 + Headers.IPV6_SOURCE), i64(l3 + Headers.IPV6_SOURCE + 8),
            i64(l3 + Headers.IPV6_DESTINATION), i64(l3 + Headers.IPV6_DESTINATION + 8), access)) != Route.FORWARD)
        {
            return false;
        }
        laneAccess[j] = access;
        lookupHi[j] = i64(l3 + Headers.IPV6_DESTINATION);
        lookupLo[j] = i64(l3 + Headers.IPV6_DESTINATION + 8);
        laneSourceHi[j] = i64(l3 + Headers.IPV6_SOURCE);
        laneSourceLo[j] = i64(l3 + Headers.IPV6_SOURCE + 8);
        return true;
    }

    /**
     * {@link #laneCandidate} for a {@link #tunnelled} packet: a candidate if the burst lane decapsulates it, its inner
     * packet then looked up by destination (as after {@link #decapsulate}): IPv6-in-IPv6 with no extension header,
     * to one of the listed tunnel endpoints ({@link TunnelEndpoints}), from a peer of it, filling the outer payload
     * exactly, whose inner packet passes the plain forward's checks ({@link #forwardInLane}'s on the inner header; a
     * strict peer's inner source must route into its tunnel). {@link #decapsulate} then classifies the inner packet
     * the same way, so what the lane takes it forwards with the staged outcome; anything else the staged path drops
     * or punts with its reason. Nothing is written or counted. One method with the candidate's stores, so the inner
     * destination is read once (perf/RESULTS.md, session 13 decap13). Not offered in the forward lane
     * (cache-resident tables), where the staged path decapsulated faster (session 11 "a decap lane"); with those
     * tables a burst that starts with a tunnelled packet goes to the burst lane instead.
     */
    private boolean decapLaneCandidate(final int j, final long frame, final int length)
    {
        final long l3 = frame + Headers.ETHERNET_LENGTH;
        final int total = Headers.IPV6_LENGTH + u16(l3 + Headers.IPV6_PAYLOAD_LENGTH);
        if (laneRole == PortTable.ROLE_NONE
            | (u8(l3) >>> 4) != 6 | total > length - Headers.ETHERNET_LENGTH | total < 2 * Headers.IPV6_LENGTH)
        {
            return false;
        }
        final int endpoint = tables.tunnelEndpoints().indexOf(
            i64(l3 + Headers.IPV6_DESTINATION), i64(l3 + Headers.IPV6_DESTINATION + 8));
        final long peer = endpoint == TunnelEndpoints.NOT_LISTED ? ExactMatchTable.MISSING
            : tables.tunnelPeers().get(i64(l3 + Headers.IPV6_SOURCE), i64(l3 + Headers.IPV6_SOURCE + 8), endpoint);
        if (peer == ExactMatchTable.MISSING)
        {
            return false;
        }
        final long inner = l3 + Headers.IPV6_LENGTH;
        final int next = u8(inner + Headers.IPV6_NEXT_HEADER);
        final long dstHi = i64(inner + Headers.IPV6_DESTINATION);
        final long dstLo = i64(inner + Headers.IPV6_DESTINATION + 8);
        final long srcHi = i64(inner + Headers.IPV6_SOURCE);
        final long srcLo = i64(inner + Headers.IPV6_SOURCE + 8);
        if ((u8(inner) >>> 4) != 6 | u16(inner + Headers.IPV6_PAYLOAD_LENGTH) != total - 2 * Headers.IPV6_LENGTH
            | u8(inner + Headers.IPV6_HOP_LIMIT) <= 1
            | (next < 64 && (NOT_PLAIN_BELOW_64 >>> next & 1) != 0) | next == Headers.PROTO_MOBILITY
            | unusual(dstHi, srcHi, srcLo)
            || localAddresses.getSparseAt(inner + Headers.IPV6_DESTINATION, dstHi, dstLo, 0) != ExactMatchTable.MISSING
            || TunnelPeers.strictIngressFilter(peer) && spoofed(peer, srcHi, srcLo)
            || j == 0 && Route.kind(destinations.lookup(dstHi, dstLo)) != Route.FORWARD)
        {
            return false;
        }
        laneAccess[j] = false;
        lookupHi[j] = dstHi;
        lookupLo[j] = dstLo;
        return true;
    }

    /** A strict peer's inner source that does not route into its tunnel (out of line: strict peers are few). */
    private boolean spoofed(final long peer, final long srcHi, final long srcLo)
    {
        return destinations.lookup(srcHi, srcLo) != Route.encap(TunnelPeers.tunnelId(peer));
    }

    /**
     * The burst lane, step 2: the routes of candidates {@code 0..m-1} in one overlapped walk per table (from an
     * access port the source prefix decides when one matches, else the destination's, as {@link #lookupRoute}).
     *
     * @param m number of candidates.
     */
    public void laneLookups(final int m)
    {
        destinations.lookupBurst(lookupHi, lookupLo, lookupEntries, lookupOut, m);
        boolean access = false;
        for (int j = 0; j < m; j++)
        {
            access |= laneAccess[j];
        }
        if (access)
        {
            sources.lookupBurst(laneSourceHi, laneSourceLo, lookupEntries, laneSourceOut, m);
            for (int j = 0; j < m; j++)
            {
                if (laneAccess[j] && laneSourceOut[j] != Ipv6Lpm.NO_MATCH)
                {
                    lookupOut[j] = laneSourceOut[j];
                }
            }
        }
    }

    /**
     * The burst lane, step 3: candidate {@code j} forwarded if its route is a FORWARD with a resolved next hop,
     * with {@link #forwardInLane}'s outcome and counters (a decapsulated candidate: the staged decapsulation's, then
     * the forward's); else left untouched ({@link #NOT_IN_LANE}). Called in candidate order; the worker ends the lane
     * at the first refusal.
     *
     * @param j      the candidate's index.
     * @param frame  its frame, as given to {@link #laneCandidate}.
     * @param length its length, as given.
     * @param port   its ingress port, as given.
     * @return the egress port, the output frame's length and how far after {@code frame} it starts (read with
     * {@link #lanePort}, {@link #laneLength}, {@link #laneHeadMove}: the outer header's length for a decapsulated
     * candidate, else 0), or {@link #NOT_IN_LANE}.
     */
    public long forwardCandidate(final int j, final long frame, final int length, final int port)
    {
        // A plain forward's next header is never IPv6-in-IPv6 (plainCandidate): that one is a decapsulation's.
        return u8(frame + Headers.ETHERNET_LENGTH + Headers.IPV6_NEXT_HEADER) != Headers.PROTO_IPV6
            ? forwardTaken(frame, length, port, lookupOut[j])
            : decapTaken(frame, length, port, frame + Headers.ETHERNET_LENGTH + Headers.IPV6_LENGTH, lookupOut[j]);
    }

    /**
     * The burst lane's checks before the lookup ({@link #forwardInLane}'s, restated there in one body): a known
     * ingress port (its role read once per burst and port), untagged IPv6 with a valid header, no extension header,
     * not ICMPv6, IPv6-in-IPv6 or Mobility Header, hop limit above 1, no multicast, link-local or unspecified
     * address, and a destination that is no local address.
     */
    private boolean plainCandidate(final long frame, final int length)
    {
        if (laneRole == PortTable.ROLE_NONE || length < Headers.ETHERNET_LENGTH + Headers.IPV6_LENGTH
            || u16(frame + Headers.ETHERTYPE_OFFSET) != Headers.ETHERTYPE_IPV6)
        {
            return false;
        }
        final long l3 = frame + Headers.ETHERNET_LENGTH;
        final int total = Headers.IPV6_LENGTH + u16(l3 + Headers.IPV6_PAYLOAD_LENGTH);
        final int next = u8(l3 + Headers.IPV6_NEXT_HEADER);
        final long dstHi = i64(l3 + Headers.IPV6_DESTINATION);
        // One branch for the common case (non-short-circuit |).
        return !((u8(l3) >>> 4) != 6 | total > length - Headers.ETHERNET_LENGTH
            | u8(l3 + Headers.IPV6_HOP_LIMIT) <= 1
            | (next < 64 && (NOT_PLAIN_BELOW_64 >>> next & 1) != 0) | next == Headers.PROTO_MOBILITY
            | unusual(dstHi, i64(l3 + Headers.IPV6_SOURCE), i64(l3 + Headers.IPV6_SOURCE + 8))
            || localAddresses.getSparseAt(l3 + Headers.IPV6_DESTINATION, dstHi,
                i64(l3 + Headers.IPV6_DESTINATION + 8), 0) != ExactMatchTable.MISSING);
    }

    /**
     * The burst lane's action ({@link #forwardInLane}'s): a FORWARD route with a resolved next hop forwarded and
     * counted (in the lanes' pending run), else untouched.
     */
    private long forwardTaken(final long frame, final int length, final int port, final long route)
    {
        if (!laneRouteTaken(route, port))
        {
            return NOT_IN_LANE;
        }
        final long l3 = frame + Headers.ETHERNET_LENGTH;
        put8(l3 + Headers.IPV6_HOP_LIMIT, u8(l3 + Headers.IPV6_HOP_LIMIT) - 1);
        writeEthernet(frame, hopMac, hopSourceMac);
        final int outLength = Headers.IPV6_LENGTH + u16(l3 + Headers.IPV6_PAYLOAD_LENGTH) + Headers.ETHERNET_LENGTH;
        lanePackets++;
        laneRxOctets += length;
        laneTxOctets += outLength;
        return (long)hopPort << 32 | outLength;
    }

    /**
     * The burst lane's action for a packet it decapsulates ({@code inner}: the inner header, after the outer one):
     * {@link #forwardTaken}'s on the inner packet, the Ethernet header written in front of it, counted as
     * decapsulated too (with the lanes' run, as its forwards are).
     */
    private long decapTaken(final long frame, final int length, final int port, final long inner, final long route)
    {
        if (!laneRouteTaken(route, port))
        {
            return NOT_IN_LANE;
        }
        put8(inner + Headers.IPV6_HOP_LIMIT, u8(inner + Headers.IPV6_HOP_LIMIT) - 1);
        writeEthernet(inner - Headers.ETHERNET_LENGTH, hopMac, hopSourceMac);
        final int outLength = Headers.IPV6_LENGTH + u16(inner + Headers.IPV6_PAYLOAD_LENGTH) + Headers.ETHERNET_LENGTH;
        lanePackets++;
        laneDecapsulated++;
        laneRxOctets += length;
        laneTxOctets += outLength;
        return (long)(inner - frame - Headers.ETHERNET_LENGTH) << 48 | (long)hopPort << 32 | outLength;
    }

    /**
     * Whether the burst lane takes a candidate with this route (a FORWARD with a resolved next hop, now in the hop
     * cache); if so the lanes' run follows the candidate's ingress port.
     */
    private boolean laneRouteTaken(final long route, final int port)
    {
        if (Route.kind(route) != Route.FORWARD || route != hopRoute
            && readNextHop(route, Route.argument(route)) != NextHopTable.PRESENT || hopMac == NextHopTable.UNRESOLVED)
        {
            return false;
        }
        if (port != laneRxPort)
        {
            // The burst lane's candidates were all checked (lanePort is the last one's): its run follows its own port.
            countLaneRun();
            laneRxPort = port;
            lanePort = Integer.MIN_VALUE;
        }
        return true;
    }

    /**
     * Pass 1: the rx counters and {@link #classifyUntilLookup} of every packet. The ingress port's role and rx
     * counters once per run of packets from the same port (the worker's bursts come from one port), in locals.
     */
    private void classifyPass(final PacketContext[] burst, final int n)
    {
        int rxPort = Integer.MIN_VALUE;
        int role = PortTable.ROLE_NONE;
        long rxPackets = 0;
        long rxOctets = 0;
        for (int k = 0; k < n; k++)
        {
            final PacketContext ctx = burst[k];
            if (ctx.ingressPort != rxPort)
            {
                counters.received(rxPort, rxPackets, rxOctets);
                rxPort = ctx.ingressPort;
                role = ports.role(rxPort);
                rxPackets = 0;
                rxOctets = 0;
            }
            rxPackets++;
            rxOctets += ctx.frameLength;
            classifyUntilLookup(ctx, role);
        }
        counters.received(rxPort, rxPackets, rxOctets);
    }

    /** Pass 2 for tables that stay in cache: {@link #lookupRoute} of every packet that needs it, one at a time. */
    private void lookupPass(final PacketContext[] burst, final int n)
    {
        for (int k = 0; k < n; k++)
        {
            final PacketContext ctx = burst[k];
            if (ctx.lookupPending)
            {
                ctx.route = lookupRoute(ctx.packet, ctx.fromAccess);
            }
        }
    }

    /**
     * Pass 3: the action of every packet the prefix tables decide, and the counters. The tx counters of
     * transmitted packets once per run of the same egress port, in locals. Then the packet to {@code output}.
     */
    private void actPass(final PacketContext[] burst, final int n, final BurstOutput output)
    {
        int txPort = Integer.MIN_VALUE;
        long txPackets = 0;
        long txOctets = 0;
        for (int k = 0; k < n; k++)
        {
            final PacketContext ctx = burst[k];
            if (ctx.lookupPending)
            {
                ctx.lookupPending = false;
                routeOrDrop(ctx, ctx.packet, ctx.route);
            }
            if (ctx.verdict == Verdict.TRANSMIT)
            {
                if (ctx.egressPort != txPort)
                {
                    counters.transmitted(txPort, txPackets, txOctets);
                    txPort = ctx.egressPort;
                    txPackets = 0;
                    txOctets = 0;
                }
                txPackets++;
                txOctets += ctx.outLength;
                output.transmit(k, txPort, ctx.outAddress, ctx.outLength);
            }
            else
            {
                account(ctx);
                output.notTransmitted(k, ctx);
            }
        }
        counters.transmitted(txPort, txPackets, txOctets);
    }

    private void enterBurst()
    {
        if (!inBurst)
        {
            reader.enter();
            inBurst = true;
            hopRoute = 0;
            lanePort = Integer.MIN_VALUE;
        }
    }

    /**
     * Pass 1 (after the rx counters): a verdict, or {@link PacketContext#lookupPending} when the prefix tables
     * decide.
     *
     * @param role the ingress port's role ({@link PortTable#role}).
     */
    private void classifyUntilLookup(final PacketContext ctx, final int role)
    {
        if (role == PortTable.ROLE_NONE)
        {
            ctx.drop(DropReason.UNKNOWN_INGRESS_PORT);
            return;
        }
        final int status = PacketParser.parseFrame(ctx.frameAddress, ctx.frameLength, ctx.packet);
        if (status != PacketParser.OK)
        {
            ctx.drop(PARSE_DROPS[status]);
        }
        else
        {
            ctx.fromAccess = role == PortTable.ROLE_ACCESS; // a decapsulated packet clears it
            ctx.lookupPending = classifyBeforeLookup(ctx, ctx.packet) == null;
        }
    }

    /**
     * Publish the counter increments of the packets processed since the last call (see
     * {@link #processInBurst}).
     */
    public void endBurst()
    {
        countLaneRun();
        counters.publish();
        if (inBurst)
        {
            inBurst = false;
            reader.exit();
        }
    }

    /** A lane's packet from another ingress port: count the run so far, then read the new port's role. */
    private void enterLanePort(final int port)
    {
        countLaneRun();
        lanePort = port;
        laneRxPort = port;
        laneRole = ports.role(port);
    }

    /**
     * The lanes' run so far to the counters: the packets they forwarded since the last call, all received on
     * {@link #laneRxPort} and sent on {@link #hopPort} (called before either changes and at {@link #endBurst()}).
     */
    private void countLaneRun()
    {
        final int packets = lanePackets;
        if (packets > 0)
        {
            counters.received(laneRxPort, packets, laneRxOctets);
            counters.counted(Action.FORWARDED, packets);
            counters.counted(Action.DECAPSULATED, laneDecapsulated);
            counters.transmitted(hopPort, packets, laneTxOctets);
            lanePackets = 0;
            laneDecapsulated = 0;
            laneRxOctets = 0;
            laneTxOctets = 0;
        }
    }

    private void account(final PacketContext ctx)
    {
        final Verdict verdict = ctx.verdict;
        if (verdict == Verdict.TRANSMIT)
        {
            counters.transmitted(ctx.egressPort, ctx.outLength);
        }
        else if (verdict == Verdict.PUNT)
        {
            counters.punted(ctx.puntReason);
            if (!puntHandler.onPunt(ctx.frameAddress, ctx.frameLength, ctx.ingressPort, ctx.puntReason))
            {
                ctx.drop(DropReason.PUNT_REJECTED);
                counters.dropped(DropReason.PUNT_REJECTED);
            }
        }
        else if (verdict == Verdict.TRANSMIT_GENERATED)
        {
            counters.dropped(ctx.dropReason);
            counters.transmitted(ctx.egressPort, ctx.outLength);
        }
        else
        {
            counters.dropped(ctx.dropReason);
        }
    }

    /**
     * Everything before the prefix lookup: control traffic punted, own addresses (decapsulation,
     * then the same for the inner packet), multicast, link-local and bad sources.
     *
     * <p>Not recursive: a packet to one of our tunnel endpoints goes to {@link #decapsulate}, which
     * classifies the inner packet with {@link #classifyNotTunnelled}, the checks every packet passes
     * (the outer packet's too), where a tunnel inside a tunnel is dropped. A fixed chain, so C2 compiles
     * it the same way in every process (perf/RESULTS.md, "the decapsulation chain"). Decapsulating first
     * is the same order of precedence as before: an IPv6-in-IPv6 packet is neither ICMPv6 nor Mobility
     * Header.
     *
     * @return the verdict, or null when the prefix tables decide (for {@link PacketContext#packet},
     * which holds the inner packet after decapsulation).
     */
    private Verdict classifyBeforeLookup(final PacketContext ctx, final ParsedPacket p)
    {
        if (p.upperProtocol == Headers.PROTO_IPV6)
        {
            // One of the node's few endpoints by two compares, without the local-address probe below.
            final int endpoint = tables.tunnelEndpoints().indexOf(p.dstHi, p.dstLo);
            if (endpoint != TunnelEndpoints.NOT_LISTED)
            {
                return decapsulate(ctx, p, endpoint);
            }
        }
        // The presence filter from the header's octets as loaded: a miss does not wait for the parse.
        final long local = localAddresses.getSparseAt(p.l3 + Headers.IPV6_DESTINATION, p.dstHi, p.dstLo, 0);
        if (p.upperProtocol == Headers.PROTO_IPV6 && local != ExactMatchTable.MISSING
            && (local & LocalAddresses.ENDPOINT) != 0)
        {
            return decapsulate(ctx, p, LocalAddresses.endpointIndex(local));
        }
        return classifyNotTunnelled(ctx, p, local);
    }

    /**
     * The checks of {@link #classifyBeforeLookup} for a packet that is not decapsulated here: the
     * outer packet not to a tunnel endpoint, and every inner packet.
     *
     * @param local the destination's {@link LocalAddresses} entry, or {@link ExactMatchTable#MISSING}.
     */
    private Verdict classifyNotTunnelled(final PacketContext ctx, final ParsedPacket p, final long local)
    {
        if (p.icmpType >= Headers.ICMPV6_ROUTER_SOLICITATION && p.icmpType <= Headers.ICMPV6_REDIRECT)
        {
            return ctx.punt(PuntReason.NEIGHBOUR_DISCOVERY);
        }
        if (p.upperProtocol == Headers.PROTO_MOBILITY && (puntTransitMobility || local != ExactMatchTable.MISSING))
        {
            return ctx.punt(PuntReason.MOBILITY_HEADER);
        }
        if (local != ExactMatchTable.MISSING)
        {
            // Only an inner packet reaches here with a tunnel to our endpoint: it is not decapsulated again.
            return (local & LocalAddresses.ENDPOINT) != 0 && p.upperProtocol == Headers.PROTO_IPV6
                ? ctx.drop(DropReason.NESTED_TUNNEL) : ctx.punt(PuntReason.OWN_ADDRESS);
        }
        // One branch for the common case; the ordered checks are out of line.
        if (unusual(p.dstHi, p.srcHi, p.srcLo))
        {
            return unusualAddress(ctx, p);
        }
        return null;
    }

    /** Multicast or link-local destination, multicast, link-local or unspecified source (one branch, no order). */
    private static boolean unusual(final long dstHi, final long srcHi, final long srcLo)
    {
        return (dstHi >>> 56) == 0xFF | (dstHi >>> 54) == 0x3FA | (srcHi >>> 56) == 0xFF | (srcHi >>> 54) == 0x3FA
            | (srcHi | srcLo) == 0;
    }

    /**
     * Pass 2 for {@code burst[from..to)}: {@link #lookupRoute} of every packet that needs it, as two
     * level-by-level burst lookups ({@link Ipv6Lpm#lookupBurst}): the sources of packets from access
     * ports, then the destinations of the others and of those whose source matched nothing.
     */
    private void lookUpChunk(final PacketContext[] burst, final int from, final int to)
    {
        int m = 0;
        for (int k = from; k < to; k++)
        {
            final PacketContext ctx = burst[k];
            if (ctx.lookupPending && ctx.fromAccess)
            {
                lookupIndex[m] = k;
                lookupHi[m] = ctx.packet.srcHi;
                lookupLo[m++] = ctx.packet.srcLo;
            }
        }
        if (m > 0)
        {
            sources.lookupBurst(lookupHi, lookupLo, lookupEntries, lookupOut, m);
            for (int j = 0; j < m; j++)
            {
                burst[lookupIndex[j]].route = lookupOut[j];
            }
        }
        m = 0;
        for (int k = from; k < to; k++)
        {
            final PacketContext ctx = burst[k];
            if (ctx.lookupPending && (!ctx.fromAccess || ctx.route == Ipv6Lpm.NO_MATCH))
            {
                lookupIndex[m] = k;
                lookupHi[m] = ctx.packet.dstHi;
                lookupLo[m++] = ctx.packet.dstLo;
            }
        }
        destinations.lookupBurst(lookupHi, lookupLo, lookupEntries, lookupOut, m);
        for (int j = 0; j < m; j++)
        {
            burst[lookupIndex[j]].route = lookupOut[j];
        }
    }

    /** From an access port the source prefix decides when one matches, else the destination's. */
    private long lookupRoute(final ParsedPacket p, final boolean fromAccess)
    {
        return lookupRoute(p.srcHi, p.srcLo, p.dstHi, p.dstLo, fromAccess);
    }

    private long lookupRoute(
        final long srcHi, final long srcLo, final long dstHi, final long dstLo, final boolean fromAccess)
    {
        if (fromAccess)
        {
            final long sourceRoute = sources.lookup(srcHi, srcLo);
            if (sourceRoute != Ipv6Lpm.NO_MATCH)
            {
                return sourceRoute;
            }
        }
        return destinations.lookup(dstHi, dstLo);
    }

    private Verdict routeOrDrop(final PacketContext ctx, final ParsedPacket p, final long route)
    {
        return route == Ipv6Lpm.NO_MATCH ? ctx.drop(DropReason.NO_ROUTE) : route(ctx, p, route, false);
    }

    /**
     * Multicast, link-local or bad source: the drop or punt, in the order of precedence.
     */
    private static Verdict unusualAddress(final PacketContext ctx, final ParsedPacket p)
    {
        if (isMulticast(p.dstHi))
        {
            return isMulticastListener(p.icmpType) ? ctx.punt(PuntReason.MULTICAST_LISTENER)
                : ctx.drop(DropReason.MULTICAST);
        }
        if (isLinkLocal(p.dstHi) || isLinkLocal(p.srcHi))
        {
            return ctx.drop(DropReason.LINK_LOCAL);
        }
        return ctx.drop(DropReason.BAD_SOURCE);
    }

    Verdict route(final PacketContext ctx, final ParsedPacket p, final long route, final boolean generated)
    {
        final int argument = Route.argument(route);
        switch (Route.kind(route))
        {
            case Route.FORWARD:
                if (route != hopRoute)
                {
                    final int read = readNextHop(route, argument);
                    if (read != NextHopTable.PRESENT)
                    {
                        return noNextHop(ctx, read);
                    }
                }
                return toNeighbour(ctx, p, hopPort, hopMac, hopSourceMac, generated, Action.FORWARDED);
            case Route.DELIVER:
                final int accessPort = Route.deliverPort(route);
                final long mac = neighbours.get(p.dstHi, p.dstLo, accessPort);
                final int dlif = Route.deliverDlif(route);
                // DLIF (RFC 8885 §3.6): the anchoring MAAR's logical MAC sources the frame, one array read.
                final long source = dlif == DlifTable.NONE ? ports.mac(accessPort) : dlifs.mac(dlif);
                return toNeighbour(ctx, p, accessPort, mac == ExactMatchTable.MISSING ? NextHopTable.UNRESOLVED : mac,
                    source, generated, Action.DELIVERED);
            case Route.ENCAP:
                return encapsulator.encapsulate(ctx, p, argument, generated);
            case Route.PUNT:
                return ctx.punt(PuntReason.ROUTE);
            default:
                return ctx.drop(DropReason.BLACKHOLE);
        }
    }

    /** A forward whose next hop is absent or busy (its writer stuck in its section): out of {@link #route}'s body. */
    private static Verdict noNextHop(final PacketContext ctx, final int read)
    {
        return ctx.drop(read == NextHopTable.BUSY ? DropReason.TABLE_BUSY : DropReason.NO_NEXT_HOP);
    }

    /**
     * Read a next hop into the burst's next-hop cache (see {@link #hopRoute}).
     *
     * @return {@link NextHopTable#PRESENT} (cached), else {@link NextHopTable#ABSENT} or {@link NextHopTable#BUSY}
     * (nothing cached).
     */
    private int readNextHop(final long route, final int nextHopId)
    {
        countLaneRun(); // the lanes' pending packets were sent to the cached hop's port
        final int read = tables.nextHops().read(nextHopId, hopRecord);
        if (read != NextHopTable.PRESENT)
        {
            return read;
        }
        // The record carries the gateway's MAC (copied from the neighbour table): no probe.
        final int port = (int)hopRecord[0];
        hopPort = port;
        hopMac = hopRecord[3];
        hopSourceMac = ports.mac(port);
        hopRoute = route;
        return NextHopTable.PRESENT;
    }

    private Verdict toNeighbour(
        final PacketContext ctx,
        final ParsedPacket p,
        final int port,
        final long mac,
        final long sourceMac,
        final boolean generated,
        final Action action)
    {
        if (!generated && p.hopLimit <= 1)
        {
            return icmpErrors.timeExceeded(ctx, p);
        }
        if (mac == NextHopTable.UNRESOLVED)
        {
            return generated ? ctx.drop(DropReason.NEIGHBOUR_UNRESOLVED) : ctx.punt(PuntReason.NEIGHBOUR_UNRESOLVED);
        }
        if (!generated)
        {
            put8(p.l3 + Headers.IPV6_HOP_LIMIT, p.hopLimit - 1);
            counters.counted(action);
        }
        final long frame = p.l3 - Headers.ETHERNET_LENGTH;
        writeEthernet(frame, mac, sourceMac);
        return ctx.transmit(port, frame, p.l3Length + Headers.ETHERNET_LENGTH, generated);
    }

    private Verdict decapsulate(final PacketContext ctx, final ParsedPacket p, final int endpointIndex)
    {
        if (p.fragment)
        {
            return ctx.drop(DropReason.DECAP_FRAGMENT);
        }
        // The peer's value holds the tunnel id and its ingress filter: no read of the tunnel's record.
        final long peer = tables.tunnelPeers().get(p.srcHi, p.srcLo, endpointIndex);
        if (peer == ExactMatchTable.MISSING)
        {
            return ctx.drop(DropReason.DECAP_UNKNOWN_PEER);
        }
        final int innerLength = (int)(p.l3 + p.l3Length - p.l4);
        final int status = PacketParser.parseIpv6(p.l4, innerLength, p);
        if (status != PacketParser.OK || p.l3Length != innerLength)
        {
            return ctx.drop(DropReason.DECAP_BAD_INNER);
        }
        if (TunnelPeers.strictIngressFilter(peer)
            && destinations.lookup(p.srcHi, p.srcLo) != Route.encap(TunnelPeers.tunnelId(peer)))
        {
            return ctx.drop(DropReason.DECAP_SPOOFED_SOURCE);
        }
        counters.counted(Action.DECAPSULATED);
        ctx.fromAccess = false; // the inner packet is classified as if received on a core port
        // The filter from the inner header's octets as loaded (p.l3 is the inner header now), not byte-swapped back.
        return classifyNotTunnelled(
            ctx, p, localAddresses.getSparseAt(p.l3 + Headers.IPV6_DESTINATION, p.dstHi, p.dstLo, 0));
    }

    static void writeEthernet(final long frame, final long destinationMac, final long sourceMac)
    {
        putMac(frame, destinationMac);
        putMac(frame + 6, sourceMac);
        put16(frame + Headers.ETHERTYPE_OFFSET, Headers.ETHERTYPE_IPV6);
    }

    private static boolean isMulticast(final long hi)
    {
        return (hi >>> 56) == 0xFF;
    }

    private static boolean isLinkLocal(final long hi)
    {
        return (hi >>> 54) == 0x3FA;
    }

    private static boolean isMulticastListener(final int icmpType)
    {
        return (icmpType >= Headers.ICMPV6_MLD_QUERY && icmpType <= Headers.ICMPV6_MLD_DONE)
            || icmpType == Headers.ICMPV6_MLD2_REPORT;
    }
}
