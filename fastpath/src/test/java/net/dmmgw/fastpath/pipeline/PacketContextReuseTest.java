package net.dmmgw.fastpath.pipeline;

import static net.dmmgw.fastpath.support.Frames.ethernet;
import static net.dmmgw.fastpath.support.Frames.ipv6;
import static net.dmmgw.fastpath.support.Frames.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import net.dmmgw.fastpath.support.Rig;
import net.dmmgw.fastpath.table.Ipv6Address;

/**
 * {@link PacketContext#wrap} no longer resets the outcome fields: a context reused for the next packet must still
 * show only that packet's outcome (what a reset gave), whatever the previous packet's was.
 */
class PacketContextReuseTest
{
    private static final String CN = "2001:db8:9999::1";

    private final Rig rig = new Rig().standardTopology();

    @AfterEach
    void close()
    {
        rig.close();
    }

    @Test
    void shouldShowOnlyTheCurrentPacketsOutcome()
    {
        final byte[] forward = ethernet(ipv6(Rig.MN, CN, 17, 64, udp(100)));
        final byte[] mobility = ethernet(ipv6(Rig.MN, "2001:db8:2::1", 135, 64, new byte[] {59, 0, 0, 0, 0, 0, 0, 0}));
        final byte[] timeExceeded = ethernet(ipv6(Rig.MN, CN, 17, 1, udp(30)));

        assertEquals(Verdict.TRANSMIT_GENERATED, rig.run(timeExceeded, 0));
        assertEquals(DropReason.HOP_LIMIT_EXCEEDED, rig.ctx.dropReason());
        assertEquals(0, rig.ctx.egressPort());

        assertEquals(Verdict.PUNT, rig.run(mobility, 0));
        assertEquals(PuntReason.MOBILITY_HEADER, rig.ctx.puntReason());
        assertNull(rig.ctx.dropReason(), "not the previous packet's drop reason");
        assertEquals(-1, rig.ctx.egressPort(), "not the previous packet's port");
        assertEquals(0, rig.ctx.outAddress());
        assertEquals(0, rig.ctx.outLength());

        assertEquals(Verdict.TRANSMIT, rig.run(forward, 0));
        assertEquals(1, rig.ctx.egressPort());
        assertEquals(forward.length, rig.ctx.outLength());
        assertNull(rig.ctx.puntReason(), "not the previous packet's punt reason");
        assertNull(rig.ctx.dropReason());

        Rig.ok(rig.tables.removeDestinationRoute(Ipv6Address.UNSPECIFIED, 0));
        assertEquals(Verdict.DROP, rig.run(forward, 0));
        assertEquals(DropReason.NO_ROUTE, rig.ctx.dropReason());
        assertNull(rig.ctx.puntReason());
        assertEquals(-1, rig.ctx.egressPort(), "not the previous packet's port");
        assertEquals(0, rig.ctx.outLength());

        assertEquals(Verdict.PUNT, rig.run(mobility, 0));
        assertNull(rig.ctx.dropReason(), "not the previous packet's drop reason");
    }

    @Test
    void shouldKeepThePuntReasonOfARejectedPunt()
    {
        assertEquals(Verdict.TRANSMIT, rig.run(ethernet(ipv6(Rig.MN, CN, 17, 64, udp(100))), 0));
        rig.acceptPunts = false;
        assertEquals(Verdict.DROP, rig.run(
            ethernet(ipv6(Rig.MN, "2001:db8:2::1", 135, 64, new byte[] {59, 0, 0, 0, 0, 0, 0, 0})), 0));
        assertEquals(DropReason.PUNT_REJECTED, rig.ctx.dropReason());
        assertEquals(PuntReason.MOBILITY_HEADER, rig.ctx.puntReason());
        assertEquals(-1, rig.ctx.egressPort());
    }
}
