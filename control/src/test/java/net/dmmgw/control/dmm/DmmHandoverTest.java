package net.dmmgw.control.dmm;

import static net.dmmgw.control.dmm.DmmRig.CMD;
import static net.dmmgw.control.dmm.DmmRig.M;
import static net.dmmgw.control.dmm.DmmRig.MAAR;
import static net.dmmgw.control.dmm.DmmRig.PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.dmmgw.control.cmd.CentralMobilityDatabase;
import net.dmmgw.control.maar.MobilityAnchorAccessRouter;
import net.dmmgw.control.maar.DlifIdentity;
import net.dmmgw.control.mag.AccessFrames;
import net.dmmgw.control.mag.InMemoryAccessLink;
import net.dmmgw.control.metrics.LatencyHistogram;
import net.dmmgw.ipc.Ipv6Words;

/**
 * A CMD and three MAARs (draft-ietf-dmm-pmipv6-dlif §3): Alice attaches to MAAR1, moves to MAAR2, then to MAAR3, in
 * each CMD mode; the tunnels, routes and RAs on every MAAR, the CMD's binding with its P-MAAR list, and who answers
 * the serving MAAR in which order.
 */
class DmmHandoverTest
{
    private static long hi(final String address)
    {
        return Ipv6Words.hi(address);
    }

    /** @return the last RA MAAR n sent. */
    private static Frames.Ra lastRa(final DmmRig rig, final int n)
    {
        final List<InMemoryAccessLink.Frame> frames = rig.maar(n).access.sent();
        assertTrue(!frames.isEmpty(), "MAAR" + n + " sent no RA");
        final InMemoryAccessLink.Frame f = frames.get(frames.size() - 1);
        assertEquals(PORT, f.port());
        return Frames.ra(f.bytes());
    }

    private static void assertPio(final Frames.Pio pio, final long prefix, final boolean deprecated)
    {
        assertEquals(prefix, pio.prefix());
        assertTrue(pio.valid() > 0, "valid > 0");
        if (deprecated)
        {
            assertEquals(0, pio.preferred(), "deprecated: preferred lifetime 0");
        }
        else
        {
            assertEquals(pio.valid(), pio.preferred(), "own prefix: normal lifetimes");
        }
    }

    private static MobilityAnchorAccessRouter.SessionView only(final DmmRig rig, final int n)
    {
        final List<MobilityAnchorAccessRouter.SessionView> s = rig.maar(n).maar.sessions();
        assertEquals(1, s.size(), "MAAR" + n + " sessions");
        return s.get(0);
    }

