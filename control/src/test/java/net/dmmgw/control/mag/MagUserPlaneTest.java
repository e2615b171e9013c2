package net.dmmgw.control.mag;

import java.util.List;
import java.util.Properties;

import net.dmmgw.control.codec.UserPlaneOption;
import net.dmmgw.control.routing.InMemoryDataPlane;
import net.dmmgw.ipc.Ipv6Words;
import org.junit.jupiter.api.Test;

import static net.dmmgw.control.mag.MagRig.ACCESS_PORT;
import static net.dmmgw.control.mag.MagRig.ALICE_MAC;
import static net.dmmgw.control.mag.MagRig.LMA;
import static net.dmmgw.control.mag.MagRig.MAG1;
import static net.dmmgw.control.mag.MagRig.MAG2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MAG against the real LMA with the control / data split (RFC 7389): the LMA's PBA names its data function's
 * address in an LMA User-Plane Address option and the MAG's tunnel goes there, while PBUs keep going to the LMA's
 * signalling address; {@code mag.request-user-plane-address=true} adds the request form to the PBUs.
 */
class MagUserPlaneTest
{
    private static final String USER_PLANE = "2001:db8:2::100";

    private static Properties props(final String... kv)
    {
        final Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2)
        {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    /** Attaches Alice on the MAG; returns the remote end of the tunnel her uplink goes into. */
    private static long[] attachAlice(final MagRig rig, final MagRig.Node mag)
    {
        mag.access.deliver(ACCESS_PORT, AccessFrames.routerSolicitation(ALICE_MAC, "fe80::aa01"));
        rig.run();
        final List<MagRig.Sent> pbas = rig.sent(LMA, mag.address);
        final Mh pba = Mh.of(pbas.get(pbas.size() - 1).message());
        assertEquals(0, pba.status());
        final String hnp = pba.prefixes().get(0);
        final InMemoryDataPlane dp = mag.dataPlane;
        assertEquals(1, dp.tunnelCount());
        final int tunnel = dp.sourceRouteOf(Ipv6Words.hi(hnp.substring(0, hnp.indexOf('/'))));
        assertTrue(tunnel > 0, "uplink from the HNP goes into the tunnel");
        assertArrayEquals(new long[]{ Ipv6Words.hi(mag.address), Ipv6Words.lo(mag.address) }, dp.tunnelLocal(tunnel));
        assertEquals("REGISTERED", mag.mag.sessions().get(0).state());
        return dp.tunnelRemote(tunnel);
    }

    private static byte[] lastOption(final MagRig rig, final String from, final String to)
    {
        final List<MagRig.Sent> sent = rig.sent(from, to);
        assertTrue(!sent.isEmpty(), "something was sent from " + from + " to " + to);
        return UserPlaneOption.of(sent.get(sent.size() - 1).message().mh());
    }

    @Test
    void theTunnelGoesToTheUserPlaneAddressTheRequestedPbaGave() throws Exception
    {
        try (MagRig rig = new MagRig(props("lma.user-plane-address", USER_PLANE),
            props("mag.request-user-plane-address", "true")))
        {
            final long[] remote = attachAlice(rig, rig.mag1);
            assertArrayEquals(new long[]{ Ipv6Words.hi(USER_PLANE), Ipv6Words.lo(USER_PLANE) }, remote,
                "tunnel to the LMA's data function, not to its signalling address");
            assertEquals(0, lastOption(rig, MAG1, LMA).length, "the PBU (sent to the LMA) asks: request form");
            assertArrayEquals(Ipv6Words.bytes(USER_PLANE), lastOption(rig, LMA, MAG1));

            // Handoff: MAG2's PBU still goes to the LMA's address, and its tunnel to the user plane as well.
            rig.advance(10, 10);
            rig.mag1.mag.detach(ALICE_MAC);
            rig.run();
            rig.advance(2000, 100);
            assertEquals(0, rig.mag1.dataPlane.tunnelCount(), "MAG1 released its tunnel to the user plane");
            final long[] remote2 = attachAlice(rig, rig.mag2);
            assertArrayEquals(new long[]{ Ipv6Words.hi(USER_PLANE), Ipv6Words.lo(USER_PLANE) }, remote2);
            assertEquals(0, lastOption(rig, MAG2, LMA).length);
        }
    }

    @Test
    void unaskedTheMagStillFollowsTheOptionAndSendsNoRequest() throws Exception
    {
        try (MagRig rig = new MagRig(props("lma.user-plane-address", USER_PLANE), new Properties()))
        {
            final long[] remote = attachAlice(rig, rig.mag1);
            assertArrayEquals(new long[]{ Ipv6Words.hi(USER_PLANE), Ipv6Words.lo(USER_PLANE) }, remote);
            assertNull(lastOption(rig, MAG1, LMA), "default: PBUs carry no option 59");
        }
    }

    @Test
    void withoutAUserPlaneTheTunnelGoesToTheLmaAddress() throws Exception
    {
        try (MagRig rig = new MagRig(new Properties(), props("mag.request-user-plane-address", "true")))
        {
            final long[] remote = attachAlice(rig, rig.mag1);
            assertArrayEquals(new long[]{ Ipv6Words.hi(LMA), Ipv6Words.lo(LMA) }, remote);
            assertNull(lastOption(rig, LMA, MAG1), "the LMA has no user plane of its own to tell");
        }
    }
}
