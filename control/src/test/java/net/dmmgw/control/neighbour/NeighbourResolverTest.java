package net.dmmgw.control.neighbour;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import net.dmmgw.control.mag.NeighbourAdvertisementWriter;
import net.dmmgw.control.mag.NeighbourDiscoveryFrame;
import net.dmmgw.control.mag.NeighbourSolicitationWriter;
import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.control.routing.InMemoryDataPlane;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data-plane ports' Neighbour Discovery: NS for the node's port addresses answered per port, the static route's
 * gateway solicited (at start, every interval, at once after an UNRESOLVED_NEIGHBOUR punt) and programmed from its
 * NA, and routes plus resolved neighbours re-sent inside every snapshot.
 */
class NeighbourResolverTest
{
    private static final String PORT0 = "2001:db8:e0::1";
    private static final long PORT0_MAC = Ipv6Words.mac("02:00:00:00:e0:01");
    private static final String GATEWAY = "2001:db8:e0::2";
    private static final long GATEWAY_MAC = Ipv6Words.mac("02:00:00:00:e0:02");
    private static final String ROLE = "2001:db8:c0::1";
    private static final long PORT1_MAC = Ipv6Words.mac("02:00:00:00:c0:01");

    private record Frame(int port, byte[] octets)
    {
    }

    private final List<Frame> injected = new ArrayList<>();
    private final InMemoryDataPlane dataPlane = new InMemoryDataPlane();

    private NeighbourResolver resolver()
    {
        final Properties p = new Properties();
        p.setProperty("dataplane.port.0.address", PORT0);
        p.setProperty("dataplane.port.0.mac", "02:00:00:00:e0:01");
        p.setProperty("route.cn.prefix", "2001:db8:e0::/64");
        p.setProperty("route.cn.via", GATEWAY);
        p.setProperty("route.cn.port", "0");
        final NodeConfig config = new NodeConfig(p);
        final NeighbourResolver r = new NeighbourResolver(NeighbourSettings.from(config), dataPlane);
        config.rejectUnknown();
        r.attach((port, frame, offset, length) ->
        {
            final byte[] b = new byte[length];
            frame.getBytes(offset, b);
            injected.add(new Frame(port, b));
            return true;
        });
        r.answer(1, Ipv6Words.bytes(ROLE), PORT1_MAC);
        return r;
    }

    private static NeighbourDiscoveryFrame parse(final byte[] frame)
    {
        final NeighbourDiscoveryFrame nd = new NeighbourDiscoveryFrame();
        assertTrue(nd.wrap(new UnsafeBuffer(frame), 0, frame.length), "valid ND: hop limit 255, checksum");
        return nd;
    }

    private static long word(final byte[] b, final int at)
    {
        return new UnsafeBuffer(b).getLong(at, ByteOrder.BIG_ENDIAN);
    }