    private static CentralMobilityDatabase.SessionView cmdSession(final DmmRig rig)
    {
        final List<CentralMobilityDatabase.SessionView> s = rig.cmd.sessions();
        assertEquals(1, s.size());
        return s.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = { "relay", "locator", "proxy" })
    void attachMoveMove(final String mode)
    {
        final DmmRig rig = new DmmRig(mode, "a", new Properties());
        final DmmRig.Maar m1 = rig.maar(1);
        final DmmRig.Maar m2 = rig.maar(2);
        final DmmRig.Maar m3 = rig.maar(3);

        // Initial registration (§3.1): a prefix of MAAR1's pool, delivered locally, no tunnel.
        rig.moveTo(1);
        final long p1 = rig.prefixAt(1);
        assertEquals(hi("2001:db8:100::") >>> 16, p1 >>> 16, "from MAAR1's own pool");
        assertEquals(PORT, m1.dataPlane.deliveryPortOf(p1));
        assertEquals(0, m1.dataPlane.tunnelCount());
        assertEquals(1, m1.maar.registrations());
        assertEquals(M[0], cmdSession(rig).servingMaar());
        assertEquals(List.of(), cmdSession(rig).previousMaars());
        Frames.Ra ra = lastRa(rig, 1);
        assertEquals(1, ra.pios().size());
        assertPio(ra.pios().get(0), p1, false);
        final List<DmmRig.Sent> first = rig.sent(MAAR[0], CMD, 0);
        assertEquals(1, first.size());
        final DmmMessage pbu = Frames.read(first.get(0).message());
        assertTrue(pbu.isUpdate() && pbu.dFlag() && pbu.isProxy());
        assertEquals(p1, pbu.prefix());

        // MAAR2: MAAR1 becomes a P-MAAR routing p1 into the tunnel to MAAR2.
        rig.moveTo(2);
        final long p2 = rig.prefixAt(2);
        assertEquals(hi("2001:db8:200::") >>> 16, p2 >>> 16);
        assertEquals("PREVIOUS", only(rig, 1).role());
        assertEquals(M[1], only(rig, 1).servingMaar());
        assertEquals(M[1], m1.tunnelPeer(m1.routeOf(p1)));
        assertEquals(-1, m1.dataPlane.deliveryPortOf(p1));
        assertEquals(1, m1.dataPlane.tunnelCount());
        assertEquals(M[0], m2.tunnelPeer(m2.dataPlane.sourceRouteOf(p1)), "uplink from p1 into MAAR1's tunnel");
        assertEquals(PORT, m2.dataPlane.deliveryPortOf(p1), "downlink p1 delivered after decapsulation");
        assertEquals(PORT, m2.dataPlane.deliveryPortOf(p2));
        assertEquals(-1, m2.dataPlane.sourceRouteOf(p2), "own prefix: plain routing");
        ra = lastRa(rig, 2);
        assertEquals(2, ra.pios().size());
        assertPio(ra.pios().get(0), p2, false);
        assertPio(ra.pios().get(1), p1, true);
        assertEquals(M[1], cmdSession(rig).servingMaar());
        assertEquals(List.of(M[0] + " " + Ipv6Words.text(p1, 0) + "/64"), cmdSession(rig).previousMaars());

        // MAAR3: tunnels to both P-MAARs; each P-MAAR keeps one tunnel, to MAAR3.
        final int mark = rig.log.size();
        rig.moveTo(3);
        final long p3 = rig.prefixAt(3);
        assertEquals(2, m3.dataPlane.tunnelCount());
        assertEquals(M[0], m3.tunnelPeer(m3.dataPlane.sourceRouteOf(p1)));
        assertEquals(M[1], m3.tunnelPeer(m3.dataPlane.sourceRouteOf(p2)));
        assertEquals(-1, m3.dataPlane.sourceRouteOf(p3));
        for (final long p : new long[] { p1, p2, p3 })
        {
            assertEquals(PORT, m3.dataPlane.deliveryPortOf(p));
        }
        assertEquals(M[2], m1.tunnelPeer(m1.routeOf(p1)));
        assertEquals(1, m1.dataPlane.tunnelCount(), "the tunnel to MAAR2 went");
        assertEquals("PREVIOUS", only(rig, 2).role());
        assertEquals(M[2], m2.tunnelPeer(m2.routeOf(p2)));
        assertEquals(1, m2.dataPlane.tunnelCount(), "MAAR2's tunnel to MAAR1 went with its serving role");
        assertEquals(-1, m2.dataPlane.sourceRouteOf(p1));
        assertEquals(-1, m2.dataPlane.deliveryPortOf(p1));
        assertEquals(-1, m2.dataPlane.deliveryPortOf(p2));
        ra = lastRa(rig, 3);
        assertEquals(3, ra.pios().size());
        assertPio(ra.pios().get(0), p3, false);
        assertEquals(List.of(p1, p2), ra.pios().subList(1, 3).stream().map(Frames.Pio::prefix).sorted().toList());
        assertPio(ra.pios().get(1), ra.pios().get(1).prefix(), true);
        assertPio(ra.pios().get(2), ra.pios().get(2).prefix(), true);
        assertEquals(M[2], cmdSession(rig).servingMaar());
        assertEquals(2, cmdSession(rig).previousMaars().size());
        assertTrue(cmdSession(rig).previousMaars().contains(M[0] + " " + Ipv6Words.text(p1, 0) + "/64"));
        assertTrue(cmdSession(rig).previousMaars().contains(M[1] + " " + Ipv6Words.text(p2, 0) + "/64"));
        assertEquals(0, m1.maar.dataPlaneRefusals() + m2.maar.dataPlaneRefusals() + m3.maar.dataPlaneRefusals());

        // The CMD told each P-MAAR where Alice is (Serving MAAR option) and the prefix it anchors.
        for (int i = 0; i < 2; i++)
        {
            final List<DmmRig.Sent> toPrevious = rig.sent(CMD, MAAR[i], mark);
            assertEquals(1, toPrevious.size());
            final DmmMessage relayed = Frames.read(toPrevious.get(0).message());
            assertTrue(relayed.isUpdate() && relayed.dFlag() && relayed.hasServingMaar());
            assertEquals(hi(MAAR[2]), relayed.servingHi());
            assertEquals(i == 0 ? p1 : p2, relayed.prefix());
        }
        final List<DmmRig.Sent> fromCmd = rig.sent(CMD, MAAR[2], mark);
        assertEquals(1, fromCmd.size());
        final DmmMessage answer = Frames.read(fromCmd.get(0).message());
        assertTrue(answer.isAck() && answer.dFlag());
        assertEquals(0, answer.status());
        assertEquals(p3, answer.prefix());
        final int direct = rig.sent(MAAR[0], MAAR[2], mark).size() + rig.sent(MAAR[1], MAAR[2], mark).size();
        switch (mode)
        {
            case "relay" -> {
                assertEquals(2, answer.previousMaars().size(), "one aggregated PBA with both Previous MAARs");
                assertEquals(0, direct);
                final int pbaAt = rig.log.indexOf(fromCmd.get(0));
                assertTrue(pbaAt > rig.log.indexOf(rig.sent(MAAR[0], CMD, mark).get(0)), "after the P-MAARs");
                assertTrue(pbaAt > rig.log.indexOf(rig.sent(MAAR[1], CMD, mark).get(0)));
            }
            case "locator" -> {
                assertEquals(0, answer.previousMaars().size(), "the P-MAARs told MAAR3 themselves");
                assertEquals(1, rig.sent(MAAR[0], MAAR[2], mark).size());
                assertEquals(1, rig.sent(MAAR[1], MAAR[2], mark).size());
                assertEquals(p1, Frames.read(rig.sent(MAAR[0], MAAR[2], mark).get(0).message()).prefix());
            }
            default -> {
                assertEquals(2, answer.previousMaars().size());
                assertEquals(0, direct);
                final int pbaAt = rig.log.indexOf(fromCmd.get(0));
                assertTrue(pbaAt < rig.log.indexOf(rig.sent(MAAR[0], CMD, mark).get(0)), "proxy answers at once");
                assertTrue(pbaAt < rig.log.indexOf(rig.sent(MAAR[1], CMD, mark).get(0)));
            }
        }
        assertEquals(0, rig.cmd.unmatchedPbas());
        assertEquals(0, rig.cmd.relayTimeouts());
        assertEquals(2, rig.cmd.handovers());
    }

