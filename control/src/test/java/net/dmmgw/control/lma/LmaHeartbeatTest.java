package net.dmmgw.control.lma;

import java.io.IOException;
import java.util.List;
import java.util.Properties;

import net.dmmgw.control.codec.Heartbeat;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.control.codec.MobilityHeaderValidator;
import net.dmmgw.control.codec.ValidationResult;
import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 5847 between the LMA and its MAGs: periodic requests, answers, and a silent peer declared unreachable. */
class LmaHeartbeatTest
{
    private static byte[] heartbeat(final String from, final int flags, final long sequence)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[64]);
        final MobilityHeaderEncoder enc = new MobilityHeaderEncoder().wrap(b, 0, 64).begin(MhType.HEARTBEAT);
        enc.message().heartbeat().flags(flags).sequence(sequence);
        final int length = enc.finish(Ipv6Words.bytes(from), Ipv6Words.bytes(LmaRig.LMA));
        final byte[] out = new byte[length];
        b.getBytes(0, out);
        return out;
    }

    private static Heartbeat decode(final InMemorySignallingTransport.Message m)
    {
        final UnsafeBuffer b = new UnsafeBuffer(m.mh());
        assertTrue(new MobilityHeaderValidator().validate(b, 0, m.mh().length, m.source(), m.destination(),
            new ValidationResult()));
        final MobilityHeaderDecoder d = new MobilityHeaderDecoder().wrap(b, 0, m.mh().length);
        assertEquals(MhType.HEARTBEAT, d.mhType());
        return d.heartbeat();
    }

    @Test
    void requestsAnswersAndASilentPeer() throws IOException
    {
        final Properties p = new Properties();
        p.setProperty("lma.heartbeat-interval-ms", "1000");
        p.setProperty("lma.missing-heartbeats-allowed", "2");
        try (LmaRig r = new LmaRig(p))
        {
            // A request from MAG1 is answered with R = 1 and its sequence number; one from a stranger is not.
            final List<InMemorySignallingTransport.Message> answer =
                r.send(Ipv6Words.bytes(LmaRig.MAG1), Ipv6Words.bytes(LmaRig.LMA), heartbeat(LmaRig.MAG1, 0, 77));
            assertEquals(1, answer.size());
            assertArrayEquals(Ipv6Words.bytes(LmaRig.MAG1), answer.get(0).destination());
            assertEquals(Heartbeat.FLAG_R, decode(answer.get(0)).flags() & Heartbeat.FLAG_R);
            assertEquals(77, decode(answer.get(0)).sequence());
            assertTrue(r.send(Ipv6Words.bytes("2001:db8:1::99"), Ipv6Words.bytes(LmaRig.LMA),
                heartbeat("2001:db8:1::99", 0, 1)).isEmpty());

            for (int round = 1; round <= 4; round++)
            {
                r.transport.clearSent();
                r.advance(1000);
                final List<InMemorySignallingTransport.Message> requests = List.copyOf(r.transport.sent());
                assertEquals(2, requests.size(), "one request per peer per interval");
                for (final InMemorySignallingTransport.Message m : requests)
                {
                    final Heartbeat h = decode(m);
                    assertEquals(0, h.flags() & Heartbeat.FLAG_R);
                    assertEquals(round, h.sequence());
                    if (java.util.Arrays.equals(m.destination(), Ipv6Words.bytes(LmaRig.MAG1)))
                    {
                        // MAG1 answers; MAG2 stays silent.
                        r.send(m.destination(), m.source(), heartbeat(LmaRig.MAG1, Heartbeat.FLAG_R, round));
                    }
                }
                assertTrue(r.lma.isPeerReachable(0), "MAG1 answers");
                if (round <= 3)
                {
                    assertTrue(r.lma.isPeerReachable(1), "MAG2 missed " + (round - 1) + " ≤ 2");
                }
            }
            assertFalse(r.lma.isPeerReachable(1), "MAG2 missed 3 > 2 heartbeats");
            // A late answer with an old sequence number does not revive it; the current one does.
            r.send(Ipv6Words.bytes(LmaRig.MAG2), Ipv6Words.bytes(LmaRig.LMA), heartbeat(LmaRig.MAG2, Heartbeat.FLAG_R, 1));
            assertFalse(r.lma.isPeerReachable(1));
            r.send(Ipv6Words.bytes(LmaRig.MAG2), Ipv6Words.bytes(LmaRig.LMA), heartbeat(LmaRig.MAG2, Heartbeat.FLAG_R, 4));
            assertTrue(r.lma.isPeerReachable(1));
        }
    }
}
