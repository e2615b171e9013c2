package net.dmmgw.fastpath.pipeline;

import static net.dmmgw.fastpath.mem.Memory.i32;
import static net.dmmgw.fastpath.mem.Memory.i64;
import static net.dmmgw.fastpath.mem.Memory.put32;
import static net.dmmgw.fastpath.mem.Memory.put8;
import static net.dmmgw.fastpath.mem.Memory.u16;
import static net.dmmgw.fastpath.mem.Memory.u8;

import net.dmmgw.fastpath.packet.Headers;
import net.dmmgw.fastpath.packet.ParsedPacket;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.TunnelTable;

/**
 * RFC 2473 encapsulation (wire-formats §5) into the headroom in front of the packet.
 * <p>
 * The inner hop limit is decremented (expired: Time Exceeded). A Tunnel Encapsulation Limit
 * carried by the packet is honoured (0: Parameter Problem pointing at it; otherwise the new tunnel
 * header carries it minus one), else the tunnel's configured limit, if any, is added. A packet
 * that would exceed the tunnel path MTU is answered with Packet Too Big (MTU = path MTU − overhead,
 * at least 1280); tunnel MTUs are validated to be at least 1328, so a packet of 1280 octets or less
 * always fits and entry-point fragmentation is never needed.
 */
final class Encapsulator
{
    private static final int OUTER_LENGTH = Headers.IPV6_LENGTH;
    private static final int DESTINATION_OPTIONS_LENGTH = 8;
    private final TunnelTable tunnels;
    private final WorkerCounters counters;
    private final IcmpErrors icmpErrors;
    /*
     * The burst lane's run of encapsulations not yet counted (countLaneRun): received on runRxPort, sent on
     * runTxPort, so three field increments per packet instead of three counter updates (which cost the lane its gain
     * over the staged path: perf/RESULTS.md, session 12 "encapsulation in the burst lane"). Here, not in Pipeline,
     * so that Pipeline's hot fields stay where they are.
     */
    private int runRxPort;
    private int runTxPort;
    private int runPackets;
    private long runRxOctets;
    private long runTxOctets;

    Encapsulator(final FastPathTables tables, final WorkerCounters counters, final IcmpErrors icmpErrors)
    {
        this.tunnels = tables.tunnels();
        this.counters = counters;
        this.icmpErrors = icmpErrors;
    }

    Verdict encapsulate(final PacketContext ctx, final ParsedPacket p, final int tunnelId, final boolean generated)
    {
        if (!tunnels.isValidId(tunnelId))
        {
            return ctx.drop(DropReason.NO_TUNNEL);
        }
        // A retry happens only when the writer changed this very tunnel while the packet was encapsulated,
        // so a second attempt practically always succeeds (the bound: SeqLockRecords.READ_ATTEMPTS).
        for (int attempt = 0; attempt < TunnelTable.READ_ATTEMPTS; attempt++)
        {
            // One read of the tunnel's line: the decisions from its control word, then the header template.
            // A busy tunnel (its writer stuck in its section) reads as control 0, refused as TABLE_BUSY: no test
            // of its own here, which would make this method too big to inline (FreqInlineSize).
            final int seq = tunnels.readStart(tunnelId);
            final long control = tunnels.readControl(tunnelId, seq);
            final int limit = p.telAddress != 0 ? p.telValue - 1 : TunnelTable.encapsulationLimit(control);
            final int overhead = limit >= 0 ? OUTER_LENGTH + DESTINATION_OPTIONS_LENGTH : OUTER_LENGTH;
            final long frame = p.l3 - overhead - Headers.ETHERNET_LENGTH;
            if (control == 0 || !generated && p.hopLimit <= 1 || p.telAddress != 0 && p.telValue == 0
                || p.l3Length + overhead > TunnelTable.mtu(control) || frame < ctx.floor(generated))
            {
                if (tunnels.readEnd(tunnelId, seq))
                {
                    return refuse(ctx, p, control, seq, generated);
                }
                continue;
            }
            final int port = tunnels.readHeaders(
                tunnelId, frame, outerFirstWord(p, control), p.l3Length + overhead - OUTER_LENGTH);
            if (tunnels.readEnd(tunnelId, seq))
            {
                if (!generated)
                {
                    put8(p.l3 + Headers.IPV6_HOP_LIMIT, p.hopLimit - 1);
                    counters.counted(Action.ENCAPSULATED);
                }
                if (limit >= 0)
                {
                    addEncapsulationLimit(frame + Headers.ETHERNET_LENGTH, limit);
                }
                return ctx.transmit(port, frame, Headers.ETHERNET_LENGTH + overhead + p.l3Length, generated);
            }
        }
        return ctx.drop(DropReason.TABLE_BUSY);
    }