    @Test
    void relayTimeoutSendsWhatArrivedAndTheRestLater()
    {
        final DmmRig rig = new DmmRig("relay", "a", new Properties());
        rig.moveTo(1);
        rig.moveTo(2);
        final long p1 = rig.prefixAt(1);
        final long p2 = rig.prefixAt(2);
        rig.hold = s -> s.from().equals(M[0]) && s.to().equals(DmmRig.norm(CMD)); // MAAR1 is slow
        final int mark = rig.log.size();
        rig.moveTo(3);
        final DmmRig.Maar m3 = rig.maar(3);
        assertEquals(0, rig.sent(CMD, MAAR[2], mark).size(), "waiting for MAAR1");
        assertEquals(0, m3.dataPlane.tunnelCount());
        rig.advance(500, 100);
        List<DmmRig.Sent> answers = rig.sent(CMD, MAAR[2], mark);
        assertEquals(1, answers.size());
        assertEquals(1, rig.cmd.relayTimeouts());
        DmmMessage pba = Frames.read(answers.get(0).message());
        assertEquals(1, pba.previousMaars().size());
        assertEquals(p2, pba.previousMaars().prefix(0));
        assertEquals(M[1], m3.tunnelPeer(m3.dataPlane.sourceRouteOf(p2)));
        assertEquals(-1, m3.dataPlane.sourceRouteOf(p1));
        rig.hold = s -> false;
        rig.release();
        answers = rig.sent(CMD, MAAR[2], mark);
        assertEquals(2, answers.size(), "the late P-MAAR follows in a second PBA");
        pba = Frames.read(answers.get(1).message());
        assertEquals(1, pba.previousMaars().size());
        assertEquals(p1, pba.previousMaars().prefix(0));
        assertEquals(hi(MAAR[0]), pba.previousMaars().addressHi(0));
        assertEquals(1, rig.cmd.latePbas());
        assertEquals(M[0], m3.tunnelPeer(m3.dataPlane.sourceRouteOf(p1)));
        final Frames.Ra ra = lastRa(rig, 3);
        assertEquals(3, ra.pios().size());
        assertEquals(0, ra.pios().get(2).preferred());
    }

    @Test
    void variantAStopsThePreviousMaarsTimers()
    {
        final DmmRig rig = new DmmRig("relay", "a", new Properties());
        rig.moveTo(1);
        rig.moveTo(2);
        rig.moveTo(3);
        final long p1 = rig.prefixAt(1);
        final long p2 = rig.prefixAt(2);
        assertEquals(0, only(rig, 1).expiresAtMs(), "BCE timer stopped");
        rig.advance(3 * DmmRig.LIFETIME_S * 1000L, 10_000);
        assertEquals("PREVIOUS", only(rig, 1).role());
        assertEquals("PREVIOUS", only(rig, 2).role());
        assertEquals(M[2], rig.maar(1).tunnelPeer(rig.maar(1).routeOf(p1)));
        assertEquals(M[2], rig.maar(2).tunnelPeer(rig.maar(2).routeOf(p2)));
        assertEquals(0, rig.cmd.renewals());
        assertTrue(rig.cmd.refreshes() >= 3, "MAAR3 kept refreshing");
        assertEquals(2, rig.cmd.sessions().get(0).previousMaars().size());
    }

    @Test
    void variantBLateDeregistrationsAreRenewedAndTheSessionSurvives()
    {
        final DmmRig rig = new DmmRig("proxy", "b", new Properties());
        rig.moveTo(1);
        rig.moveTo(2);
        rig.moveTo(3);
        final long p1 = rig.prefixAt(1);
        final long p2 = rig.prefixAt(2);
        assertTrue(only(rig, 1).expiresAtMs() > 0, "the timer runs under (b)");
        final int mark = rig.log.size();
        rig.advance(3 * DmmRig.LIFETIME_S * 1000L, 10_000);
        final List<DmmRig.Sent> dereg = rig.sent(MAAR[0], CMD, mark);
        assertTrue(!dereg.isEmpty());
        assertEquals(0, Frames.read(dereg.get(0).message()).lifetime(), "MAAR1 de-registers at expiry");
        final DmmMessage renewal = Frames.read(rig.sent(CMD, MAAR[0], mark).get(0).message());
        assertTrue(renewal.isAck() && renewal.lifetime() > 0, "the CMD renews instead of acknowledging with 0");
        assertTrue(rig.cmd.renewals() >= 4);
        assertTrue(rig.maar(1).maar.renewals() >= 2);
        assertTrue(rig.maar(1).maar.deregistrations() >= rig.maar(1).maar.renewals(), "each renewal answers one");
        assertEquals(0, rig.maar(2).maar.unmatched() + rig.maar(1).maar.unmatched());
        assertTrue(only(rig, 1).expiresAtMs() > rig.clock.time(), "expiresAt follows the renewal (the admin view)");
        assertEquals("PREVIOUS", only(rig, 1).role());
        assertEquals(M[2], rig.maar(1).tunnelPeer(rig.maar(1).routeOf(p1)));
        assertEquals(M[2], rig.maar(2).tunnelPeer(rig.maar(2).routeOf(p2)));
        assertEquals(M[2], cmdSession(rig).servingMaar());
        assertEquals(2, cmdSession(rig).previousMaars().size());
        assertEquals(2, rig.maar(3).dataPlane.tunnelCount());
    }

