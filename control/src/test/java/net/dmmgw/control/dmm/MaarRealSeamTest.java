package net.dmmgw.control.dmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import java.util.function.BooleanSupplier;

import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import net.dmmgw.control.maar.DlifIdentity;
import net.dmmgw.control.maar.MobilityAnchorAccessRouter;
import net.dmmgw.control.routing.RealSeam;
import net.dmmgw.fastpath.table.DlifTable;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.PortRole;
import net.dmmgw.fastpath.table.Route;
import net.dmmgw.ipc.Ipv6Words;

/**
 * MAAR1 of the DMM rig over the real seam (DataPlaneClient → embedded media driver → StateAgent →
 * TablesStateApplier → FastPathTables). The data plane asks for a resynchronisation at every heartbeat until a
 * snapshot reached it (ipc/README.md): the MAAR used to ignore the request, so in the DMM lab the data planes'
 * "resync requests sent" kept growing; now the MAAR answers with a snapshot and the requests stop. A later
 * resynchronisation re-sends the node's DLIF, so the snapshot's sweep keeps it and the delivery route still names it.
 */
final class MaarRealSeamTest
{
    private static final int CORE = 1;
    private static final long MAAR_MAC = 0x02_00_00_00_01_00L;
    private static final long CORE_MAC = 0x02_00_00_00_00_11L;
    private static final long NEXT_HOP_MAC = 0x02_00_00_00_00_f2L;
    private static final long HEARTBEAT_MS = 20; // RealSeam's heartbeat interval

    private RealSeam seam;

    @AfterEach
    void stop()
    {
        CloseHelper.quietClose(seam);
    }

    @Test
    void resyncRequestsStopOnceAnsweredAndTheDlifSurvivesAResync() throws Exception
    {
        final FastPathTables tables = new FastPathTables(FastPathTables.Limits.small());
        assertEquals("OK", tables.configurePort(DmmRig.PORT, PortRole.ACCESS, MAAR_MAC,
            Ipv6Address.parse("2001:db8:a::1")).toString());
        assertEquals("OK", tables.configurePort(CORE, PortRole.CORE, CORE_MAC,
            Ipv6Address.parse(DmmRig.MAAR[0])).toString());
        seam = new RealSeam(tables, CORE, NEXT_HOP_MAC);
        final Properties extra = new Properties();
        extra.setProperty("maar.dlif", "true");
        extra.setProperty("tunnel.egress-port", Integer.toString(CORE));
        final DmmRig rig = new DmmRig("relay", "a", extra, null, seam.programmer());
        final MobilityAnchorAccessRouter maar1 = rig.maar(1).maar;

        assertTrue(runUntil(rig, () -> maar1.resyncPending() == 0 && seam.counters().resyncRequests() > 0 &&
            tables.localAddresses().size() > 0), "the start-up snapshot acknowledged");
        // Requests sent before the snapshot arrived are answered too; then they must stop.
        runFor(rig, 10 * HEARTBEAT_MS);
        final long answered = seam.counters().resyncRequests();
        runFor(rig, 25 * HEARTBEAT_MS);
        assertEquals(answered, seam.counters().resyncRequests(), "no request after the answer (old code: one per " +
            "heartbeat, for ever)");
        assertEquals(0, maar1.resyncFailures());
        System.out.printf("MAAR real seam: %d resync request(s) sent by the data plane in all, none in the %d ms "
            + "after the snapshot%n", answered, 25 * HEARTBEAT_MS);

        rig.moveTo(1);
        assertTrue(runUntil(rig, () -> !rig.maar(1).access.sent().isEmpty()), "an RA, after the DLIF's ack");
        final long p1 = Ipv6Words.hi(maar1.sessions().get(0).anchoredPrefix().replace("/64", ""));
        final long iid = DlifIdentity.eui64(DmmRig.ALICE_MAC);
        final long logical = DlifIdentity.mac(DmmRig.ALICE.getBytes(), DmmRig.ALICE.length(),
            Ipv6Words.hi(DmmRig.MAAR[0]), Ipv6Words.lo(DmmRig.MAAR[0]));
        final long route = tables.destinations().lookup(p1, iid);
        assertEquals(Route.DELIVER, Route.kind(route));
        assertTrue(DlifTable.isValidSlot(Route.deliverDlif(route)), "the delivery names the DLIF");
        assertEquals(logical, tables.dlifs().mac(Route.deliverDlif(route)));

        final long removedBefore = seam.counters().staleRemoved();
        final long epochBefore = maar1.epoch();
        maar1.onResyncRequest();
        assertTrue(runUntil(rig, () -> maar1.epoch() > epochBefore && maar1.resyncPending() == 0), "resynchronised");
        assertEquals(removedBefore, seam.counters().staleRemoved(), "the snapshot re-sent everything: nothing swept");
        final long after = tables.destinations().lookup(p1, iid);
        assertEquals(DmmRig.PORT, Route.deliverPort(after));
        assertEquals(logical, tables.dlifs().mac(Route.deliverDlif(after)), "the DLIF re-sent, still named");
        assertEquals(DmmRig.ALICE_MAC, tables.neighbours().get(p1, iid, DmmRig.PORT));
    }

    /** Runs the rig (real time: the seam answers on its own threads) until the condition holds, at most 5 s. */
    private static boolean runUntil(final DmmRig rig, final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            rig.run();
            if (condition.getAsBoolean())
            {
                return true;
            }
            Thread.sleep(1);
        }
        return false;
    }

    private static void runFor(final DmmRig rig, final long ms) throws InterruptedException
    {
        final long end = System.nanoTime() + ms * 1_000_000L;
        while (System.nanoTime() < end)
        {
            rig.run();
            Thread.sleep(1);
        }
    }
}
