package net.dmmgw.fastpath.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-packet side of {@link TunnelTable}: the control word and the Ethernet + outer IPv6 header
 * template the writer prepares, and their consistency with the configuration and the port's MAC.
 */
class TunnelTableTest
{
    private static final Ipv6Address LOCAL = Ipv6Address.parse("2001:db8:f::1");
    private static final Ipv6Address REMOTE = Ipv6Address.parse("2001:db8:f::2");
    private static final Ipv6Address OTHER_REMOTE = Ipv6Address.parse("2001:db8:f::3");
    private static final long PORT_MAC = 0x02_00_00_00_00_11L;
    private static final long PEER_MAC = 0x02_00_00_00_00_f2L;
    private static final byte GUARD = (byte)0xA5;

    private final FastPathTables tables = new FastPathTables(new FastPathTables.Limits(4, 4, 4, 3, 3, 2, 4));
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buffer = arena.allocate(80);

    @AfterEach
    void close()
    {
        arena.close();
    }

    private void configure()
    {
        assertEquals(UpdateResult.OK, tables.configurePort(1, PortRole.CORE, PORT_MAC, Ipv6Address.parse("2001:db8:c::1")));
        assertEquals(UpdateResult.OK, tables.addTunnelEndpoint(LOCAL));
    }

    /** Copies the template to octet 8 of a guarded buffer in one read section; returns the 54 octets. */
    private byte[] copy(final int id, final int expectedPort)
    {
        return copy(tables, id, expectedPort, -1, 0);
    }

