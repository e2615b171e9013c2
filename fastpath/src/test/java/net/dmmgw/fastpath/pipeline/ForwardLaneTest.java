package net.dmmgw.fastpath.pipeline;

import static net.dmmgw.fastpath.support.Frames.concat;
import static net.dmmgw.fastpath.support.Frames.ethernet;
import static net.dmmgw.fastpath.support.Frames.icmp;
import static net.dmmgw.fastpath.support.Frames.ipv6;
import static net.dmmgw.fastpath.support.Frames.udp;
import static net.dmmgw.fastpath.support.Frames.vlan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.dmmgw.fastpath.mem.Memory;
import net.dmmgw.fastpath.support.Frames;
import net.dmmgw.fastpath.support.Rig;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.Route;
import net.dmmgw.fastpath.table.TunnelConfig;

/**
 * {@link Pipeline#forwardInLane} (cache-resident tables) and the burst lane ({@link Pipeline#laneCandidate},
 * {@link Pipeline#laneLookups}, {@link Pipeline#forwardCandidate}; tables beyond the caches): a packet a lane takes
 * gets exactly the output frame, egress port and counters that {@link Pipeline#process} gives it; a packet it does
 * not take is left untouched (frame and counters) for the staged path; and it takes the plain forwards (the burst
 * lane also those decapsulated from a tunnel), so that the comparison is not empty.
 */
class ForwardLaneTest
{
    /** One packet offered to a lane: the egress port and output length, or {@link Pipeline#NOT_IN_LANE}. */
    private interface Lane
    {
        long offer(Pipeline pipeline, long address, int length, int port);
    }

    private static final Lane FORWARD_LANE = Pipeline::forwardInLane;
    /** The burst lane over a burst of one packet. */
    private static final Lane BURST_LANE = (pipeline, address, length, port) ->
    {
        if (!pipeline.laneCandidate(0, address, length, port))
        {
            return Pipeline.NOT_IN_LANE;
        }
        pipeline.laneLookups(1);
        return pipeline.forwardCandidate(0, address, length, port);
    };

    private static final String CN = "2001:db8:9999::1";
    private static final String UNRESOLVED = "2001:db8:9996::1";
    /** A second peer of the tunnel endpoint, whose tunnel accepts any inner source. */
    private static final String ANY_PEER = "2001:db8:f::3";

    /** {@code inLane}: the burst lane takes it; the forward lane too unless {@code burstLaneOnly}. */
    private record Case(String name, byte[] frame, int port, boolean inLane, boolean burstLaneOnly)
    {
        Case(final String name, final byte[] frame, final int port, final boolean inLane)
        {
            this(name, frame, port, inLane, false);
        }

        boolean inForwardLane()
        {
            return inLane && !burstLaneOnly;
        }
    }

