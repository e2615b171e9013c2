package net.dmmgw.ipc;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.aeron.ExclusivePublication;
import net.dmmgw.ipc.sbe.AckBatchEncoder;
import net.dmmgw.ipc.sbe.AckResult;
import net.dmmgw.ipc.sbe.MessageHeaderEncoder;
import net.dmmgw.ipc.sbe.RouteAction;
import net.dmmgw.ipc.sbe.RouteBatchEncoder;
import net.dmmgw.ipc.sbe.RouteOperation;
import net.dmmgw.ipc.sbe.RouteTable;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batching on the seam: {@link DataPlaneClient#coalesceRoutes} packs route adds and removes into
 * {@code RouteBatch} messages; the {@link StateAgent} applies and acknowledges every entry on its
 * own, gathers OK acks into {@code AckBatch} ranges, and refuses a batch whose group does not fit.
 */
class RouteBatchTest extends SeamTestBase
{
    private static final long BASE = 0x2001_0db8_0100_0000L;
    private static final long NEVER_ADDED = 0x2001_0db8_ffff_0000L;

    private static String route(final long hi, final int length)
    {
        return "route DESTINATION " + Ipv6Words.text(hi, 0) + "/" + length;
    }

    private long add(final long hi, final int length, final RouteAction action, final int tunnelId)
    {
        final long id = client.addRoute(RouteTable.DESTINATION, hi, 0, length, action, 0, tunnelId, 0, 0);
        assertTrue(id > 0, "route add accepted into the batch");
        return id;
    }

    private void awaitAcks(final List<Long> ids)
    {
        awaitCondition(() -> ids.stream().allMatch(acks::containsKey), ids.size() + " acks");
    }

    @ParameterizedTest
    @ValueSource(strings = { "aeron:ipc", "aeron:udp" })
    void shouldApplyAndAcknowledgeEveryEntryOfABatchOnItsOwn(final String channel) throws Exception
    {
        start(channel);
        assertEquals(AckResult.OK, await(addTunnel(7)));
        client.coalesceRoutes(64);
        final List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++)
        {
            final long hi = BASE + ((long)i << 16);
            ids.add(i == 50 ? add(hi, 129, RouteAction.DROP, 0) :
                i == 120 ? add(hi, 48, RouteAction.TUNNEL, 99) :
                i == 150 ? add(hi, 48, RouteAction.TUNNEL, 7) : add(hi, 48, RouteAction.DROP, 0));
        }
        for (int i = 0; i < 100; i += 2)
        {
            ids.add(client.removeRoute(RouteTable.DESTINATION, BASE + ((long)i << 16), 0, 48));
        }
        ids.add(client.removeRoute(RouteTable.DESTINATION, NEVER_ADDED, 0, 48));
        assertEquals(251 - 3 * 64, client.pendingRoutes(), "full batches went out, the rest waits for the duty cycle");
        awaitAcks(ids);

        assertEquals("INVALID_ARGUMENT prefix length above 128", acks.get(ids.get(50)));
        assertEquals("UNKNOWN_TUNNEL unknown tunnel 99", acks.get(ids.get(120)));
        // Removes: entry 225 is the /48 of the invalid add (never added), 250 was never added either.
        assertEquals("NOT_FOUND", acks.get(ids.get(225)).split(" ")[0]);
        assertEquals("NOT_FOUND", acks.get(ids.get(250)).split(" ")[0]);
        for (int i = 0; i < 250; i++)
        {
            if (i != 50 && i != 120 && i != 225)
            {
                assertEquals("OK", acks.get(ids.get(i)), "entry " + i);
            }
        }
        assertNull(applier.entries.get(route(BASE + (50L << 16), 129)), "the invalid entry changed nothing");
        assertNull(applier.entries.get(route(BASE + (120L << 16), 48)), "the refused entry changed nothing");
        assertEquals("TUNNEL port=0 tunnel=7 via=0:0:0:0:0:0:0:0", applier.entries.get(route(BASE + (150L << 16), 48)).value());
        assertNull(applier.entries.get(route(BASE, 48)), "removed in a later batch");
        assertTrue(applier.entries.containsKey(route(BASE + (51L << 16), 48)), "odd routes below 100 stay");
        assertEquals(1 + 198 - 49, applier.entries.size(), "the tunnel and the routes left");
        assertEquals(1 + 198 + 49, counters.applied(), "tunnel, adds and removes applied");
        assertTrue(counters.received() < 30, "four batches, not 251 messages: " + counters.received());

        // Acks come back in the order the entries were applied.
        long previous = 0;
        for (final String event : events)
        {
            if (event.startsWith("ack "))
            {
                final long id = Long.parseLong(event.split(" ")[1]);
                assertTrue(id > previous, "ack " + id + " after " + previous);
                previous = id;
            }
        }
    }

    @Test
    void shouldSendAPendingBatchBeforeAnyOtherMessage() throws Exception
    {
        start("aeron:ipc");
        client.coalesceRoutes(64);
        final long route = add(BASE, 48, RouteAction.TUNNEL, 9);
        assertEquals(1, client.pendingRoutes());
        // The tunnel is set after the route in call order: the route must find no tunnel.
        assertEquals(AckResult.OK, await(addTunnel(9)));
        awaitAcks(List.of(route));
        assertEquals("UNKNOWN_TUNNEL unknown tunnel 9", acks.get(route));
        assertEquals(0, client.pendingRoutes());
    }

    @Test
    void shouldKeepEpochAndSnapshotRulesForBatchedEntries() throws Exception
    {
        start("aeron:ipc");
        client.coalesceRoutes(16);
        client.epoch(1);
        assertEquals(AckResult.OK, await(client.beginSnapshot()));
        final List<Long> first = List.of(add(BASE, 48, RouteAction.DROP, 0), add(BASE + (1L << 16), 48, RouteAction.DROP, 0));
        assertEquals(AckResult.OK, await(client.endSnapshot(2)));
        awaitAcks(first);

        client.epoch(2);
        assertEquals(AckResult.OK, await(client.beginSnapshot()));
        final List<Long> second = List.of(add(BASE, 48, RouteAction.DROP, 0));
        assertEquals(AckResult.OK, await(client.endSnapshot(1)));
        awaitAcks(second);
        assertEquals("OK", acks.get(second.get(0)));
        assertEquals(2, agent.epoch());
        assertEquals(1, counters.staleRemoved(), "the route the new epoch did not send again is swept");
        assertNull(applier.entries.get(route(BASE + (1L << 16), 48)));
        assertEquals(2, applier.entries.get(route(BASE, 48)).epoch());

        // A batch of an older epoch: its adds are refused, its removes apply (as RouteRemove).
        client.epoch(1);
        final long stale = add(BASE + (2L << 16), 48, RouteAction.DROP, 0);
        final long remove = client.removeRoute(RouteTable.DESTINATION, BASE, 0, 48);
        awaitAcks(List.of(stale, remove));
        assertEquals("STALE_EPOCH epoch older than the current one", acks.get(stale));
        assertEquals("OK", acks.get(remove));
        assertTrue(applier.entries.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = { "aeron:ipc", "aeron:udp" })
    void shouldRefuseHostileBatchesWithoutApplyingHalfOfThem(final String channel) throws Exception
    {
        start(channel);
        final ExclusivePublication raw = aeron.addExclusivePublication(
            configuration.toDataPlaneChannel(), configuration.toDataPlaneStream());
        closeables.add(raw);
        awaitCondition(raw::isConnected, "raw publication connected");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final RouteBatchEncoder batch = new RouteBatchEncoder();
        final int entry = RouteBatchEncoder.EntriesEncoder.sbeBlockLength();
        final int groupAt = MessageHeaderEncoder.ENCODED_LENGTH + RouteBatchEncoder.BLOCK_LENGTH;
        final int entriesAt = groupAt + RouteBatchEncoder.EntriesEncoder.HEADER_SIZE;

        // No group header at all.
        batch.wrapAndApplyHeader(buffer, 0, header).epoch(1);
        offer(raw, buffer, groupAt);
        // A count of 5 with 2 entries in the message.
        fill(batch.wrapAndApplyHeader(buffer, 0, header).epoch(1).entriesCount(5), 1001, 5);
        offer(raw, buffer, entriesAt + 2 * entry);
        // A group cut in its third entry (the id is there, the addresses are not).
        fill(batch.wrapAndApplyHeader(buffer, 0, header).epoch(1).entriesCount(3), 1011, 3);
        offer(raw, buffer, entriesAt + 3 * entry - 20);
        // Entries shorter than the fixed part.
        fill(batch.wrapAndApplyHeader(buffer, 0, header).epoch(1).entriesCount(2), 1021, 2);
        buffer.putShort(groupAt, (short)8, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(entriesAt, 1021, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(entriesAt + 8, 1022, ByteOrder.LITTLE_ENDIAN);
        offer(raw, buffer, entriesAt + 16);
        // Out-of-range values in single entries among good ones.
        fill(batch.wrapAndApplyHeader(buffer, 0, header).epoch(1).entriesCount(6), 1031, 6);
        buffer.putByte(entriesAt + entry + RouteBatchEncoder.EntriesEncoder.tableEncodingOffset(), (byte)77);
        buffer.putByte(entriesAt + 2 * entry + RouteBatchEncoder.EntriesEncoder.operationEncodingOffset(), (byte)9);
        buffer.putByte(entriesAt + 3 * entry + RouteBatchEncoder.EntriesEncoder.prefixLengthEncodingOffset(), (byte)200);
        buffer.putByte(entriesAt + 4 * entry + RouteBatchEncoder.EntriesEncoder.actionEncodingOffset(), (byte)99);
        offer(raw, buffer, entriesAt + 6 * entry);
        // Random bodies behind a RouteBatch header.
        final Random random = new Random(11);
        for (int i = 0; i < 300; i++)
        {
            final byte[] junk = new byte[random.nextInt(400)];
            random.nextBytes(junk);
            batch.wrapAndApplyHeader(buffer, 0, header);
            buffer.putBytes(MessageHeaderEncoder.ENCODED_LENGTH, junk);
            if (junk.length >= 12)
            {
                buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH, 0); // epoch 0: what is valid may apply
            }
            offer(raw, buffer, MessageHeaderEncoder.ENCODED_LENGTH + junk.length);
        }

        awaitCondition(() -> counters.received() >= 305, "all hostile batches received");
        assertEquals(AckResult.OK, await(addTunnel(1)), "the agent still works after hostile batches");
        assertTrue(events.contains("ack -1 MALFORMED route batch without its group header"), () -> "events: " + events);
        for (final long id : new long[]{ 1001, 1002, 1011, 1012, 1013 })
        {
            assertTrue(events.contains("ack " + id + " MALFORMED route batch entries run past the message"), "ack " + id);
        }
        for (final long id : new long[]{ 1003, 1004, 1005 })
        {
            assertFalse(events.stream().anyMatch(e -> e.startsWith("ack " + id + " ")), "no entry " + id + " in the message");
        }
        assertTrue(events.contains("ack 1021 MALFORMED route batch entry shorter than its fixed part"));
        assertTrue(events.contains("ack 1022 MALFORMED route batch entry shorter than its fixed part"));
        assertTrue(events.contains("ack 1032 INVALID_ARGUMENT route table"));
        assertTrue(events.contains("ack 1033 INVALID_ARGUMENT route operation"));
        assertTrue(events.contains("ack 1034 INVALID_ARGUMENT prefix length above 128"));
        assertTrue(events.contains("ack 1035 INVALID_ARGUMENT route action"));
        for (int i = 0; i < 6; i++)
        {
            final String key = route(BASE + ((1031L + i) << 16), 48);
            assertEquals(i == 0 || i == 5, applier.entries.containsKey(key), "only the good entries applied: " + key);
        }
        for (int i = 0; i < 5; i++)
        {
            for (final long first : new long[]{ 1001, 1011 })
            {
                assertFalse(applier.entries.containsKey(route(BASE + ((first + i) << 16), 48)), "refused batch applied nothing");
            }
        }
        assertTrue(counters.malformed() >= 4);
    }

    /** Fills {@code count} valid DROP route adds, ids from {@code firstId}, prefix from the id. */
    private static void fill(final RouteBatchEncoder.EntriesEncoder entries, final long firstId, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final long id = firstId + i;
            entries.next().correlationId(id).operation(RouteOperation.ADD).table(RouteTable.DESTINATION)
                .action(RouteAction.DROP).prefixLength((short)48).port(0).tunnelId(0);
            for (int octet = 0; octet < 16; octet++)
            {
                entries.network(octet, (short)(octet < 8 ? (BASE + (id << 16)) >>> (56 - 8 * octet) & 0xFF : 0));
                entries.nextHop(octet, (short)0);
            }
        }
    }

    @Test
    void shouldDeliverOnlyIdsItIssuedFromAnAckBatch() throws Exception
    {
        start("aeron:ipc");
        client.coalesceRoutes(8);
        final List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++)
        {
            ids.add(add(BASE + ((long)i << 16), 48, RouteAction.DROP, 0));
        }
        awaitAcks(ids);
        final long received = client.acksReceived();

        // A corrupt data plane acks four billion ids, and claims more ranges than it sends.
        final ExclusivePublication raw = aeron.addExclusivePublication(
            configuration.toControlChannel(), configuration.toControlStream());
        closeables.add(raw);
        awaitCondition(raw::isConnected, "raw publication to control connected");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final AckBatchEncoder batch = new AckBatchEncoder();
        batch.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).okCount(0xFFFF_FFFFL).okRangesCount(1).next()
            .firstCorrelationId(1).length(0xFFFF_FFFFL);
        offer(raw, buffer, MessageHeaderEncoder.ENCODED_LENGTH + batch.encodedLength());
        batch.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).okCount(1).okRangesCount(1).next()
            .firstCorrelationId(5).length(1);
        buffer.putShort(MessageHeaderEncoder.ENCODED_LENGTH + AckBatchEncoder.BLOCK_LENGTH + 2, (short)900,
            ByteOrder.LITTLE_ENDIAN);
        offer(raw, buffer, MessageHeaderEncoder.ENCODED_LENGTH + batch.encodedLength());
        awaitCondition(() -> client.acksReceived() >= received + 20, "the corrupt range delivered");
        final long deadline = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < deadline)
        {
            client.poll();
        }
        assertEquals(received + 20, client.acksReceived(), "only the 20 ids issued, the impossible group ignored");
    }

    @ParameterizedTest
    @ValueSource(strings = { "aeron:ipc", "aeron:udp" })
    void shouldNotAllocatePerUpdateOnEitherSide(final String channel) throws Exception
    {
        final CountingStateApplier counting = new CountingStateApplier();
        agentApplier = counting;
        agentOnTestThread = true;
        recordEvents = false;
        start(channel);
        client.coalesceRoutes(256);
        // Warm-up: the JIT (C2 recompiles the loop more than once in the first ~2 M updates) and the
        // fragment assemblers' buffers, which grow once to the largest batch.
        stream(1_000_000);
        stream(1_000_000);
        final var threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        // Windows of 500 000 updates until one allocates (almost) nothing: a late JIT recompilation can allocate a
        // few KiB once; an allocation per update would show as megabytes in every window.
        final long[] windows = new long[5];
        int measured = 0;
        long allocated = Long.MAX_VALUE;
        while (measured < windows.length && allocated >= 4096)
        {
            final long routesBefore = counting.routesAdded + counting.routesRemoved;
            final long before = threads.getCurrentThreadAllocatedBytes();
            final long acked = stream(500_000);
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
            windows[measured++] = allocated;
            assertEquals(500_000, acked);
            assertEquals(routesBefore + 500_000, counting.routesAdded + counting.routesRemoved);
        }
        System.out.printf("%s: windows of 500 000 route updates batched, applied and acked on one thread, bytes "
            + "allocated per window %s%n", channel, java.util.Arrays.toString(java.util.Arrays.copyOf(windows, measured)));
        assertTrue(allocated < 4096, "steady-state allocation must be zero (JIT noise only): " +
            java.util.Arrays.toString(windows));
    }

    /** Streams adds and removes with up to 4 096 outstanding, client and agent on this thread. */
    private long stream(final int updates)
    {
        final long start = okAcks;
        final long deadline = System.nanoTime() + TIMEOUT_NS * 6;
        int sent = 0;
        while (okAcks - start < updates && System.nanoTime() < deadline)
        {
            while (sent < updates && sent - (okAcks - start) < 4096)
            {
                final long hi = BASE + ((long)(sent >> 1 & 0xFFFF) << 16);
                final long id = (sent & 1) == 0 ?
                    client.addRoute(RouteTable.DESTINATION, hi, 0, 48, RouteAction.DROP, 0, 0, 0, 0) :
                    client.removeRoute(RouteTable.DESTINATION, hi, 0, 48);
                if (id == DataPlaneClient.NOT_SENT)
                {
                    break;
                }
                sent++;
            }
            client.poll();
            agent.doWork();
        }
        return okAcks - start;
    }
}
