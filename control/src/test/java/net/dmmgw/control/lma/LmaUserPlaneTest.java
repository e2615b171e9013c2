package net.dmmgw.control.lma;

import java.util.List;
import java.util.Properties;

import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.control.codec.UserPlaneOption;
import net.dmmgw.control.location.MessageOrdering;
import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.control.routing.InMemoryDataPlane;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control / data split on the LMA (draft-sarikaya-dmm-cloud-mm §3, RFC 7389): with {@code lma.user-plane-address}
 * the tunnels end at the data function's address and every accepted PBA that grants a lifetime tells the MAG that
 * address in an LMA User-Plane Address option (type 59); without it nothing changes.
 */
class LmaUserPlaneTest
{
    private static final String USER_PLANE = "2001:db8:2::100";
    private static final String ALICE = "alice@example.com";

    private static Properties userPlane()
    {
        final Properties p = new Properties();
        p.setProperty("lma.user-plane-address", USER_PLANE);
        return p;
    }

    /** A PBU like {@link PbuBuilder}'s, optionally with the request form of option 59 (Length 2, no address). */
    private static byte[] pbu(final String nai, final int seq, final int lifetime, final String prefix,
        final boolean request, final long nowMs)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final MobilityHeaderEncoder enc = new MobilityHeaderEncoder();
        final byte[] id = nai.getBytes();
        enc.wrap(buffer, 0, buffer.capacity()).begin(MhType.BINDING_UPDATE).bindingUpdate().sequence(seq)
            .flags(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_P).lifetime(lifetime);
        enc.homeNetworkPrefix(prefix == null ? 0 : 64, prefix == null ? new byte[16] : Ipv6Words.bytes(prefix))
            .mobileNodeIdentifier(1, id, 0, id.length);
        final long ts = MessageOrdering.timestampOfMillis(nowMs);
        enc.timestamp(ts >>> 16, (int)(ts & 0xFFFF)).handoffIndicator(1).accessTechnologyType(4);
        if (request)
        {
            enc.lmaUserPlaneAddress(null);
        }
        final int length = enc.finish(Ipv6Words.bytes(LmaRig.MAG1), Ipv6Words.bytes(LmaRig.LMA));
        final byte[] out = new byte[length];
        buffer.getBytes(0, out);
        return out;
    }

    private static byte[] userPlaneOption(final byte[] mh)
    {
        return UserPlaneOption.of(mh);
    }

    private static Pba exchange(final LmaRig rig, final byte[] pbu)
    {
        final List<InMemorySignallingTransport.Message> out =
            rig.send(Ipv6Words.bytes(LmaRig.MAG1), Ipv6Words.bytes(LmaRig.LMA), pbu);
        assertEquals(1, out.size());
        final Pba pba = Pba.of(out.get(0));
        assertEquals("2001:db8:2:0:0:0:0:1", pba.source(), "signalling stays on lma.address");
        return pba;
    }

    @Test
    void acceptedPbasCarryTheUserPlaneAddressAndTunnelsEndThere() throws Exception
    {
        try (LmaRig rig = new LmaRig(userPlane()))
        {
            final InMemoryDataPlane dp = (InMemoryDataPlane)rig.dataPlane;
            assertTrue(dp.hasTunnelEndpoint(Ipv6Words.hi(USER_PLANE), Ipv6Words.lo(USER_PLANE)),
                "the data function's tunnel endpoint is the user-plane address");
            assertFalse(dp.hasTunnelEndpoint(Ipv6Words.hi(LmaRig.LMA), Ipv6Words.lo(LmaRig.LMA)));

            // Initial registration with the request form (RFC 7389): the PBA answers with the address.
            final Pba first = exchange(rig, pbu(ALICE, 1, 100, null, true, rig.clock.time()));
            assertEquals(LmaStatus.ACCEPTED, first.status());
            assertArrayEquals(Ipv6Words.bytes(USER_PLANE), userPlaneOption(first.raw()));

            assertEquals(1, dp.tunnelCount());
            final int tunnel = dp.routeOf(Ipv6Words.hi(first.prefixes().get(0).replace("/64", "")));
            assertTrue(tunnel > 0);
            assertArrayEquals(new long[]{ Ipv6Words.hi(USER_PLANE), Ipv6Words.lo(USER_PLANE) },
                dp.tunnelLocal(tunnel), "tunnel local endpoint: the user-plane address");
            assertArrayEquals(new long[]{ Ipv6Words.hi(LmaRig.MAG1), Ipv6Words.lo(LmaRig.MAG1) },
                dp.tunnelRemote(tunnel), "remote: the MAG's Proxy-CoA");

            // A refresh without the request form still carries it (every grant tells the MAG).
            rig.advance(1000);
            final String hnp = first.prefixes().get(0).replace("/64", "");
            final Pba refresh = exchange(rig, pbu(ALICE, 2, 100, hnp, false, rig.clock.time()));
            assertEquals(LmaStatus.ACCEPTED, refresh.status());
            assertArrayEquals(Ipv6Words.bytes(USER_PLANE), userPlaneOption(refresh.raw()));

            // A refusal (unserved domain) and a de-registration (lifetime 0) grant nothing: no option.
            final Pba refused = exchange(rig, pbu("eve@example.org", 3, 100, null, true, rig.clock.time()));
            assertTrue(refused.status() >= 128, "refused: " + refused.status());
            assertNull(userPlaneOption(refused.raw()));
            rig.advance(1000);
            final Pba dereg = exchange(rig, pbu(ALICE, 4, 0, hnp, true, rig.clock.time()));
            assertEquals(LmaStatus.ACCEPTED, dereg.status());
            assertEquals(0, dereg.lifetime());
            assertNull(userPlaneOption(dereg.raw()));
        }
    }

    @Test
    void unsetMeansNoOptionAndTunnelsEndAtTheLmaAddress() throws Exception
    {
        try (LmaRig rig = new LmaRig(new Properties()))
        {
            final InMemoryDataPlane dp = (InMemoryDataPlane)rig.dataPlane;
            assertTrue(dp.hasTunnelEndpoint(Ipv6Words.hi(LmaRig.LMA), Ipv6Words.lo(LmaRig.LMA)));
            final Pba pba = exchange(rig, pbu(ALICE, 1, 100, null, true, rig.clock.time()));
            assertEquals(LmaStatus.ACCEPTED, pba.status());
            assertNull(userPlaneOption(pba.raw()), "no user-plane address configured: the request is not answered");
            final int tunnel = dp.routeOf(Ipv6Words.hi(pba.prefixes().get(0).replace("/64", "")));
            assertArrayEquals(new long[]{ Ipv6Words.hi(LmaRig.LMA), Ipv6Words.lo(LmaRig.LMA) },
                dp.tunnelLocal(tunnel));
        }
    }

    @Test
    void aBadUserPlaneAddressIsAConfigError()
    {
        final Properties p = LmaRig.properties(java.nio.file.Path.of("/tmp/unused"));
        p.setProperty("lma.user-plane-address", "not-an-address");
        final var ex = org.junit.jupiter.api.Assertions.assertThrows(net.dmmgw.control.node.ConfigException.class,
            () -> LmaConfig.from(new net.dmmgw.control.node.NodeConfig(p)));
        assertTrue(ex.getMessage().contains("lma.user-plane-address"), ex.getMessage());
    }
}