    /**
     * The old S-MAAR's refresh (handoff indicator 5, "not changed") delayed in the network until after the node's
     * registration at MAAR2 is a stale re-registration, not the node coming back: before, the CMD took it for a
     * handover back to MAAR1, made MAAR2 a P-MAAR of MAAR1 while MAAR1 had become a P-MAAR of MAAR2 (a loop), and the
     * node, still at MAAR2, lost every flow.
     */
    @ParameterizedTest
    @ValueSource(strings = { "relay", "locator", "proxy" })
    void aRefreshDelayedPastTheHandoverDoesNotTakeTheSessionBack(final String mode)
    {
        final DmmRig rig = new DmmRig(mode, "a", new Properties());
        rig.moveTo(1);
        final long p1 = rig.prefixAt(1);
        rig.hold = m -> m.from().equals(DmmRig.norm(MAAR[0])) && m.to().equals(DmmRig.norm(CMD)) &&
            Frames.read(m.message()).isUpdate();
        rig.advance(DmmRig.LIFETIME_S * 800L + 1_000, 1_000); // the refresh goes at 80 % of the lifetime
        assertTrue(!rig.held.isEmpty(), "MAAR1's refresh is held in the network");
        rig.hold = m -> false;
        rig.moveTo(2);
        assertEquals(M[1], cmdSession(rig).servingMaar());
        final int late = rig.held.size(); // the refresh and its retransmissions
        rig.release();
        rig.advance(5_000, 500);
        assertEquals(M[1], cmdSession(rig).servingMaar(), "the stale refresh did not move the session back");
        assertEquals(1, cmdSession(rig).previousMaars().size());
        assertEquals(1, rig.cmd.handovers());
        assertEquals(late, rig.cmd.staleRefreshes());
        assertEquals("SERVING", only(rig, 2).role());
        assertEquals("PREVIOUS", only(rig, 1).role());
        assertEquals(M[1], rig.maar(1).tunnelPeer(rig.maar(1).routeOf(p1)), "p1 still goes to MAAR2");
        assertEquals(1, only(rig, 2).previousMaars().size(), "MAAR2 still serves p1 through MAAR1");
    }

    @ParameterizedTest
    @ValueSource(strings = { "a", "b" })
    void expiryOfTheWholeSessionCleansEveryMaarAndTheCmd(final String variant)
    {
        final DmmRig rig = new DmmRig("relay", variant, new Properties());
        rig.moveTo(1);
        rig.moveTo(2);
        rig.moveTo(3);
        rig.maar(3).maar.detach(DmmRig.ALICE_MAC); // she left the domain: nothing refreshes MAAR3's binding
        rig.advance(DmmRig.LIFETIME_S * 1000L + 10_000, 10_000);
        assertEquals(1, rig.maar(3).maar.sessionEnds(), "only the serving MAAR ends the session");
        assertEquals(0, rig.maar(3).maar.unmatched(), "the CMD's answer to the session end is expected, not unmatched");
        assertEquals(0, rig.maar(1).maar.sessionEnds() + rig.maar(2).maar.sessionEnds());
        assertEquals(1, rig.cmd.sessionEnds());
        assertEquals(List.of(), rig.cmd.sessions());
        for (int n = 1; n <= 3; n++)
        {
            final DmmRig.Maar m = rig.maar(n);
            assertEquals(List.of(), m.maar.sessions(), "MAAR" + n);
            assertEquals(0, m.dataPlane.routeCount(), "MAAR" + n + " routes");
            assertEquals(0, m.dataPlane.sourceRouteCount());
            assertEquals(0, m.dataPlane.tunnelCount());
            assertEquals(0, m.maar.pool().allocated(), "prefix back in MAAR" + n + "'s pool");
        }
        assertEquals(1, rig.maar(1).maar.removedByCmd());
        assertEquals(1, rig.maar(2).maar.removedByCmd());
    }

