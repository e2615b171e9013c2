package net.dmmgw.ipc;

import io.aeron.ExclusivePublication;
import net.dmmgw.ipc.sbe.AckResult;
import net.dmmgw.ipc.sbe.AddressKind;
import net.dmmgw.ipc.sbe.FlowLabelPolicy;
import net.dmmgw.ipc.sbe.IngressFilter;
import net.dmmgw.ipc.sbe.MessageHeaderEncoder;
import net.dmmgw.ipc.sbe.PuntReason;
import net.dmmgw.ipc.sbe.RouteAction;
import net.dmmgw.ipc.sbe.RouteAddEncoder;
import net.dmmgw.ipc.sbe.RouteTable;
import net.dmmgw.ipc.sbe.TrafficClassPolicy;
import net.dmmgw.ipc.sbe.TunnelSetEncoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The seam with a real media driver: a {@link DataPlaneClient} programs a {@link StateAgent}
 * running on its own thread, over {@code aeron:ipc} and {@code aeron:udp} on loopback.
 */
class StateAgentTest extends SeamTestBase
{
    @ParameterizedTest
    @ValueSource(strings = { "aeron:ipc", "aeron:udp" })
    void shouldApplyEveryKindOfStateAndAcknowledgeIt(final String channel) throws Exception
    {
        start(channel);
        assertEquals(AckResult.OK, await(addTunnel(7)));
        assertEquals(AckResult.OK, await(client.addRoute(RouteTable.SOURCE, Ipv6Words.hi(MN_PREFIX), Ipv6Words.lo(MN_PREFIX),
            64, RouteAction.TUNNEL, 0, 7, 0, 0)));
        assertEquals(AckResult.OK, await(client.setNeighbour(1, Ipv6Words.hi(PEER), Ipv6Words.lo(PEER),
            Ipv6Words.mac("02:aa:bb:cc:dd:ee"))));
        assertEquals(AckResult.OK, await(client.addOwnAddress(AddressKind.TUNNEL_ENDPOINT, Ipv6Words.hi(LOCAL),
            Ipv6Words.lo(LOCAL))));
        assertEquals(AckResult.OK, await(client.setDlif(3, 0, Ipv6Words.hi(MN_PREFIX), Ipv6Words.lo(MN_PREFIX), 64,
            Ipv6Words.hi("fe80::1"), Ipv6Words.lo("fe80::1"), Ipv6Words.mac("02:00:00:00:01:03"))));

        assertEquals("2001:db8:ffff:0:0:0:0:1->2001:db8:ffff:0:0:0:0:2 port=1 mtu=1500 hl=64 tc=COPY:0 fl=DERIVE:0 mac=20000000002 filter=STRICT",
            applier.entries.get("tunnel 7").value());
        assertEquals("TUNNEL port=0 tunnel=7 via=0:0:0:0:0:0:0:0",
            applier.entries.get("route SOURCE 2001:db8:1:2:0:0:0:0/64").value());
        assertEquals("2aabbccddee", applier.entries.get("neighbour 1 2001:db8:ffff:0:0:0:0:2").value());
        assertTrue(applier.entries.containsKey("own TUNNEL_ENDPOINT 2001:db8:ffff:0:0:0:0:1"));
        assertEquals("port=0 2001:db8:1:2:0:0:0:0/64 ll=fe80:0:0:0:0:0:0:1 mac=20000000103",
            applier.entries.get("dlif 3").value());

        assertEquals(AckResult.OK, await(client.removeRoute(RouteTable.SOURCE, Ipv6Words.hi(MN_PREFIX),
            Ipv6Words.lo(MN_PREFIX), 64)));
        assertEquals(AckResult.OK, await(client.removeTunnel(7)));
        assertEquals(AckResult.NOT_FOUND, await(client.removeTunnel(7)));
        assertEquals(7, counters.applied(), "five adds and two removes applied OK");
    }

