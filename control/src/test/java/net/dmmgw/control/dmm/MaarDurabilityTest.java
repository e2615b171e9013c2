package net.dmmgw.control.dmm;

import static net.dmmgw.control.dmm.DmmRig.M;
import static net.dmmgw.control.dmm.DmmRig.MAAR;
import static net.dmmgw.control.dmm.DmmRig.PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.journal.PeerPrefixes;
import net.dmmgw.control.location.BindingCache;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.maar.DlifIdentity;
import net.dmmgw.control.maar.MobilityAnchorAccessRouter;
import net.dmmgw.control.routing.InMemoryDataPlane;
import net.dmmgw.ipc.Ipv6Words;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The MAAR's sessions in a real Chronicle journal on disk and its data-plane resynchronisation: a MAAR control
 * process dropped without closing anything (kill -9) and started again on the same journal directory gets its
 * sessions back (serving: anchored prefix, P-MAAR list; previous: serving MAAR, remaining lifetime) and programs its
 * data plane again in a new epoch, down to the DLIFs; hostile records are counted, not fatal; a data plane that lost
 * its tables and asks for a resync gets everything again.
 */
final class MaarDurabilityTest
{
    private static final long BOB_MAC = 0x02_00_00_00_BB_02L;
    private static final String BOB = "bob@example.com";

    private final List<Path> dirs = new ArrayList<>();

    @AfterEach
    void delete()
    {
        dirs.forEach(d -> IoUtil.delete(d.toFile(), true));
    }

    private DmmRig rig(final String mode, final String variant) throws Exception
    {
        final Path dir = Files.createTempDirectory("dmmgw-maar-journal");
        dirs.add(dir);
        final Properties extra = new Properties();
        extra.setProperty("maar.dlif", "true");
        extra.setProperty("mn.bob.mac", "02:00:00:00:bb:02");
        extra.setProperty("mn.bob.id", BOB);
        return new DmmRig(mode, variant, extra, dir, null);
    }

    /** What MAAR n's data plane holds for these prefixes, by meaning (tunnel ids may differ between processes). */
    private static List<String> programmed(final DmmRig rig, final int n, final long... prefixes)
    {
        final DmmRig.Maar m = rig.maar(n);
        final InMemoryDataPlane d = m.dataPlane;
        final List<String> out = new ArrayList<>();
        out.add("endpoint " + d.hasTunnelEndpoint(Ipv6Words.hi(MAAR[n - 1]), Ipv6Words.lo(MAAR[n - 1])));
        out.add("tunnels " + d.tunnelCount() + " routes " + d.routeCount() + " sources " + d.sourceRouteCount() +
            " neighbours " + d.neighbourCount() + " dlifs " + d.dlifCount());
        for (final long p : prefixes)
        {
            final String prefix = Ipv6Words.text(p, 0);
            out.add(prefix + " route→" + m.tunnelPeer(d.routeOf(p)) + " source→" + m.tunnelPeer(d.sourceRouteOf(p)) +
                " deliver " + d.deliveryPortOf(p) + " neighbour " +
                Long.toHexString(d.neighbourMac(PORT, p, DlifIdentity.eui64(DmmRig.ALICE_MAC))) + " dlif " +
                Long.toHexString(d.dlifMacOf(p)));
        }
        return out;
    }

    /** The sessions as an administrator sees them, without the timing of this process's own changes. */
    private static List<String> sessions(final DmmRig rig, final int n)
    {
        final List<String> out = new ArrayList<>();
        for (final MobilityAnchorAccessRouter.SessionView v : rig.maar(n).maar.sessions())
        {
            out.add(v.mnId() + " " + v.role() + " " + v.anchoredPrefix() + " serving=" + v.servingMaar() + " previous=" +
                v.previousMaars() + " expires=" + v.expiresAtMs() + " port=" + v.port() + " mac=" +
                Long.toHexString(v.mac()) + " attached=" + v.attached() + " registered=" + v.registered());
        }
        out.sort(String::compareTo);
        return out;
    }

    /** @return Alice's prefixes at MAAR1, 2, 3, after she attached at each in turn. */
    private static long[] aliceAtMaar3(final DmmRig rig)
    {
        rig.moveTo(1);
        rig.moveTo(2);
        rig.moveTo(3);
        return new long[] { rig.prefixAt(1), rig.prefixAt(2), rig.prefixAt(3) };
    }

