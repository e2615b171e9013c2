package net.dmmgw.fastpath.state;

import java.lang.management.ManagementFactory;

import net.dmmgw.fastpath.support.Frames;
import net.dmmgw.fastpath.support.Rig;
import net.dmmgw.fastpath.table.DlifTable;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.Route;
import net.dmmgw.fastpath.pipeline.Verdict;
import net.dmmgw.ipc.sbe.AckResult;
import net.dmmgw.ipc.sbe.RouteAction;
import net.dmmgw.ipc.sbe.RouteTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static net.dmmgw.fastpath.support.Frames.ethernet;
import static net.dmmgw.fastpath.support.Frames.ipv6;
import static net.dmmgw.fastpath.support.Frames.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DLIF in the data plane (RFC 8885 §3.6) through {@link TablesStateApplier} and the real pipeline: a
 * packet delivered for a prefix anchored at MAAR X is sourced from the DLIF of (node, X).
 */
final class DlifTest
{
    /** The node's prefix anchored at this MAAR and one anchored at a previous MAAR (decapsulated downlink). */
    private static final Ipv6Address OWN_PREFIX = Ipv6Address.parse("2001:db8:100:1::");
    private static final Ipv6Address PREVIOUS_PREFIX = Ipv6Address.parse("2001:db8:101:1::");
    private static final String NODE_ON_OWN = "2001:db8:100:1::5";
    private static final String NODE_ON_PREVIOUS = "2001:db8:101:1::5";
    private static final long DLIF_MAC_OWN = 0x02_aa_00_00_00_01L;
    private static final long DLIF_MAC_PREVIOUS = 0x02_aa_00_00_00_02L;
    private static final long LL_HI = 0xfe80_0000_0000_0000L;

    private final Rig rig = new Rig().standardTopology();
    private final TablesStateApplier applier = new TablesStateApplier(rig.tables, (port, frame, offset, length) -> true);

    @AfterEach
    void close()
    {
        rig.close();
    }

    private void deliverRoutes(final long epoch)
    {
        // standardTopology delivers OWN_PREFIX through the tables directly: the applier takes it over.
        assertEquals(AckResult.OK, deliver(epoch, OWN_PREFIX));
        assertEquals(AckResult.OK, deliver(epoch, PREVIOUS_PREFIX));
        Rig.ok(rig.tables.setNeighbour(0, Ipv6Address.parse(NODE_ON_PREVIOUS), Rig.MN_MAC));
    }

    private AckResult deliver(final long epoch, final Ipv6Address prefix)
    {
        return applier.addRoute(epoch, RouteTable.DESTINATION, prefix.hi(), prefix.lo(), 64, RouteAction.DELIVER, 0, 0,
            0, 0);
    }

    private AckResult setDlif(final long epoch, final int id, final Ipv6Address prefix, final long mac)
    {
        return applier.setDlif(epoch, id, 0, prefix.hi(), prefix.lo(), 64, LL_HI, mac ^ 0x0200_0000_0000L, mac);
    }

    /** Source MAC of the frame the pipeline transmits for a downlink packet to {@code node}. */
    private long downlinkSourceMac(final String node)
    {
        assertEquals(Verdict.TRANSMIT, rig.run(ethernet(ipv6("2001:db8:9999::1", node, 17, 64, udp(32))), 1));
        final byte[] out = rig.output();
        assertEquals(Rig.MN_MAC, Frames.mac(out, 0), "to the node's MAC");
        return Frames.mac(out, 6);
    }

    @Test
    void shouldSourceEachAnchorsPrefixFromItsDlifWhicheverCameFirst()
    {
        assertEquals(AckResult.OK, deliver(1, OWN_PREFIX));
        assertEquals(AckResult.OK, setDlif(1, 11, OWN_PREFIX, DLIF_MAC_OWN)); // route first
        assertEquals(AckResult.OK, setDlif(1, 12, PREVIOUS_PREFIX, DLIF_MAC_PREVIOUS)); // DLIF first
        assertEquals(AckResult.OK, deliver(1, PREVIOUS_PREFIX));
        Rig.ok(rig.tables.setNeighbour(0, Ipv6Address.parse(NODE_ON_PREVIOUS), Rig.MN_MAC));

        assertEquals(DLIF_MAC_OWN, downlinkSourceMac(NODE_ON_OWN));
        assertEquals(DLIF_MAC_PREVIOUS, downlinkSourceMac(NODE_ON_PREVIOUS));
        assertEquals(2, applier.dlifCount());

        // Repeating a set changes nothing; a new MAC for the same DLIF takes effect at once.
        assertEquals(AckResult.OK, setDlif(1, 12, PREVIOUS_PREFIX, DLIF_MAC_PREVIOUS));
        assertEquals(DLIF_MAC_PREVIOUS, downlinkSourceMac(NODE_ON_PREVIOUS));
        assertEquals(AckResult.OK, setDlif(1, 12, PREVIOUS_PREFIX, DLIF_MAC_PREVIOUS + 7));
        assertEquals(DLIF_MAC_PREVIOUS + 7, downlinkSourceMac(NODE_ON_PREVIOUS));
        assertEquals(2, applier.dlifCount());
    }