    @Test
    void theGatewayIsSolicitedUntilItsAdvertisementProgramsIt()
    {
        final NeighbourResolver r = resolver();
        assertEquals(1, r.onTick(10_000));
        assertEquals(1, injected.size());
        final Frame ns = injected.get(0);
        assertEquals(0, ns.port(), "out of the route's port");
        final NeighbourDiscoveryFrame nd = parse(ns.octets());
        assertEquals(NeighbourDiscoveryFrame.NEIGHBOUR_SOLICITATION, nd.type());
        assertEquals(Ipv6Words.hi(GATEWAY), nd.targetHi());
        assertEquals(Ipv6Words.lo(GATEWAY), nd.targetLo());
        assertEquals(Ipv6Words.hi(PORT0), nd.sourceHi(), "from the port's address");
        assertEquals(PORT0_MAC, nd.sourceMac());
        assertArrayEquals(new byte[]{ 0x33, 0x33, (byte)0xff, 0, 0, 2 }, java.util.Arrays.copyOf(ns.octets(), 6));
        assertEquals(0xFF02_0000_0000_0000L, word(ns.octets(), 14 + 24), "solicited-node multicast");
        assertEquals(0x0000_0001_FF00_0002L, word(ns.octets(), 14 + 32));
        assertEquals(1, ns.octets()[14 + 40 + 24], "Source Link-layer Address option");

        assertEquals(0, r.onTick(10_500), "not again before the interval");
        assertEquals(1, r.onTick(11_000), "again after it");

        // The gateway's NA (solicited, to the port's address) programs the neighbour.
        final NeighbourAdvertisementWriter na = new NeighbourAdvertisementWriter(GATEWAY_MAC, Ipv6Words.bytes(GATEWAY));
        final int n = na.write(PORT0_MAC, Ipv6Words.hi(PORT0), Ipv6Words.lo(PORT0));
        assertFalse(r.onNeighbourDiscovery(1, na.frame(), 0, n), "on another port it is not the gateway's");
        assertEquals(-1, dataPlane.neighbourMac(0, Ipv6Words.hi(GATEWAY), Ipv6Words.lo(GATEWAY)));
        assertTrue(r.onNeighbourDiscovery(0, na.frame(), 0, n));
        dataPlane.poll((id, ok) -> { });
        assertEquals(GATEWAY_MAC, dataPlane.neighbourMac(0, Ipv6Words.hi(GATEWAY), Ipv6Words.lo(GATEWAY)));
        assertTrue(r.isResolved(0));
        assertEquals(1, r.resolved());
        injected.clear();
        assertEquals(0, r.onTick(60_000), "resolved: no more solicitations");

        // The fast path punts a packet for the route (the MAC went stale): solicited again at the next tick.
        final byte[] punted = new byte[14 + 40 + 8];
        final UnsafeBuffer pb = new UnsafeBuffer(punted);
        pb.putShort(12, (short)0x86DD, ByteOrder.BIG_ENDIAN);
        pb.putByte(14, (byte)0x60);
        pb.putLong(14 + 24, Ipv6Words.hi("2001:db8:e0::99"), ByteOrder.BIG_ENDIAN);
        pb.putLong(14 + 32, Ipv6Words.lo("2001:db8:e0::99"), ByteOrder.BIG_ENDIAN);
        r.onUnresolved(1, pb, 0, punted.length);
        assertEquals(1, r.onTick(60_001));
        assertEquals(1, injected.size());
        r.onUnresolved(1, pb, 0, punted.length); // the flow goes on while unresolved: no faster than the interval
        r.onUnresolved(1, pb, 0, punted.length);
        assertEquals(0, r.onTick(60_002));
        assertEquals(1, r.onTick(61_001));
        pb.putLong(14 + 24, Ipv6Words.hi("2001:db8:77::1"), ByteOrder.BIG_ENDIAN);
        r.onUnresolved(1, pb, 0, punted.length);
        r.onUnresolved(1, pb, 0, 20);
        assertEquals(5, r.unresolvedPunts());
        assertEquals(2, r.unroutablePunts(), "no route covers it / too short");
    }

    @Test
    void solicitationsForOurAddressesAreAnsweredOnTheirPort()
    {
        final NeighbourResolver r = resolver();
        final NeighbourSolicitationWriter ns = new NeighbourSolicitationWriter();
        int n = ns.write(GATEWAY_MAC, Ipv6Words.hi(GATEWAY), Ipv6Words.lo(GATEWAY), Ipv6Words.hi(PORT0),
            Ipv6Words.lo(PORT0));
        assertTrue(r.onNeighbourDiscovery(0, ns.frame(), 0, n));
        assertEquals(1, injected.size());
        final Frame answer = injected.get(0);
        assertEquals(0, answer.port());
        final NeighbourDiscoveryFrame na = parse(answer.octets());
        assertEquals(NeighbourDiscoveryFrame.NEIGHBOUR_ADVERTISEMENT, na.type());
        assertEquals(Ipv6Words.hi(PORT0), na.targetHi());
        assertEquals(Ipv6Words.lo(PORT0), na.targetLo());
        assertEquals(PORT0_MAC, na.sourceMac());
        assertEquals(GATEWAY_MAC, new UnsafeBuffer(answer.octets()).getLong(0, ByteOrder.BIG_ENDIAN) >>> 16,
            "to the solicitor's MAC");
        assertEquals(Ipv6Words.lo(GATEWAY), word(answer.octets(), 14 + 32), "to the solicitor's address");
        assertEquals(0xE0, answer.octets()[14 + 40 + 4] & 0xFF, "R, S, O");

        assertFalse(r.onNeighbourDiscovery(1, ns.frame(), 0, n), "port 0's address is not answered on port 1");
        n = ns.write(GATEWAY_MAC, Ipv6Words.hi(GATEWAY), Ipv6Words.lo(GATEWAY), Ipv6Words.hi(ROLE),
            Ipv6Words.lo(ROLE));
        assertTrue(r.onNeighbourDiscovery(1, ns.frame(), 0, n), "the role's address on the signalling port");
        assertEquals(PORT1_MAC, parse(injected.get(1).octets()).sourceMac());
        n = ns.write(GATEWAY_MAC, 0, 0, Ipv6Words.hi(PORT0), Ipv6Words.lo(PORT0));
        assertTrue(r.onNeighbourDiscovery(0, ns.frame(), 0, n), "a DAD probe for it is swallowed");
        n = ns.write(GATEWAY_MAC, Ipv6Words.hi(GATEWAY), Ipv6Words.lo(GATEWAY), Ipv6Words.hi("2001:db8:e0::5"),
            Ipv6Words.lo("2001:db8:e0::5"));
        assertFalse(r.onNeighbourDiscovery(0, ns.frame(), 0, n), "another target goes on (a MAG's access link)");
        assertEquals(2, injected.size());
        assertEquals(2, r.advertisementsSent());
    }