    @Test
    void cmdExpiryCleansEveryMaarWhenTheServingOneFallsSilent()
    {
        final DmmRig rig = new DmmRig("locator", "a", new Properties());
        rig.moveTo(1);
        rig.moveTo(2);
        rig.hold = s -> s.from().equals(M[1]) && s.to().equals(DmmRig.norm(CMD)); // MAAR2's refreshes are lost
        rig.advance(DmmRig.LIFETIME_S * 1000L + 6000, 1000);
        assertEquals(1, rig.cmd.expiries());
        assertEquals(List.of(), rig.cmd.sessions());
        assertEquals(List.of(), rig.maar(1).maar.sessions());
        assertEquals(0, rig.maar(1).dataPlane.tunnelCount());
        assertEquals(0, rig.maar(1).maar.pool().allocated());
    }

    @Test
    void backAtAPreviousMaarItServesItsOwnPrefixAgain()
    {
        final DmmRig rig = new DmmRig("relay", "a", new Properties());
        rig.moveTo(1);
        final long p1 = rig.prefixAt(1);
        rig.moveTo(2);
        final long p2 = rig.prefixAt(2);
        rig.moveTo(1);
        assertEquals("SERVING", only(rig, 1).role());
        assertEquals(p1, rig.prefixAt(1), "the same prefix");
        assertEquals(PORT, rig.maar(1).dataPlane.deliveryPortOf(p1));
        assertEquals(M[1], rig.maar(1).tunnelPeer(rig.maar(1).dataPlane.sourceRouteOf(p2)));
        assertEquals(M[0], rig.maar(2).tunnelPeer(rig.maar(2).routeOf(p2)));
        assertEquals(List.of(M[1] + " " + Ipv6Words.text(p2, 0) + "/64"), cmdSession(rig).previousMaars());
        assertEquals(M[0], cmdSession(rig).servingMaar());
    }

    /** The node's return PBU lost: its retransmission is an attachment still (HI 1), not a stale refresh. */
    @Test
    void backAtAPreviousMaarWithItsFirstPbuLostTheRetransmissionRegisters()
    {
        final DmmRig rig = new DmmRig("relay", "a", new Properties());
        rig.moveTo(1);
        rig.moveTo(2);
        final int[] dropped = {0};
        rig.hold = m -> m.from().equals(DmmRig.norm(MAAR[0])) && m.to().equals(DmmRig.norm(CMD)) &&
            Frames.read(m.message()).isUpdate() && dropped[0]++ == 0;
        rig.moveTo(1);
        rig.held.clear(); // lost
        assertEquals(M[1], cmdSession(rig).servingMaar());
        rig.advance(3_000, 100);
        assertEquals(1, rig.maar(1).maar.retransmissions());
        final DmmMessage retransmitted = Frames.read(rig.log.stream().filter(m -> m.from().equals(M[0]) &&
            m.to().equals(DmmRig.norm(CMD)) && Frames.read(m.message()).isUpdate()).toList().getLast().message());
        assertEquals(1, retransmitted.handoffIndicator(), "the retransmission repeats the attachment's HI");
        assertEquals(M[0], cmdSession(rig).servingMaar(), "the node is back at MAAR1");
        assertEquals(0, rig.cmd.staleRefreshes());
        assertEquals("SERVING", only(rig, 1).role());
        assertEquals("PREVIOUS", only(rig, 2).role());
    }

    /**
     * Proxy mode, the CMD's first PBA to the new serving MAAR slow: the MAAR retransmits (a new Sequence #) and then
     * both answers arrive, the first first. The first answers a copy of the PBU outstanding and is taken (with its
     * Previous MAAR option), not dropped as unmatched (seen in the lab under load: MAAR2 registered without MAAR1).
     */
    @Test
    void thePbaOfTheFirstCopyAnswersARetransmittedPbu()
    {
        final DmmRig rig = new DmmRig("proxy", "a", new Properties());
        rig.moveTo(1);
        final long p1 = rig.prefixAt(1);
        rig.hold = m -> m.from().equals(DmmRig.norm(CMD)) && m.to().equals(M[1]) && Frames.read(m.message()).isAck();
        rig.moveTo(2);
        assertEquals(1, rig.held.size(), "the CMD's answer to the first copy is held");
        rig.advance(1_500, 100);
        assertEquals(1, rig.maar(2).maar.retransmissions());
        assertEquals(2, rig.held.size(), "and its answer to the retransmission");
        rig.hold = m -> false;
        rig.release();
        assertEquals(0, rig.maar(2).maar.unmatched());
        final MobilityAnchorAccessRouter.SessionView at2 = only(rig, 2);
        assertTrue(at2.registered());
        assertEquals(List.of(M[0] + " " + Ipv6Words.text(p1, 0) + "/64"), at2.previousMaars());
        assertEquals(M[0], rig.maar(2).tunnelPeer(rig.maar(2).dataPlane.sourceRouteOf(p1)));
    }

