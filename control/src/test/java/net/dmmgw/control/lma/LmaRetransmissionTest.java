package net.dmmgw.control.lma;

import java.io.IOException;
import java.util.List;
import java.util.Properties;

import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.control.routing.InMemoryDataPlane;
import net.dmmgw.ipc.Ipv6Words;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An initial attach (HI = 1, HNP ALL_ZERO) whose PBA was lost is sent again by the MAG, renumbered and with a
 * fresh Timestamp (wire-formats §4.4). The LMA knows the copy by its attachment (MN-ID, Proxy-CoA, MN-LL-ID, ATT,
 * session still on its initial attach), whatever its number: same PBA (same HNP), nothing created. Another MN-LL-ID,
 * another ATT, another MAG, or a session refreshed since, is a new interface and gets its own session.
 */
class LmaRetransmissionTest
{
    private static final String NAI = "alice@example.com";
    private static final byte[] LL1 = { 2, 0, 0, 0, (byte)0xaa, 1 };
    private static final byte[] LL2 = { 2, 0, 0, 0, (byte)0xaa, 2 };
    private final PbuBuilder builder = new PbuBuilder();

    private static Pba send(final LmaRig r, final String mag, final byte[] mh)
    {
        final List<InMemorySignallingTransport.Message> sent =
            r.send(Ipv6Words.bytes(mag), Ipv6Words.bytes(LmaRig.LMA), mh);
        assertEquals(1, sent.size(), "one PBA");
        return Pba.of(sent.get(0));
    }

    private byte[] attach(final String mag, final int seq, final long nowMs, final int att, final byte[] ll)
    {
        return builder.pbu(mag, NAI, seq, 900, 1, null, nowMs, att, ll);
    }

    private static BindingCacheEntry entryOf(final LmaRig r, final Pba pba)
    {
        final String p = pba.prefixes().get(0);
        final BindingCacheEntry e = r.lma.cache().byPrefix(Ipv6Words.hi(p.substring(0, p.indexOf('/'))));
        assertNotNull(e, p);
        return e;
    }

    @Test
    void renumberedRetransmissionsGetTheSamePrefixAndChangeNothing() throws IOException
    {
        try (LmaRig r = new LmaRig(new Properties()))
        {
            final long t0 = r.clock.time();
            final Pba first = send(r, LmaRig.MAG1, attach(LmaRig.MAG1, 7, t0, 4, LL1));
            assertEquals(0, first.status(), first.toString());
            assertEquals(1, first.prefixes().size());
            final BindingCacheEntry e = entryOf(r, first);
            final long expires = e.expiresAtMs();
            final long timestamp = e.lastTimestamp();

            // The PBA is lost; the MAG sends the PBU again after 1 s, then 2 s more: each copy a new number, a fresh
            // Timestamp.
            r.advance(1_000);
            final Pba again = send(r, LmaRig.MAG1, attach(LmaRig.MAG1, 8, r.clock.time(), 4, LL1));
            r.advance(2_000);
            final Pba third = send(r, LmaRig.MAG1, attach(LmaRig.MAG1, 9, r.clock.time(), 4, LL1));
            for (final Pba p : List.of(again, third))
            {
                assertEquals(0, p.status(), p.toString());
                assertEquals(first.prefixes(), p.prefixes(), "same HNP");
                assertTrue(p.lifetime() > 0 && p.lifetime() < first.lifetime(), "remaining lifetime: " + p);
            }
            assertEquals(8, again.sequence(), "the copy's own number");
            assertEquals(9, third.sequence());
            assertEquals((first.lifetime() * 4000 - 3000) / 4000, third.lifetime(), "granted 3 s ago: what is left");
            // A late first copy, octet for octet (its Timestamp 3 s old): the same answer too.
            final Pba late = send(r, LmaRig.MAG1, attach(LmaRig.MAG1, 7, t0, 4, LL1));
            assertEquals(0, late.status(), late.toString());
            assertEquals(first.prefixes(), late.prefixes());
            assertEquals(1, r.lma.cache().size(), "one BCE");
            assertEquals(1, r.lma.pool().allocated(), "one prefix");
            assertEquals(3, r.lma.retransmittedAttaches());
            assertEquals(expires, e.expiresAtMs(), "lifetime not extended");
            assertEquals(timestamp, e.lastTimestamp(), "timestamp mode: the last accepted Timestamp unchanged");

            // Another MN-LL-ID, another ATT, another MAG: new interfaces, each its own session and prefix.
            final Pba otherLink = send(r, LmaRig.MAG1, attach(LmaRig.MAG1, 10, r.clock.time(), 4, LL2));
            final Pba otherAtt = send(r, LmaRig.MAG1, attach(LmaRig.MAG1, 11, r.clock.time(), 5, LL1));
            final Pba otherMag = send(r, LmaRig.MAG2, attach(LmaRig.MAG2, 8, r.clock.time(), 4, LL1));
            for (final Pba p : List.of(otherLink, otherAtt, otherMag))
            {
                assertEquals(0, p.status(), p.toString());
                assertNotEquals(first.prefixes(), p.prefixes(), p.toString());
            }
            assertEquals(4, r.lma.cache().size());
            assertEquals(4, r.lma.pool().allocated());
            assertEquals(3, r.lma.retransmittedAttaches());
        }
    }

