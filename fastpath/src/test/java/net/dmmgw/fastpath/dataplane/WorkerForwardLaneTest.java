package net.dmmgw.fastpath.dataplane;

import static net.dmmgw.fastpath.support.Frames.ethernet;
import static net.dmmgw.fastpath.support.Frames.icmp;
import static net.dmmgw.fastpath.support.Frames.ipv6;
import static net.dmmgw.fastpath.support.Frames.udp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.NoOpIdleStrategy;
import org.junit.jupiter.api.Test;

import net.dmmgw.ipc.counters.CountersFile;
import net.dmmgw.fastpath.pipeline.Action;
import net.dmmgw.fastpath.pipeline.DropReason;
import net.dmmgw.fastpath.pipeline.PacketContext;
import net.dmmgw.fastpath.pipeline.PuntReason;
import net.dmmgw.fastpath.pipeline.WorkerCounters;
import net.dmmgw.fastpath.support.Rig;
import net.dmmgw.fastpath.table.FastPathTables;

/**
 * The worker with the forward lane (small tables: {@code Pipeline.forwardLane()}), with the burst lane (tables beyond
 * the caches: {@code Pipeline.forwardBurstLane()}) and without a lane ({@code Pipeline.disableLanes()}: every packet
 * staged) give a burst mixing every action the same frames, in the same order, on the same ports, with the same
 * pipeline and loop counters: the lane's packets are the burst's prefix up to the first packet the lane does not
 * take (a forwarded ICMPv6 echo here, so that a forward taken after it would be sent out of order on the same port;
 * for the burst lane also a candidate whose route is no forward). A decapsulated forward is in the burst lane's
 * prefix (its mbuf's data now starting at the inner packet; the forward lane ends there) and, after the echo, staged.
 */
class WorkerForwardLaneTest
{
    private static final String CN = "2001:db8:9999::1";

    private enum Lane
    {
        FORWARD, BURST, NONE
    }

