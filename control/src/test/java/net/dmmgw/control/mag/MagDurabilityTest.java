package net.dmmgw.control.mag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.ipc.Ipv6Words;
import org.junit.jupiter.api.Test;

import static net.dmmgw.control.mag.MagRig.ACCESS_PORT;
import static net.dmmgw.control.mag.MagRig.ALICE_MAC;
import static net.dmmgw.control.mag.MagRig.LMA;
import static net.dmmgw.control.mag.MagRig.MAG1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MAG's Binding Update List in a real Chronicle journal: a MAG process dropped without closing anything (kill
 * -9) and started again on the same journal serves its attached nodes again without waiting for their RS: same
 * prefix, same port, data plane resynchronised in a new epoch, RAs resumed at once, the refresh re-armed and
 * accepted by the LMA (whose binding it keeps alive), the Sequence # continuing above the last one sent; a detached
 * node does not come back, and an entry whose lifetime ended while the process was down is dropped.
 */
class MagDurabilityTest
{
    private static final long CAROL_MAC = 0x02_00_00_00_AA_03L;

    private static Properties carol()
    {
        final Properties p = new Properties();
        p.setProperty("mn.carol.mac", "02:00:00:00:aa:03");
        p.setProperty("mn.carol.id", "carol@example.com");
        p.setProperty("mag.lifetime-s", "400");
        return p;
    }

    private static List<AccessFrames.Ra> ras(final MagRig.Node mag)
    {
        return mag.access.sent().stream().map(f -> AccessFrames.Ra.of(f.bytes())).toList();
    }

    private static BindingCacheEntry lmaEntry(final MagRig rig, final String nai)
    {
        final byte[] id = nai.getBytes();
        return rig.lma.lma.cache().byMnId(id, 0, id.length, -1, null, 0, 0);
    }

