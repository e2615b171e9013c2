package net.dmmgw.fastpath.state;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import net.dmmgw.fastpath.support.Frames;
import net.dmmgw.fastpath.support.Rig;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.PortRole;
import net.dmmgw.fastpath.pipeline.DropReason;
import net.dmmgw.fastpath.pipeline.Verdict;
import net.dmmgw.ipc.DataPlaneClient;
import net.dmmgw.ipc.DataPlaneListener;
import net.dmmgw.ipc.IpcConfiguration;
import net.dmmgw.ipc.PuntRing;
import net.dmmgw.ipc.StateAgentCounters;
import net.dmmgw.ipc.sbe.AckResult;
import net.dmmgw.ipc.sbe.AddressKind;
import net.dmmgw.ipc.sbe.FlowLabelPolicy;
import net.dmmgw.ipc.sbe.IngressFilter;
import net.dmmgw.ipc.sbe.RouteAction;
import net.dmmgw.ipc.sbe.RouteTable;
import net.dmmgw.ipc.sbe.TrafficClassPolicy;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control side programs the real fast-path tables over a real Aeron media driver, and the
 * pipeline forwards accordingly: state in, packets decided by it, stale state reconciled away.
 */
class AeronProgrammingTest
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    private static final String ENDPOINT = "2001:db8:f::1";
    private static final String PEER = "2001:db8:f::2";
    private static final String GW = "2001:db8:c::fe";
    private static final String ANCHORED = "2001:db8:200:1::";
    private static final String CN = "2001:db8:999::1";

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final InjectQueue injectQueue = new InjectQueue(64 * 1024);
    private Rig rig;
    private DataPlaneClient client;
    private StateAgentCounters counters;

    @BeforeEach
    void setUp() throws Exception
    {
        rig = new Rig();
        closeables.add(rig);
        // Ports come from the data plane's own configuration, not from control.
        Rig.ok(rig.tables.configurePort(0, PortRole.ACCESS, Rig.PORT0_MAC, Rig.PORT0_ADDR));
        Rig.ok(rig.tables.configurePort(1, PortRole.CORE, Rig.PORT1_MAC, Rig.PORT1_ADDR));
        Rig.ok(rig.tables.configurePort(2, PortRole.CORE, Rig.PORT2_MAC, Ipv6Address.parse(ENDPOINT)));

        final Path dir = Files.createTempDirectory("dmmgw-aeron-fastpath");
        final IpcConfiguration configuration = new IpcConfiguration()
            .aeronDirectory(dir.resolve("aeron").toString())
            .heartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(20));
        // The data plane's end runs as in the process: ControlSeam with its embedded driver.
        final ControlSeam seam = ControlSeam.start(configuration, 9, rig.tables, new PuntRing[0], injectQueue,
            new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024))),
            new BackoffIdleStrategy(1, 1, 1_000, 100_000));
        closeables.add(seam);
        closeables.add(() -> Files.walk(dir).sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete()));
        counters = seam.counters();
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(configuration.aeronDirectory()));
        closeables.add(aeron);

        client = new DataPlaneClient(1, 1, aeron, configuration, new DataPlaneListener()
        {
        }, new OffsetEpochNanoClock());
        closeables.add(client);
        final long deadline = System.nanoTime() + TIMEOUT_NS;
        while (!(client.isConnected() && client.isDataPlaneAlive()) && System.nanoTime() < deadline)
        {
            client.poll();
        }
        assertTrue(client.isConnected() && client.isDataPlaneAlive(), "seam up in both directions");
    }

    @AfterEach
    void tearDown()
    {
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(closeables.get(i));
        }
    }

    private void ok(final long correlationId)
    {
        assertEquals(AckResult.OK, client.awaitAck(correlationId, TIMEOUT_NS), client::lastAckReason);
    }

    private static long hi(final String address)
    {
        return Ipv6Address.parse(address).hi();
    }

    private static long lo(final String address)
    {
        return Ipv6Address.parse(address).lo();
    }

    private void programSnapshot(final boolean withAnchoredRoute)
    {
        ok(client.beginSnapshot());
        ok(client.addOwnAddress(AddressKind.TUNNEL_ENDPOINT, hi(ENDPOINT), lo(ENDPOINT)));
        ok(client.setTunnel(7, 2, 1500, 64, TrafficClassPolicy.COPY, 0, FlowLabelPolicy.DERIVE, 0,
            hi(ENDPOINT), lo(ENDPOINT), hi(PEER), lo(PEER), Rig.PEER_MAC));
        ok(client.setNeighbour(1, hi(GW), lo(GW), Rig.GW_MAC));
        ok(client.addRoute(RouteTable.DESTINATION, 0, 0, 0, RouteAction.FORWARD, 1, 0, hi(GW), lo(GW)));
        if (withAnchoredRoute)
        {
            ok(client.addRoute(RouteTable.DESTINATION, hi(ANCHORED), lo(ANCHORED), 64, RouteAction.TUNNEL, 0, 7, 0, 0));
        }
        ok(client.endSnapshot(withAnchoredRoute ? 5 : 4));
    }

    private byte[] packetTo(final String destination)
    {
        return Frames.ethernet(Frames.ipv6("2001:db8:c::77", destination, 17, 64, Frames.udp(64)));
    }

    @Test
    void shouldForwardAndEncapsulateAsProgrammedThenReconcileToANewEpoch()
    {
        programSnapshot(true);

        assertEquals(Verdict.TRANSMIT, rig.run(packetTo(ANCHORED + "9"), 1));
        assertEquals(2, rig.ctx.egressPort(), "into the tunnel's egress port");
        final byte[] encapsulated = rig.output();
        assertEquals(Rig.PEER_MAC, Frames.mac(encapsulated, 0));
        assertEquals(Ipv6Address.parse(PEER), Frames.address(encapsulated, 14 + 24), "outer destination is the peer");
        assertEquals(41, encapsulated[14 + 6], "IPv6-in-IPv6");

        assertEquals(Verdict.TRANSMIT, rig.run(packetTo(CN), 1));
        assertEquals(1, rig.ctx.egressPort());
        assertEquals(Rig.GW_MAC, Frames.mac(rig.output(), 0), "default route via the gateway");

        // Control restarts with epoch 2 and no longer anchors the prefix: its route goes.
        client.epoch(2);
        programSnapshot(false);
        assertEquals(1, counters.staleRemoved());
        assertEquals(Verdict.TRANSMIT, rig.run(packetTo(ANCHORED + "9"), 1));
        assertEquals(1, rig.ctx.egressPort(), "now follows the default route");
        assertEquals(Rig.GW_MAC, Frames.mac(rig.output(), 0));
    }

    /**
     * A MAG's state as the MAG programs it: the tunnel from the LMA, a DELIVER route for the mobile node's prefix
     * on the access port, its neighbour entry. Downlink from the LMA carries a correspondent's source.
     */
    private void programMag(final IngressFilter filter)
    {
        ok(client.addOwnAddress(AddressKind.TUNNEL_ENDPOINT, hi(ENDPOINT), lo(ENDPOINT)));
        ok(client.setTunnel(7, 2, 1500, 64, TrafficClassPolicy.COPY, 0, FlowLabelPolicy.DERIVE, 0,
            hi(ENDPOINT), lo(ENDPOINT), hi(PEER), lo(PEER), Rig.PEER_MAC, filter));
        ok(client.addRoute(RouteTable.SOURCE, hi(ANCHORED), lo(ANCHORED), 64, RouteAction.TUNNEL, 2, 7, 0, 0));
        ok(client.addRoute(RouteTable.DESTINATION, hi(ANCHORED), lo(ANCHORED), 64, RouteAction.DELIVER, 0, 0, 0, 0));
        ok(client.setNeighbour(0, hi(ANCHORED + "9"), lo(ANCHORED + "9"), Rig.MN_MAC));
    }

    private static byte[] downlink(final String outerSource)
    {
        return Frames.ethernet(Frames.ipv6(outerSource, ENDPOINT, 41, 60,
            Frames.ipv6(CN, ANCHORED + "9", 17, 30, Frames.udp(40))));
    }

    @Test
    void shouldDeliverDownlinkFromAnyCorrespondentThroughAnOuterOnlyTunnelButNotFromAStranger()
    {
        programMag(IngressFilter.OUTER_ONLY);
        assertEquals(Verdict.TRANSMIT, rig.run(downlink(PEER), 2), () -> "dropped: " + rig.ctx.dropReason());
        assertEquals(0, rig.ctx.egressPort(), "delivered on the access port");
        final byte[] out = rig.output();
        assertEquals(Rig.MN_MAC, Frames.mac(out, 0), "to the mobile node's MAC");
        assertEquals(Ipv6Address.parse(CN), Frames.address(out, 14 + 8), "inner source kept");

        assertEquals(Verdict.DROP, rig.run(downlink("2001:db8:f::66"), 2), "outer source is not the tunnel's peer");
        assertEquals(DropReason.DECAP_UNKNOWN_PEER, rig.ctx.dropReason());
    }

    @Test
    void shouldDropDownlinkFromACorrespondentThroughAStrictTunnel()
    {
        programMag(IngressFilter.STRICT);
        assertEquals(Verdict.DROP, rig.run(downlink(PEER), 2));
        assertEquals(DropReason.DECAP_SPOOFED_SOURCE, rig.ctx.dropReason(), "the anchor's anti-spoofing check");
    }

    @Test
    void shouldRefuseWhatTheTablesRefuseAndLeaveForwardingAsItWas()
    {
        programSnapshot(true);
        assertEquals(AckResult.UNKNOWN_TUNNEL, client.awaitAck(client.addRoute(RouteTable.DESTINATION,
            hi(CN), lo(CN), 128, RouteAction.TUNNEL, 0, 99, 0, 0), TIMEOUT_NS));
        assertTrue(client.lastAckReason().contains("unknown tunnel"), client.lastAckReason());
        assertEquals(AckResult.INVALID_ARGUMENT, client.awaitAck(client.removeTunnel(7), TIMEOUT_NS),
            "a tunnel that routes still use stays");
        assertTrue(client.lastAckReason().contains("still referenced"), client.lastAckReason());
        assertEquals(AckResult.INVALID_ARGUMENT, client.awaitAck(client.addRoute(RouteTable.DESTINATION,
            hi(CN), lo(CN), 128, RouteAction.FORWARD, 0, 0, 0, 0), TIMEOUT_NS), "next hop :: refused");
        assertEquals(AckResult.NOT_FOUND, client.awaitAck(client.removeRoute(RouteTable.DESTINATION,
            hi(CN), lo(CN), 128), TIMEOUT_NS), "the refused route was not installed");

        assertEquals(Verdict.TRANSMIT, rig.run(packetTo(CN), 1));
        assertEquals(Rig.GW_MAC, Frames.mac(rig.output(), 0), "still the default route");
        assertEquals(Verdict.TRANSMIT, rig.run(packetTo(ANCHORED + "9"), 1));
        assertEquals(2, rig.ctx.egressPort(), "still tunnelled");
        assertEquals(AckResult.INVALID_ARGUMENT, client.awaitAck(client.setDlif(1, 0, 0, 0, 64, 0, 0, 0x020000000001L),
            TIMEOUT_NS), "a DLIF whose link-local address is :: is bad input");
        assertTrue(client.lastAckReason().contains("link-local"), client.lastAckReason());
    }

    @Test
    void shouldSourceTheDecapsulatedDownlinkFromTheDlifOfItsAnchorUntilTheDlifIsRemoved()
    {
        programMag(IngressFilter.OUTER_ONLY);
        final long logicalMac = 0x02_aa_bb_cc_dd_01L;
        ok(client.setDlif(21, 0, hi(ANCHORED), lo(ANCHORED), 64, hi("fe80::aa:bbff:fecc:dd01"),
            lo("fe80::aa:bbff:fecc:dd01"), logicalMac));
        assertEquals(Verdict.TRANSMIT, rig.run(downlink(PEER), 2), () -> "dropped: " + rig.ctx.dropReason());
        assertEquals(logicalMac, Frames.mac(rig.output(), 6), "sourced from the anchor's logical MAC");
        assertEquals(Rig.MN_MAC, Frames.mac(rig.output(), 0));

        assertEquals(AckResult.UNKNOWN_PORT, client.awaitAck(client.setDlif(22, 1, hi(CN), lo(CN), 64,
            hi("fe80::1"), lo("fe80::1"), logicalMac + 1), TIMEOUT_NS), "port 1 is a core port");
        assertTrue(client.lastAckReason().contains("not an access port"), client.lastAckReason());
        assertEquals(1, counters.errors(), "the refusal is counted");

        ok(client.removeDlif(21));
        assertEquals(Verdict.TRANSMIT, rig.run(downlink(PEER), 2));
        assertEquals(Rig.PORT0_MAC, Frames.mac(rig.output(), 6), "back to the access port's MAC");
        ok(client.removeDlif(21));
    }

    @Test
    void shouldApplyBatchedRoutesEntryByEntryToTheTables()
    {
        programSnapshot(true);
        client.coalesceRoutes(32);
        final long[] ids = new long[100];
        for (int i = 0; i < ids.length; i++)
        {
            // 2001:db8:6:<i>::/64 forwarded via the gateway; entry 40 names a tunnel that does not exist.
            final long prefix = hi("2001:db8:6::") | i;
            ids[i] = i == 40 ?
                client.addRoute(RouteTable.DESTINATION, prefix, 0, 64, RouteAction.TUNNEL, 0, 99, 0, 0) :
                client.addRoute(RouteTable.DESTINATION, prefix, 0, 64, RouteAction.TUNNEL, 0, 7, 0, 0);
        }
        final long removed = client.removeRoute(RouteTable.DESTINATION, hi("2001:db8:6::") | 1, 0, 64);
        assertEquals(AckResult.OK, client.awaitAck(removed, TIMEOUT_NS), "the last entry, in its batch");
        // Acks of the other entries went to the listener: the tables show what was applied.
        assertEquals(Verdict.TRANSMIT, rig.run(packetTo("2001:db8:6:0::9"), 1));
        assertEquals(2, rig.ctx.egressPort(), "batched route into the tunnel");
        assertEquals(Verdict.TRANSMIT, rig.run(packetTo("2001:db8:6:63::9"), 1));
        assertEquals(2, rig.ctx.egressPort());
        assertEquals(Verdict.TRANSMIT, rig.run(packetTo("2001:db8:6:28::9"), 1));
        assertEquals(1, rig.ctx.egressPort(), "entry 40 (0x28) was refused: default route");
        assertEquals(Verdict.TRANSMIT, rig.run(packetTo("2001:db8:6:1::9"), 1));
        assertEquals(1, rig.ctx.egressPort(), "entry 1 removed by the batch's last entry");
        assertEquals(1, counters.errors(), "only the unknown tunnel refused");
    }

    @Test
    void shouldShareNextHopsBetweenRoutesAndFreeThemWithTheLastRoute()
    {
        programSnapshot(true);
        ok(client.addRoute(RouteTable.DESTINATION, hi("2001:db8:5::"), lo("2001:db8:5::"), 48,
            RouteAction.FORWARD, 1, 0, hi(GW), lo(GW)));
        ok(client.removeRoute(RouteTable.DESTINATION, 0, 0, 0));
        assertEquals(Verdict.TRANSMIT, rig.run(packetTo("2001:db8:5::1"), 1), "the shared next hop survives");
        assertEquals(Rig.GW_MAC, Frames.mac(rig.output(), 0));
        ok(client.removeRoute(RouteTable.DESTINATION, hi("2001:db8:5::"), lo("2001:db8:5::"), 48));
        assertEquals(Verdict.DROP, rig.run(packetTo("2001:db8:5::1"), 1), "no route left");
        assertTrue(!rig.tables.nextHops().isPresent(0), "next hop freed with its last route");
    }

    @Test
    void shouldInjectFramesToTheNamedPort()
    {
        final byte[] frame = packetTo(CN);
        assertTrue(client.inject(1, new UnsafeBuffer(frame), 0, frame.length));
        final Map<Integer, byte[]> injected = new ConcurrentHashMap<>();
        final long deadline = System.nanoTime() + TIMEOUT_NS;
        while (injected.isEmpty() && System.nanoTime() < deadline)
        {
            client.poll();
            // As a worker does: drain the queue, the message type is the egress port.
            injectQueue.drain((msgTypeId, buffer, index, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(index, copy);
                injected.put(InjectQueue.portOf(msgTypeId), copy);
            }, 8);
        }
        assertArrayEquals(frame, injected.get(1));
    }
}