    @Test
    void shouldRefuseInvalidMessagesWithAReasonAndChangeNothing() throws Exception
    {
        start("aeron:ipc");
        assertEquals(AckResult.INVALID_ARGUMENT, await(client.addRoute(RouteTable.DESTINATION, 0, 0, 129,
            RouteAction.DROP, 0, 0, 0, 0)));
        assertEquals("prefix length above 128", client.lastAckReason());
        assertEquals(AckResult.UNKNOWN_TUNNEL, await(client.addRoute(RouteTable.DESTINATION, 0, 0, 0,
            RouteAction.TUNNEL, 0, 99, 0, 0)));
        assertEquals("unknown tunnel 99", client.lastAckReason());
        assertEquals(AckResult.INVALID_ARGUMENT, await(client.setTunnel(1, 1, 1000, 64, TrafficClassPolicy.COPY, 0,
            FlowLabelPolicy.DERIVE, 0, 0, 0, 0, 0, 0)));
        assertEquals("tunnel MTU below the IPv6 minimum of 1280", client.lastAckReason());
        assertTrue(applier.entries.isEmpty());
        assertEquals(3, counters.errors());
    }

    @Test
    void shouldSurviveHostileEncodings() throws Exception
    {
        start("aeron:ipc");
        final ExclusivePublication raw = rawPublication();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final RouteAddEncoder routeAdd = new RouteAddEncoder();

        // A header alone, shorter than any message.
        offer(raw, buffer, 3);
        // A RouteAdd cut short after its correlation id.
        routeAdd.wrapAndApplyHeader(buffer, 0, header).correlationId(900);
        offer(raw, buffer, MessageHeaderEncoder.ENCODED_LENGTH + 8);
        // An unknown template.
        header.wrap(buffer, 0).blockLength(8).templateId(999).schemaId(RouteAddEncoder.SCHEMA_ID).version(1);
        buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH, 901, java.nio.ByteOrder.LITTLE_ENDIAN);
        offer(raw, buffer, MessageHeaderEncoder.ENCODED_LENGTH + 8);
        // A RouteAdd whose table octet is out of range.
        routeAdd.wrapAndApplyHeader(buffer, 0, header).correlationId(902).prefixLength((short)64);
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + RouteAddEncoder.tableEncodingOffset(), (byte)77);
        offer(raw, buffer, MessageHeaderEncoder.ENCODED_LENGTH + RouteAddEncoder.BLOCK_LENGTH);
        // A block length claiming more than the message holds.
        header.wrap(buffer, 0).blockLength(200).templateId(RouteAddEncoder.TEMPLATE_ID);
        offer(raw, buffer, MessageHeaderEncoder.ENCODED_LENGTH + RouteAddEncoder.BLOCK_LENGTH);
        // Random garbage with a valid schema id in the header.
        final java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 500; i++)
        {
            final byte[] junk = new byte[1 + random.nextInt(120)];
            random.nextBytes(junk);
            buffer.putBytes(0, junk);
            if (junk.length >= 8 && random.nextBoolean())
            {
                buffer.putShort(4, (short)RouteAddEncoder.SCHEMA_ID, java.nio.ByteOrder.LITTLE_ENDIAN);
                buffer.putShort(2, (short)(1 + random.nextInt(13)), java.nio.ByteOrder.LITTLE_ENDIAN);
            }
            offer(raw, buffer, junk.length);
        }

        awaitCondition(() -> counters.received() >= 505, "all hostile messages received");
        assertEquals(AckResult.OK, await(addTunnel(1)), "the agent still works after hostile input");
        assertTrue(events.contains("ack 900 MALFORMED message shorter than its block length"), () -> "events: " + events.size());
        assertTrue(events.contains("ack 901 UNSUPPORTED unknown template id"), () -> "events: " + events.size());
        assertTrue(events.contains("ack 902 INVALID_ARGUMENT route table"), () -> "events: " + events.size());
        assertTrue(counters.malformed() >= 4);
    }

    @Test
    void shouldCarryTheIngressFilterAndTreatAVersionOneTunnelSetAsStrict() throws Exception
    {
        start("aeron:ipc");
        assertEquals(AckResult.OK, await(client.setTunnel(8, 1, 1500, 64, TrafficClassPolicy.COPY, 0,
            FlowLabelPolicy.DERIVE, 0, Ipv6Words.hi(LOCAL), Ipv6Words.lo(LOCAL), Ipv6Words.hi(PEER),
            Ipv6Words.lo(PEER), Ipv6Words.mac("02:00:00:00:00:02"), IngressFilter.OUTER_ONLY)));
        assertTrue(applier.entries.get("tunnel 8").value().endsWith(" filter=OUTER_ONLY"),
            () -> applier.entries.get("tunnel 8").value());

        final ExclusivePublication raw = rawPublication();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final TunnelSetEncoder tunnelSet = new TunnelSetEncoder();
        final int versionOneBlock = TunnelSetEncoder.ingressFilterEncodingOffset();

        // A version 1 sender: its block ends before the filter (the octet after it is garbage, not a field).
        tunnelSet.wrapAndApplyHeader(buffer, 0, header).correlationId(950).epoch(client.epoch()).tunnelId(9).egressPort(1).mtu(1500)
            .hopLimit((short)64).trafficClassPolicy(TrafficClassPolicy.COPY).flowLabelPolicy(FlowLabelPolicy.DERIVE)
            .ingressFilter(IngressFilter.OUTER_ONLY);
        header.wrap(buffer, 0).blockLength(versionOneBlock).version(1);
        offer(raw, buffer, MessageHeaderEncoder.ENCODED_LENGTH + versionOneBlock + 1);
        // Version 2 with a filter value nobody defined.
        tunnelSet.wrapAndApplyHeader(buffer, 0, header).correlationId(951).epoch(client.epoch()).tunnelId(10).egressPort(1).mtu(1500)
            .hopLimit((short)64).trafficClassPolicy(TrafficClassPolicy.COPY).flowLabelPolicy(FlowLabelPolicy.DERIVE);
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + versionOneBlock, (byte)9);
        offer(raw, buffer, MessageHeaderEncoder.ENCODED_LENGTH + TunnelSetEncoder.BLOCK_LENGTH);
        // A block one octet short of version 1's: malformed.
        header.wrap(buffer, 0).blockLength(versionOneBlock - 1);
        buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH, 952, java.nio.ByteOrder.LITTLE_ENDIAN);
        offer(raw, buffer, MessageHeaderEncoder.ENCODED_LENGTH + versionOneBlock - 1);

        awaitCondition(() -> events.contains("ack 952 MALFORMED block length below this message's fixed part"),
            "the three raw TunnelSets answered");
        assertTrue(events.stream().anyMatch(e -> e.startsWith("ack 950 OK")),
            () -> "events: " + events);
        assertTrue(applier.entries.get("tunnel 9").value().endsWith(" filter=STRICT"),
            () -> applier.entries.get("tunnel 9").value());
        assertTrue(events.contains("ack 951 INVALID_ARGUMENT ingress filter"), () -> "events: " + events);
        assertNull(applier.entries.get("tunnel 10"));
    }

    /** A publication to the agent that bypasses the client, for encodings the client would never send. */
    private ExclusivePublication rawPublication()
    {
        final ExclusivePublication raw = aeron.addExclusivePublication(
            configuration.toDataPlaneChannel(), configuration.toDataPlaneStream());
        closeables.add(raw);
        awaitCondition(raw::isConnected, "raw publication connected");
        return raw;
    }

    @Test
    void shouldCarryPuntsByteIdenticalAndInjectsToTheApplier() throws Exception
    {
        start("aeron:ipc");
        final byte[] frame = new byte[1514];
        new java.util.Random(3).nextBytes(frame);
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined())
        {
            final java.lang.foreign.MemorySegment native_ = arena.allocate(frame.length);
            native_.copyFrom(java.lang.foreign.MemorySegment.ofArray(frame));
            assertTrue(puntRing.offer(2, PuntReason.MOBILITY_HEADER.value(), native_.address(), frame.length));
        }
        awaitCondition(() -> !punts.isEmpty(), "punt delivered");
        assertArrayEquals(frame, punts.get(0));
        assertTrue(events.contains("punt 2 MOBILITY_HEADER"));

        assertTrue(client.inject(3, new UnsafeBuffer(frame), 0, frame.length));
        awaitCondition(() -> applier.injected.containsKey(3), "inject applied");
        assertArrayEquals(frame, applier.injected.get(3));
        assertEquals(1, counters.injected());
    }

    @Test
    void shouldDropPuntsWhenTheRingIsFullWithoutBlocking()
    {
        final PuntRing ring = new PuntRing(16 * 1024);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[1000]);
        int queued = 0;
        for (int i = 0; i < 30; i++)
        {
            queued += ring.offer(0, 0, frame, 0, 1000) ? 1 : 0;
        }
        assertTrue(queued >= 10 && queued < 30, "queued " + queued);
        assertEquals(30 - queued, ring.dropped());
        assertEquals(false, ring.offer(0, 0, new UnsafeBuffer(new byte[8192]), 0, 8192), "longer than a record");
        assertEquals(31 - queued, ring.dropped());
    }

    @Test
    void shouldAskForResyncThenReconcileToTheNewEpoch() throws Exception
    {
        start("aeron:ipc");
        awaitCondition(() -> events.stream().anyMatch(e -> e.startsWith("resync 42 0")), "resync request at start");

        // Epoch 1: a full snapshot of two routes and a tunnel.
        client.epoch(1);
        assertEquals(AckResult.OK, await(client.beginSnapshot()));
        assertEquals(AckResult.OK, await(addTunnel(5)));
        assertEquals(AckResult.OK, await(client.addRoute(RouteTable.DESTINATION, Ipv6Words.hi("2001:db8:a::"),
            Ipv6Words.lo("2001:db8:a::"), 48, RouteAction.TUNNEL, 0, 5, 0, 0)));
        assertEquals(AckResult.OK, await(client.addRoute(RouteTable.DESTINATION, Ipv6Words.hi("2001:db8:b::"),
            Ipv6Words.lo("2001:db8:b::"), 48, RouteAction.TUNNEL, 0, 5, 0, 0)));
        assertEquals(AckResult.OK, await(client.endSnapshot(3)));
        assertEquals(1, agent.epoch());
        final long resyncs = counters.resyncRequests();

        // A control restart: epoch 2 resends only the tunnel and one route.
        client.epoch(2);
        awaitCondition(() -> counters.resyncRequests() > resyncs, "resync asked when control announces a newer epoch");
        assertEquals(AckResult.OK, await(client.beginSnapshot()));
        assertEquals(AckResult.OK, await(addTunnel(5)));
        assertEquals(AckResult.OK, await(client.addRoute(RouteTable.DESTINATION, Ipv6Words.hi("2001:db8:a::"),
            Ipv6Words.lo("2001:db8:a::"), 48, RouteAction.TUNNEL, 0, 5, 0, 0)));
        assertEquals(AckResult.OK, await(client.endSnapshot(2)));
        assertEquals(2, agent.epoch());
        assertTrue(applier.entries.containsKey("route DESTINATION 2001:db8:a:0:0:0:0:0/48"));
        assertTrue(!applier.entries.containsKey("route DESTINATION 2001:db8:b:0:0:0:0:0/48"), "stale route removed");
        assertEquals(1, counters.staleRemoved());

        // A message of the old epoch is refused.
        client.epoch(1);
        assertEquals(AckResult.STALE_EPOCH, await(addTunnel(6)));
        assertNull(applier.entries.get("tunnel 6"));
    }

    @Test
    void shouldAbandonASnapshotThatNeverEndsAndAskAgain() throws Exception
    {
        start("aeron:ipc");
        client.epoch(1);
        assertEquals(AckResult.OK, await(client.beginSnapshot()));
        final long resyncs = counters.resyncRequests();
        // Control stays alive (heartbeats) but never ends the snapshot: the agent gives up on it.
        awaitCondition(() -> counters.snapshotsAbandoned() == 1 && counters.resyncRequests() > resyncs,
            "snapshot abandoned and resync asked again");
        assertEquals(0, counters.staleRemoved(), "an abandoned snapshot removes nothing");

        // A newer control epoch while a snapshot is open abandons it at once.
        assertEquals(AckResult.OK, await(client.beginSnapshot()));
        client.epoch(2);
        awaitCondition(() -> counters.snapshotsAbandoned() == 2, "open snapshot abandoned for a newer epoch");
        assertEquals(AckResult.OK, await(client.beginSnapshot()));
        assertEquals(AckResult.OK, await(addTunnel(3)));
        assertEquals(AckResult.OK, await(client.endSnapshot(1)));
        assertEquals(2, agent.epoch());
    }

    @Test
    void shouldTrackControlLivenessByHeartbeat() throws Exception
    {
        start("aeron:ipc");
        awaitCondition(() -> counters.controlAlive() == 1, "control seen alive");
        awaitCondition(() -> client.isDataPlaneAlive(), "data plane seen alive");
        final long deadline = System.nanoTime() + TIMEOUT_NS;
        // Stop polling the client: no more control heartbeats, and the data plane notices.
        while (counters.controlAlive() != 0)
        {
            if (System.nanoTime() > deadline)
            {
                fail("control never declared gone");
            }
            Thread.onSpinWait();
        }
        assertTrue(counters.heartbeatsReceived() > 0);
    }
}