    /**
     * The burst lane's encapsulation ({@link Pipeline#forwardCandidate}) of a packet that passed its checks: no
     * extension header (so no Tunnel Encapsulation Limit of its own), hop limit above 1. {@link #encapsulate}'s
     * outcome and counters (rx, ENCAPSULATED, tx: in this class's run, counted by {@link #countLaneRun}) for a tunnel
     * that takes the packet at the first consistent read; anything {@link #encapsulate} refuses (absent or busy tunnel, too big, no headroom) or reads
     * again (a writer in the section) is left to the staged path: nothing counted, the packet unchanged (only the
     * headroom in front of it may have been written).
     *
     * @param l3       the packet's IPv6 header (14 octets into the received frame).
     * @param floor    the first octet of the headroom the output frame may use.
     * @param tunnelId the route's tunnel.
     * @param rxPort   the packet's ingress port.
     * @param rxLength the received frame's length.
     * @return the lane's answer ({@link Pipeline#lanePort}, {@link Pipeline#laneLength}, a negative
     * {@link Pipeline#laneHeadMove}: the outer headers' length), or {@link Pipeline#NOT_IN_LANE}.
     */
    long encapsulateInLane(final long l3, final long floor, final int tunnelId, final int rxPort, final int rxLength)
    {
        if (!tunnels.isValidId(tunnelId))
        {
            return Pipeline.NOT_IN_LANE;
        }
        final int seq = tunnels.readStart(tunnelId);
        final long control = tunnels.readControl(tunnelId, seq);
        final int limit = TunnelTable.encapsulationLimit(control);
        final int overhead = limit >= 0 ? OUTER_LENGTH + DESTINATION_OPTIONS_LENGTH : OUTER_LENGTH;
        final int l3Length = Headers.IPV6_LENGTH + u16(l3 + Headers.IPV6_PAYLOAD_LENGTH);
        final long frame = l3 - overhead - Headers.ETHERNET_LENGTH;
        if (control == 0 || l3Length + overhead > TunnelTable.mtu(control) || frame < floor)
        {
            return Pipeline.NOT_IN_LANE;
        }
        final int port = tunnels.readHeaders(tunnelId, frame, outerFirstWord(l3, control), l3Length + overhead - OUTER_LENGTH);
        if (!tunnels.readEnd(tunnelId, seq))
        {
            return Pipeline.NOT_IN_LANE;
        }
        put8(l3 + Headers.IPV6_HOP_LIMIT, u8(l3 + Headers.IPV6_HOP_LIMIT) - 1);
        if (limit >= 0)
        {
            addEncapsulationLimit(frame + Headers.ETHERNET_LENGTH, limit);
        }
        final int outLength = Headers.ETHERNET_LENGTH + overhead + l3Length;
        if (port != runTxPort | rxPort != runRxPort)
        {
            countLaneRun();
            runTxPort = port;
            runRxPort = rxPort;
        }
        runPackets++;
        runRxOctets += rxLength;
        runTxOctets += outLength;
        return (long)-overhead << 48 | (long)port << 32 | outLength;
    }

    /** The burst lane's encapsulations so far to the counters (before either port of the run changes, per burst). */
    void countLaneRun()
    {
        final int packets = runPackets;
        if (packets > 0)
        {
            counters.received(runRxPort, packets, runRxOctets);
            counters.counted(Action.ENCAPSULATED, packets);
            counters.transmitted(runTxPort, packets, runTxOctets);
            runPackets = 0;
            runRxOctets = 0;
            runTxOctets = 0;
        }
    }