    @Test
    void restartedMaarsGetTheirSessionsBackAndReprogramTheirDataPlanes() throws Exception
    {
        final DmmRig rig = rig("relay", "a");
        final long[] p = aliceAtMaar3(rig);
        final long p1 = p[0];
        final long p2 = p[1];
        final long p3 = p[2];
        final List<String> serving = sessions(rig, 3);
        final List<String> previous = sessions(rig, 2);
        final List<String> servingPlane = programmed(rig, 3, p1, p2, p3);
        final List<String> previousPlane = programmed(rig, 2, p1, p2, p3);
        assertTrue(servingPlane.get(1).startsWith("tunnels 2 routes 0 sources 2 neighbours 3 dlifs 3"),
            servingPlane.toString());
        final long epochBefore = rig.maar(3).dataPlane.epoch();

        rig.crash(3);
        rig.crash(2);
        rig.restart(3);
        rig.restart(2);

        assertEquals(1, rig.maar(3).maar.restoredSessions());
        assertEquals(1, rig.maar(2).maar.restoredSessions());
        assertEquals(serving, sessions(rig, 3), "serving MAAR: anchored prefix, P-MAAR list, lifetime, attachment");
        assertEquals(previous, sessions(rig, 2), "previous MAAR: its serving MAAR, the timer stopped (variant a)");
        // The snapshot replaced the data plane's tables in a new epoch: all of it was sent again, DLIFs included.
        assertTrue(rig.maar(3).dataPlane.epoch() > epochBefore, "a new epoch");
        assertEquals(servingPlane, programmed(rig, 3, p1, p2, p3));
        assertEquals(previousPlane, programmed(rig, 2, p1, p2, p3));
        assertEquals(0, rig.maar(3).maar.resyncPending() + rig.maar(3).maar.resyncFailures());
        assertEquals(0, rig.maar(3).maar.dataPlaneRefusals());
        assertEquals(3, rig.maar(3).access.sent().size(), "the attached node's RAs resume at once, one per DLIF");

        // The session goes on: refreshes from the restarted serving MAAR are accepted, then the node moves on.
        final long refreshesBefore = rig.cmd.refreshes();
        rig.advance(DmmRig.LIFETIME_S * 1000L, 10_000);
        assertTrue(rig.cmd.refreshes() > refreshesBefore, "the restarted MAAR3 refreshes");
        assertEquals(0, rig.maar(3).maar.unmatched());
        rig.moveTo(1);
        assertEquals(M[0], rig.maar(3).tunnelPeer(rig.maar(3).routeOf(p3)), "MAAR3, now previous, tunnels to MAAR1");
        assertEquals(M[0], rig.maar(2).tunnelPeer(rig.maar(2).routeOf(p2)), "the restarted MAAR2 follows too");
        assertEquals(1, rig.maar(2).dataPlane.tunnelCount(), "its tunnel to MAAR3 went");
        assertEquals(2, rig.maar(1).dataPlane.tunnelCount());
        assertEquals("SERVING", rig.maar(1).maar.sessions().get(0).role());

        // And a third process on MAAR3's journal sees what the second one wrote.
        final List<String> afterMove = sessions(rig, 3);
        rig.crash(3);
        rig.restart(3);
        assertEquals(afterMove, sessions(rig, 3));
        assertTrue(afterMove.get(0).contains(" PREVIOUS ") && afterMove.get(0).contains("serving=" + M[0] + " "),
            afterMove.toString());
    }