    @Test
    void dlifAdvertisesOneRouterPerAnchorWithStableIdentities()
    {
        final Properties dlif = new Properties();
        dlif.setProperty("maar.dlif", "true");
        final DmmRig rig = new DmmRig("proxy", "a", dlif);
        rig.moveTo(1);
        final Frames.Ra atMaar1 = lastRa(rig, 1);
        rig.moveTo(2);
        rig.moveTo(3);
        final long p1 = rig.prefixAt(1);
        final List<InMemoryAccessLink.Frame> frames = rig.maar(3).access.sent();
        final List<Frames.Ra> ras = frames.subList(frames.size() - 3, frames.size()).stream()
            .map(f -> Frames.ra(f.bytes())).toList();
        assertEquals(rig.prefixAt(3), ras.get(0).pios().get(0).prefix());
        assertTrue(ras.get(0).routerLifetime() > 0);
        assertNotEquals(0, ras.get(0).pios().get(0).preferred());
        for (final Frames.Ra ra : ras.subList(1, 3))
        {
            assertEquals(1, ra.pios().size(), "one prefix per logical interface");
            assertEquals(0, ra.pios().get(0).preferred());
            assertEquals(0, ra.routerLifetime());
            if (ra.pios().get(0).prefix() == p1)
            {
                assertEquals(atMaar1.sourceMac(), ra.sourceMac(), "MAAR1's DLIF looks the same from MAAR3");
                assertEquals(atMaar1.sourceLo(), ra.sourceLo());
            }
        }
        assertEquals(3, ras.stream().map(Frames.Ra::sourceMac).distinct().count());
        assertEquals(0, rig.maar(3).maar.dlifRefusals(), "the data plane takes DLIF");
    }

    @Test
    void dlifProgramsOneLogicalInterfacePerAnchorAtTheServingMaarAndRemovesThem()
    {
        final Properties dlif = new Properties();
        dlif.setProperty("maar.dlif", "true");
        final DmmRig rig = new DmmRig("relay", "a", dlif);
        rig.moveTo(1);
        final long p1 = rig.prefixAt(1);
        final Frames.Ra atMaar1 = lastRa(rig, 1);
        assertEquals(1, rig.maar(1).dataPlane.dlifCount());
        assertEquals(atMaar1.sourceMac(), rig.maar(1).dataPlane.dlifMacOf(p1), "the DLIF the RA came from");
        rig.moveTo(2);
        rig.moveTo(3);
        final DmmRig.Maar m3 = rig.maar(3);
        assertEquals(3, m3.dataPlane.dlifCount(), "one per anchoring MAAR at the serving MAAR");
        assertEquals(atMaar1.sourceMac(), m3.dataPlane.dlifMacOf(p1), "MAAR1's DLIF, the same MAC at MAAR3");
        assertEquals(lastRaFor(m3, rig.prefixAt(3)).sourceMac(), m3.dataPlane.dlifMacOf(rig.prefixAt(3)));
        assertEquals(lastRaFor(m3, rig.prefixAt(2)).sourceMac(), m3.dataPlane.dlifMacOf(rig.prefixAt(2)));
        assertEquals(0, rig.maar(1).dataPlane.dlifCount() + rig.maar(2).dataPlane.dlifCount(),
            "a previous MAAR keeps no DLIF: the node is not on its link");
        assertEquals(0, m3.maar.dlifRefusals());

        // The node resolves MAAR1's DLIF link-local at MAAR3: answered with MAAR1's logical MAC.
        final String maar1LinkLocal = Ipv6Words.text(0xfe80_0000_0000_0000L, atMaar1.sourceLo());
        final int before = m3.access.sent().size();
        m3.access.deliver(PORT, AccessFrames.neighbourSolicitation(DmmRig.ALICE_MAC, "fe80::aa01",
            atMaar1.sourceMac(), maar1LinkLocal));
        rig.run();
        assertEquals(before + 1, m3.access.sent().size(), "an NA for the DLIF link-local");
        final java.nio.ByteBuffer na = java.nio.ByteBuffer.wrap(m3.access.sent().get(before).bytes());
        assertEquals(136, na.get(14 + 40) & 0xFF);
        assertEquals(atMaar1.sourceLo(), na.getLong(14 + 40 + 16), "target: MAAR1's DLIF link-local");
        assertEquals(atMaar1.sourceLo(), na.getLong(14 + 16), "sourced from it");
        assertEquals(atMaar1.sourceMac(), na.getLong(14 + 40 + 24) & 0xFFFF_FFFF_FFFFL, "TLLAO: its logical MAC");
        assertEquals(atMaar1.sourceMac(), na.getLong(4) & 0xFFFF_FFFF_FFFFL, "Ethernet source: the logical MAC");

        // The session ends: every DLIF goes.
        m3.maar.detach(DmmRig.ALICE_MAC);
        rig.advance(DmmRig.LIFETIME_S * 1000L + 10_000, 10_000);
        assertEquals(1, m3.maar.sessionEnds());
        assertEquals(0, m3.dataPlane.dlifCount(), "DLIFs removed with the session");
        assertEquals(0, m3.maar.dlifRefusals());
    }

    private static Frames.Ra lastRaFor(final DmmRig.Maar m, final long prefix)
    {
        final List<InMemoryAccessLink.Frame> frames = m.access.sent();
        for (int i = frames.size() - 1; i >= 0; i--)
        {
            if ((frames.get(i).bytes()[14 + 40] & 0xFF) != 134)
            {
                continue; // not an RA
            }
            final Frames.Ra ra = Frames.ra(frames.get(i).bytes());
            if (ra.pios().size() == 1 && ra.pios().get(0).prefix() == prefix)
            {
                return ra;
            }
        }
        throw new AssertionError("no RA for " + Ipv6Words.text(prefix, 0));
    }

