package net.dmmgw.fastpath.pipeline;

import static net.dmmgw.fastpath.mem.Memory.i32;
import static net.dmmgw.fastpath.mem.Memory.put16;
import static net.dmmgw.fastpath.mem.Memory.put32;
import static net.dmmgw.fastpath.mem.Memory.put64;
import static net.dmmgw.fastpath.mem.Memory.put8;

import net.dmmgw.fastpath.packet.Headers;
import net.dmmgw.fastpath.packet.ParsedPacket;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.TunnelConfig;
import net.dmmgw.fastpath.table.TunnelView;

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
    private static final int FLOW_POLICY_COPY = TunnelConfig.FlowLabelPolicy.COPY.ordinal();
    private static final int FLOW_POLICY_FIXED = TunnelConfig.FlowLabelPolicy.FIXED.ordinal();

    private final FastPathTables tables;
    private final WorkerCounters counters;
    private final IcmpErrors icmpErrors;

    Encapsulator(final FastPathTables tables, final WorkerCounters counters, final IcmpErrors icmpErrors)
    {
        this.tables = tables;
        this.counters = counters;
        this.icmpErrors = icmpErrors;
    }

    Verdict encapsulate(final PacketContext ctx, final ParsedPacket p, final int tunnelId, final boolean generated)
    {
        final TunnelView t = ctx.tunnel;
        if (!tables.tunnels().read(tunnelId, t))
        {
            return ctx.drop(DropReason.NO_TUNNEL);
        }
        if (!generated && p.hopLimit <= 1)
        {
            return icmpErrors.timeExceeded(ctx, p);
        }
        int limit = t.encapsulationLimit;
        if (p.telAddress != 0)
        {
            if (p.telValue == 0)
            {
                return generated ? ctx.drop(DropReason.ENCAP_LIMIT_EXCEEDED) : icmpErrors.encapsulationLimit(ctx, p);
            }
            limit = p.telValue - 1;
        }
        final int overhead = limit >= 0 ? OUTER_LENGTH + DESTINATION_OPTIONS_LENGTH : OUTER_LENGTH;
        if (p.l3Length + overhead > t.mtu)
        {
            return generated ? ctx.drop(DropReason.TOO_BIG)
                : icmpErrors.packetTooBig(ctx, p, Math.max(t.mtu - overhead, Headers.IPV6_MIN_MTU));
        }
        final long outer = p.l3 - overhead;
        final long frame = outer - Headers.ETHERNET_LENGTH;
        if (frame < ctx.floor(generated))
        {
            return ctx.drop(DropReason.NO_HEADROOM);
        }
        if (!generated)
        {
            put8(p.l3 + Headers.IPV6_HOP_LIMIT, p.hopLimit - 1);
            counters.counted(Action.ENCAPSULATED);
        }
        writeOuterHeader(outer, p, t, overhead, limit);
        Pipeline.writeEthernet(frame, t.nextHopMac, tables.ports().mac(t.port));
        return ctx.transmit(t.port, frame, Headers.ETHERNET_LENGTH + overhead + p.l3Length, generated);
    }

    private static void writeOuterHeader(
        final long outer, final ParsedPacket p, final TunnelView t, final int overhead, final int limit)
    {
        final int innerFirstWord = i32(p.l3);
        final int trafficClass = t.copyTrafficClass ? (innerFirstWord >>> 20) & 0xFF : t.trafficClass;
        final int flowLabel = t.flowLabelPolicy == FLOW_POLICY_FIXED ? t.flowLabel
            : t.flowLabelPolicy == FLOW_POLICY_COPY ? innerFirstWord & 0xFFFFF : derivedFlowLabel(p, innerFirstWord);
        put32(outer, (6 << 28) | (trafficClass << 20) | flowLabel);
        put16(outer + Headers.IPV6_PAYLOAD_LENGTH, p.l3Length + overhead - OUTER_LENGTH);
        put8(outer + Headers.IPV6_NEXT_HEADER, limit >= 0 ? Headers.PROTO_DESTINATION_OPTIONS : Headers.PROTO_IPV6);
        put8(outer + Headers.IPV6_HOP_LIMIT, t.hopLimit);
        put64(outer + Headers.IPV6_SOURCE, t.localHi);
        put64(outer + Headers.IPV6_SOURCE + 8, t.localLo);
        put64(outer + Headers.IPV6_DESTINATION, t.remoteHi);
        put64(outer + Headers.IPV6_DESTINATION + 8, t.remoteLo);
        if (limit >= 0)
        {
            // Linux layout: NH 41, length 0, TEL option (type 4, len 1, value), PadN with one octet.
            final long d = outer + OUTER_LENGTH;
            put32(d, (Headers.PROTO_IPV6 << 24) | (Headers.OPTION_TUNNEL_ENCAP_LIMIT << 8) | 1);
            put32(d + 4, (limit << 24) | (Headers.OPTION_PADN << 16) | (1 << 8));
        }
    }

    /**
     * RFC 6438: a flow label from the inner flow so that ECMP inside the tunnel spreads load while
     * keeping each flow on one path; never 0.
     */
    static int derivedFlowLabel(final ParsedPacket p, final int innerFirstWord)
    {
        long h = p.srcHi * 0x9E3779B97F4A7C15L;
        h = (h ^ p.srcLo) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ p.dstHi) * 0x9E3779B97F4A7C15L;
        h = (h ^ p.dstLo) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ ((long)(innerFirstWord & 0xFFFFF) << 8 | p.upperProtocol)) * 0x9E3779B97F4A7C15L;
        final int label = (int)(h >>> 44) & 0xFFFFF;
        return label == 0 ? 1 : label;
    }
}
