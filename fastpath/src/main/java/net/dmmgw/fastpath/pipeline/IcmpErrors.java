package net.dmmgw.fastpath.pipeline;

import static net.dmmgw.fastpath.mem.Memory.copy;
import static net.dmmgw.fastpath.mem.Memory.put16;
import static net.dmmgw.fastpath.mem.Memory.put32;
import static net.dmmgw.fastpath.mem.Memory.put64;
import static net.dmmgw.fastpath.mem.Memory.put8;

import net.dmmgw.fastpath.packet.Checksum;
import net.dmmgw.fastpath.packet.Headers;
import net.dmmgw.fastpath.packet.PacketParser;
import net.dmmgw.fastpath.packet.ParsedPacket;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Lpm;

/**
 * Builds ICMPv6 errors (RFC 4443) into the caller's error buffer and routes them toward the
 * offending packet's source like any locally originated packet (so an error for a mobile node
 * behind a tunnel is itself tunnelled). The original packet is always dropped with its reason.
 * Errors are suppressed as RFC 4443 §2.4(e) requires and rate limited per worker.
 */
final class IcmpErrors
{
    /** Space kept in front of the generated frame so that it can be encapsulated. */
    static final int HEADROOM = 64;
    private static final int HEADERS = Headers.IPV6_LENGTH + Headers.ICMPV6_HEADER_LENGTH;
    private static final int MAX_QUOTED = Headers.IPV6_MIN_MTU - HEADERS;
    private static final int ERROR_HOP_LIMIT = 64;

    private final Pipeline pipeline;
    private final FastPathTables tables;
    private final WorkerCounters counters;
    private final IcmpRateLimiter limiter;

    IcmpErrors(
        final Pipeline pipeline, final FastPathTables tables, final WorkerCounters counters, final IcmpRateLimiter limiter)
    {
        this.pipeline = pipeline;
        this.tables = tables;
        this.counters = counters;
        this.limiter = limiter;
    }

    Verdict timeExceeded(final PacketContext ctx, final ParsedPacket p)
    {
        return send(ctx, p, Headers.ICMPV6_TIME_EXCEEDED, 0, 0, DropReason.HOP_LIMIT_EXCEEDED);
    }

    Verdict packetTooBig(final PacketContext ctx, final ParsedPacket p, final int mtu)
    {
        return send(ctx, p, Headers.ICMPV6_PACKET_TOO_BIG, 0, mtu, DropReason.TOO_BIG);
    }

    Verdict encapsulationLimit(final PacketContext ctx, final ParsedPacket p)
    {
        final int pointer = (int)(p.telAddress - p.l3);
        return send(ctx, p, Headers.ICMPV6_PARAMETER_PROBLEM, 0, pointer, DropReason.ENCAP_LIMIT_EXCEEDED);
    }

    private Verdict send(
        final PacketContext ctx,
        final ParsedPacket p,
        final int type,
        final int code,
        final int parameter,
        final DropReason reason)
    {
        if (!mayAnswer(p, type))
        {
            counters.counted(Action.ICMP_SUPPRESSED);
            return ctx.drop(reason);
        }
        if (!limiter.tryAcquire())
        {
            counters.counted(Action.ICMP_RATE_LIMITED);
            return ctx.drop(reason);
        }
        final int length = build(ctx, p, type, code, parameter);
        final ParsedPacket error = ctx.generated;
        final long frame = ctx.errorBuffer + HEADROOM;
        if (length != 0 && PacketParser.parseFrame(frame, length, error) == PacketParser.OK)
        {
            final long route = tables.destinations().lookup(error.dstHi, error.dstLo);
            if (route != Ipv6Lpm.NO_MATCH
                && pipeline.route(ctx, error, route, true) == Verdict.TRANSMIT_GENERATED)
            {
                counters.counted(Action.ICMP_SENT);
                ctx.dropReason = reason;
                return Verdict.TRANSMIT_GENERATED;
            }
        }
        counters.counted(Action.ICMP_UNROUTABLE);
        return ctx.drop(reason);
    }

    /**
     * Writes Ethernet (type only; addresses are written when routed) + IPv6 + ICMPv6 + as much of the
     * offending packet as fits in the IPv6 minimum MTU.
     *
     * @return frame length, or 0 if the ingress port's address (the error's source) could not be read
     * consistently (its record busy: the table writer stuck in its section; the error is then not sent).
     */
    private int build(
        final PacketContext ctx, final ParsedPacket p, final int type, final int code, final int parameter)
    {
        final long ip = ctx.errorBuffer + HEADROOM + Headers.ETHERNET_LENGTH;
        final int quoted = Math.min(p.l3Length, MAX_QUOTED);
        final int icmpLength = Headers.ICMPV6_HEADER_LENGTH + quoted;
        if (!tables.ports().address(ctx.ingressPort, ctx.scratch))
        {
            return 0;
        }
        put16(ip - 2, Headers.ETHERTYPE_IPV6);
        put32(ip, 6 << 28);
        put16(ip + Headers.IPV6_PAYLOAD_LENGTH, icmpLength);
        put8(ip + Headers.IPV6_NEXT_HEADER, Headers.PROTO_ICMPV6);
        put8(ip + Headers.IPV6_HOP_LIMIT, ERROR_HOP_LIMIT);
        put64(ip + Headers.IPV6_SOURCE, ctx.scratch[0]);
        put64(ip + Headers.IPV6_SOURCE + 8, ctx.scratch[1]);
        put64(ip + Headers.IPV6_DESTINATION, p.srcHi);
        put64(ip + Headers.IPV6_DESTINATION + 8, p.srcLo);
        final long icmp = ip + Headers.IPV6_LENGTH;
        put8(icmp, type);
        put8(icmp + 1, code);
        put16(icmp + 2, 0);
        put32(icmp + 4, parameter);
        copy(p.l3, icmp + Headers.ICMPV6_HEADER_LENGTH, quoted);
        put16(icmp + 2, Checksum.ipv6UpperLayer(ip, icmp, icmpLength, Headers.PROTO_ICMPV6));
        return Headers.ETHERNET_LENGTH + Headers.IPV6_LENGTH + icmpLength;
    }

    /** RFC 4443 §2.4(e): never about an ICMPv6 error, a multicast or unspecified source; multicast only PTB. */
    private static boolean mayAnswer(final ParsedPacket p, final int type)
    {
        if ((p.srcHi >>> 56) == 0xFF || (p.srcHi | p.srcLo) == 0)
        {
            return false;
        }
        if (p.upperProtocol == Headers.PROTO_ICMPV6 && p.icmpType < Headers.ICMPV6_FIRST_INFORMATIONAL)
        {
            return false;
        }
        return (p.dstHi >>> 56) != 0xFF || type == Headers.ICMPV6_PACKET_TOO_BIG;
    }
}