    @Test
    void shouldSendTheSameFramesInTheSameOrderWithAndWithoutTheLane() throws Exception
    {
        final List<byte[]> frames = List.of(
            ethernet(ipv6(Rig.MN, CN, 17, 64, udp(100))),                                  // forward (lane)
            ethernet(ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 64,
                ipv6("2001:db8:200:1::9", CN, 17, 64, udp(50)))),                           // decap, forward (burst lane)
            ethernet(ipv6(Rig.MN, "2001:db8:9999::2", 17, 33, udp(40))),                   // forward (lane)
            ethernet(ipv6(Rig.MN, CN, 58, 64, icmp(128, 16))),                            // echo: lane ends
            ethernet(ipv6(Rig.MN, CN, 17, 64, udp(100))),                                  // forward (staged)
            ethernet(ipv6(CN, "2001:db8:200:1::9", 17, 64, udp(60))),                      // encap
            ethernet(ipv6(CN, Rig.MN, 17, 64, udp(64))),                                   // deliver
            ethernet(ipv6(Rig.MN, CN, 17, 1, udp(30))),                                    // Time Exceeded
            ethernet(ipv6(Rig.MN, "ff0e::1", 17, 64, udp(8))),                             // drop
            ethernet(ipv6(Rig.MN, "2001:db8:2::1", 135, 64, new byte[] {59, 0, 0, 0, 0, 0, 0, 0})), // punt
            ethernet(ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 64,
                ipv6("2001:db8:200:1::9", Rig.MN, 17, 64, udp(64)))),                       // decap, deliver
            ethernet(ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 64,
                ipv6("2001:db8:200:1::9", CN, 17, 64, udp(50)))),                           // decap, forward (staged)
            ethernet(ipv6(Rig.MN, CN, 17, 64, udp(100))));                                 // forward (staged)
        final FastPathTables.Limits small = FastPathTables.Limits.small();
        final FastPathTables.Limits large = large();
        // A burst that starts in the lane, one that starts with a packet the lane does not take (the worker then
        // skips the lane for Worker.LANE_REST_BURSTS bursts), then bursts that start in the lane again.
        final List<byte[]> rotated = new ArrayList<>(frames.subList(3, frames.size()));
        rotated.addAll(frames.subList(0, 3));
        final List<byte[]> input = new ArrayList<>(frames);
        input.addAll(rotated);
        for (int b = 0; b < Worker.LANE_REST_BURSTS + 2; b++)
        {
            input.addAll(frames);
        }
        final int bursts = input.size() / frames.size();

        final Result staged = run(large, input, frames.size(), Lane.NONE);
        assertSameAsStaged(staged, run(small, input, frames.size(), Lane.FORWARD), bursts);
        assertSameAsStaged(staged, run(large, input, frames.size(), Lane.BURST), bursts);
        // Per burst 7 forwards (2 decapsulated), encap, deliver, Time Exceeded, decap and deliver; the rig's ICMPv6
        // errors: 10 back to back.
        assertEquals(11 * bursts - Math.max(0, bursts - 10), staged.sent.size());
    }

    /**
     * The burst lane's candidates pass its checks and are then refused by their routes: a deliver (to a mobile
     * node) after two forwards ends the lane inside the burst; an encapsulation first takes no packet (then the lane
     * rests).
     */
    @Test
    void shouldEndTheBurstLaneAtTheFirstCandidateWhoseRouteIsNoForward() throws Exception
    {
        final List<byte[]> frames = List.of(
            ethernet(ipv6(Rig.MN, CN, 17, 64, udp(100))),                                  // forward (lane)
            ethernet(ipv6(Rig.MN, "2001:db8:9999::2", 17, 33, udp(40))),                   // forward (lane)
            ethernet(ipv6(CN, Rig.MN, 17, 64, udp(64))),                                   // deliver: lane ends
            ethernet(ipv6(Rig.MN, CN, 17, 64, udp(100))),                                  // forward (staged)
            ethernet(ipv6(CN, "2001:db8:200:1::9", 17, 64, udp(60))),                      // encap
            ethernet(ipv6(Rig.MN, CN, 17, 64, udp(100))));                                 // forward (staged)
        final List<byte[]> encapFirst = new ArrayList<>(frames.subList(4, frames.size()));
        encapFirst.addAll(frames.subList(0, 4));
        final List<byte[]> input = new ArrayList<>(frames);
        input.addAll(encapFirst);
        for (int b = 0; b < Worker.LANE_REST_BURSTS + 2; b++)
        {
            input.addAll(frames);
        }
        final int bursts = input.size() / frames.size();
        final FastPathTables.Limits large = large();
        final Result staged = run(large, input, frames.size(), Lane.NONE);
        final Result burstLane = run(large, input, frames.size(), Lane.BURST);
        assertSameAsStaged(staged, burstLane, bursts, 4);
        assertEquals(6 * bursts, staged.sent.size());
    }

    /**
     * Small tables: a burst whose first packet the forward lane refuses because it is tunnelled goes to the burst
     * lane, which decapsulates (its inner destinations looked up together), takes a plain forward too and ends at
     * a decapsulated deliver; a burst that starts with a decapsulated deliver or with an unknown peer's packet is
     * taken by neither lane (the lanes then rest), bursts after the rest start in the burst lane again. The same
     * frames, order, ports and counters as the staged worker.
     */
    @Test
    void shouldDecapsulateBurstsThatStartTunnelledInTheBurstLaneWithSmallTables() throws Exception
    {
        final List<byte[]> frames = List.of(
            decap(CN, 50),                                                                 // decap, forward (lane)
            decap("2001:db8:9999::2", 70),                                                 // decap, forward (lane)
            ethernet(ipv6(Rig.MN, CN, 17, 64, udp(100))),                                  // forward (lane)
            decap(CN, 90),                                                                 // decap, forward (lane)
            decap(Rig.MN, 64),                                                             // decap, deliver: ends
            decap(CN, 50),                                                                 // decap, forward (staged)
            ethernet(ipv6(CN, "2001:db8:200:1::9", 17, 64, udp(60))),                      // encap
            ethernet(ipv6(Rig.MN, CN, 17, 64, udp(100))));                                 // forward (staged)
        final List<byte[]> deliverFirst = new ArrayList<>(frames.subList(4, frames.size()));
        deliverFirst.addAll(frames.subList(0, 4));
        final List<byte[]> unknownPeerFirst = new ArrayList<>(frames);
        unknownPeerFirst.set(0, ethernet(ipv6("2001:db8:7777::1", Rig.ENDPOINT.toString(), 41, 64,
            ipv6("2001:db8:200:1::9", CN, 17, 64, udp(50)))));                             // unknown peer: dropped
        final List<byte[]> input = new ArrayList<>(frames);
        input.addAll(deliverFirst);
        for (int b = 0; b < Worker.LANE_REST_BURSTS + 2; b++)
        {
            input.addAll(frames);
        }
        input.addAll(unknownPeerFirst);
        for (int b = 0; b < Worker.LANE_REST_BURSTS + 2; b++)
        {
            input.addAll(frames);
        }
        final int bursts = input.size() / frames.size();

        final Result staged = run(large(), input, frames.size(), Lane.NONE);
        final Result lanes = run(FastPathTables.Limits.small(), input, frames.size(), Lane.FORWARD);
        final int forwarded = Action.FORWARDED.ordinal() + DropReason.values().length + PuntReason.values().length;
        final int decapsulated = Action.DECAPSULATED.ordinal() + DropReason.values().length
            + PuntReason.values().length;
        // Per burst 6 forwards (4 decapsulated) and a decapsulated deliver, one burst with an unknown peer's instead.
        assertEquals(6L * bursts - 1, staged.counters.get(forwarded));
        assertEquals(5L * bursts - 1, staged.counters.get(decapsulated));
        assertEquals(staged.counters.get(forwarded), lanes.counters.get(forwarded));
        assertEquals(staged.sent.size(), lanes.sent.size());
        for (int i = 0; i < staged.sent.size(); i++)
        {
            assertEquals(staged.sent.get(i).dpdkPort(), lanes.sent.get(i).dpdkPort(), "frame " + i);
            assertArrayEquals(staged.sent.get(i).frame(), lanes.sent.get(i).frame(), "frame " + i);
        }
        assertEquals(staged.counters, lanes.counters);
    }

    /** IPv6-in-IPv6 from the rig's tunnel peer to its endpoint, the inner packet from a mobile node's prefix. */
    private static byte[] decap(final String innerDestination, final int payload)
    {
        return ethernet(ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 64,
            ipv6("2001:db8:200:1::9", innerDestination, 17, 64, udp(payload))));
    }

    private static void assertSameAsStaged(final Result staged, final Result withLane, final int bursts)
    {
        assertSameAsStaged(staged, withLane, bursts, 7);
    }

    private static void assertSameAsStaged(final Result staged, final Result withLane, final int bursts,
        final int forwardsPerBurst)
    {
        assertEquals((long)forwardsPerBurst * bursts, withLane.counters.get(Action.FORWARDED.ordinal()
            + DropReason.values().length + PuntReason.values().length), forwardsPerBurst + " forwards per burst");
        assertEquals(staged.sent.size(), withLane.sent.size());
        for (int i = 0; i < staged.sent.size(); i++)
        {
            assertEquals(staged.sent.get(i).dpdkPort(), withLane.sent.get(i).dpdkPort(), "frame " + i);
            assertArrayEquals(staged.sent.get(i).frame(), withLane.sent.get(i).frame(), "frame " + i);
        }
        assertEquals(staged.counters, withLane.counters);
    }

    private static FastPathTables.Limits large()
    {
        final FastPathTables.Limits small = FastPathTables.Limits.small();
        return new FastPathTables.Limits(small.maxPorts(), small.maxNextHops(),
            small.maxTunnels(), 100_000, 100_000, small.maxNeighbours(), small.maxLocalAddresses());
    }

    private record Result(List<PlainMemoryMbufs.Sent> sent, List<Long> counters)
    {
    }

    private static Result run(final FastPathTables.Limits limits, final List<byte[]> input, final int burst,
        final Lane lane) throws Exception
    {
        final Path path = Files.createTempFile("dmmgw-worker-lane", ".dat");
        try (Rig topology = new Rig(limits, 1000, 10).standardTopology();
            CountersFile file = CountersFile.create(path, LoopCounters.countersPerWorker() + 8))
        {
            if (lane == Lane.NONE)
            {
                topology.pipeline.disableLanes();
            }
            assertEquals(lane == Lane.FORWARD, topology.pipeline.forwardLane());
            assertEquals(lane == Lane.BURST, topology.pipeline.forwardBurstLane());
            final LoopCounters loop = new LoopCounters(file.manager(), 0);
            final PlainMemoryMbufs io = new PlainMemoryMbufs(4 * burst, input.size(), true);
            for (final byte[] frame : input)
            {
                io.feed(frame, 1);
            }
            final Worker worker = new Worker(0, 1, new int[] {0}, new int[] {0}, new int[] {1},
                new int[] {0, 1, 2}, 0, topology.pipeline, PacketContext.burst(Arena.ofAuto(), burst,
                    PacketContext.MIN_ERROR_BUFFER), io, loop, NoOpIdleStrategy.INSTANCE, burst, null);
            for (int b = 0; b < input.size() / burst; b++)
            {
                assertEquals(burst, worker.doWork());
            }
            assertEquals(0, worker.doWork());
            assertEquals(0, io.inUse(), "every mbuf returned");
            assertEquals(input.stream().anyMatch(f -> f[20] == (byte)135), !topology.punts.isEmpty(), "punts");
            final List<Long> counters = new ArrayList<>();
            final WorkerCounters c = topology.counters;
            for (final DropReason reason : DropReason.values())
            {
                counters.add(c.drops(reason));
            }
            for (final PuntReason reason : PuntReason.values())
            {
                counters.add(c.punts(reason));
            }
            for (final Action action : Action.values())
            {
                counters.add(c.actions(action));
            }
            for (int port = 0; port < 3; port++)
            {
                counters.add(c.rxPackets(port));
                counters.add(c.txPackets(port));
            }
            for (final LoopCounters.Kind kind : LoopCounters.Kind.values())
            {
                counters.add(loop.get(kind));
            }
            return new Result(List.copyOf(io.sent()), counters);
        }
        finally
        {
            Files.deleteIfExists(path);
        }
    }
}
