package net.dmmgw.fastpath.pipeline;

import static net.dmmgw.fastpath.support.Frames.ethernet;
import static net.dmmgw.fastpath.support.Frames.ipv6;
import static net.dmmgw.fastpath.support.Frames.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import net.dmmgw.fastpath.support.Rig;

/**
 * Counter publication: {@link Pipeline#processInBurst} keeps a burst's increments private until
 * {@link Pipeline#endBurst}, which adds exactly those increments to the shared counters;
 * {@link Pipeline#process} publishes before it returns.
 */
class BurstCountersTest
{
    private static final String CN = "2001:db8:9999::1";
    private final Rig rig = new Rig().standardTopology();

    @AfterEach
    void tearDown()
    {
        rig.close();
    }

    @Test
    void shouldPublishBurstCountersOnlyAtEndOfBurst()
    {
        final byte[] forward = ethernet(ipv6(Rig.MN, CN, 17, 64, udp(100)));
        final byte[] linkLocal = ethernet(ipv6("fe80::1", CN, 17, 64, udp(8)));
        assertEquals(Verdict.TRANSMIT, inBurst(forward, 0));
        assertEquals(Verdict.TRANSMIT, inBurst(forward, 0));
        assertEquals(Verdict.DROP, inBurst(linkLocal, 0));
        assertEquals(0, rig.counters.rxPackets(0));
        assertEquals(0, rig.counters.txPackets(1));
        assertEquals(0, rig.counters.actions(Action.FORWARDED));
        assertEquals(0, rig.counters.drops(DropReason.LINK_LOCAL));

        rig.pipeline.endBurst();
        assertEquals(3, rig.counters.rxPackets(0));
        assertEquals(2, rig.counters.txPackets(1));
        assertEquals(2, rig.counters.actions(Action.FORWARDED));
        assertEquals(1, rig.counters.drops(DropReason.LINK_LOCAL));

        rig.pipeline.endBurst(); // nothing pending: no change
        assertEquals(3, rig.counters.rxPackets(0));

        assertEquals(Verdict.TRANSMIT, rig.run(forward, 0)); // process(): published at once
        assertEquals(4, rig.counters.rxPackets(0));
        assertEquals(3, rig.counters.actions(Action.FORWARDED));
        assertEquals(1, rig.counters.drops(DropReason.LINK_LOCAL));
    }

    @Test
    void shouldCountEveryPacketWhenPortsAndReasonsAlternateWithinABurst()
    {
        // Runs of the same port or counter are kept in fields until the port or counter changes:
        // every change of run, in both directions, must still land in the right counter.
        final byte[] forward = ethernet(ipv6(Rig.MN, CN, 17, 64, udp(100)));
        final byte[] linkLocal = ethernet(ipv6("fe80::1", CN, 17, 64, udp(8)));
        final byte[][] frames = {forward, linkLocal, forward, forward, linkLocal, linkLocal, forward, linkLocal};
        final int[] ports = {0, 0, 1, 0, 1, 1, 0, 0};
        for (int i = 0; i < frames.length; i++)
        {
            assertEquals(frames[i] == forward ? Verdict.TRANSMIT : Verdict.DROP, inBurst(frames[i], ports[i]));
        }
        assertEquals(0, rig.counters.rxPackets(0));
        rig.pipeline.endBurst();
        assertEquals(5, rig.counters.rxPackets(0));
        assertEquals(3, rig.counters.rxPackets(1));
        assertEquals(4, rig.counters.txPackets(1));
        assertEquals(4, rig.counters.actions(Action.FORWARDED));
        assertEquals(4, rig.counters.drops(DropReason.LINK_LOCAL));

        assertEquals(Verdict.DROP, inBurst(linkLocal, 1)); // the next burst starts where the last run ended
        rig.pipeline.endBurst();
        assertEquals(4, rig.counters.rxPackets(1));
        assertEquals(5, rig.counters.drops(DropReason.LINK_LOCAL));
        assertEquals(4, rig.counters.actions(Action.FORWARDED));
    }

    private Verdict inBurst(final byte[] frame, final int port)
    {
        final long address = rig.load(frame, Rig.HEADROOM);
        return rig.pipeline.processInBurst(rig.ctx.wrap(address, frame.length, Rig.HEADROOM, port));
    }
}