    @Test
    void timersComeBackAsRemainingLifetimesAndExpiredSessionsStayGone() throws Exception
    {
        final DmmRig rig = rig("proxy", "b");
        rig.moveTo(1);
        rig.moveTo(2);
        final long p1 = rig.prefixAt(1);
        final long expiry = rig.maar(1).maar.sessions().get(0).expiresAtMs();
        assertTrue(expiry > rig.clock.time(), "the previous MAAR's timer runs under (b)");
        rig.crash(1);
        rig.advance(60_000, 10_000);
        rig.restart(1);
        assertEquals(expiry, rig.maar(1).maar.sessions().get(0).expiresAtMs(), "the same expiry, not a new lifetime");
        assertEquals(M[1], rig.maar(1).tunnelPeer(rig.maar(1).routeOf(p1)));
        final long renewalsBefore = rig.maar(1).maar.renewals();
        rig.advance(expiry - rig.clock.time() - 1000, 1000);
        assertEquals(renewalsBefore, rig.maar(1).maar.renewals(), "nothing before the remaining lifetime ran out");
        rig.advance(2000, 1000);
        assertEquals(renewalsBefore + 1, rig.maar(1).maar.renewals(), "de-registered at expiry, renewed by the CMD");

        // The serving MAAR down for longer than the binding's lifetime: its session is not brought back.
        rig.maar(2).maar.detach(DmmRig.ALICE_MAC);
        rig.crash(2);
        rig.clock.advance(DmmRig.LIFETIME_S * 1000L + 1000);
        rig.restart(2);
        assertEquals(0, rig.maar(2).maar.restoredSessions());
        assertEquals(1, rig.maar(2).maar.expiredAtStart());
        assertEquals(List.of(), rig.maar(2).maar.sessions());
        assertEquals(0, rig.maar(2).maar.pool().allocated(), "its prefix free again");
        assertEquals(0, rig.maar(2).dataPlane.routeCount() + rig.maar(2).dataPlane.tunnelCount() +
            rig.maar(2).dataPlane.dlifCount() + rig.maar(2).dataPlane.neighbourCount());
        assertEquals(0, rig.maar(2).maar.journal().records(), "compacted to the live sessions: none");
    }

    @Test
    void hostileRecordsAreCountedAndSkippedAndTheRestComesBack() throws Exception
    {
        final DmmRig rig = rig("locator", "a");
        rig.moveTo(1);
        rig.moveTo(3);
        final long alicePrefix = rig.prefixAt(3);
        final List<String> before = sessions(rig, 3);
        rig.crash(3);
        final Path dir = rig.maar(3).journalDir;
        final long now = rig.clock.time();
        final long m1Hi = Ipv6Words.hi(MAAR[0]);
        final long m1Lo = Ipv6Words.lo(MAAR[0]);
        final long bobPrefix = Ipv6Words.hi("2001:db8:300:ff00::");
        try (BindingJournal attacker = new BindingJournal(dir, 100_000))
        {
            // Malformed: random octets, a truncated upsert, an unknown kind, more peers than a record holds.
            final SingleChronicleQueue queue =
                SingleChronicleQueueBuilder.single(dir.resolve("gen-" + attacker.generation()).toFile()).build();
            try (queue; ExcerptAppender raw = queue.createAppender())
            {
                final Random random = new Random(7);
                for (int i = 0; i < 3; i++)
                {
                    final byte[] junk = new byte[1 + random.nextInt(60)];
                    random.nextBytes(junk);
                    junk[0] = (byte)(3 + random.nextInt(100)); // neither an upsert nor a delete
                    write(raw, b -> b.write(junk));
                }
                write(raw, b -> b.writeByte((byte)1).writeInt(2000).writeUnsignedByte(50).write(new byte[10]));
                write(raw, b -> b.writeByte((byte)9).writeInt(2001).writeLong(0));
                write(raw, b ->
                {
                    b.writeByte((byte)1).writeInt(2002).writeUnsignedByte(BOB.length()).write(BOB.getBytes());
                    b.writeUnsignedByte(6).write(new byte[] { 2, 0, 0, 0, (byte)0xBB, 2 });
                    b.writeLong(0).writeLong(0).writeUnsignedByte(1).writeLong(bobPrefix);
                    b.writeLong(now + 100_000).writeLong(0).writeInt(1).writeUnsignedByte(1).writeUnsignedByte(3);
                    b.writeUnsignedByte(0).writeLong(0).writeInt(PORT).writeUnsignedByte(1).writeUnsignedByte(200);
                });
            }
            // Well-formed but not this MAAR's: each refused, none applied.
            final BindingCache cache = new BindingCache();
            upsert(attacker, cache, 3000, "eve@example.com", 0x02_00_00_00_EE_01L, bobPrefix, now, 1, PeerPrefixes.NONE);
            final long outside = Ipv6Words.hi("2001:db8:900::");
            upsert(attacker, cache, 3001, BOB, BOB_MAC, outside, now, 1, peer(m1Hi, m1Lo, outside)); // not our pool
            upsert(attacker, cache, 3002, BOB, BOB_MAC, bobPrefix, now, 1,
                peer(Ipv6Words.hi("2001:db8:66::1"), 1, Ipv6Words.hi("2001:db8:66::"))); // not a configured MAAR
            upsert(attacker, cache, 3003, BOB, BOB_MAC, bobPrefix, now, 0x81, peer(m1Hi, m1Lo, bobPrefix));
            upsert(attacker, cache, 3004, BOB, BOB_MAC, bobPrefix, now, 1, PeerPrefixes.NONE); // previous, no S-MAAR
            upsert(attacker, cache, 3005, BOB, BOB_MAC, bobPrefix, now, 2, PeerPrefixes.NONE); // serving, unregistered
            upsert(attacker, cache, 3006, "alice@example.com", DmmRig.ALICE_MAC, bobPrefix, now, 4,
                PeerPrefixes.NONE); // Alice is served here already
            // And after all that, a valid one: Bob's prefix anchored here, served at MAAR1.
            upsert(attacker, cache, 3007, BOB, BOB_MAC, bobPrefix, now, 1, peer(m1Hi, m1Lo, bobPrefix));
        }

        rig.restart(3);
        final MobilityAnchorAccessRouter maar3 = rig.maar(3).maar;
        assertEquals(13, maar3.rejectedAtStart(), "6 malformed + 7 not fitting, counted");
        assertEquals(2, maar3.restoredSessions(), "Alice, and the valid record after the hostile ones");
        final List<String> expected = new ArrayList<>(before);
        expected.add(BOB + " PREVIOUS " + Ipv6Words.text(bobPrefix, 0) + "/64 serving=" + M[0] +
            " previous=[] expires=0 port=" + PORT + " mac=" + Long.toHexString(BOB_MAC) + " attached=false" +
            " registered=true");
        expected.sort(String::compareTo);
        assertEquals(expected, sessions(rig, 3));
        assertEquals(M[0], rig.maar(3).tunnelPeer(rig.maar(3).dataPlane.routeOf(bobPrefix)));
        assertEquals(2, maar3.pool().allocated());
        assertEquals(2, maar3.journal().records(), "compacted: one record per live session");

        rig.moveTo(2); // still working: Alice moves on, MAAR3 becomes her previous MAAR
        assertEquals(M[1], rig.maar(3).tunnelPeer(rig.maar(3).routeOf(alicePrefix)));
    }