    @Test
    void shouldGoBackToThePortMacWhenTheDlifIsRemovedAndKeepTheLinkAcrossRouteChanges()
    {
        deliverRoutes(1);
        assertEquals(AckResult.OK, setDlif(1, 11, OWN_PREFIX, DLIF_MAC_OWN));
        assertEquals(AckResult.OK, setDlif(1, 12, PREVIOUS_PREFIX, DLIF_MAC_PREVIOUS));

        assertEquals(AckResult.OK, applier.removeDlif(12));
        assertEquals(Rig.PORT0_MAC, downlinkSourceMac(NODE_ON_PREVIOUS));
        assertEquals(DLIF_MAC_OWN, downlinkSourceMac(NODE_ON_OWN), "the other DLIF stays");
        assertEquals(AckResult.OK, applier.removeDlif(12), "idempotent");
        assertEquals(1, applier.dlifCount());

        // The route removed and added again finds its DLIF again.
        assertEquals(AckResult.OK, applier.removeRoute(RouteTable.DESTINATION, OWN_PREFIX.hi(), OWN_PREFIX.lo(), 64));
        assertEquals(AckResult.OK, deliver(2, OWN_PREFIX));
        assertEquals(DLIF_MAC_OWN, downlinkSourceMac(NODE_ON_OWN));

        // A DLIF moved to another prefix: the old prefix goes back to the port's MAC.
        assertEquals(AckResult.OK, setDlif(2, 11, PREVIOUS_PREFIX, DLIF_MAC_OWN));
        assertEquals(Rig.PORT0_MAC, downlinkSourceMac(NODE_ON_OWN));
        assertEquals(DLIF_MAC_OWN, downlinkSourceMac(NODE_ON_PREVIOUS));

        assertEquals(AckResult.OK, applier.removeDlif(11));
        assertEquals(Rig.PORT0_MAC, downlinkSourceMac(NODE_ON_PREVIOUS));
        assertEquals(Route.deliver(0), rig.tables.destinations().get(PREVIOUS_PREFIX.hi(), PREVIOUS_PREFIX.lo(), 64));
    }

    @Test
    void shouldAcceptTheNodesFramesToALogicalMacAsToThePortsOwn()
    {
        deliverRoutes(1);
        assertEquals(AckResult.OK, setDlif(1, 12, PREVIOUS_PREFIX, DLIF_MAC_PREVIOUS));
        Rig.ok(rig.tables.addSourceRoute(PREVIOUS_PREFIX, 64, Route.encap(Rig.TUNNEL)));
        final byte[] uplink = ethernet(ipv6(NODE_ON_PREVIOUS, "2001:db8:9999::1", 17, 64, udp(32)));
        for (int b = 0; b < 6; b++)
        {
            uplink[b] = (byte)(DLIF_MAC_PREVIOUS >>> (40 - 8 * b));
        }
        assertEquals(Verdict.TRANSMIT, rig.run(uplink, 0), "uplink to the logical MAC is routed by source prefix");
        assertEquals(2, rig.ctx.egressPort(), "into the tunnel toward the anchor");
    }