    /** A packet the tunnel (its control word, read consistently) does not take, by the first reason that applies. */
    private Verdict refuse(
        final PacketContext ctx, final ParsedPacket p, final long control, final int seq, final boolean generated)
    {
        if (control == 0)
        {
            return ctx.drop(TunnelTable.isBusy(seq) ? DropReason.TABLE_BUSY : DropReason.NO_TUNNEL);
        }
        if (!generated && p.hopLimit <= 1)
        {
            return icmpErrors.timeExceeded(ctx, p);
        }
        int limit = TunnelTable.encapsulationLimit(control);
        if (p.telAddress != 0)
        {
            if (p.telValue == 0)
            {
                return generated ? ctx.drop(DropReason.ENCAP_LIMIT_EXCEEDED) : icmpErrors.encapsulationLimit(ctx, p);
            }
            limit = p.telValue - 1;
        }
        final int overhead = limit >= 0 ? OUTER_LENGTH + DESTINATION_OPTIONS_LENGTH : OUTER_LENGTH;
        final int mtu = TunnelTable.mtu(control);
        if (p.l3Length + overhead > mtu)
        {
            return generated ? ctx.drop(DropReason.TOO_BIG)
                : icmpErrors.packetTooBig(ctx, p, Math.max(mtu - overhead, Headers.IPV6_MIN_MTU));
        }
        return ctx.drop(DropReason.NO_HEADROOM);
    }

    /** The outer header's first word: the tunnel's fixed fields, traffic class and flow label by its policy. */
    private static int outerFirstWord(final ParsedPacket p, final long control)
    {
        final int innerFirstWord = i32(p.l3);
        int firstWord = TunnelTable.firstWord(control);
        if (TunnelTable.copiesTrafficClass(control))
        {
            firstWord |= innerFirstWord & 0x0FF0_0000;
        }
        if (TunnelTable.derivesFlowLabel(control))
        {
            firstWord |= FlowLabel.derive(p.srcHi, p.srcLo, p.dstHi, p.dstLo, innerFirstWord, p.upperProtocol);
        }
        else if (TunnelTable.copiesFlowLabel(control))
        {
            firstWord |= innerFirstWord & 0xFFFFF;
        }
        return firstWord;
    }

    /**
     * {@link #outerFirstWord(ParsedPacket, long)} from the header of a packet without extension headers (its next
     * header is its upper-layer protocol). Restated rather than shared, so that the staged path's code is unchanged.
     */
    private static int outerFirstWord(final long l3, final long control)
    {
        final int innerFirstWord = i32(l3);
        int firstWord = TunnelTable.firstWord(control);
        if (TunnelTable.copiesTrafficClass(control))
        {
            firstWord |= innerFirstWord & 0x0FF0_0000;
        }
        if (TunnelTable.derivesFlowLabel(control))
        {
            firstWord |= FlowLabel.derive(i64(l3 + Headers.IPV6_SOURCE), i64(l3 + Headers.IPV6_SOURCE + 8),
                i64(l3 + Headers.IPV6_DESTINATION), i64(l3 + Headers.IPV6_DESTINATION + 8), innerFirstWord,
                u8(l3 + Headers.IPV6_NEXT_HEADER));
        }
        else if (TunnelTable.copiesFlowLabel(control))
        {
            firstWord |= innerFirstWord & 0xFFFFF;
        }
        return firstWord;
    }

    /** Linux layout: next header 60, then NH 41, length 0, TEL option (type 4, len 1, value), PadN with one octet. */
    private static void addEncapsulationLimit(final long outer, final int limit)
    {
        put8(outer + Headers.IPV6_NEXT_HEADER, Headers.PROTO_DESTINATION_OPTIONS);
        final long d = outer + OUTER_LENGTH;
        put32(d, (Headers.PROTO_IPV6 << 24) | (Headers.OPTION_TUNNEL_ENCAP_LIMIT << 8) | 1);
        put32(d + 4, (limit << 24) | (Headers.OPTION_PADN << 16) | (1 << 8));
    }
}