    @Test
    void aDataPlaneThatLostItsTablesGetsEverythingBackOnResyncDlifsIncluded() throws Exception
    {
        final DmmRig rig = rig("relay", "a");
        final long[] p = aliceAtMaar3(rig);
        for (int n = 1; n <= 3; n++)
        {
            final List<String> before = programmed(rig, n, p);
            final InMemoryDataPlane plane = rig.maar(n).dataPlane;
            plane.beginSnapshot(plane.epoch() + 1); // a restarted data plane: empty tables
            plane.endSnapshot(0);
            assertEquals(0, plane.tunnelCount() + plane.dlifCount() + plane.neighbourCount());
            rig.maar(n).maar.onResyncRequest(); // what DataPlaneClientProgrammer hands on from its ResyncRequest
            rig.run();
            assertEquals(before, programmed(rig, n, p), "MAAR" + n);
            assertEquals(0, rig.maar(n).maar.resyncPending() + rig.maar(n).maar.resyncFailures());
        }
        assertEquals(3, rig.maar(3).dataPlane.dlifCount());
        assertEquals(DlifIdentity.mac(DmmRig.ALICE.getBytes(), DmmRig.ALICE.length(), Ipv6Words.hi(MAAR[0]),
            Ipv6Words.lo(MAAR[0])), rig.maar(3).dataPlane.dlifMacOf(p[0]), "MAAR1's DLIF at the serving MAAR3");
    }

    private interface Writer
    {
        void write(Bytes<?> bytes);
    }

    private static void write(final ExcerptAppender appender, final Writer writer)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            writer.write(dc.wire().bytes());
        }
    }

    private static void upsert(final BindingJournal journal, final BindingCache cache, final int id, final String mnId,
        final long mac, final long prefix, final long now, final int flags, final PeerPrefixes peers)
    {
        final BindingCacheEntry e = cache.create(id, mnId.getBytes(), 0, mnId.length());
        cache.addPrefix(e, prefix);
        final byte[] octets = new byte[6];
        for (int i = 0; i < 6; i++)
        {
            octets[i] = (byte)(mac >>> (40 - 8 * i));
        }
        e.linkLayerId(octets, 0, 6);
        e.expiresAtMs((flags & 1) != 0 ? 0 : now + 100_000);
        e.accessPort(PORT);
        journal.appendUpsert(e, flags, peers);
    }

    private static PeerPrefixes peer(final long hi, final long lo, final long prefix)
    {
        return new PeerPrefixes.Single().set(hi, lo, prefix);
    }
}
