package net.dmmgw.control.mag;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import net.dmmgw.control.admin.AdminException;
import net.dmmgw.control.admin.MagAdmin;
import net.dmmgw.control.codec.BindingAck;
import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.MhChecksum;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.location.BindingState;
import net.dmmgw.control.location.MessageOrdering;
import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.control.node.NodeAgent;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static net.dmmgw.control.mag.MagRig.ACCESS_PORT;
import static net.dmmgw.control.mag.MagRig.ALICE_MAC;
import static net.dmmgw.control.mag.MagRig.BOB_MAC;
import static net.dmmgw.control.mag.MagRig.LMA;
import static net.dmmgw.control.mag.MagRig.MAG1;
import static net.dmmgw.control.mag.MagRig.MAG2;
import static net.dmmgw.control.mag.MagRig.MAG_MAC;
import static net.dmmgw.control.mag.MagRig.STRANGER_MAC;
import static net.dmmgw.control.mag.MagRig.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MAG against the real LMA ({@link net.dmmgw.control.lma.LocalMobilityAnchor}) over in-memory signalling and
 * data planes: attachment by RS and by administration, PBU contents, the data-plane state, RAs, refresh,
 * de-registration, retransmission back-off, error statuses and handoffs between two MAGs.
 */
class MagLmaTest
{
    private static final String ALICE = "alice@example.com";
    private static final long ALICE_EUI64 = 0x0000_00FF_FE00_AA01L;
    private static final int A_H_P = BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_P;