    @Test
    void aRouterSolicitationAttachesAndIsAnswered()
    {
        final DmmRig rig = new DmmRig("relay", "a", new Properties());
        final DmmRig.Maar m1 = rig.maar(1);
        m1.access.deliver(PORT, AccessFrames.routerSolicitation(DmmRig.ALICE_MAC, "::"));
        rig.run();
        assertEquals(1, rig.cmd.registrations());
        assertEquals("SERVING", only(rig, 1).role());
        assertEquals(1, m1.access.sent().size(), "RA after the PBA");
        m1.access.deliver(PORT, AccessFrames.routerSolicitation(DmmRig.ALICE_MAC, "fe80::aa01"));
        m1.access.deliver(PORT, AccessFrames.routerSolicitation(0x02_00_00_00_EE_01L, "::"));
        m1.access.deliver(PORT, new byte[] { 1, 2, 3 });
        rig.run();
        assertEquals(2, m1.access.sent().size(), "a solicited RA, no new registration");
        assertEquals(1, m1.maar.pbusSent());
        assertEquals(1, m1.maar.unknownMobileNodes());
        assertEquals(1, m1.maar.ignoredFrames());
    }

    @Test
    void aNeighbourSolicitationForTheAccessLinkLocalIsAnswered()
    {
        final DmmRig rig = new DmmRig("relay", "a", new Properties());
        final DmmRig.Maar m1 = rig.maar(1);
        m1.access.deliver(PORT, AccessFrames.routerSolicitation(DmmRig.ALICE_MAC, "::"));
        rig.run();
        final int before = m1.access.sent().size();
        final long maarMac = 0x02_00_00_00_01_00L;
        m1.access.deliver(PORT, AccessFrames.neighbourSolicitation(DmmRig.ALICE_MAC, "fe80::aa01", maarMac, "fe80::1"));
        m1.access.deliver(PORT, AccessFrames.dadProbe(DmmRig.ALICE_MAC, "fe80::1"));
        m1.access.deliver(PORT, AccessFrames.neighbourSolicitation(DmmRig.ALICE_MAC, "fe80::aa01", maarMac, "fe80::2"));
        rig.run();
        assertEquals(before + 1, m1.access.sent().size(), "one NA, for fe80::1 from a unicast source");
        assertEquals(1, m1.maar.neighbourAdvertisements());
        assertEquals(2, m1.maar.ignoredFrames(), "the DAD probe and the NS for another target");
        final java.nio.ByteBuffer na = java.nio.ByteBuffer.wrap(m1.access.sent().get(before).bytes());
        assertEquals(PORT, m1.access.sent().get(before).port());
        assertEquals(136, na.get(14 + 40) & 0xFF, "a Neighbour Advertisement");
        assertEquals(0xE0, na.get(14 + 40 + 4) & 0xFF, "R, S, O");
        assertEquals(Ipv6Words.hi("fe80::1"), na.getLong(14 + 40 + 8), "target fe80::1");
        assertEquals(Ipv6Words.lo("fe80::1"), na.getLong(14 + 40 + 16));
        assertEquals(Ipv6Words.hi("fe80::aa01"), na.getLong(14 + 24), "to the soliciting address");
        assertEquals(0x0201, na.getShort(14 + 40 + 24), "TLLAO type 2, length 1");
        assertEquals(maarMac, na.getLong(14 + 40 + 24) & 0xFFFF_FFFF_FFFFL, "TLLAO: the access-link MAC");
    }

    @Test
    void handoverTimesAreKeptPerSession()
    {
        final DmmRig rig = new DmmRig("relay", "a", new Properties());
        rig.moveTo(1);
        rig.advance(1_000, 100);
        final long moved = rig.clock.time();
        rig.moveTo(2);
        rig.advance(100, 10);
        final MobilityAnchorAccessRouter.SessionView serving = only(rig, 2);
        final MobilityAnchorAccessRouter.SessionView previous = only(rig, 1);
        assertEquals(moved, serving.attachSeenAtMs(), "the attachment at MAAR2");
        assertTrue(serving.programmedAtMs() >= moved, "MAAR2's tunnel and routes acknowledged after it");
        assertEquals("PREVIOUS", previous.role());
        assertTrue(previous.programmedAtMs() >= moved, "MAAR1's route into the tunnel acknowledged after it: " +
            previous.programmedAtMs() + " vs " + moved);
        assertTrue(previous.attachSeenAtMs() < moved, "MAAR1 saw the first attachment only");
        assertTrue(!serving.programming() && !previous.programming(), "every ack in");
    }