    @Test
    void shouldRefuseBadDlifsWithAReasonAndChangeNothing()
    {
        deliverRoutes(1);
        assertEquals(AckResult.UNKNOWN_PORT, applier.setDlif(1, 1, 1, OWN_PREFIX.hi(), OWN_PREFIX.lo(), 64, LL_HI, 1,
            DLIF_MAC_OWN), "a core port");
        assertTrue(applier.lastError().contains("not an access port"), applier.lastError());
        assertEquals(AckResult.UNKNOWN_PORT, applier.setDlif(1, 1, 9999, OWN_PREFIX.hi(), OWN_PREFIX.lo(), 64, LL_HI,
            1, DLIF_MAC_OWN));
        assertEquals(AckResult.INVALID_ARGUMENT, applier.setDlif(1, 1, 0, OWN_PREFIX.hi(), OWN_PREFIX.lo(), 0, LL_HI,
            1, DLIF_MAC_OWN), "prefix length 0");
        assertEquals(AckResult.INVALID_ARGUMENT, applier.setDlif(1, 1, 0, OWN_PREFIX.hi(), OWN_PREFIX.lo(), 129,
            LL_HI, 1, DLIF_MAC_OWN));
        assertEquals(AckResult.INVALID_ARGUMENT, applier.setDlif(1, 1, 0, OWN_PREFIX.hi(), OWN_PREFIX.lo(), 64,
            OWN_PREFIX.hi(), 1, DLIF_MAC_OWN), "a global address as link-local");
        assertEquals(AckResult.INVALID_ARGUMENT, setDlif(1, 1, OWN_PREFIX, 0), "zero MAC");
        assertEquals(AckResult.INVALID_ARGUMENT, setDlif(1, 1, OWN_PREFIX, 0x01_00_5e_00_00_01L), "multicast MAC");
        assertEquals(AckResult.INVALID_ARGUMENT, setDlif(1, 1, OWN_PREFIX, 1L << 48), "more than 48 bits");
        assertNotNull(applier.lastError());
        assertEquals(0, applier.dlifCount());
        assertEquals(Rig.PORT0_MAC, downlinkSourceMac(NODE_ON_OWN));

        assertEquals(AckResult.OK, setDlif(1, 1, OWN_PREFIX, DLIF_MAC_OWN));
        assertEquals(AckResult.INVALID_ARGUMENT, setDlif(1, 2, OWN_PREFIX, DLIF_MAC_PREVIOUS),
            "a second DLIF for the same prefix");
        assertTrue(applier.lastError().contains("already has DLIF 1"), applier.lastError());
        assertEquals(AckResult.INVALID_ARGUMENT, setDlif(1, 1, OWN_PREFIX, 0), "a bad update keeps the old MAC");
        assertEquals(DLIF_MAC_OWN, downlinkSourceMac(NODE_ON_OWN));
        assertEquals(1, applier.dlifCount());
    }

    @Test
    void shouldFillTheTableAndRefuseOneMore()
    {
        for (int id = 1; id < DlifTable.CAPACITY; id++)
        {
            assertEquals(AckResult.OK, applier.setDlif(1, id, 0, 0x2001_0db8_0000_0000L | (long)id << 16, 0, 64,
                LL_HI, id, 0x02_00_00_00_00_00L | id));
        }
        assertEquals(AckResult.TABLE_FULL, applier.setDlif(1, 99_999, 0, 0x3fff_0000_0000_0000L, 0, 64, LL_HI, 1,
            DLIF_MAC_OWN));
        assertEquals(AckResult.OK, applier.removeDlif(5));
        assertEquals(AckResult.OK, applier.setDlif(1, 99_999, 0, 0x3fff_0000_0000_0000L, 0, 64, LL_HI, 1,
            DLIF_MAC_OWN), "a freed slot is reused");
    }

    /**
     * A worker in the middle of a burst loaded the DELIVER route naming a DLIF slot; the DLIF is removed and another
     * node's DLIF created before the worker reads the slot's MAC. It must read its own DLIF's MAC or 0 (the port MAC),
     * never the new node's: the removed slot is held back until the burst ends, then reused.
     */
    @Test
    void shouldNotReuseARemovedSlotWhileAReaderIsInTheBurstThatSawIt()
    {
        deliverRoutes(1);
        assertEquals(AckResult.OK, setDlif(1, 12, PREVIOUS_PREFIX, DLIF_MAC_PREVIOUS));
        final Ipv6Address node = Ipv6Address.parse(NODE_ON_PREVIOUS);
        final Ipv6Address otherPrefix = Ipv6Address.parse("2001:db8:102:1::");
        final long foreignMac = 0x02_bb_00_00_00_09L;
        final var reader = rig.tables.readers().register();
        reader.enter(); // the worker's burst begins and resolves the route of its packet
        final long route = rig.tables.destinations().lookup(node.hi(), node.lo());
        final int slot = Route.deliverDlif(route);
        assertTrue(DlifTable.isValidSlot(slot), "the route names the DLIF");
        assertEquals(AckResult.OK, applier.removeDlif(12));
        assertEquals(AckResult.OK, deliver(1, otherPrefix));
        for (int id = 20; id < 30; id++) // the old code handed the freed slot to the very next DLIF
        {
            assertEquals(AckResult.OK, setDlif(1, id, otherPrefix, foreignMac + id));
            final long seen = rig.tables.dlifs().mac(slot);
            assertTrue(seen == DLIF_MAC_PREVIOUS || seen == 0,
                "the burst reads its DLIF's MAC or none, not another node's: " + Long.toHexString(seen));
            assertEquals(AckResult.OK, applier.removeDlif(id));
        }
        assertEquals(11, rig.tables.dlifs().retiredSlots(), "held back while the burst lasts");
        reader.exit();
        boolean reused = false;
        for (int id = 1; id < DlifTable.CAPACITY; id++) // the burst ended: every slot can be filled again
        {
            final long prefix = 0x2001_0db8_0000_0000L | (long)id << 16;
            assertEquals(AckResult.OK, applier.addRoute(1, RouteTable.DESTINATION, prefix, 0, 64, RouteAction.DELIVER,
                0, 0, 0, 0));
            assertEquals(AckResult.OK, applier.setDlif(1, 100 + id, 0, prefix, 0, 64, LL_HI, 1,
                0x02_00_00_00_00_00L | id), "slot reused, table not exhausted");
            reused |= Route.deliverDlif(rig.tables.destinations().lookup(prefix, 5)) == slot;
        }
        assertTrue(reused, "the held-back slot is reused once the reader left its burst");
        assertEquals(0, rig.tables.dlifs().retiredSlots());
    }