    /** As {@link #copy(int, int)} with the first word given (-1: the control word's) and payload length. */
    private byte[] copy(final FastPathTables from, final int id, final int expectedPort, final int firstWord, final int length)
    {
        buffer.fill(GUARD);
        final TunnelTable tunnels = from.tunnels();
        final int seq = tunnels.readStart(id);
        final long control = tunnels.readControl(id, seq);
        final int word = firstWord == -1 ? TunnelTable.firstWord(control) : firstWord;
        assertEquals(expectedPort, tunnels.readHeaders(id, buffer.address() + 8, word, length));
        assertTrue(tunnels.readEnd(id, seq), "no writer in between");
        for (int i = 0; i < 8; i++)
        {
            assertEquals(GUARD, buffer.get(ValueLayout.JAVA_BYTE, i), "nothing written before the frame");
        }
        for (int i = 8 + TunnelTable.TEMPLATE_LENGTH; i < 80; i++)
        {
            assertEquals(GUARD, buffer.get(ValueLayout.JAVA_BYTE, i), "nothing written past octet 54");
        }
        return buffer.asSlice(8, TunnelTable.TEMPLATE_LENGTH).toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void shouldPrepareControlWordAndHeaderTemplateFromTheConfiguration()
    {
        configure();
        assertEquals(UpdateResult.OK, tables.addTunnel(2, TunnelConfig.of(LOCAL, REMOTE, 1, PEER_MAC, 1400)
            .withFixedTrafficClass(0x2C).withFlowLabel(TunnelConfig.FlowLabelPolicy.FIXED, 0xABCDE).withHopLimit(9)
            .withEncapsulationLimit(3)));
        final long control = tables.tunnels().control(2);
        assertEquals(0x62CA_BCDE, TunnelTable.firstWord(control));
        assertEquals(1400, TunnelTable.mtu(control));
        assertEquals(3, TunnelTable.encapsulationLimit(control));
        assertFalse(TunnelTable.copiesTrafficClass(control));
        assertFalse(TunnelTable.copiesFlowLabel(control));
        assertFalse(TunnelTable.derivesFlowLabel(control));
        assertTrue(TunnelTable.strictIngressFilter(control));
        assertArrayEquals(HexFormat.of().parseHex(
            "0200000000f2" + "020000000011" + "86dd"
                + "62cabcde" + "0000" + "3c" + "09"
                + "20010db8000f00000000000000000001"
                + "20010db8000f00000000000000000002"),
            copy(2, 1));
    }

    @Test
    void shouldLeaveCopiedAndDerivedFieldsOutOfTheFirstWord()
    {
        configure();
        assertEquals(UpdateResult.OK, tables.addTunnel(0, TunnelConfig.of(LOCAL, REMOTE, 1, PEER_MAC, 1500)
            .withIngressFilter(TunnelConfig.IngressFilter.ANY)));
        long control = tables.tunnels().control(0);
        assertEquals(0x6000_0000, TunnelTable.firstWord(control));
        assertEquals(-1, TunnelTable.encapsulationLimit(control));
        assertTrue(TunnelTable.copiesTrafficClass(control));
        assertTrue(TunnelTable.derivesFlowLabel(control));
        assertFalse(TunnelTable.strictIngressFilter(control));
        assertEquals(41, copy(0, 1)[20], "next header IPv6 without a TEL");
        assertEquals(64, copy(0, 1)[21]);
        assertEquals(UpdateResult.OK, tables.addTunnel(0, TunnelConfig.of(LOCAL, REMOTE, 1, PEER_MAC, 1500)
            .withFlowLabel(TunnelConfig.FlowLabelPolicy.COPY, 0)));
        control = tables.tunnels().control(0);
        assertTrue(TunnelTable.copiesFlowLabel(control));
        assertFalse(TunnelTable.derivesFlowLabel(control));
    }

    @Test
    void shouldFollowThePortMacAndRefuseACopyForAChangedOrRemovedTunnel()
    {
        configure();
        assertEquals(UpdateResult.OK, tables.addTunnel(1, TunnelConfig.of(LOCAL, REMOTE, 1, PEER_MAC, 1500)));
        final long before = tables.tunnels().control(1);
        assertEquals(UpdateResult.OK, tables.configurePort(1, PortRole.CORE, 0x02_00_00_00_00_77L,
            Ipv6Address.parse("2001:db8:c::1")));
        assertEquals(before, tables.tunnels().control(1));
        assertArrayEquals(HexFormat.of().parseHex("020000000077"), java.util.Arrays.copyOfRange(copy(1, 1), 6, 12));
        final TunnelTable tunnels = tables.tunnels();
        int seq = tunnels.readStart(1);
        assertEquals(before, tunnels.readControl(1, seq));
        assertEquals(UpdateResult.OK, tables.addTunnel(1, TunnelConfig.of(LOCAL, REMOTE, 1, PEER_MAC, 1600)));
        assertFalse(tunnels.readEnd(1, seq), "a read across a change is refused");
        seq = tunnels.readStart(1);
        assertEquals(1600, TunnelTable.mtu(tunnels.readControl(1, seq)));
        assertTrue(tunnels.readEnd(1, seq));
        assertEquals(UpdateResult.OK, tables.removeTunnel(1));
        assertFalse(tunnels.readEnd(1, seq), "a read across a removal is refused");
        seq = tunnels.readStart(1);
        assertEquals(0, tunnels.readControl(1, seq), "removed");
        assertTrue(tunnels.readEnd(1, seq));
        assertEquals(0, tables.tunnels().control(1));
        assertEquals(0, tables.tunnels().control(3), "never configured");
        assertEquals(0, tables.tunnels().control(4), "beyond capacity");
        assertEquals(0, tables.tunnels().control(-1));
    }

    @Test
    void shouldWriteThePacketsFirstWordAndPayloadLengthAfterTheEtherType()
    {
        configure();
        assertEquals(UpdateResult.OK, tables.addTunnel(0, TunnelConfig.of(LOCAL, REMOTE, 1, PEER_MAC, 1500)));
        copy(tables, 0, 1, 0x6ABC_DEF1, 0xFEDC);
        // Octets 12..19 of the template's line hold the control word; the copy must not leave it there.
        assertArrayEquals(HexFormat.of().parseHex("86dd" + "6abcdef1" + "fedc" + "29" + "40"),
            buffer.asSlice(8 + 12, 10).toArray(ValueLayout.JAVA_BYTE));
        assertEquals(GUARD, buffer.get(ValueLayout.JAVA_BYTE, 8 + TunnelTable.TEMPLATE_LENGTH));
    }

    @Test
    void shouldGiveEveryPortIdUpToTheLargest()
    {
        final FastPathTables large = new FastPathTables(new FastPathTables.Limits(65536, 4, 4, 3, 3, 2, 4));
        assertEquals(UpdateResult.OK, large.configurePort(65535, PortRole.CORE, PORT_MAC, Ipv6Address.parse("2001:db8:c::1")));
        assertEquals(UpdateResult.OK, large.configurePort(32768, PortRole.CORE, PORT_MAC, Ipv6Address.parse("2001:db8:c::2")));
        assertEquals(UpdateResult.OK, large.addTunnelEndpoint(LOCAL));
        assertEquals(UpdateResult.OK, large.addTunnel(0, TunnelConfig.of(LOCAL, REMOTE, 65535, PEER_MAC, 1500)));
        assertEquals(UpdateResult.OK, large.addTunnel(1, TunnelConfig.of(LOCAL, OTHER_REMOTE, 32768, PEER_MAC, 1500)));
        copy(large, 0, 65535, 0, 0);
        copy(large, 1, 32768, 0, 0);
        final TunnelView view = new TunnelView();
        assertTrue(large.tunnels().read(1, view));
        assertEquals(32768, view.port);
        assertEquals(OTHER_REMOTE.lo(), view.remoteLo);
    }

    @Test
    void shouldNeverCopyATemplateThatDoesNotMatchTheControlWordWhileTheWriterChangesTheTunnel() throws Exception
    {
        configure();
        final TunnelConfig a = TunnelConfig.of(LOCAL, REMOTE, 1, PEER_MAC, 1400);
        final TunnelConfig b = TunnelConfig.of(LOCAL, OTHER_REMOTE, 1, PEER_MAC + 1, 1500).withHopLimit(7);
        assertEquals(UpdateResult.OK, tables.addTunnel(1, a));
        final long[] copies = new long[3]; // consistent A, consistent B, refused (changed meanwhile)
        final Throwable[] failure = new Throwable[1];
        final Thread reader = new Thread(() ->
        {
            try (Arena own = Arena.ofConfined())
            {
                final MemorySegment frame = own.allocate(64);
                // 300 ms, longer (up to 5 s) until both configurations were seen: on a loaded machine the
                // writer may not have run at all in the first 300 ms.
                final long start = System.nanoTime();
                for (int i = 0; i < 50_000_000; i++)
                {
                    final long elapsed = System.nanoTime() - start;
                    if (elapsed > 5_000_000_000L || elapsed > 300_000_000L && copies[0] > 0 && copies[1] > 0)
                    {
                        break;
                    }
                    final TunnelTable tunnels = tables.tunnels();
                    final int seq = tunnels.readStart(1);
                    final long control = tunnels.readControl(1, seq);
                    final int port = tunnels.readHeaders(1, frame.address(), 0, 0);
                    if (!tunnels.readEnd(1, seq))
                    {
                        copies[2]++;
                        continue;
                    }
                    assertEquals(1, port);
                    final boolean isA = TunnelTable.mtu(control) == 1400;
                    // Last octet of the outer destination, hop limit and next-hop MAC belong to the same config.
                    assertEquals(isA ? 2 : 3, frame.get(ValueLayout.JAVA_BYTE, 53));
                    assertEquals(isA ? 64 : 7, frame.get(ValueLayout.JAVA_BYTE, 21));
                    assertEquals(isA ? (byte)0xf2 : (byte)0xf3, frame.get(ValueLayout.JAVA_BYTE, 5));
                    copies[isA ? 0 : 1]++;
                }
            }
            catch (final Throwable t)
            {
                failure[0] = t;
            }
        });
        reader.start();
        for (int i = 0; reader.isAlive() && i < 10_000_000; i++)
        {
            assertEquals(UpdateResult.OK, tables.addTunnel(1, (i & 1) == 0 ? b : a));
        }
        reader.join(10_000);
        if (failure[0] != null)
        {
            throw new AssertionError("torn tunnel headers", failure[0]);
        }
        assertTrue(copies[0] > 0 && copies[1] > 0, "both configurations seen: " + copies[0] + "/" + copies[1]);
    }
}
