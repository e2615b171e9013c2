package net.dmmgw.fastpath.pipeline;

import static net.dmmgw.fastpath.support.Frames.ethernet;
import static net.dmmgw.fastpath.support.Frames.ipv6;
import static net.dmmgw.fastpath.support.Frames.udp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import net.dmmgw.fastpath.mem.Memory;
import net.dmmgw.fastpath.support.Frames;
import net.dmmgw.fastpath.support.Rig;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.Route;
import net.dmmgw.fastpath.table.TunnelConfig;

/**
 * {@link Pipeline#processBurst} (classify all, look up all, act on all) gives every packet of a
 * burst exactly the outcome, output frame, punt and counters that {@link Pipeline#process} gives
 * it one packet at a time.
 */
class BurstPipelineTest
{
    private static final int HEADROOM = 128;
    private static final int SLOT = 2048;
    private static final String SECOND_PEER = "2001:db8:f::3";

    private record Outcome(Verdict verdict, int egressPort, DropReason drop, PuntReason punt, byte[] output)
    {
    }

    /**
     * Small tables (16-bit first level: pass 2 looks up one packet at a time) and large ones (24-bit:
     * pass 2 walks the tries level by level for the whole burst, {@code Ipv6Lpm.lookupBurst}).
     */
    static List<FastPathTables.Limits> limits()
    {
        final FastPathTables.Limits small = FastPathTables.Limits.small();
        // Small (one lookup at a time, 16-bit first level), large (burst lookups, 24-bit), and small with a 24-bit
        // first level (one at a time; scripts/dataplane rate's tables).
        return List.of(small, new FastPathTables.Limits(small.maxPorts(), small.maxNextHops(), small.maxTunnels(),
            100_000, 100_000, small.maxNeighbours(), small.maxLocalAddresses()),
            new FastPathTables.Limits(small.maxPorts(), small.maxNextHops(), small.maxTunnels(),
                small.maxDestinationPrefixes(), small.maxSourcePrefixes(), small.maxNeighbours(),
                small.maxLocalAddresses(), 24));
    }