    @Test
    void shouldRemoveDlifsOlderThanTheSnapshot()
    {
        deliverRoutes(1);
        assertEquals(AckResult.OK, setDlif(1, 11, OWN_PREFIX, DLIF_MAC_OWN));
        assertEquals(AckResult.OK, setDlif(1, 12, PREVIOUS_PREFIX, DLIF_MAC_PREVIOUS));
        applier.beginSnapshot(2);
        deliverRoutes(2);
        assertEquals(AckResult.OK, setDlif(2, 11, OWN_PREFIX, DLIF_MAC_OWN));
        assertEquals(1, applier.endSnapshot(2), "DLIF 12 was not in the new session's snapshot");
        assertEquals(1, applier.dlifCount());
        assertEquals(DLIF_MAC_OWN, downlinkSourceMac(NODE_ON_OWN));
        assertEquals(Rig.PORT0_MAC, downlinkSourceMac(NODE_ON_PREVIOUS));
    }

    @Test
    void shouldNotAllocatePerPacketDeliveredThroughADlifNorPerDlifUpdate()
    {
        deliverRoutes(1);
        assertEquals(AckResult.OK, setDlif(1, 12, PREVIOUS_PREFIX, DLIF_MAC_PREVIOUS));
        final byte[] frame = ethernet(ipv6("2001:db8:9999::1", NODE_ON_PREVIOUS, 17, 64, udp(32)));
        final long address = rig.load(frame, Rig.HEADROOM);
        final var threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long packetBytes = Long.MAX_VALUE;
        long updateBytes = Long.MAX_VALUE;
        // Warm-up rounds for the JIT; a late recompilation may allocate a little once, an allocation per
        // packet or update shows as megabytes in every round.
        for (int round = 0; round < 8 && (packetBytes >= 4096 || updateBytes >= 4096); round++)
        {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 500_000; i++)
            {
                // The hop limit is decremented in place: restore it so every packet is delivered.
                rig.ctx.wrap(address, frame.length, Rig.HEADROOM, 1);
                net.dmmgw.fastpath.mem.Memory.put8(address + 14 + 7, 64);
                if (rig.pipeline.process(rig.ctx) != Verdict.TRANSMIT)
                {
                    throw new AssertionError("not delivered: " + rig.ctx.dropReason());
                }
            }
            packetBytes = threads.getCurrentThreadAllocatedBytes() - before;
            before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++)
            {
                if (applier.setDlif(1, 13, 0, OWN_PREFIX.hi(), OWN_PREFIX.lo(), 64, LL_HI, 1, DLIF_MAC_OWN)
                    != AckResult.OK || applier.removeDlif(13) != AckResult.OK)
                {
                    throw new AssertionError(applier.lastError());
                }
            }
            updateBytes = threads.getCurrentThreadAllocatedBytes() - before;
            System.out.printf("DLIF: 500 000 packets delivered through a DLIF allocated %d B; 100 000 DLIF "
                + "set/remove pairs %d B%n", packetBytes, updateBytes);
        }
        assertTrue(packetBytes < 4096, "per-packet allocation: " + packetBytes);
        assertTrue(updateBytes < 4096, "per-update allocation: " + updateBytes);
        assertEquals(DLIF_MAC_PREVIOUS, Frames.mac(rig.output(), 6));
    }
}