    @Test
    void aRestartedMagServesItsNodesAgainWithoutTheirRouterSolicitation() throws Exception
    {
        try (MagRig rig = new MagRig(new Properties(), carol()))
        {
            final Path bul = Files.createDirectories(rig.dir.resolve("mag1-bul"));
            rig.restartMag1(bul, carol());
            rig.run();
            rig.mag1.access.deliver(ACCESS_PORT, AccessFrames.routerSolicitation(ALICE_MAC, "fe80::aa01"));
            rig.mag1.access.deliver(ACCESS_PORT + 1, AccessFrames.routerSolicitation(CAROL_MAC, "fe80::aa03"));
            rig.run();
            assertEquals(2, rig.mag1.mag.sessions().size());
            final MobileAccessGateway.SessionView alice = rig.mag1.mag.sessions().stream()
                .filter(v -> v.mac() == ALICE_MAC).findFirst().orElseThrow();
            assertEquals("REGISTERED", alice.state());
            final long hnp = Ipv6Words.hi(alice.prefixes().get(0).replace("/64", ""));
            assertTrue(rig.mag1.mag.detach(CAROL_MAC), "carol leaves: not to come back after a restart");
            rig.run();
            rig.advance(100_000, 10_000);
            // Ordering at the LMA is per binding (sequence mode): what counts is alice's last PBU.
            final int lastSequence = rig.sent(MAG1, LMA).stream().map(m -> Mh.of(m.message()))
                .filter(m -> "alice@example.com".equals(m.mnId())).reduce((a, b) -> b).orElseThrow().sequence();
            final long epochBefore = rig.mag1.mag.epoch();

            // kill -9 and a new process on the same journal; the data plane kept forwarding meanwhile.
            rig.mag1.access.clearSent();
            rig.restartMag1(bul, carol());
            assertEquals(1, rig.mag1.mag.restoredSessions(), "alice only");
            final MobileAccessGateway.SessionView back = rig.mag1.mag.sessions().get(0);
            assertEquals(ALICE_MAC, back.mac());
            assertEquals(ACCESS_PORT, back.port());
            assertEquals("REGISTERED", back.state());
            assertEquals(alice.prefixes(), back.prefixes(), "same HNP");
            assertEquals(alice.expiresAtMs(), back.expiresAtMs(), "same expiry: the remaining lifetime");
            assertTrue(rig.mag1.mag.epoch() > epochBefore, "resynchronised in a new epoch");
            assertEquals(rig.mag1.mag.epoch(), rig.mag1.dataPlane.epoch());
            final int tunnel = rig.mag1.dataPlane.sourceRouteOf(hnp);
            assertTrue(tunnel > 0, "uplink source route into the tunnel");
            final long[] remote = rig.mag1.dataPlane.tunnelRemote(tunnel);
            assertEquals(Ipv6Words.hi(LMA), remote[0]);
            assertEquals(Ipv6Words.lo(LMA), remote[1]);
            assertEquals(ACCESS_PORT, rig.mag1.dataPlane.deliveryPortOf(hnp), "downlink delivery on the access port");
            final long eui64 = (0x0000_00FF_FE00_AA01L) | ((0x02_00_00L ^ 0x02_00_00L) << 40);
            assertEquals(ALICE_MAC, rig.mag1.dataPlane.neighbourMac(ACCESS_PORT, hnp, eui64), "neighbour");
            assertEquals(1, rig.mag1.dataPlane.tunnelCount());

            rig.run(); // the first tick: the RA goes without an RS
            final List<AccessFrames.Ra> ras = ras(rig.mag1);
            assertEquals(1, ras.size(), "RA service resumed");
            assertEquals(ALICE_MAC, ras.get(0).dstMac());
            assertEquals(Ipv6Words.text(hnp, 0), Ipv6Words.text(Ipv6Words.hi(ras.get(0).prefixes().get(0).prefix()),
                0));
            assertTrue(ras.get(0).prefixes().get(0).valid() > 0);

            // The refresh comes from the restarted MAG and the LMA keeps its binding alive.
            final BindingCacheEntry bce = lmaEntry(rig, "alice@example.com");
            assertNotNull(bce);
            final long lmaExpiry = bce.expiresAtMs();
            final int before = rig.sent(MAG1, LMA).size();
            rig.advance(400_000, 10_000);
            final List<MagRig.Sent> pbus = rig.sent(MAG1, LMA);
            assertTrue(pbus.size() > before, "a refresh was sent");
            final Mh refresh = Mh.of(pbus.get(before).message());
            assertEquals(5, refresh.handoffIndicator());
            assertEquals(1, refresh.prefixes().size());
            assertEquals(hnp, Ipv6Words.hi(refresh.prefixes().get(0).split("/")[0]), "the HNP");
            assertTrue(refresh.sequence() > lastSequence, "the Sequence # continues: " + refresh.sequence());
            assertTrue(lmaEntry(rig, "alice@example.com").expiresAtMs() > lmaExpiry, "the LMA's binding refreshed");
            assertEquals(1, rig.lma.lma.cache().size(), "carol's binding gone, alice's the only one");
            assertEquals("REGISTERED", rig.mag1.mag.sessions().get(0).state());
        }
    }

    @Test
    void anEntryThatRanOutWhileTheMagWasDownIsDropped() throws Exception
    {
        try (MagRig rig = new MagRig(new Properties(), carol()))
        {
            final Path bul = Files.createDirectories(rig.dir.resolve("mag1-bul"));
            rig.restartMag1(bul, carol());
            rig.run();
            rig.mag1.access.deliver(ACCESS_PORT, AccessFrames.routerSolicitation(ALICE_MAC, "fe80::aa01"));
            rig.run();
            assertEquals("REGISTERED", rig.mag1.mag.sessions().get(0).state());
            rig.clock.advance(401_000); // down for longer than the 400-s lifetime: nothing ran meanwhile
            rig.restartMag1(bul, carol());
            assertEquals(0, rig.mag1.mag.restoredSessions());
            assertEquals(1, rig.mag1.mag.expiredAtStart());
            assertTrue(rig.mag1.mag.sessions().isEmpty());
            assertEquals(0, rig.mag1.dataPlane.sourceRouteCount(), "nothing programmed for it");
            assertEquals(0, rig.mag1.mag.journal().records(), "compacted to the live entries: none");
            rig.restartMag1(bul, carol()); // and it stays gone (the journal was compacted without it)
            assertEquals(0, rig.mag1.mag.restoredSessions());
            assertEquals(0, rig.mag1.mag.expiredAtStart());
        }
    }
}
