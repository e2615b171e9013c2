package net.dmmgw.control.lma;

import java.io.IOException;
import java.util.List;
import java.util.Properties;

import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.control.routing.InMemoryDataPlane;
import net.dmmgw.ipc.Ipv6Words;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An initial attach (HI = 1, HNP ALL_ZERO) whose PBA was lost is sent again by the MAG; the LMA must answer it
 * with the same PBA (same HNP) and create nothing, whether the retransmission keeps the Sequence # with a fresh
 * Timestamp (our MAG), repeats the message octet for octet, or renumbers it with the first Timestamp. A new
 * Sequence # with a new Timestamp is a new interface and still gets its own session.
 */
class LmaRetransmissionTest
{
    private static final String NAI = "alice@example.com";
    private final PbuBuilder builder = new PbuBuilder();

    private static Pba send(final LmaRig r, final String mag, final byte[] mh)
    {
        final List<InMemorySignallingTransport.Message> sent =
            r.send(Ipv6Words.bytes(mag), Ipv6Words.bytes(LmaRig.LMA), mh);
        assertEquals(1, sent.size(), "one PBA");
        return Pba.of(sent.get(0));
    }

    @Test
    void lostPbaRetransmissionsGetTheSamePrefixAndCreateNothing() throws IOException
    {
        try (LmaRig r = new LmaRig(new Properties()))
        {
            final long t0 = r.clock.time();
            final Pba first = send(r, LmaRig.MAG1, builder.pbu(LmaRig.MAG1, NAI, 7, 900, 1, null, t0));
            assertEquals(0, first.status(), first.toString());
            assertEquals(1, first.prefixes().size());
            // The PBA is lost on its way back; the MAG sends the PBU again after InitialBindackTimeout.
            r.advance(1_000);
            final Pba again = send(r, LmaRig.MAG1, builder.pbu(LmaRig.MAG1, NAI, 7, 900, 1, null, r.clock.time()));
            assertEquals(0, again.status(), again.toString());
            assertEquals(7, again.sequence());
            assertEquals(first.prefixes(), again.prefixes(), "same HNP");
            assertTrue(again.lifetime() > 0 && again.lifetime() <= first.lifetime(), again.toString());
            assertEquals(1, r.lma.cache().size(), "one BCE");
            assertEquals(1, r.lma.pool().allocated(), "one prefix");

            // Octet for octet the first message (its timestamp now 3 s old, far outside the 300 ms window).
            r.advance(2_000);
            final Pba identical = send(r, LmaRig.MAG1, builder.pbu(LmaRig.MAG1, NAI, 7, 900, 1, null, t0));
            assertEquals(0, identical.status(), identical.toString());
            assertEquals(first.prefixes(), identical.prefixes());
            // A MAG that renumbers its retransmissions but keeps the message's Timestamp.
            final Pba renumbered = send(r, LmaRig.MAG1, builder.pbu(LmaRig.MAG1, NAI, 8, 900, 1, null, t0));
            assertEquals(0, renumbered.status(), renumbered.toString());
            assertEquals(8, renumbered.sequence());
            assertEquals(first.prefixes(), renumbered.prefixes());
            assertEquals(1, r.lma.cache().size());
            assertEquals(1, r.lma.pool().allocated());
            //RT

            // A new Sequence # and a new Timestamp: a second interface, a second session with its own prefix.
            final Pba second = send(r, LmaRig.MAG1, builder.pbu(LmaRig.MAG1, NAI, 9, 900, 1, null, r.clock.time()));
            assertEquals(0, second.status(), second.toString());
            assertNotEquals(first.prefixes(), second.prefixes());
            assertEquals(2, r.lma.cache().size());
            // The same Sequence # from another MAG is not the same message either.
            final Pba other = send(r, LmaRig.MAG2, builder.pbu(LmaRig.MAG2, NAI, 7, 900, 1, null, r.clock.time()));
            assertEquals(0, other.status(), other.toString());
            assertEquals(3, r.lma.cache().size());
            //RT
        }
    }

    @Test
    void sequenceModeRetransmissionGetsTheSamePrefix() throws IOException
    {
        final Properties p = new Properties();
        p.setProperty("lma.timestamp-mode", "false");
        try (LmaRig r = new LmaRig(p))
        {
            final Pba first = send(r, LmaRig.MAG1, builder.pbu(LmaRig.MAG1, NAI, 40, 900, 1, null, r.clock.time()));
            assertEquals(0, first.status(), first.toString());
            r.advance(1_500);
            final Pba again = send(r, LmaRig.MAG1, builder.pbu(LmaRig.MAG1, NAI, 40, 900, 1, null, r.clock.time()));
            assertEquals(0, again.status(), again.toString());
            assertEquals(40, again.sequence());
            assertEquals(first.prefixes(), again.prefixes());
            assertEquals(1, r.lma.cache().size());
            assertEquals(1, r.lma.pool().allocated());
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
                builder.pbu(LmaRig.MAG1, NAI, 3, 900, 1, null, r.clock.time())).isEmpty(), "no PBA before the acks");
            r.advance(200);
            assertTrue(r.send(Ipv6Words.bytes(LmaRig.MAG1), Ipv6Words.bytes(LmaRig.LMA),
                builder.pbu(LmaRig.MAG1, NAI, 3, 900, 1, null, r.clock.time())).isEmpty(), "the PBA in flight answers");
            assertEquals(1, r.lma.cache().size(), "no second session");
            assertEquals(1, r.lma.pool().allocated(), "no second prefix");
            //RT
        }
    }
}