    @Test
    void everySnapshotCarriesTheStaticRouteAndTheResolvedGateway()
    {
        final NeighbourResolver r = resolver();
        final ResolvedStateProgrammer programmer = new ResolvedStateProgrammer(dataPlane, r);
        programmer.beginSnapshot(5);
        programmer.endSnapshot(0);
        final long[] route = dataPlane.forwardRouteOf(Ipv6Words.hi("2001:db8:e0::"));
        assertNotNull(route, "the static route");
        assertArrayEquals(new long[]{ 0, Ipv6Words.hi(GATEWAY), Ipv6Words.lo(GATEWAY) }, route);
        assertEquals(0, dataPlane.neighbourCount(), "not resolved yet");

        final NeighbourAdvertisementWriter na = new NeighbourAdvertisementWriter(GATEWAY_MAC, Ipv6Words.bytes(GATEWAY));
        final int n = na.write(PORT0_MAC, Ipv6Words.hi(PORT0), Ipv6Words.lo(PORT0));
        assertTrue(r.onNeighbourDiscovery(0, na.frame(), 0, n));
        programmer.beginSnapshot(6); // a role's resynchronisation: the data plane keeps only what epoch 6 re-sends
        programmer.endSnapshot(0);
        assertNotNull(dataPlane.forwardRouteOf(Ipv6Words.hi("2001:db8:e0::")));
        assertEquals(GATEWAY_MAC, dataPlane.neighbourMac(0, Ipv6Words.hi(GATEWAY), Ipv6Words.lo(GATEWAY)));
    }

