package net.dmmgw.fastpath.pipeline;

import static net.dmmgw.fastpath.support.Frames.ethernet;
import static net.dmmgw.fastpath.support.Frames.ipv6;
import static net.dmmgw.fastpath.support.Frames.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import net.dmmgw.fastpath.support.Rig;
import net.dmmgw.fastpath.table.StuckWriter;

/**
 * A table writer stuck inside a record's section (a bug) costs the packets that need that record a counted drop,
 * {@link DropReason#TABLE_BUSY}, never a hung worker: a forward whose next hop is stuck, an encapsulation whose
 * tunnel is stuck; other packets pass; once the section ends the same packets pass again.
 */
class TableBusyTest
{
    private static final String CN = "2001:db8:9999::1";
    private static final String MN_AT_PEER = "2001:db8:200:1::9";
    private static final int PACKETS = 50;

    /** Spins before a stuck record is given up (the production bound is waited out in SeqLockBoundTest). */
    private static final long SHORT_BOUND = 1 << 16;

    private final Rig rig = new Rig().standardTopology();

    @BeforeEach
    void shortBound()
    {
        StuckWriter.bound(rig.tables.nextHops(), SHORT_BOUND);
        StuckWriter.bound(rig.tables.tunnels(), SHORT_BOUND);
        StuckWriter.bound(rig.tables.ports(), SHORT_BOUND);
    }

    @AfterEach
    void close()
    {
        rig.close();
    }

    private byte[] forward()
    {
        return ethernet(ipv6(Rig.MN, CN, 17, 64, udp(40)));
    }

    private byte[] encap()
    {
        return ethernet(ipv6(CN, MN_AT_PEER, 17, 64, udp(40)));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void shouldDropForwardsAsTableBusyWhileTheirNextHopIsStuckAndForwardAfter()
    {
        final long offset = StuckWriter.begin(rig.tables.nextHops(), 1);
        for (int i = 0; i < PACKETS; i++)
        {
            assertEquals(Verdict.DROP, rig.run(forward(), 0));
            assertEquals(DropReason.TABLE_BUSY, rig.ctx.dropReason());
        }
        assertEquals(PACKETS, rig.counters.drops(DropReason.TABLE_BUSY));
        final byte[] lane = forward();
        assertEquals(Pipeline.NOT_IN_LANE, rig.pipeline.forwardInLane(rig.load(lane, Rig.HEADROOM), lane.length, 0),
            "the forward lane leaves it to the staged path");
        assertEquals(Verdict.TRANSMIT, rig.run(encap(), 1), "an encapsulation does not need the next hop");

        StuckWriter.end(rig.tables.nextHops(), offset);
        assertEquals(Verdict.TRANSMIT, rig.run(forward(), 0));
        assertEquals(1, rig.ctx.egressPort());
        assertEquals(1, rig.counters.actions(Action.FORWARDED));
        assertEquals(PACKETS, rig.counters.drops(DropReason.TABLE_BUSY));
        assertEquals(0, rig.counters.drops(DropReason.NO_NEXT_HOP));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void shouldDropEncapsulationsAsTableBusyWhileTheirTunnelIsStuckAndEncapsulateAfter()
    {
        final long offset = StuckWriter.begin(rig.tables.tunnels(), Rig.TUNNEL);
        for (int i = 0; i < PACKETS; i++)
        {
            assertEquals(Verdict.DROP, rig.run(encap(), 1));
            assertEquals(DropReason.TABLE_BUSY, rig.ctx.dropReason());
        }
        assertEquals(PACKETS, rig.counters.drops(DropReason.TABLE_BUSY));
        assertEquals(0, rig.counters.drops(DropReason.NO_TUNNEL));
        assertEquals(Verdict.TRANSMIT, rig.run(forward(), 0), "a forward does not need the tunnel");

        StuckWriter.end(rig.tables.tunnels(), offset);
        assertEquals(Verdict.TRANSMIT, rig.run(encap(), 1));
        assertEquals(2, rig.ctx.egressPort());
        assertEquals(1, rig.counters.actions(Action.ENCAPSULATED));
        assertEquals(PACKETS, rig.counters.drops(DropReason.TABLE_BUSY));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void shouldNotSendAnIcmpErrorWhileTheIngressPortIsStuck()
    {
        final long offset = StuckWriter.begin(rig.tables.ports(), 0);
        final byte[] expiring = ethernet(ipv6(Rig.MN, CN, 17, 1, udp(40)));
        assertEquals(Verdict.DROP, rig.run(expiring, 0));
        assertEquals(DropReason.HOP_LIMIT_EXCEEDED, rig.ctx.dropReason());
        assertEquals(1, rig.counters.actions(Action.ICMP_UNROUTABLE), "no error without its source address");
        assertEquals(0, rig.counters.actions(Action.ICMP_SENT));

        StuckWriter.end(rig.tables.ports(), offset);
        assertEquals(Verdict.TRANSMIT_GENERATED, rig.run(expiring, 0));
        assertEquals(1, rig.counters.actions(Action.ICMP_SENT));
    }
}