    private static Properties props(final String... kv)
    {
        final Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2)
        {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static MagRig rig() throws Exception
    {
        return new MagRig(new Properties(), new Properties());
    }

    private static List<Mh> messages(final MagRig rig, final String from, final String to)
    {
        return rig.sent(from, to).stream().map(s -> Mh.of(s.message())).toList();
    }

    private static List<AccessFrames.Ra> ras(final MagRig.Node mag)
    {
        return mag.access.sent().stream().map(f -> AccessFrames.Ra.of(f.bytes())).toList();
    }

    private static long prefixHi(final String prefixWithLength)
    {
        return Ipv6Words.hi(prefixWithLength.substring(0, prefixWithLength.indexOf('/')));
    }

    private static BindingCacheEntry lmaEntry(final MagRig rig)
    {
        final byte[] id = ALICE.getBytes();
        return rig.lma.lma.cache().byMnId(id, 0, id.length, -1, null, 0, 0);
    }

    /** RS on MAG1 from Alice; returns her HNP (upper word) from the PBA. */
    private static long attachAlice(final MagRig rig, final MagRig.Node mag)
    {
        mag.access.deliver(ACCESS_PORT, AccessFrames.routerSolicitation(ALICE_MAC, "fe80::aa01"));
        rig.run();
        final List<Mh> pbas = messages(rig, LMA, mag.address);
        final Mh pba = pbas.get(pbas.size() - 1);
        assertEquals(0, pba.status());
        return prefixHi(pba.prefixes().get(0));
    }

    @Test
    void routerSolicitationRegistersProgramsAndAdvertises() throws Exception
    {
        try (MagRig rig = rig())
        {
            rig.mag1.access.deliver(ACCESS_PORT, AccessFrames.routerSolicitation(ALICE_MAC, "fe80::aa01"));
            rig.run();

            final List<Mh> pbus = messages(rig, MAG1, LMA);
            assertEquals(1, pbus.size());
            final Mh pbu = pbus.get(0);
            assertEquals(MhType.BINDING_UPDATE, pbu.type());
            assertEquals(A_H_P, pbu.flags(), "A, H and P set, nothing else");
            assertEquals(900, pbu.lifetime());
            assertEquals(List.of("0:0:0:0:0:0:0:0/0"), pbu.prefixes(), "ALL_ZERO: the LMA assigns");
            assertEquals(ALICE, pbu.mnId());
            assertEquals(4, pbu.handoffIndicator());
            assertEquals(3, pbu.accessTechnologyType());
            assertEquals(ALICE_MAC, pbu.linkLayer());
            assertEquals(T0, MessageOrdering.millisOfTimestamp(pbu.timestamp()));

            final List<Mh> pbas = messages(rig, LMA, MAG1);
            assertEquals(1, pbas.size());
            assertEquals(0, pbas.get(0).status());
            assertEquals(pbu.sequence(), pbas.get(0).sequence());
            final String hnp = pbas.get(0).prefixes().get(0);
            final long p = prefixHi(hnp);
            assertTrue(hnp.startsWith("2001:db8:100:") && hnp.endsWith("/64"), hnp);

            final BindingCacheEntry bce = lmaEntry(rig);
            assertTrue(bce.isProxyCoa(Ipv6Words.hi(MAG1), Ipv6Words.lo(MAG1)));
            assertEquals(p, bce.prefix(0));

            final var dp = rig.mag1.dataPlane;
            assertEquals(1, dp.tunnelCount());
            final int tunnel = dp.sourceRouteOf(p);
            assertTrue(tunnel > 0, "uplink from the HNP goes into the tunnel");
            assertEquals(Ipv6Words.hi(LMA), dp.tunnelRemote(tunnel)[0]);
            assertEquals(Ipv6Words.lo(LMA), dp.tunnelRemote(tunnel)[1]);
            assertEquals(ACCESS_PORT, dp.deliveryPortOf(p), "downlink to the HNP is delivered on the access port");
            assertEquals(ALICE_MAC, dp.neighbourMac(ACCESS_PORT, p, ALICE_EUI64));

            final List<AccessFrames.Ra> ras = ras(rig.mag1);
            assertEquals(1, ras.size());
            assertEquals(ACCESS_PORT, rig.mag1.access.sent().get(0).port());
            final AccessFrames.Ra ra = ras.get(0);
            assertEquals(ALICE_MAC, ra.dstMac());
            assertEquals(MAG_MAC, ra.srcMac());
            assertEquals("fe80:0:0:0:0:0:0:1", ra.source());
            assertEquals("fe80:0:0:0:0:0:0:aa01", ra.destination(), "unicast to the soliciting node");
            assertEquals(255, ra.hopLimit());
            assertEquals(134, ra.type());
            assertEquals(0, ra.code());
            assertTrue(ra.checksumOk());
            assertEquals(1800, ra.routerLifetime());
            assertEquals(MAG_MAC, ra.sllao());
            assertEquals(1460, ra.mtu());
            assertEquals(List.of(new AccessFrames.Prefix(Ipv6Words.text(p, 0), 64, 0xC0, 3600, 3600)),
                ra.prefixes());
            assertEquals("REGISTERED", rig.mag1.mag.sessions().get(0).state());
        }
    }

    @Test
    void unknownMacsAndInvalidFramesAreIgnoredAndCounted() throws Exception
    {
        try (MagRig rig = rig())
        {
            rig.mag1.access.deliver(ACCESS_PORT, AccessFrames.routerSolicitation(STRANGER_MAC, "::"));
            final byte[] badChecksum = AccessFrames.routerSolicitation(ALICE_MAC, "::");
            badChecksum[badChecksum.length - 1] ^= 1;
            rig.mag1.access.deliver(ACCESS_PORT, badChecksum);
            final byte[] hop64 = AccessFrames.routerSolicitation(ALICE_MAC, "::");
            hop64[21] = 64; // RFC 4861 §6.1.1: an RS must arrive with Hop Limit 255
            rig.mag1.access.deliver(ACCESS_PORT, hop64);
            rig.mag1.access.deliver(ACCESS_PORT, new byte[]{ 1, 2, 3 });
            rig.run();
            assertEquals(0, rig.log.size(), "no PBU");
            assertEquals(1, rig.mag1.mag.unknownMobileNodes());
            assertEquals(3, rig.mag1.mag.ignoredFrames());
            assertFalse(rig.mag1.mag.attach(ACCESS_PORT, STRANGER_MAC));
            assertEquals(2, rig.mag1.mag.unknownMobileNodes());
            assertTrue(rig.mag1.mag.sessions().isEmpty());
        }
    }

    @Test
    void adminAttachThenPeriodicAdvertisementsAndRefreshBeforeExpiry() throws Exception
    {
        try (MagRig rig = rig())
        {
            assertTrue(rig.mag1.mag.attach(ACCESS_PORT, ALICE_MAC));
            rig.run();
            final long p = prefixHi(messages(rig, LMA, MAG1).get(0).prefixes().get(0));
            assertEquals("ff02:0:0:0:0:0:0:1", ras(rig.mag1).get(0).destination(), "node address unknown: all-nodes");
            rig.mag1.access.clearSent();

            rig.advance(600_000, 1000);
            List<AccessFrames.Ra> ras = ras(rig.mag1);
            assertEquals(1, ras.size(), "one RA per MaxRtrAdvInterval");
            assertEquals(3000, ras.get(0).prefixes().get(0).valid(), "bounded by the binding's remaining lifetime");

            rig.advance(2_280_000 - 1000, 1000);
            assertEquals(1, messages(rig, MAG1, LMA).size(), "no refresh before 80 % of the lifetime");
            rig.advance(1000, 1000);
            final List<Mh> pbus = messages(rig, MAG1, LMA);
            assertEquals(2, pbus.size(), "refresh at 2 880 s = 80 % of 3 600 s");
            final Mh refresh = pbus.get(1);
            assertEquals(5, refresh.handoffIndicator());
            assertEquals(List.of(Ipv6Words.text(p, 0) + "/64"), refresh.prefixes());
            assertEquals(900, refresh.lifetime());
            assertEquals(0, messages(rig, LMA, MAG1).get(1).status());
            ras = ras(rig.mag1);
            final AccessFrames.Ra last = ras.get(ras.size() - 1);
            assertEquals(3600, last.prefixes().get(0).valid(), "re-advertised with the renewed lifetime");
            assertEquals(T0 + 2_880_000 + 3_600_000, lmaEntry(rig).expiresAtMs());
            assertEquals(5, ras.size(), "periodic at 600, 1 200, 1 800, 2 400 s, then one after the refresh");
        }
    }

    @Test
    void detachDeregistersAndRemovesTheDataPlaneState() throws Exception
    {
        try (MagRig rig = rig())
        {
            final long p = attachAlice(rig, rig.mag1);
            assertTrue(rig.mag1.mag.detach(ALICE_MAC));
            rig.run();
            final List<Mh> pbus = messages(rig, MAG1, LMA);
            final Mh dereg = pbus.get(pbus.size() - 1);
            assertEquals(0, dereg.lifetime());
            assertEquals(List.of(Ipv6Words.text(p, 0) + "/64"), dereg.prefixes());
            final List<Mh> pbas = messages(rig, LMA, MAG1);
            assertEquals(0, pbas.get(pbas.size() - 1).lifetime());
            assertEquals(BindingState.DEREGISTERED, lmaEntry(rig).state());
            final var dp = rig.mag1.dataPlane;
            assertEquals(-1, dp.sourceRouteOf(p));
            assertEquals(-1, dp.deliveryPortOf(p));
            assertEquals(0, dp.neighbourCount());
            assertEquals(0, dp.tunnelCount());
            assertTrue(rig.mag1.mag.sessions().isEmpty());
            assertFalse(rig.mag1.mag.detach(ALICE_MAC));
        }
    }

    @Test
    void administrativeDetachAndAttachByMacThroughTheAdminViewAndRefusals() throws Exception
    {
        try (MagRig rig = rig())
        {
            final long p = attachAlice(rig, rig.mag1);
            final MobileAccessGateway mag = rig.mag1.mag;
            final MagAdmin admin = new MagAdmin(mag);
            assertEquals("alice@example.com", admin.bindings().get(0).get("mnId"));
            assertEquals("alice@example.com", admin.detach("02:00:00:00:aa:01").get("mnId"));
            rig.run();
            assertEquals(BindingState.DEREGISTERED, lmaEntry(rig).state(), "the de-registration reached the LMA");
            assertEquals(-1, rig.mag1.dataPlane.sourceRouteOf(p));
            assertTrue(admin.bindings().isEmpty());
            assertEquals(AdminException.NOT_FOUND, refusal(() -> admin.detach("02:00:00:00:aa:01")),
                "no longer attached");
            assertEquals(AdminException.NOT_FOUND, refusal(() -> admin.attach("02:00:00:00:99:99", 0)), "unknown MAC");
            assertEquals(AdminException.NOT_FOUND, refusal(() -> admin.detach("zz:zz")), "not a node");
            assertEquals("attach started", admin.attach("02:00:00:00:aa:01", 0).get("result"));
            assertEquals(AdminException.CONFLICT, refusal(() -> admin.attach("02:00:00:00:aa:01", 0)),
                "attached twice");
            rig.run();
            assertEquals(1, mag.sessions().size());
        }
    }

    private static int refusal(final Runnable call)
    {
        try
        {
            call.run();
        }
        catch (final AdminException ex)
        {
            return ex.status();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void lostPbasAreRetransmittedWithExponentialBackOffThenGivenUp() throws Exception
    {
        try (MagRig rig = rig())
        {
            rig.filter = m -> !Ipv6Words.text(MagRig.word(m.source(), 0), MagRig.word(m.source(), 8))
                .equals("2001:db8:2:0:0:0:0:1");
            rig.mag1.access.deliver(ACCESS_PORT, AccessFrames.routerSolicitation(ALICE_MAC, "fe80::aa01"));
            rig.run();
            rig.advance(120_000, 100);
            final List<MagRig.Sent> sent = rig.sent(MAG1, LMA);
            final long[] offsets = sent.stream().mapToLong(s -> s.atMs() - T0).toArray();
            assertEquals(List.of(0L, 1000L, 3000L, 7000L, 15000L, 31000L, 63000L),
                java.util.Arrays.stream(offsets).boxed().toList(), "1 s doubling to 32 s, 6 retransmissions");
            int previous = -1;
            for (final MagRig.Sent s : sent)
            {
                final Mh pbu = Mh.of(s.message());
                if (previous >= 0)
                {
                    assertTrue(MessageOrdering.isNewerSequence(pbu.sequence(), previous),
                        "a new, larger Sequence # on each retransmission (wire-formats §4.4): " + pbu.sequence());
                }
                previous = pbu.sequence();
                assertEquals(s.atMs(), MessageOrdering.millisOfTimestamp(pbu.timestamp()), "a fresh timestamp");
            }
            assertEquals(1, rig.mag1.mag.registrationTimeouts());
            assertEquals(6, rig.mag1.mag.retransmissions());
            assertTrue(rig.mag1.mag.sessions().isEmpty());
            assertEquals(0, rig.mag1.access.sent().size(), "no RA without a PBA");
            assertEquals(0, rig.mag1.dataPlane.sourceRouteCount());
        }
    }

    @Test
    void aRetransmissionThatGetsThroughRegisters() throws Exception
    {
        try (MagRig rig = rig())
        {
            final int[] lost = { 2 };
            rig.filter = m -> !(m.source()[5] == 2 && lost[0]-- > 0); // the LMA's first two PBAs are lost
            rig.mag1.access.deliver(ACCESS_PORT, AccessFrames.routerSolicitation(ALICE_MAC, "fe80::aa01"));
            rig.run();
            rig.advance(5_000, 100);
            assertEquals(3, rig.sent(MAG1, LMA).size());
            assertEquals(3000, rig.sent(MAG1, LMA).get(2).atMs() - T0);
            assertEquals(2, rig.mag1.mag.retransmissions());
            assertEquals(1, ras(rig.mag1).size());
            assertEquals(lmaEntry(rig).prefix(0),
                prefixHi(ras(rig.mag1).get(0).prefixes().get(0).prefix() + "/64"), "the LMA's one session");
            assertEquals(1, rig.lma.lma.cache().size());
        }
    }

    @Test
    void aNewInterfaceAttachWhosePbasWereLostGetsOneSessionAndOnePrefix() throws Exception
    {
        // HI = 1 (attachment over a new interface): the LMA opens a session per such PBU unless it recognises a copy
        // of the one it already accepted (same MAG, MN-ID, MN-LL-ID and ATT), whatever the copy's Sequence #.
        try (MagRig rig = new MagRig(new Properties(), props("mag.handoff-indicator", "1")))
        {
            final int[] lost = { 2 };
            rig.filter = m -> !(m.source()[5] == 2 && lost[0]-- > 0); // the LMA's first two PBAs are lost
            rig.mag1.access.deliver(ACCESS_PORT, AccessFrames.routerSolicitation(ALICE_MAC, "fe80::aa01"));
            rig.run();
            rig.advance(5_000, 100);
            final List<MagRig.Sent> pbus = rig.sent(MAG1, LMA);
            assertEquals(3, pbus.size());
            for (int i = 0; i < pbus.size(); i++)
            {
                final Mh pbu = Mh.of(pbus.get(i).message());
                assertEquals(1, pbu.handoffIndicator());
                assertEquals(pbus.get(i).atMs(), MessageOrdering.millisOfTimestamp(pbu.timestamp()), "fresh");
                if (i > 0)
                {
                    assertTrue(MessageOrdering.isNewerSequence(pbu.sequence(),
                        Mh.of(pbus.get(i - 1).message()).sequence()), "renumbered: " + pbu.sequence());
                }
            }
            assertEquals(1, rig.lma.lma.cache().size(), "one BCE");
            assertEquals(1, rig.lma.lma.pool().allocated(), "one prefix");
            assertEquals(2, rig.lma.lma.retransmittedAttaches());
            assertEquals(1, ras(rig.mag1).size());
            assertEquals(lmaEntry(rig).prefix(0),
                prefixHi(ras(rig.mag1).get(0).prefixes().get(0).prefix() + "/64"), "the LMA's one session");
        }
    }

    @Test
    void aLatePbaAnsweringAnEarlierCopyIsAcceptedAndOneOutsideTheCopiesIsNot() throws Exception
    {
        try (MagRig rig = rig())
        {
            final List<InMemorySignallingTransport.Message> held = new java.util.ArrayList<>();
            rig.filter = m -> !(m.source()[5] == 2 && held.size() < 2 && held.add(m)); // the first two PBAs held back
            rig.mag1.access.deliver(ACCESS_PORT, AccessFrames.routerSolicitation(ALICE_MAC, "fe80::aa01"));
            rig.run();
            rig.advance(1_500, 100);
            final List<MagRig.Sent> pbus = rig.sent(MAG1, LMA);
            assertEquals(2, pbus.size(), "the PBU and one copy");
            assertEquals(2, held.size());
            final int first = Mh.of(pbus.get(0).message()).sequence();
            assertEquals(first, Mh.of(held.get(0)).sequence());
            assertNotEquals(first, Mh.of(pbus.get(1).message()).sequence(), "the copy renumbered");
            // A PBA numbered below the first copy (a forged or stale one) answers no copy: ignored.
            rig.mag1.transport.deliver(held.get(0).source(), held.get(0).destination(),
                withSequence(held.get(0), first - 1));
            rig.run();
            assertEquals(1, rig.mag1.mag.unmatchedPbas());
            assertTrue(ras(rig.mag1).isEmpty());
            // The first copy's PBA arrives late, after the second copy left: it answers the PBU outstanding.
            rig.mag1.transport.deliver(held.get(0).source(), held.get(0).destination(), held.get(0).mh());
            rig.run();
            assertEquals(1, rig.mag1.mag.unmatchedPbas());
            assertEquals(1, ras(rig.mag1).size(), "served on the first copy's PBA");
            // The second copy's PBA after it is a duplicate: nothing outstanding any more.
            rig.mag1.transport.deliver(held.get(1).source(), held.get(1).destination(), held.get(1).mh());
            rig.run();
            assertEquals(2, rig.mag1.mag.unmatchedPbas());
            rig.advance(5_000, 100);
            assertEquals(2, rig.sent(MAG1, LMA).size(), "no more copies once answered");
        }
    }

    /** The PBA {@code m} renumbered, its checksum recomputed. */
    private static byte[] withSequence(final InMemorySignallingTransport.Message m, final int sequence)
    {
        final byte[] mh = m.mh().clone();
        final UnsafeBuffer b = new UnsafeBuffer(mh);
        b.putShort(BindingAck.SEQUENCE_OFFSET, (short)sequence, ByteOrder.BIG_ENDIAN);
        b.putShort(MhChecksum.CHECKSUM_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        final byte[] addresses = new byte[32];
        System.arraycopy(m.source(), 0, addresses, 0, 16);
        System.arraycopy(m.destination(), 0, addresses, 16, 16);
        final int checksum = MhChecksum.compute(new UnsafeBuffer(addresses), 0, 16, b, 0, mh.length);
        b.putShort(MhChecksum.CHECKSUM_OFFSET, (short)checksum, ByteOrder.BIG_ENDIAN);
        return mh;
    }

    @Test
    void aRejectingStatusMeansNoServiceAndNoAdvertisement() throws Exception
    {
        try (MagRig rig = rig())
        {
            rig.mag1.access.deliver(ACCESS_PORT, AccessFrames.routerSolicitation(BOB_MAC, "fe80::aa02"));
            rig.run(); // bob@example.org: the LMA serves example.com only
            assertEquals(153, messages(rig, LMA, MAG1).get(0).status());
            assertEquals(1, rig.mag1.mag.rejections());
            assertEquals(153, rig.mag1.mag.lastRejectionStatus());
            assertTrue(rig.mag1.mag.sessions().isEmpty());
            assertEquals(0, rig.mag1.access.sent().size());
            assertEquals(0, rig.mag1.dataPlane.sourceRouteCount());
            assertEquals(0, rig.mag1.dataPlane.tunnelCount());

            rig.lma.dataPlane.refuseNext(1); // the LMA's data plane refuses: 128 after its rollback
            rig.mag1.access.deliver(ACCESS_PORT, AccessFrames.routerSolicitation(ALICE_MAC, "fe80::aa01"));
            rig.run();
            assertEquals(128, rig.mag1.mag.lastRejectionStatus());
            assertEquals(0, rig.mag1.access.sent().size());
            assertEquals(0, rig.mag1.dataPlane.tunnelCount());

            rig.mag1.access.deliver(ACCESS_PORT, AccessFrames.routerSolicitation(ALICE_MAC, "fe80::aa01"));
            rig.run();
            assertEquals(1, ras(rig.mag1).size(), "the next RS tries again");
        }
    }

    @Test
    void aNotAuthorisedMagIsRefused() throws Exception
    {
        try (MagRig rig = new MagRig(props("peer.mag2.address", "2001:db8:1::99"), new Properties()))
        {
            rig.mag2.access.deliver(ACCESS_PORT, AccessFrames.routerSolicitation(ALICE_MAC, "fe80::aa01"));
            rig.run();
            assertEquals(154, rig.mag2.mag.lastRejectionStatus());
            assertEquals(0, rig.mag2.access.sent().size());
        }
    }

    @Test
    void timestampMismatchResynchronisesTheClockAndRetries() throws Exception
    {
        try (MagRig rig = rig())
        {
            rig.mag1.skewMs = 10_000;
            rig.mag1.access.deliver(ACCESS_PORT, AccessFrames.routerSolicitation(ALICE_MAC, "fe80::aa01"));
            rig.run();
            final List<Mh> pbas = messages(rig, LMA, MAG1);
            assertEquals(List.of(156, 0), pbas.stream().map(Mh::status).toList());
            assertEquals(-10_000, rig.mag1.mag.clockOffsetMs(), 1);
            final List<Mh> pbus = messages(rig, MAG1, LMA);
            assertEquals(T0, MessageOrdering.millisOfTimestamp(pbus.get(1).timestamp()), 1);
            assertEquals(1, ras(rig.mag1).size());
        }
    }

    @Test
    void sequenceOutOfWindowRetriesAboveTheLmasNumber() throws Exception
    {
        final Properties off = props("lma.timestamp-mode", "false");
        try (MagRig rig = new MagRig(off, props("mag.timestamp-mode", "false")))
        {
            final long p = attachAlice(rig, rig.mag1);
            rig.advance(2_880_000, 10_000); // one refresh: the LMA's last accepted number is now 1
            assertEquals(2, messages(rig, MAG1, LMA).size());
            assertEquals(-1, messages(rig, MAG1, LMA).get(0).timestamp(), "no Timestamp option in sequence mode");
            // MAG1 restarts: its sequence numbers start again at 0, below what the LMA accepted.
            final MagRig.Node n = rig.mag1;
            n.mag = new MobileAccessGateway(MagConfig.from(new NodeConfig(MagRig.magProperties(MAG1,
                props("mag.timestamp-mode", "false")))), n.dataPlane, n.transport, n.access, rig.clock);
            n.agent = new NodeAgent("mag", n.mag, n.transport, n.dataPlane, rig.clock);
            n.mag.start();
            rig.log.clear();
            n.access.clearSent();
            n.access.deliver(ACCESS_PORT, AccessFrames.routerSolicitation(ALICE_MAC, "fe80::aa01"));
            rig.run();
            final List<Mh> pbas = messages(rig, LMA, MAG1);
            assertEquals(List.of(135, 0), pbas.stream().map(Mh::status).toList());
            assertEquals(1, pbas.get(0).sequence(), "the 135 carries the last accepted number");
            assertEquals(2, messages(rig, MAG1, LMA).get(1).sequence());
            assertEquals(List.of(Ipv6Words.text(p, 0) + "/64"), pbas.get(1).prefixes(), "same session, same HNP");
            assertEquals(1, ras(n).size());
        }
    }

    @Test
    void handoffAfterDetachKeepsThePrefix() throws Exception
    {
        try (MagRig rig = rig())
        {
            final long p = attachAlice(rig, rig.mag1);
            rig.advance(10, 10);
            rig.mag1.mag.detach(ALICE_MAC);
            rig.run();
            rig.advance(2000, 100);
            assertEquals(p, attachAlice(rig, rig.mag2), "the LMA keeps the HNP across MAGs");
            assertHandedOffTo(rig, rig.mag2, p);
        }
    }

    /** Alice registered through MAG1, then (10 ms later: the LMA orders by timestamp) her RS reaches MAG2. */
    private static long aliceAtMag1ThenSolicitingAtMag2(final MagRig rig)
    {
        final long p = attachAlice(rig, rig.mag1);
        rig.advance(10, 10);
        rig.mag2.access.deliver(ACCESS_PORT, AccessFrames.routerSolicitation(ALICE_MAC, "fe80::aa01"));
        rig.run();
        return p;
    }

    @Test
    void handoffWithHandoffIndicator4WaitsForTheOldMagsDeregistration() throws Exception
    {
        try (MagRig rig = rig())
        {
            final long p = aliceAtMag1ThenSolicitingAtMag2(rig);
            assertEquals(0, messages(rig, LMA, MAG2).size(), "held by the LMA for MaxDelayBeforeNewBCEAssign");
            rig.advance(1200, 100); // MAG2 retransmits at 1 s; the LMA keeps the first deadline
            assertEquals(2, messages(rig, MAG2, LMA).size());
            rig.mag1.mag.detach(ALICE_MAC);
            rig.run();
            final List<Mh> pbas = messages(rig, LMA, MAG2);
            assertEquals(1, pbas.size());
            assertEquals(List.of(Ipv6Words.text(p, 0) + "/64"), pbas.get(0).prefixes());
            assertEquals(messages(rig, MAG2, LMA).get(1).sequence(), pbas.get(0).sequence());
            assertHandedOffTo(rig, rig.mag2, p);
            assertEquals(0, rig.mag1.dataPlane.sourceRouteCount());
            assertTrue(rig.mag1.mag.sessions().isEmpty());
        }
    }

    @Test
    void withoutDeregistrationTheSecondMagGetsANewSession() throws Exception
    {
        try (MagRig rig = rig())
        {
            final long p = aliceAtMag1ThenSolicitingAtMag2(rig);
            rig.advance(2000, 100);
            final List<Mh> pbas = messages(rig, LMA, MAG2);
            assertEquals(1, pbas.size());
            final long q = prefixHi(pbas.get(0).prefixes().get(0));
            assertNotEquals(p, q, "HI = 4 timed out: a second interface, a new prefix");
            assertEquals(q, prefixHi(ras(rig.mag2).get(0).prefixes().get(0).prefix() + "/64"));
            assertEquals(2, rig.lma.lma.cache().size());
        }
    }

    private static void assertHandedOffTo(final MagRig rig, final MagRig.Node mag, final long p)
    {
        final BindingCacheEntry bce = lmaEntry(rig);
        assertTrue(bce.isProxyCoa(Ipv6Words.hi(mag.address), Ipv6Words.lo(mag.address)));
        assertEquals(BindingState.ACTIVE, bce.state());
        final int lmaTunnel = rig.lma.dataPlane.routeOf(p);
        assertEquals(Ipv6Words.lo(mag.address), rig.lma.dataPlane.tunnelRemote(lmaTunnel)[1]);
        assertEquals(ACCESS_PORT, mag.dataPlane.deliveryPortOf(p));
        assertTrue(mag.dataPlane.sourceRouteOf(p) > 0);
        final List<AccessFrames.Ra> ras = ras(mag);
        final AccessFrames.Ra ra = ras.get(ras.size() - 1);
        assertEquals(Ipv6Words.text(p, 0), ra.prefixes().get(0).prefix());
        assertEquals(MAG_MAC, ra.srcMac(), "the same router MAC on every MAG");
        assertEquals("fe80:0:0:0:0:0:0:1", ra.source(), "the same router link-local on every MAG");
    }

    @Test
    void theRaWaitsForTheDataPlaneAndAFailureDeregisters() throws Exception
    {
        try (MagRig rig = rig())
        {
            rig.mag1.dataPlane.silent(true);
            rig.mag1.access.deliver(ACCESS_PORT, AccessFrames.routerSolicitation(ALICE_MAC, "fe80::aa01"));
            rig.run();
            assertEquals(1, messages(rig, LMA, MAG1).size());
            assertEquals(0, rig.mag1.access.sent().size(), "no RA before the data plane acknowledged");
            assertEquals("PROGRAMMING", rig.mag1.mag.sessions().get(0).state());
            rig.advance(1000, 100);
            assertEquals(1, rig.mag1.mag.dataPlaneFailures());
            final List<Mh> pbus = messages(rig, MAG1, LMA);
            assertEquals(0, pbus.get(pbus.size() - 1).lifetime(), "the binding it cannot serve is de-registered");
            assertEquals(BindingState.DEREGISTERED, lmaEntry(rig).state());
            assertEquals(0, rig.mag1.access.sent().size());
            assertTrue(rig.mag1.mag.sessions().isEmpty());
            assertEquals(0, rig.mag1.dataPlane.sourceRouteCount());
            assertEquals(0, rig.mag1.dataPlane.tunnelCount());
        }
    }

    @Test
    void dadProbesTeachTheNodesAddressesAndResyncResendsEverything() throws Exception
    {
        try (MagRig rig = rig())
        {
            final long p = attachAlice(rig, rig.mag1);
            final String address = Ipv6Words.text(p, 0x1234_5678_9ABC_DEF0L);
            rig.mag1.access.deliver(ACCESS_PORT, AccessFrames.dadProbe(ALICE_MAC, address));
            rig.mag1.access.deliver(ACCESS_PORT, AccessFrames.dadProbe(STRANGER_MAC, Ipv6Words.text(p, 7)));
            rig.mag1.access.deliver(ACCESS_PORT, AccessFrames.dadProbe(ALICE_MAC, "2001:db8:ffff::1"));
            rig.run();
            final var dp = rig.mag1.dataPlane;
            assertEquals(ALICE_MAC, dp.neighbourMac(ACCESS_PORT, p, 0x1234_5678_9ABC_DEF0L));
            assertEquals(-1, dp.neighbourMac(ACCESS_PORT, p, 7));
            assertEquals(1, rig.mag1.mag.neighboursLearnt());
            assertEquals(2, dp.neighbourCount(), "EUI-64 guess + the learnt one");

            final long epoch = rig.mag1.mag.epoch();
            rig.mag1.mag.onResyncRequest();
            rig.run();
            assertTrue(rig.mag1.mag.epoch() > epoch);
            assertEquals(rig.mag1.mag.epoch(), dp.epoch(), "a snapshot in the new epoch");
            assertEquals(ALICE_MAC, dp.neighbourMac(ACCESS_PORT, p, 0x1234_5678_9ABC_DEF0L));
            assertEquals(ALICE_MAC, dp.neighbourMac(ACCESS_PORT, p, ALICE_EUI64));
            assertEquals(ACCESS_PORT, dp.deliveryPortOf(p));
            assertNotNull(dp.tunnelRemote(dp.sourceRouteOf(p)));
            assertEquals(0, rig.mag1.mag.resyncFailures());
        }
    }

    @Test
    void aSolicitationForTheMagsLinkLocalIsAnsweredWithASolicitedAdvertisement() throws Exception
    {
        try (MagRig rig = rig())
        {
            attachAlice(rig, rig.mag1);
            rig.mag1.access.sent().clear();
            // The node's unreachability probe of its default router: unicast to fe80::1, from its link-local.
            rig.mag1.access.deliver(ACCESS_PORT,
                AccessFrames.neighbourSolicitation(ALICE_MAC, "fe80::aa01", MagRig.MAG_MAC, "fe80::1"));
            // A DAD probe for the MAG's address and an NS for another target are not answered.
            rig.mag1.access.deliver(ACCESS_PORT, AccessFrames.dadProbe(ALICE_MAC, "fe80::1"));
            rig.mag1.access.deliver(ACCESS_PORT,
                AccessFrames.neighbourSolicitation(ALICE_MAC, "fe80::aa01", MagRig.MAG_MAC, "fe80::2"));
            rig.run();
            assertEquals(1, rig.mag1.access.sent().size(), "one NA");
            assertEquals(1, rig.mag1.mag.neighbourAdvertisements());
            final byte[] na = rig.mag1.access.sent().get(0).bytes();
            assertEquals(ACCESS_PORT, rig.mag1.access.sent().get(0).port());
            final ByteBuffer b = ByteBuffer.wrap(na);
            assertEquals(ALICE_MAC, (((long)b.getShort(0) & 0xFFFF) << 32) | (b.getInt(2) & 0xFFFF_FFFFL));
            assertEquals(MagRig.MAG_MAC, (((long)b.getShort(6) & 0xFFFF) << 32) | (b.getInt(8) & 0xFFFF_FFFFL));
            assertEquals(255, na[14 + 7] & 0xFF, "hop limit");
            assertArrayEquals(Ipv6Words.bytes("fe80::1"), Arrays.copyOfRange(na, 14 + 8, 14 + 24));
            assertArrayEquals(Ipv6Words.bytes("fe80::aa01"), Arrays.copyOfRange(na, 14 + 24, 14 + 40));
            final byte[] icmp = Arrays.copyOfRange(na, 54, na.length);
            assertEquals(32, icmp.length);
            assertEquals(136, icmp[0] & 0xFF);
            assertEquals(0xE0, icmp[4] & 0xFF, "R, S and O set");
            assertArrayEquals(Ipv6Words.bytes("fe80::1"), Arrays.copyOfRange(icmp, 8, 24), "target");
            assertEquals(2, icmp[24], "Target Link-layer Address option");
            assertEquals(MagRig.MAG_MAC, (((long)b.getShort(54 + 26) & 0xFFFF) << 32) |
                (b.getInt(54 + 28) & 0xFFFF_FFFFL));
            assertEquals(0, AccessFrames.checksum(Ipv6Words.bytes("fe80::1"), Ipv6Words.bytes("fe80::aa01"), icmp),
                "ICMPv6 checksum verifies");
        }
    }

    @Test
    void heartbeatsFromTheLmaAreAnsweredAndStrangersDropped() throws Exception
    {
        try (MagRig rig = new MagRig(props("lma.heartbeat-interval-ms", "1000", "lma.missing-heartbeats-allowed",
            "1"), new Properties()))
        {
            rig.advance(6000, 100);
            assertTrue(rig.lma.lma.isPeerReachable(0));
            assertTrue(rig.lma.lma.isPeerReachable(1));
            assertTrue(messages(rig, MAG1, LMA).size() >= 5, "one answer per request");
            final long before = rig.mag1.mag.dropped();
            final List<MagRig.Sent> requests = rig.sent(LMA, MAG1);
            final InMemorySignallingTransport.Message m = requests.get(0).message();
            rig.mag1.transport.deliver(Ipv6Words.bytes(MAG2), m.destination(), m.mh());
            rig.run();
            assertEquals(before + 1, rig.mag1.mag.dropped(), "not from its LMA");
        }
    }
}