    @Test
    void theServingMaarRecordsAttachToProgrammedOncePerAttachment()
    {
        final DmmRig rig = new DmmRig("relay", "a", new Properties());
        rig.moveTo(1);
        final LatencyHistogram at1 = rig.maar(1).maar.handoverLatency();
        assertEquals(1, at1.count(), "the first attachment at MAAR1");
        assertEquals(0, at1.sumMs(), "PBA and acks on the same (test) clock tick");
        rig.hold = s -> s.from().equals(M[0]) && s.to().equals(DmmRig.norm(CMD)); // MAAR1's PBA to the CMD is slow
        rig.moveTo(2);
        rig.advance(37, 1);
        final LatencyHistogram at2 = rig.maar(2).maar.handoverLatency();
        assertEquals(0, at2.count(), "not yet: the CMD waits for MAAR1, MAAR2 has no P-MAAR tunnel");
        rig.hold = s -> false;
        rig.release();
        assertEquals(1, at2.count(), "MAAR2's tunnel to MAAR1 acknowledged");
        assertEquals(37, at2.sumMs(), "attachment seen to the last ack");
        assertEquals(37, only(rig, 2).programmedAtMs() - only(rig, 2).attachSeenAtMs(), "the binding agrees");
        assertEquals(1, at2.bucket(5), "in (20 ms, 50 ms]");
        rig.advance(10_000, 500);
        assertEquals(1, at2.count(), "refreshes are no handovers");
        assertEquals(1, at1.count(), "a P-MAAR measures nothing");
        rig.moveTo(1);
        assertEquals(2, at1.count(), "back at MAAR1: a second attachment there");
    }

    @Test
    void dlifIdentitiesTravelInTheDlifOptions()
    {
        final Properties dlif = new Properties();
        dlif.setProperty("maar.dlif", "true");
        final DmmRig rig = new DmmRig("locator", "a", dlif);
        rig.moveTo(1);
        rig.moveTo(2);
        final int mark = rig.log.size();
        rig.moveTo(3);
        final byte[] alice = DmmRig.ALICE.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int n = 0; n < 2; n++)
        {
            final long expected = DlifIdentity.mac(alice, alice.length, hi(MAAR[n]), Ipv6Words.lo(MAAR[n]));
            for (final String to : new String[] { MAAR[2], CMD })
            {
                final DmmMessage pba = Frames.read(rig.sent(MAAR[n], to, mark).get(0).message());
                assertEquals(expected, pba.dlifMac(), "P-MAAR" + (n + 1) + "'s DLIF MAC to " + to);
                assertTrue(pba.hasDlifLinkLocal());
                assertEquals(0xFE80_0000_0000_0000L, pba.dlifLinkLocalHi());
                assertEquals(DlifIdentity.eui64(expected), pba.dlifLinkLocalLo());
            }
        }
        final DmmMessage pbu = Frames.read(rig.sent(MAAR[2], CMD, mark).get(0).message());
        assertEquals(DlifIdentity.mac(alice, alice.length, hi(MAAR[2]), Ipv6Words.lo(MAAR[2])), pbu.dlifMac());
        assertEquals(0, rig.maar(3).maar.dlifMismatches());
        assertEquals(2, rig.maar(3).dataPlane.tunnelCount());
    }

    @Test
    void aLostPbuToAPreviousMaarIsSentAgain()
    {
        final DmmRig rig = new DmmRig("proxy", "a", new Properties());
        rig.moveTo(1);
        rig.moveTo(2);
        final long p1 = rig.prefixAt(1);
        final int[] lost = { 0 };
        rig.hold = s -> s.from().equals(DmmRig.norm(CMD)) && s.to().equals(M[0]) && lost[0]++ == 0;
        rig.moveTo(3);
        rig.held.clear(); // the first PBU to MAAR1 is lost
        assertEquals(M[1], rig.maar(1).tunnelPeer(rig.maar(1).routeOf(p1)), "MAAR1 does not know yet");
        rig.advance(500, 100);
        assertEquals(1, rig.cmd.retransmissions());
        assertEquals(M[2], rig.maar(1).tunnelPeer(rig.maar(1).routeOf(p1)));
        assertEquals(1, rig.maar(1).dataPlane.tunnelCount());
        rig.advance(5000, 100);
        assertEquals(1, rig.cmd.retransmissions(), "nothing more once it answered");
        assertEquals(0, rig.cmd.unansweredPbus());
    }

    @Test
    void theRaWaitsForTheDataPlane()
    {
        final DmmRig rig = new DmmRig("proxy", "a", new Properties());
        rig.moveTo(1);
        rig.moveTo(2);
        final DmmRig.Maar m3 = rig.maar(3);
        m3.dataPlane.silent(true); // the calls take effect, no ack comes
        rig.moveTo(3);
        assertEquals(0, m3.access.sent().size(), "no RA before the routes are acknowledged");
        assertEquals(2, m3.dataPlane.tunnelCount());
        rig.advance(999, 100);
        assertEquals(0, m3.access.sent().size());
        rig.advance(1, 1);
        assertEquals(1, m3.access.sent().size(), "after maar.data-plane-timeout-ms, counted");
        assertEquals(1, m3.maar.dataPlaneTimeouts());
        assertEquals(3, lastRa(rig, 3).pios().size());
        assertEquals(0, rig.maar(2).maar.dataPlaneTimeouts(), "MAAR2's RAs came after its acks");
        assertEquals(0, m3.maar.handoverLatency().count(), "never programmed: no handover latency");
        assertEquals(1, rig.maar(2).maar.handoverLatency().count());
    }
}