    @Test
    void aSessionRefreshedSinceItsAttachIsNotRetransmittedTo() throws IOException
    {
        try (LmaRig r = new LmaRig(new Properties()))
        {
            final Pba first = send(r, LmaRig.MAG1, attach(LmaRig.MAG1, 1, r.clock.time(), 4, LL1));
            final String prefix = first.prefixes().get(0);
            r.advance(1_000);
            final Pba refresh = send(r, LmaRig.MAG1,
                builder.pbu(LmaRig.MAG1, NAI, 2, 900, 5, prefix.substring(0, prefix.indexOf('/')), r.clock.time(),
                    4, LL1));
            assertEquals(0, refresh.status(), refresh.toString());
            // An initial attach now is a new one (the MN re-attached the interface), not a copy of the first.
            r.advance(1_000);
            final Pba attach = send(r, LmaRig.MAG1, attach(LmaRig.MAG1, 3, r.clock.time(), 4, LL1));
            assertEquals(0, attach.status(), attach.toString());
            assertNotEquals(first.prefixes(), attach.prefixes());
            assertEquals(2, r.lma.cache().size());
            assertEquals(0, r.lma.retransmittedAttaches());
        }
    }

    @Test
    void sequenceModeRecordsTheCopysNumberAsTheLastAccepted() throws IOException
    {
        final Properties p = new Properties();
        p.setProperty("lma.timestamp-mode", "false");
        try (LmaRig r = new LmaRig(p))
        {
            final Pba first = send(r, LmaRig.MAG1, attach(LmaRig.MAG1, 40, r.clock.time(), 4, LL1));
            assertEquals(0, first.status(), first.toString());
            final BindingCacheEntry e = entryOf(r, first);
            r.advance(1_500);
            final Pba again = send(r, LmaRig.MAG1, attach(LmaRig.MAG1, 41, r.clock.time(), 4, LL1));
            assertEquals(0, again.status(), again.toString());
            assertEquals(41, again.sequence());
            assertEquals(first.prefixes(), again.prefixes());
            assertEquals(1, r.lma.cache().size());
            assertEquals(1, r.lma.pool().allocated());
            assertEquals(41, e.lastSequence(), "the copy's number, just accepted, is the last accepted");
            // A late first copy is answered too, but does not move the number back.
            final Pba late = send(r, LmaRig.MAG1, attach(LmaRig.MAG1, 40, r.clock.time(), 4, LL1));
            assertEquals(0, late.status(), late.toString());
            assertEquals(first.prefixes(), late.prefixes());
            assertEquals(41, e.lastSequence());
            // So a refresh numbered 41 is a replay (135 with 41); the MAG's next one, 42, is in order.
            final String prefix = first.prefixes().get(0).substring(0, first.prefixes().get(0).indexOf('/'));
            final Pba replay = send(r, LmaRig.MAG1, builder.pbu(LmaRig.MAG1, NAI, 41, 900, 5, prefix, r.clock.time()));
            assertEquals(LmaStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW, replay.status(), replay.toString());
            assertEquals(41, replay.sequence());
            final Pba refresh = send(r, LmaRig.MAG1, builder.pbu(LmaRig.MAG1, NAI, 42, 900, 5, prefix, r.clock.time()));
            assertEquals(0, refresh.status(), refresh.toString());
            assertEquals(first.prefixes(), refresh.prefixes());
            assertEquals(42, e.lastSequence());
        }
    }

    @Test
    void retransmissionWhileTheFirstIsProgrammedWaitsForItsPba() throws IOException
    {
        final InMemoryDataPlane dp = new InMemoryDataPlane();
        try (LmaRig r = new LmaRig(new Properties(), dp))
        {
            dp.silent(true); // acks withheld: the first copy's transaction stays in flight
            assertTrue(r.send(Ipv6Words.bytes(LmaRig.MAG1), Ipv6Words.bytes(LmaRig.LMA),
                attach(LmaRig.MAG1, 3, r.clock.time(), 4, LL1)).isEmpty(), "no PBA before the acks");
            r.advance(200);
            assertTrue(r.send(Ipv6Words.bytes(LmaRig.MAG1), Ipv6Words.bytes(LmaRig.LMA),
                attach(LmaRig.MAG1, 4, r.clock.time(), 4, LL1)).isEmpty(), "the PBA in flight answers");
            assertEquals(1, r.lma.cache().size(), "no second session");
            assertEquals(1, r.lma.pool().allocated(), "no second prefix");
            assertEquals(1, r.lma.retransmittedAttaches());
            // Another MN-LL-ID meanwhile is another interface: it gets its own session.
            assertTrue(r.send(Ipv6Words.bytes(LmaRig.MAG1), Ipv6Words.bytes(LmaRig.LMA),
                attach(LmaRig.MAG1, 5, r.clock.time(), 4, LL2)).isEmpty(), "programmed, acks withheld");
            assertEquals(2, r.lma.cache().size());
            assertEquals(2, r.lma.pool().allocated());
        }
    }
}