    @Test
    void theHostsOfAnOnLinkPrefixAreResolvedOnDemandAndKeptInSnapshots()
    {
        final NeighbourResolver r = resolver();
        r.onLink(0, Ipv6Words.bytes("2001:db8:100::"), 64, PORT0_MAC, Ipv6Words.bytes(PORT0));
        final ResolvedStateProgrammer programmer = new ResolvedStateProgrammer(dataPlane, r);
        programmer.beginSnapshot(1);
        programmer.endSnapshot(0);
        assertEquals(0, dataPlane.deliveryPortOf(Ipv6Words.hi("2001:db8:100::")), "the prefix delivered on port 0");
        final NeighbourAdvertisementWriter gateway = new NeighbourAdvertisementWriter(GATEWAY_MAC,
            Ipv6Words.bytes(GATEWAY));
        assertTrue(r.onNeighbourDiscovery(0, gateway.frame(), 0,
            gateway.write(PORT0_MAC, Ipv6Words.hi(PORT0), Ipv6Words.lo(PORT0)))); // no gateway solicitations below

        // The fast path has no MAC for a host of the prefix (a node's CGA address): it is solicited from port 0.
        final String host = "2001:db8:100::1234:5678:9abc:def0";
        final byte[] punted = new byte[14 + 40 + 8];
        final UnsafeBuffer pb = new UnsafeBuffer(punted);
        pb.putShort(12, (short)0x86DD, ByteOrder.BIG_ENDIAN);
        pb.putByte(14, (byte)0x60);
        pb.putLong(14 + 24, Ipv6Words.hi(host), ByteOrder.BIG_ENDIAN);
        pb.putLong(14 + 32, Ipv6Words.lo(host), ByteOrder.BIG_ENDIAN);
        r.onUnresolved(1, pb, 0, punted.length);
        assertEquals(0, r.unroutablePunts());
        assertEquals(1, r.onTick(1_001));
        assertEquals(1, injected.size());
        final NeighbourDiscoveryFrame ns = parse(injected.get(0).octets());
        assertEquals(0, injected.get(0).port());
        assertEquals(NeighbourDiscoveryFrame.NEIGHBOUR_SOLICITATION, ns.type());
        assertEquals(Ipv6Words.lo(host), ns.targetLo());
        assertEquals(Ipv6Words.hi(PORT0), ns.sourceHi(), "from the port's address");
        assertEquals(0, r.onTick(1_500));
        assertEquals(1, r.onTick(2_001), "again after the interval");

        // Its NA programs it; the next snapshot re-sends it with the route.
        final long hostMac = Ipv6Words.mac("02:00:00:00:aa:01");
        final NeighbourAdvertisementWriter na = new NeighbourAdvertisementWriter(hostMac, Ipv6Words.bytes(host));
        final int n = na.write(PORT0_MAC, Ipv6Words.hi(PORT0), Ipv6Words.lo(PORT0));
        assertFalse(r.onNeighbourDiscovery(1, na.frame(), 0, n), "not on the prefix's port");
        assertTrue(r.onNeighbourDiscovery(0, na.frame(), 0, n));
        assertTrue(r.isOnLinkHostResolved(Ipv6Words.bytes(host)));
        assertEquals(hostMac, dataPlane.neighbourMac(0, Ipv6Words.hi(host), Ipv6Words.lo(host)));
        assertEquals(0, r.onTick(10_000), "resolved: no more solicitations");
        programmer.beginSnapshot(2);
        programmer.endSnapshot(0);
        assertEquals(hostMac, dataPlane.neighbourMac(0, Ipv6Words.hi(host), Ipv6Words.lo(host)));
        assertEquals(0, dataPlane.deliveryPortOf(Ipv6Words.hi("2001:db8:100::")));

        // A host that never answers is given up after three solicitations.
        pb.putLong(14 + 32, Ipv6Words.lo("2001:db8:100::99"), ByteOrder.BIG_ENDIAN);
        r.onUnresolved(1, pb, 0, punted.length);
        int sent = 0;
        for (long t = 20_000; t < 30_000; t += 1_000)
        {
            sent += r.onTick(t);
        }
        assertEquals(OnLinkHosts.MAX_SOLICITATIONS, sent);
        assertEquals(1L, r.counters().get("onlink_hosts_given_up"));
    }

    @Test
    void badKeysAreNamed()
    {
        final Properties p = new Properties();
        p.setProperty("dataplane.port.0.address", PORT0);
        p.setProperty("dataplane.port.0.mac", "02:00:00:00:e0:01");
        p.setProperty("route.cn.prefix", "2001:db8:e0::/64");
        p.setProperty("route.cn.via", GATEWAY);
        p.setProperty("route.cn.port", "3");
        assertTrue(assertThrows(ConfigException.class,
            () -> NeighbourSettings.from(new NodeConfig(p))).getMessage().startsWith("route.cn.port: "));
        p.setProperty("route.cn.port", "0");
        p.setProperty("route.cn.prefix", "2001:db8:e0::");
        assertTrue(assertThrows(ConfigException.class,
            () -> NeighbourSettings.from(new NodeConfig(p))).getMessage().startsWith("route.cn.prefix: "));
        p.setProperty("route.cn.prefix", "2001:db8:e0::/64");
        p.setProperty("dataplane.port.0.mac", "nope");
        assertTrue(assertThrows(ConfigException.class,
            () -> NeighbourSettings.from(new NodeConfig(p))).getMessage().startsWith("dataplane.port.0.mac: "));
        p.setProperty("dataplane.port.0.mac", "02:00:00:00:e0:01");
        p.setProperty("dataplane.port.x.address", PORT0);
        assertTrue(assertThrows(ConfigException.class,
            () -> NeighbourSettings.from(new NodeConfig(p))).getMessage().startsWith("dataplane.port.x: "));
    }
}
