package net.dmmgw.fastpath.pipeline;

import static net.dmmgw.fastpath.mem.Memory.i32;
import static net.dmmgw.fastpath.mem.Memory.put32;
import static net.dmmgw.fastpath.mem.Memory.put8;

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

    /** Linux layout: next header 60, then NH 41, length 0, TEL option (type 4, len 1, value), PadN with one octet. */
    private static void addEncapsulationLimit(final long outer, final int limit)
    {
        put8(outer + Headers.IPV6_NEXT_HEADER, Headers.PROTO_DESTINATION_OPTIONS);
        final long d = outer + OUTER_LENGTH;
        put32(d, (Headers.PROTO_IPV6 << 24) | (Headers.OPTION_TUNNEL_ENCAP_LIMIT << 8) | 1);
        put32(d + 4, (limit << 24) | (Headers.OPTION_PADN << 16) | (1 << 8));
    }
}