    @ParameterizedTest
    @MethodSource("limits")
    void shouldGiveEachPacketOfABurstTheOutcomeItGetsAlone(final FastPathTables.Limits limits)
    {
        final byte[][] kinds = {
            ethernet(ipv6(Rig.MN, "2001:db8:9999::1", 17, 64, udp(64))),                    // forward
            ethernet(ipv6("2001:db8:9999::1", Rig.MN, 17, 64, udp(64))),                    // deliver
            ethernet(ipv6("2001:db8:9999::1", "2001:db8:200:1::9", 17, 64, udp(64))),       // encap
            ethernet(ipv6("2001:db8:300::5", "2001:db8:9999::1", 17, 64, udp(64))),         // reverse tunnel
            ethernet(ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 60, 64,
                Frames.telHeader(41, 3, ipv6("2001:db8:200:1::9", Rig.MN, 17, 64, udp(64))))), // decap
            ethernet(ipv6(Rig.MN, "2001:db8:9999::1", 17, 1, udp(64))),                     // time exceeded
            ethernet(ipv6(Rig.MN, "2001:db8:200:1::9", 17, 64, udp(1460))),                 // packet too big
            ethernet(ipv6(Rig.MN, Rig.PORT0_ADDR.toString(), 17, 64, udp(64))),             // punt
            ethernet(ipv6("2001:db8:9999::1", "2001:db8:100:1::6", 17, 64, udp(8))),        // unresolved MN
            ethernet(ipv6("fe80::1", "2001:db8:9999::1", 17, 64, udp(64))),                 // drop
            new byte[]{1, 2, 3},                                                             // garbage
            // Strict ingress filter, two tunnels (peers) interleaved:
            ethernet(ipv6(SECOND_PEER, Rig.ENDPOINT.toString(), 41, 64,
                ipv6("2001:db8:201::7", Rig.MN, 17, 64, udp(64)))),                           // decap, tunnel 8
            ethernet(ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 64,
                ipv6("2001:db8:201::7", Rig.MN, 17, 64, udp(64)))),                           // spoofed (8's source)
            ethernet(ipv6(SECOND_PEER, Rig.ENDPOINT.toString(), 41, 64,
                ipv6("2001:db8:200:1::9", "2001:db8:9999::1", 17, 64, udp(64)))),            // spoofed (7's source)
            ethernet(ipv6(SECOND_PEER, Rig.ENDPOINT.toString(), 41, 64,
                ipv6("2001:db8:201::7", Rig.PORT0_ADDR.toString(), 17, 64, udp(8)))),        // inner to own: punt
            ethernet(ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 64,
                ipv6("2001:db8:201::7", Rig.PORT0_ADDR.toString(), 17, 64, udp(8)))),        // spoofed, inner to own
        };
        final int[] kindPorts = {0, 1, 1, 0, 2, 0, 0, 0, 1, 0, 0, 2, 2, 2, 2, 2};
        final Random random = new Random(5);
        final List<byte[]> frames = new ArrayList<>();
        final List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 32; i++)
        {
            final int k = i < kinds.length ? i : random.nextInt(kinds.length);
            frames.add(kinds[k]);
            ports.add(kindPorts[k]);
        }

        final List<Outcome> alone = new ArrayList<>();
        try (Rig rig = secondTunnel(new Rig(limits, 1000, 10).standardTopology()))
        {
            for (int i = 0; i < frames.size(); i++)
            {
                rig.run(frames.get(i), ports.get(i), HEADROOM);
                alone.add(outcome(rig.ctx));
            }
            try (Rig burstRig = secondTunnel(new Rig(limits, 1000, 10).standardTopology()))
            {
                final PacketContext[] burst = new PacketContext[frames.size()];
                final MemorySegment buffers = burstRig.arena.allocate((long)SLOT * frames.size(), 64);
                for (int i = 0; i < burst.length; i++)
                {
                    final MemorySegment error = burstRig.arena.allocate(PacketContext.MIN_ERROR_BUFFER, 64);
                    burst[i] = new PacketContext(error.address(), (int)error.byteSize());
                    final byte[] frame = frames.get(i);
                    MemorySegment.copy(frame, 0, buffers, ValueLayout.JAVA_BYTE, (long)i * SLOT + HEADROOM, frame.length);
                    burst[i].wrap(buffers.address() + (long)i * SLOT + HEADROOM, frame.length, HEADROOM, ports.get(i));
                }
                burstRig.pipeline.processBurst(burst, burst.length);
                burstRig.pipeline.endBurst();
                for (int i = 0; i < burst.length; i++)
                {
                    final Outcome expected = alone.get(i);
                    final Outcome actual = outcome(burst[i]);
                    assertEquals(expected.verdict, actual.verdict, "packet " + i);
                    assertEquals(expected.egressPort, actual.egressPort, "packet " + i);
                    assertEquals(expected.drop, actual.drop, "packet " + i);
                    assertEquals(expected.punt, actual.punt, "packet " + i);
                    assertArrayEquals(expected.output, actual.output, "packet " + i);
                }
                assertEquals(rig.punts.size(), burstRig.punts.size());
                for (int i = 0; i < rig.punts.size(); i++)
                {
                    assertArrayEquals(rig.punts.get(i).frame(), burstRig.punts.get(i).frame());
                    assertEquals(rig.punts.get(i).reason(), burstRig.punts.get(i).reason());
                }
                for (final DropReason reason : DropReason.values())
                {
                    assertEquals(rig.counters.drops(reason), burstRig.counters.drops(reason), reason.name());
                }
                for (final Action action : Action.values())
                {
                    assertEquals(rig.counters.actions(action), burstRig.counters.actions(action), action.name());
                }
                for (int port = 0; port < 3; port++)
                {
                    assertEquals(rig.counters.txPackets(port), burstRig.counters.txPackets(port));
                    assertEquals(rig.counters.rxPackets(port), burstRig.counters.rxPackets(port));
                }
            }
        }
    }

    /** Tunnel 8 from {@link #SECOND_PEER} to the standard topology's endpoint (strict filter), 2001:db8:201::/48 into it. */
    private static Rig secondTunnel(final Rig rig)
    {
        Rig.ok(rig.tables.addTunnel(8, TunnelConfig.of(Rig.ENDPOINT, Ipv6Address.parse(SECOND_PEER), 2, Rig.PEER_MAC, 1500)));
        Rig.ok(rig.tables.addDestinationRoute(Ipv6Address.parse("2001:db8:201::"), 48, Route.encap(8)));
        return rig;
    }

    /**
     * The pipeline reads a next hop once per burst and route: packets of one burst through different next
     * hops each get their own, and a next hop's change (its gateway's MAC resolved again, or unresolved) is
     * seen from the next burst on.
     */
    @ParameterizedTest
    @MethodSource("limits")
    void shouldGiveEachPacketItsNextHopAndSeeAChangeFromTheNextBurst(final FastPathTables.Limits limits)
    {
        final Ipv6Address gateway2 = Ipv6Address.parse("2001:db8:f::fe");
        final long gateway2Mac = 0x02_00_00_00_00_e2L;
        final long newGatewayMac = 0x02_00_00_00_00_e1L;
        final byte[] viaHop1 = ethernet(ipv6(Rig.MN, "2001:db8:9999::1", 17, 64, udp(64)));
        final byte[] viaHop2 = ethernet(ipv6(Rig.MN, "2001:db8:9998::1", 17, 64, udp(64)));
        try (Rig rig = new Rig(limits, 1000, 10).standardTopology())
        {
            Rig.ok(rig.tables.addNextHop(2, 2, gateway2));
            Rig.ok(rig.tables.setNeighbour(2, gateway2, gateway2Mac));
            Rig.ok(rig.tables.addDestinationRoute(Ipv6Address.parse("2001:db8:9998::"), 48, Route.forward(2)));
            final PacketContext[] burst = contexts(rig, 8);
            final MemorySegment buffers = rig.arena.allocate((long)SLOT * burst.length, 64);

            load(burst, buffers, i -> i % 3 == 2 ? viaHop2 : viaHop1);
            rig.pipeline.processBurst(burst, burst.length);
            rig.pipeline.endBurst();
            for (int i = 0; i < burst.length; i++)
            {
                assertEquals(Verdict.TRANSMIT, burst[i].verdict(), "packet " + i);
                assertEquals(i % 3 == 2 ? 2 : 1, burst[i].egressPort(), "packet " + i);
                assertEquals(i % 3 == 2 ? gateway2Mac : Rig.GW_MAC, Memory.mac(burst[i].outAddress()), "packet " + i);
                assertEquals(i % 3 == 2 ? Rig.PORT2_MAC : Rig.PORT1_MAC, Memory.mac(burst[i].outAddress() + 6),
                    "packet " + i);
            }

            Rig.ok(rig.tables.setNeighbour(1, Rig.GW, newGatewayMac));
            Rig.ok(rig.tables.removeNeighbour(2, gateway2));
            load(burst, buffers, i -> i % 3 == 2 ? viaHop2 : viaHop1);
            rig.pipeline.processBurst(burst, burst.length);
            rig.pipeline.endBurst();
            for (int i = 0; i < burst.length; i++)
            {
                if (i % 3 == 2)
                {
                    assertEquals(Verdict.PUNT, burst[i].verdict(), "packet " + i);
                    assertEquals(PuntReason.NEIGHBOUR_UNRESOLVED, burst[i].puntReason(), "packet " + i);
                }
                else
                {
                    assertEquals(Verdict.TRANSMIT, burst[i].verdict(), "packet " + i);
                    assertEquals(newGatewayMac, Memory.mac(burst[i].outAddress()), "packet " + i);
                }
            }
        }
    }

    private static PacketContext[] contexts(final Rig rig, final int n)
    {
        final PacketContext[] burst = new PacketContext[n];
        for (int i = 0; i < n; i++)
        {
            final MemorySegment error = rig.arena.allocate(PacketContext.MIN_ERROR_BUFFER, 64);
            burst[i] = new PacketContext(error.address(), (int)error.byteSize());
        }
        return burst;
    }

    private static void load(final PacketContext[] burst, final MemorySegment buffers, final IntFunction<byte[]> frames)
    {
        for (int i = 0; i < burst.length; i++)
        {
            final byte[] frame = frames.apply(i);
            MemorySegment.copy(frame, 0, buffers, ValueLayout.JAVA_BYTE, (long)i * SLOT + HEADROOM, frame.length);
            burst[i].wrap(buffers.address() + (long)i * SLOT + HEADROOM, frame.length, HEADROOM, 0);
        }
    }

    private static Outcome outcome(final PacketContext ctx)
    {
        final byte[] out = ctx.outLength() > 0
            ? Memory.ALL.asSlice(ctx.outAddress(), ctx.outLength()).toArray(ValueLayout.JAVA_BYTE) : new byte[0];
        return new Outcome(ctx.verdict(), ctx.egressPort(), ctx.dropReason(), ctx.puntReason(), out);
    }
}