    private static List<Case> cases()
    {
        final List<Case> cases = new ArrayList<>();
        cases.add(new Case("forward from a core port", ethernet(ipv6(Rig.MN, CN, 17, 64, udp(64))), 1, true));
        cases.add(new Case("forward from an access port (no source prefix)",
            ethernet(ipv6(Rig.MN, CN, 17, 64, udp(64))), 0, true));
        cases.add(new Case("forward, hop limit 2", ethernet(ipv6(Rig.MN, CN, 6, 2, udp(20))), 1, true));
        cases.add(new Case("forward, link-layer padding after the packet",
            concat(ethernet(ipv6(Rig.MN, CN, 17, 64, udp(8))), new byte[12]), 1, true));
        cases.add(new Case("forward, no-next-header", ethernet(ipv6(Rig.MN, CN, 59, 64, new byte[0])), 1, true));
        cases.add(new Case("forward via a second next hop", ethernet(ipv6(Rig.MN, "2001:db8:9998::1", 17, 64,
            udp(64))), 1, true));
        cases.add(new Case("deliver", ethernet(ipv6(CN, Rig.MN, 17, 64, udp(64))), 1, false));
        cases.add(new Case("encap", ethernet(ipv6(CN, "2001:db8:200:1::9", 17, 64, udp(64))), 1, false));
        cases.add(new Case("reverse tunnel (source prefix)", ethernet(ipv6("2001:db8:300::5", CN, 17, 64, udp(64))),
            0, false));
        cases.add(new Case("decap", ethernet(ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 64,
            ipv6("2001:db8:200:1::9", Rig.MN, 17, 64, udp(64)))), 2, false));
        cases.addAll(decapCases());
        cases.add(new Case("transit IPv6-in-IPv6", ethernet(ipv6(Rig.PEER.toString(), CN, 41, 64,
            ipv6("2001:db8:200:1::9", Rig.MN, 17, 64, udp(64)))), 1, false));
        cases.add(new Case("hop limit 1 (Time Exceeded)", ethernet(ipv6(Rig.MN, CN, 17, 1, udp(64))), 1, false));
        cases.add(new Case("hop limit 0", ethernet(ipv6(Rig.MN, CN, 17, 0, udp(64))), 1, false));
        cases.add(new Case("to an own address", ethernet(ipv6(Rig.MN, Rig.PORT1_ADDR.toString(), 17, 64, udp(8))),
            1, false));
        cases.add(new Case("ICMPv6 echo", ethernet(ipv6(Rig.MN, CN, 58, 64, icmp(128, 16))), 1, false));
        cases.add(new Case("neighbour solicitation", ethernet(ipv6(Rig.MN, CN, 58, 255, icmp(135, 24))), 1, false));
        cases.add(new Case("Mobility Header", ethernet(ipv6(Rig.MN, CN, 135, 64,
            new byte[] {59, 0, 0, 0, 0, 0, 0, 0})), 1, false));
        cases.add(new Case("hop-by-hop options", ethernet(ipv6(Rig.MN, CN, 0, 64,
            concat(new byte[] {17, 0, 1, 4, 0, 0, 0, 0}, udp(16)))), 1, false));
        cases.add(new Case("fragment", ethernet(ipv6(Rig.MN, CN, 44, 64, Frames.fragmentHeader(17, 0, udp(16)))),
            1, false));
        cases.add(new Case("VLAN-tagged forward", vlan(5, ipv6(Rig.MN, CN, 17, 64, udp(64))), 1, false));
        cases.add(new Case("multicast destination", ethernet(ipv6(Rig.MN, "ff0e::1", 17, 64, udp(8))), 1, false));
        cases.add(new Case("link-local source", ethernet(ipv6("fe80::1", CN, 17, 64, udp(8))), 1, false));
        cases.add(new Case("unspecified source", ethernet(ipv6("::", CN, 17, 64, udp(8))), 1, false));
        cases.add(new Case("next hop unresolved", ethernet(ipv6(Rig.MN, UNRESOLVED, 17, 64, udp(8))), 1, false));
        cases.add(new Case("unknown ingress port", ethernet(ipv6(Rig.MN, CN, 17, 64, udp(8))), 5, false));
        cases.add(new Case("payload length beyond the frame",
            truncate(ethernet(ipv6(Rig.MN, CN, 17, 64, udp(64))), 20), 1, false));
        cases.add(new Case("not IPv6", concat(Frames.ethernetHeader(0x0800), new byte[60]), 1, false));
        cases.add(new Case("version 4 in an IPv6 EtherType", version(ethernet(ipv6(Rig.MN, CN, 17, 64, udp(8))), 4),
            1, false));
        cases.add(new Case("garbage", new byte[] {1, 2, 3}, 1, false));
        return cases;
    }

    /**
     * IPv6-in-IPv6 to the tunnel endpoint: the lanes decapsulate what the staged path decapsulates and forwards (the
     * peer's, filling the outer payload, the inner packet a plain forward), and leave the rest to it.
     */
    private static List<Case> decapCases()
    {
        final String endpoint = Rig.ENDPOINT.toString();
        final String peer = Rig.PEER.toString();
        final String inTunnel = "2001:db8:200:1::9"; // routed into the strict peer's tunnel
        final List<Case> cases = new ArrayList<>();
        cases.add(new Case("decap of a forward, strict peer", ethernet(ipv6(peer, endpoint, 41, 64,
            ipv6(inTunnel, CN, 17, 64, udp(64)))), 2, true, true));
        cases.add(new Case("decap of a forward, peer with no ingress filter", ethernet(ipv6(ANY_PEER, endpoint, 41,
            64, ipv6(Rig.MN, "2001:db8:9998::1", 17, 64, udp(40)))), 2, true, true));
        cases.add(new Case("decap of a forward received on an access port", ethernet(ipv6(ANY_PEER, endpoint, 41,
            64, ipv6(Rig.MN, CN, 17, 64, udp(40)))), 0, true, true));
        cases.add(new Case("decap, outer hop limit 1 (not checked), inner 2", ethernet(ipv6(peer, endpoint, 41, 1,
            ipv6(inTunnel, CN, 6, 2, udp(20)))), 2, true, true));
        cases.add(new Case("decap, link-layer padding after the packet", concat(ethernet(ipv6(peer, endpoint, 41, 64,
            ipv6(inTunnel, CN, 17, 64, udp(8)))), new byte[12]), 2, true, true));
        cases.add(new Case("decap, inner source not in the strict peer's tunnel (spoofed)", ethernet(ipv6(peer,
            endpoint, 41, 64, ipv6(Rig.MN, CN, 17, 64, udp(64)))), 2, false));
        cases.add(new Case("decap from no peer of the endpoint", ethernet(ipv6("2001:db8:f::9", endpoint, 41, 64,
            ipv6(inTunnel, CN, 17, 64, udp(64)))), 2, false));
        cases.add(new Case("decap, inner hop limit 1", ethernet(ipv6(peer, endpoint, 41, 64,
            ipv6(inTunnel, CN, 17, 1, udp(64)))), 2, false));
        cases.add(new Case("decap, inner ICMPv6", ethernet(ipv6(peer, endpoint, 41, 64,
            ipv6(inTunnel, CN, 58, 64, icmp(128, 16)))), 2, false));
        cases.add(new Case("decap, inner Mobility Header", ethernet(ipv6(peer, endpoint, 41, 64,
            ipv6(inTunnel, CN, 135, 64, new byte[] {59, 0, 0, 0, 0, 0, 0, 0}))), 2, false));
        cases.add(new Case("decap, inner to an own address", ethernet(ipv6(peer, endpoint, 41, 64,
            ipv6(inTunnel, Rig.PORT1_ADDR.toString(), 17, 64, udp(8)))), 2, false));
        cases.add(new Case("decap, a tunnel in the tunnel", ethernet(ipv6(peer, endpoint, 41, 64,
            ipv6(inTunnel, endpoint, 41, 64, ipv6(inTunnel, CN, 17, 64, udp(8))))), 2, false));
        cases.add(new Case("decap, inner multicast destination", ethernet(ipv6(peer, endpoint, 41, 64,
            ipv6(inTunnel, "ff0e::1", 17, 64, udp(8)))), 2, false));
        cases.add(new Case("decap, inner next hop unresolved", ethernet(ipv6(peer, endpoint, 41, 64,
            ipv6(inTunnel, UNRESOLVED, 17, 64, udp(8)))), 2, false));
        cases.add(new Case("decap, inner shorter than the outer payload", ethernet(ipv6(peer, endpoint, 41, 64,
            concat(ipv6(inTunnel, CN, 17, 64, udp(8)), new byte[8]))), 2, false));
        cases.add(new Case("decap, outer Tunnel Encapsulation Limit option", ethernet(ipv6(peer, endpoint, 60, 64,
            Frames.telHeader(41, 4, ipv6(inTunnel, CN, 17, 64, udp(8))))), 2, false));
        cases.add(new Case("decap, outer fragment", ethernet(ipv6(peer, endpoint, 44, 64,
            Frames.fragmentHeader(41, 0, ipv6(inTunnel, CN, 17, 64, udp(8))))), 2, false));
        cases.add(new Case("decap, inner header cut short", ethernet(ipv6(peer, endpoint, 41, 64, new byte[24])),
            2, false));
        cases.add(new Case("VLAN-tagged decap", vlan(5, ipv6(peer, endpoint, 41, 64,
            ipv6(inTunnel, CN, 17, 64, udp(64)))), 2, false));
        return cases;
    }

    @Test
    void shouldGiveWhatItTakesTheStagedOutcomeAndLeaveTheRestUntouched()
    {
        try (Rig staged = topology(new Rig()); Rig lane = topology(new Rig()))
        {
            assertTrue(lane.pipeline.forwardLane(), "small tables: the worker uses the lane");
            assertFalse(lane.pipeline.forwardBurstLane());
            for (final Case c : cases())
            {
                assertEquals(c.inForwardLane(), assertLaneAgrees(staged, lane, c, FORWARD_LANE), c.name);
            }
        }
    }

    @Test
    void shouldGiveWhatTheBurstLaneTakesTheStagedOutcomeAndLeaveTheRestUntouched()
    {
        try (Rig staged = topology(large()); Rig lane = topology(large()))
        {
            assertTrue(lane.pipeline.forwardBurstLane(), "large tables: the worker uses the burst lane");
            assertFalse(lane.pipeline.forwardLane());
            for (final Case c : cases())
            {
                assertEquals(c.inLane, assertLaneAgrees(staged, lane, c, BURST_LANE), c.name);
            }
        }
    }

    /**
     * The burst lane over several candidates: the lookups of a burst are one walk per table, each candidate gets its
     * own route (the source prefix for a packet from an access port that matches one), and a candidate whose route
     * is no forward is refused untouched whatever its neighbours.
     */
    @Test
    void shouldRouteEachCandidateOfABurstLaneByItsOwnAddresses()
    {
        final List<Case> burst = List.of(
            new Case("forward", ethernet(ipv6(Rig.MN, CN, 17, 64, udp(64))), 1, true),
            new Case("reverse tunnel (source prefix)", ethernet(ipv6("2001:db8:300::5", CN, 17, 64, udp(64))),
                0, false),
            new Case("forward from an access port", ethernet(ipv6(Rig.MN, CN, 17, 64, udp(64))), 0, true),
            new Case("deliver", ethernet(ipv6(CN, Rig.MN, 17, 64, udp(64))), 1, false),
            new Case("forward via a second next hop", ethernet(ipv6(Rig.MN, "2001:db8:9998::1", 17, 64, udp(64))),
                1, true),
            new Case("encap", ethernet(ipv6(CN, "2001:db8:200:1::9", 17, 64, udp(64))), 1, false),
            new Case("next hop unresolved", ethernet(ipv6(Rig.MN, UNRESOLVED, 17, 64, udp(8))), 1, false));
        try (Rig staged = topology(large()); Rig lane = topology(large());
            Arena arena = Arena.ofConfined())
        {
            final long[] addresses = new long[burst.size()];
            for (int j = 0; j < burst.size(); j++)
            {
                final byte[] frame = burst.get(j).frame;
                final MemorySegment buffer = arena.allocate(Rig.HEADROOM + frame.length, 64);
                MemorySegment.copy(frame, 0, buffer, ValueLayout.JAVA_BYTE, Rig.HEADROOM,
                    frame.length);
                addresses[j] = buffer.address() + Rig.HEADROOM;
                assertTrue(lane.pipeline.laneCandidate(j, addresses[j], frame.length, burst.get(j).port),
                    burst.get(j).name);
            }
            lane.pipeline.laneLookups(burst.size());
            for (int j = 0; j < burst.size(); j++)
            {
                final Case c = burst.get(j);
                final long out = lane.pipeline.forwardCandidate(j, addresses[j], c.frame.length, c.port);
                assertEquals(c.inLane, out != Pipeline.NOT_IN_LANE, c.name);
                final Verdict verdict = staged.run(c.frame, c.port);
                if (c.inLane)
                {
                    assertEquals(Verdict.TRANSMIT, verdict, c.name);
                    assertLaneOutput(staged, addresses[j], out, c.name);
                }
                else
                {
                    assertArrayEquals(c.frame, Memory.ALL.asSlice(addresses[j], c.frame.length)
                        .toArray(ValueLayout.JAVA_BYTE), c.name + ": frame untouched");
                }
            }
            lane.pipeline.endBurst();
            for (final Case c : burst)
            {
                if (!c.inLane)
                {
                    lane.run(c.frame, c.port);
                }
            }
            assertEquals(counters(staged.counters), counters(lane.counters), "counters");
        }
    }

    /**
     * The lane restates pass 1's decision for plain forwards in its own form: frames one to three octets away
     * from a plain forward (any octet of the Ethernet and IPv6 headers and the first octets after them, any
     * ingress port) must get from the lane exactly what the staged path gives them, or be left to it untouched.
     */
    @Test
    void shouldAgreeWithTheStagedPathOnFramesNearAPlainForward()
    {
        try (Rig staged = topology(new Rig()); Rig lane = topology(new Rig()))
        {
            assertAgreesNearAPlainForward(staged, lane, FORWARD_LANE);
        }
    }

    /** {@link #shouldAgreeWithTheStagedPathOnFramesNearAPlainForward} for the burst lane (large tables). */
    @Test
    void shouldAgreeWithTheStagedPathOnFramesNearAPlainForwardInTheBurstLane()
    {
        try (Rig staged = topology(large()); Rig lane = topology(large()))
        {
            assertAgreesNearAPlainForward(staged, lane, BURST_LANE);
        }
    }

    private static void assertAgreesNearAPlainForward(final Rig staged, final Rig lane, final Lane offer)
    {
        final List<Case> plain = cases().stream().filter(Case::inLane).toList();
        final java.util.Random random = new java.util.Random(20261126);
        int taken = 0;
        int refused = 0;
        for (int i = 0; i < 6_000; i++)
        {
            final Case base = plain.get(random.nextInt(plain.size()));
            final byte[] frame = base.frame.clone();
            final int changes = 1 + random.nextInt(3);
            for (int k = 0; k < changes; k++)
            {
                final int at = random.nextInt(Math.min(frame.length, 14 + 40 + 40 + 8)); // an inner header too
                frame[at] = random.nextInt(4) == 0 ? (byte)(frame[at] ^ 1 << random.nextInt(8))
                    : (byte)random.nextInt(256);
            }
            final Case c = new Case("#" + i + " from '" + base.name + "'", frame, random.nextInt(3), false);
            if (assertLaneAgrees(staged, lane, c, offer))
            {
                taken++;
            }
            else
            {
                refused++;
            }
        }
        // Both sides of the lane's decision were exercised (many mutations keep a plain forward: payload octets,
        // addresses inside the routed prefixes, the traffic class and flow label).
        assertTrue(taken > 500 && refused > 500, "taken " + taken + ", refused " + refused);
    }

    /** One frame through the lane and through the staged path; @return whether the lane took it. */
    private static boolean assertLaneAgrees(final Rig staged, final Rig lane, final Case c, final Lane offer)
    {
        final Verdict verdict = staged.run(c.frame, c.port);
        final List<Long> before = counters(lane.counters);
        final long address = lane.load(c.frame, Rig.HEADROOM);
        final long out = offer.offer(lane.pipeline, address, c.frame.length, c.port);
        lane.pipeline.endBurst();
        if (out != Pipeline.NOT_IN_LANE)
        {
            assertEquals(Verdict.TRANSMIT, verdict, c.name);
            assertLaneOutput(staged, address, out, c.name);
        }
        else
        {
            assertArrayEquals(c.frame, Memory.ALL.asSlice(address, c.frame.length)
                .toArray(ValueLayout.JAVA_BYTE), c.name + ": frame untouched");
            assertEquals(before, counters(lane.counters), c.name + ": nothing counted");
            assertEquals(verdict, lane.run(c.frame, c.port), c.name + ": staged on the lane's pipeline");
        }
        assertEquals(counters(staged.counters), counters(lane.counters), c.name + ": counters");
        return out != Pipeline.NOT_IN_LANE;
    }

    /** The lane's answer {@code out} for the frame at {@code address}: the staged path's egress port and output. */
    private static void assertLaneOutput(final Rig staged, final long address, final long out, final String name)
    {
        assertEquals(staged.ctx.egressPort(), Pipeline.lanePort(out), name);
        assertEquals(staged.ctx.outAddress() - staged.ctx.frameAddress(), Pipeline.laneHeadMove(out), name);
        assertArrayEquals(staged.output(), Memory.ALL.asSlice(address + Pipeline.laneHeadMove(out),
            Pipeline.laneLength(out)).toArray(ValueLayout.JAVA_BYTE), name);
    }

    /**
     * The lanes count a run of forwards once (rx, FORWARDED, tx), not per packet: a burst whose forwards change
     * egress port (two next hops) and ingress port within the run, some padded (rx octets above tx octets), must
     * leave every counter of the file, octets included, as the staged path does; for the forward lane packet by
     * packet, for the burst lane as one burst of candidates.
     */
    @Test
    void shouldCountALaneRunExactlyWhenItsPortsChangeWithinTheBurst()
    {
        final List<Case> burst = List.of(
            new Case("to port 1", ethernet(ipv6(Rig.MN, CN, 17, 64, udp(64))), 1, true),
            new Case("to port 2", ethernet(ipv6(Rig.MN, "2001:db8:9998::1", 17, 64, udp(30))), 1, true),
            new Case("to port 2, padded", concat(ethernet(ipv6(Rig.MN, "2001:db8:9998::2", 17, 9, udp(8))),
                new byte[12]), 1, true),
            new Case("from port 0 to port 1", ethernet(ipv6(Rig.MN, CN, 17, 64, udp(100))), 0, true),
            new Case("from port 0 to port 2", ethernet(ipv6(Rig.MN, "2001:db8:9998::1", 17, 64, udp(10))), 0, true),
            new Case("from port 1 to port 1, padded", concat(ethernet(ipv6(Rig.MN, CN, 17, 64, udp(8))),
                new byte[7]), 1, true),
            new Case("decapsulated, from port 2 to port 1", ethernet(ipv6(Rig.PEER.toString(),
                Rig.ENDPOINT.toString(), 41, 64, ipv6("2001:db8:200:1::9", CN, 17, 64, udp(50)))), 2, true, true),
            new Case("decapsulated, from port 2 to port 2, padded", concat(ethernet(ipv6(ANY_PEER,
                Rig.ENDPOINT.toString(), 41, 64, ipv6(Rig.MN, "2001:db8:9998::1", 17, 64, udp(8)))), new byte[9]),
                2, true, true),
            new Case("from port 2 to port 2", ethernet(ipv6(Rig.MN, "2001:db8:9998::1", 17, 64, udp(10))), 2, true));
        try (Rig staged = topology(new Rig()); Rig lane = topology(new Rig()); Arena arena = Arena.ofConfined())
        {
            for (final Case c : burst)
            {
                if (c.inForwardLane())
                {
                    staged.run(c.frame, c.port);
                    assertTrue(lane.pipeline.forwardInLane(copy(arena, c.frame), c.frame.length, c.port)
                        != Pipeline.NOT_IN_LANE, c.name);
                }
            }
            lane.pipeline.endBurst();
            assertEquals(allCounters(staged), allCounters(lane), "forward lane");
        }
        try (Rig staged = topology(large()); Rig lane = topology(large()); Arena arena = Arena.ofConfined())
        {
            final long[] addresses = new long[burst.size()];
            for (int j = 0; j < burst.size(); j++)
            {
                final Case c = burst.get(j);
                staged.run(c.frame, c.port);
                addresses[j] = copy(arena, c.frame);
                assertTrue(lane.pipeline.laneCandidate(j, addresses[j], c.frame.length, c.port), c.name);
            }
            lane.pipeline.laneLookups(burst.size());
            for (int j = 0; j < burst.size(); j++)
            {
                final Case c = burst.get(j);
                assertTrue(lane.pipeline.forwardCandidate(j, addresses[j], c.frame.length, c.port)
                    != Pipeline.NOT_IN_LANE, c.name);
            }
            lane.pipeline.endBurst();
            assertEquals(allCounters(staged), allCounters(lane), "burst lane");
        }
    }

    private static long copy(final Arena arena, final byte[] frame)
    {
        final MemorySegment buffer = arena.allocate(Rig.HEADROOM + frame.length, 64);
        MemorySegment.copy(frame, 0, buffer, ValueLayout.JAVA_BYTE, Rig.HEADROOM, frame.length);
        return buffer.address() + Rig.HEADROOM;
    }

    /** Every counter of the rig's counters file by label (rx / tx octets too), non-zero ones. */
    private static java.util.Map<String, Long> allCounters(final Rig rig)
    {
        final java.util.Map<String, Long> all = new java.util.TreeMap<>();
        final org.agrona.concurrent.status.CountersReader reader = rig.countersFile.reader();
        reader.forEach((id, label) ->
        {
            if (reader.getCounterValue(id) != 0)
            {
                all.put(label, reader.getCounterValue(id));
            }
        });
        assertTrue(all.keySet().stream().anyMatch(label -> label.endsWith("port 2 tx bytes")), all.toString());
        return all;
    }

    /** The lane's hop cache and the staged path's are one: a change of the next hop is seen from the next burst. */
    @Test
    void shouldSeeANextHopChangeFromTheNextBurst()
    {
        final byte[] frame = ethernet(ipv6(Rig.MN, CN, 17, 64, udp(64)));
        try (Rig rig = topology(new Rig()))
        {
            final long address = rig.load(frame, Rig.HEADROOM);
            assertTrue(rig.pipeline.forwardInLane(address, frame.length, 1) != Pipeline.NOT_IN_LANE);
            assertEquals(Rig.GW_MAC, Memory.mac(address));
            rig.pipeline.endBurst();
            Rig.ok(rig.tables.setNeighbour(1, Rig.GW, 0x02_00_00_00_00_e1L));
            final long again = rig.load(frame, Rig.HEADROOM);
            assertTrue(rig.pipeline.forwardInLane(again, frame.length, 1) != Pipeline.NOT_IN_LANE);
            assertEquals(0x02_00_00_00_00_e1L, Memory.mac(again));
            rig.pipeline.endBurst();
            Rig.ok(rig.tables.removeNeighbour(1, Rig.GW));
            final long unresolved = rig.load(frame, Rig.HEADROOM);
            assertEquals(Pipeline.NOT_IN_LANE, rig.pipeline.forwardInLane(unresolved, frame.length, 1));
            rig.pipeline.endBurst();
            assertEquals(2, rig.counters.actions(Action.FORWARDED));
        }
    }

    @Test
    void shouldNotBeOfferedForTablesBeyondTheCaches()
    {
        try (Rig rig = large())
        {
            assertFalse(rig.pipeline.forwardLane());
        }
    }

    @Test
    void shouldOfferNoLaneWhenLanesAreOff()
    {
        try (Rig small = new Rig(); Rig large = large())
        {
            small.pipeline.disableLanes();
            large.pipeline.disableLanes();
            assertFalse(small.pipeline.forwardLane() | small.pipeline.forwardBurstLane());
            assertFalse(large.pipeline.forwardLane() | large.pipeline.forwardBurstLane());
        }
    }

    /** A rig whose prefix tables are sized beyond the caches (burst lookups, the burst lane). */
    static Rig large()
    {
        final FastPathTables.Limits small = FastPathTables.Limits.small();
        return new Rig(new FastPathTables.Limits(small.maxPorts(), small.maxNextHops(), small.maxTunnels(),
            100_000, 100_000, small.maxNeighbours(), small.maxLocalAddresses()), 1000, 10);
    }

    /** The standard topology, a second next hop (2001:db8:9998::/48 via port 2) and an unresolved one (2001:db8:9996::/48). */
    static Rig topology(final Rig rig)
    {
        rig.standardTopology();
        final Ipv6Address gateway2 = Ipv6Address.parse("2001:db8:f::fe");
        Rig.ok(rig.tables.addNextHop(2, 2, gateway2));
        Rig.ok(rig.tables.setNeighbour(2, gateway2, 0x02_00_00_00_00_e2L));
        Rig.ok(rig.tables.addDestinationRoute(Ipv6Address.parse("2001:db8:9998::"), 48, Route.forward(2)));
        Rig.ok(rig.tables.addNextHop(4, 1, Ipv6Address.parse("2001:db8:c::fd")));
        Rig.ok(rig.tables.addDestinationRoute(Ipv6Address.parse("2001:db8:9996::"), 48, Route.forward(4)));
        Rig.ok(rig.tables.addTunnel(8, TunnelConfig.of(Rig.ENDPOINT, Ipv6Address.parse(ANY_PEER), 2, Rig.PEER_MAC,
            1500).withIngressFilter(TunnelConfig.IngressFilter.ANY)));
        return rig;
    }

    /** Every drop, punt and action counter and the rx / tx packets of ports 0..5, published. */
    static List<Long> counters(final WorkerCounters counters)
    {
        final List<Long> all = new ArrayList<>();
        for (final DropReason reason : DropReason.values())
        {
            all.add(counters.drops(reason));
        }
        for (final PuntReason reason : PuntReason.values())
        {
            all.add(counters.punts(reason));
        }
        for (final Action action : Action.values())
        {
            all.add(counters.actions(action));
        }
        for (int port = 0; port < 6; port++)
        {
            all.add(counters.rxPackets(port));
            all.add(counters.txPackets(port));
        }
        return all;
    }

    private static byte[] truncate(final byte[] frame, final int by)
    {
        final byte[] out = new byte[frame.length - by];
        System.arraycopy(frame, 0, out, 0, out.length);
        return out;
    }

    private static byte[] version(final byte[] frame, final int version)
    {
        frame[14] = (byte)(version << 4 | frame[14] & 0x0F);
        return frame;
    }
}
