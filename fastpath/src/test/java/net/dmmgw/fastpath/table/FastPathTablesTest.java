package net.dmmgw.fastpath.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FastPathTablesTest
{
    private static final Ipv6Address LOCAL = Ipv6Address.parse("2001:db8:f::1");
    private static final Ipv6Address REMOTE = Ipv6Address.parse("2001:db8:f::2");
    private static final Ipv6Address GW = Ipv6Address.parse("2001:db8:c::fe");
    private static final Ipv6Address PREFIX = Ipv6Address.parse("2001:db8:100::");
    private static final long MAC = 0x02_00_00_00_00_01L;

    private final FastPathTables tables = new FastPathTables(new FastPathTables.Limits(4, 4, 4, 3, 3, 2, 4));

    private void ports()
    {
        assertEquals(UpdateResult.OK, tables.configurePort(0, PortRole.ACCESS, MAC, Ipv6Address.parse("2001:db8:a::1")));
        assertEquals(UpdateResult.OK, tables.configurePort(1, PortRole.CORE, MAC + 1, Ipv6Address.parse("2001:db8:c::1")));
    }

    @Test
    void shouldValidatePorts()
    {
        assertEquals(UpdateResult.BAD_PORT, tables.configurePort(4, PortRole.CORE, MAC, LOCAL));
        assertEquals(UpdateResult.BAD_PORT, tables.configurePort(-1, PortRole.CORE, MAC, LOCAL));
        assertEquals(UpdateResult.BAD_MAC, tables.configurePort(0, PortRole.CORE, 0, LOCAL));
        assertEquals(UpdateResult.BAD_MAC, tables.configurePort(0, PortRole.CORE, 1L << 48, LOCAL));
        assertEquals(UpdateResult.BAD_ADDRESS, tables.configurePort(0, PortRole.CORE, MAC, Ipv6Address.parse("ff02::1")));
        assertEquals(UpdateResult.BAD_PORT_ROLE, tables.configurePort(0, null, MAC, LOCAL));
        assertEquals(PortTable.ROLE_NONE, tables.ports().role(0));
        ports();
        assertEquals(UpdateResult.OK, tables.addDestinationRoute(PREFIX, 48, Route.deliver(0)));
        assertEquals(UpdateResult.IN_USE, tables.configurePort(0, PortRole.CORE, MAC, LOCAL));
        assertEquals(PortTable.ROLE_ACCESS, tables.ports().role(0));
    }

    @Test
    void shouldValidateRoutesAndLeaveTablesUnchangedOnError()
    {
        ports();
        assertEquals(UpdateResult.BAD_PREFIX_LENGTH, tables.addDestinationRoute(PREFIX, 129, Route.drop()));
        assertEquals(UpdateResult.BAD_PREFIX_LENGTH, tables.addSourceRoute(PREFIX, -1, Route.drop()));
        assertEquals(UpdateResult.BAD_ADDRESS, tables.addDestinationRoute(null, 48, Route.drop()));
        assertEquals(UpdateResult.BAD_ROUTE, tables.addDestinationRoute(PREFIX, 48, -5));
        assertEquals(UpdateResult.BAD_ROUTE, tables.addDestinationRoute(PREFIX, 48, 0));
        assertEquals(UpdateResult.UNKNOWN_NEXT_HOP, tables.addDestinationRoute(PREFIX, 48, Route.forward(1)));
        assertEquals(UpdateResult.BAD_NEXT_HOP_ID, tables.addDestinationRoute(PREFIX, 48, Route.forward(99)));
        assertEquals(UpdateResult.UNKNOWN_TUNNEL, tables.addDestinationRoute(PREFIX, 48, Route.encap(1)));
        assertEquals(UpdateResult.BAD_TUNNEL_ID, tables.addDestinationRoute(PREFIX, 48, Route.encap(4)));
        assertEquals(UpdateResult.BAD_PORT_ROLE, tables.addDestinationRoute(PREFIX, 48, Route.deliver(1)));
        assertEquals(UpdateResult.BAD_PORT, tables.addDestinationRoute(PREFIX, 48, Route.deliver(7)));
        assertEquals(0, tables.destinations().size());
        assertEquals(UpdateResult.NOT_FOUND, tables.removeDestinationRoute(PREFIX, 48));
    }

    @Test
    void shouldReportTableFullWithoutPartialState()
    {
        ports();
        assertEquals(UpdateResult.OK, tables.addNextHop(1, 1, GW));
        for (int i = 0; i < 3; i++)
        {
            assertEquals(UpdateResult.OK,
                tables.addDestinationRoute(new Ipv6Address(PREFIX.hi() + i, 0), 64, Route.forward(1)));
        }
        assertEquals(UpdateResult.TABLE_FULL,
            tables.addDestinationRoute(new Ipv6Address(PREFIX.hi() + 9, 0), 64, Route.forward(1)));
        assertEquals(Ipv6Lpm.NO_MATCH, tables.destinations().lookup(PREFIX.hi() + 9, 0));
        // The refused route took no reference: after removing the three, the next hop can go.
        for (int i = 0; i < 3; i++)
        {
            assertEquals(UpdateResult.IN_USE, tables.removeNextHop(1));
            assertEquals(UpdateResult.OK, tables.removeDestinationRoute(new Ipv6Address(PREFIX.hi() + i, 0), 64));
        }
        assertEquals(UpdateResult.OK, tables.removeNextHop(1));
        assertEquals(UpdateResult.NOT_FOUND, tables.removeNextHop(1));
    }

    @Test
    void shouldValidateTunnels()
    {
        ports();
        final TunnelConfig good = TunnelConfig.of(LOCAL, REMOTE, 1, MAC, 1500);
        assertEquals(UpdateResult.UNKNOWN_ENDPOINT, tables.addTunnel(1, good));
        assertEquals(UpdateResult.OK, tables.addTunnelEndpoint(LOCAL));
        assertEquals(UpdateResult.BAD_TUNNEL_ID, tables.addTunnel(4, good));
        assertEquals(UpdateResult.BAD_ADDRESS, tables.addTunnel(1, null));
        assertEquals(UpdateResult.BAD_ADDRESS, tables.addTunnel(1, TunnelConfig.of(LOCAL, Ipv6Address.UNSPECIFIED, 1, MAC, 1500)));
        assertEquals(UpdateResult.BAD_PORT, tables.addTunnel(1, TunnelConfig.of(LOCAL, REMOTE, 9, MAC, 1500)));
        assertEquals(UpdateResult.BAD_PORT_ROLE, tables.addTunnel(1, TunnelConfig.of(LOCAL, REMOTE, 2, MAC, 1500)));
        assertEquals(UpdateResult.BAD_MAC, tables.addTunnel(1, TunnelConfig.of(LOCAL, REMOTE, 1, -1, 1500)));
        assertEquals(UpdateResult.BAD_TUNNEL_PARAMETER, tables.addTunnel(1, TunnelConfig.of(LOCAL, REMOTE, 1, MAC, 1327)));
        assertEquals(UpdateResult.BAD_TUNNEL_PARAMETER, tables.addTunnel(1, good.withHopLimit(0)));
        assertEquals(UpdateResult.BAD_TUNNEL_PARAMETER, tables.addTunnel(1, good.withFixedTrafficClass(256)));
        assertEquals(UpdateResult.BAD_TUNNEL_PARAMETER,
            tables.addTunnel(1, good.withFlowLabel(TunnelConfig.FlowLabelPolicy.FIXED, 1 << 20)));
        assertEquals(UpdateResult.BAD_TUNNEL_PARAMETER, tables.addTunnel(1, good.withEncapsulationLimit(256)));
        assertNull(tables.tunnel(1));
        assertEquals(UpdateResult.OK, tables.addTunnel(1, good));
        assertEquals(UpdateResult.DUPLICATE_TUNNEL_ENDPOINTS, tables.addTunnel(2, good));
        assertEquals(1, TunnelPeers.tunnelId(tables.tunnelPeers().get(REMOTE.hi(), REMOTE.lo(), 0)));
        assertEquals(UpdateResult.IN_USE, tables.removeTunnelEndpoint(LOCAL));
        assertEquals(UpdateResult.OK, tables.addSourceRoute(PREFIX, 48, Route.encap(1)));
        assertEquals(UpdateResult.IN_USE, tables.removeTunnel(1));
        assertEquals(UpdateResult.OK, tables.removeSourceRoute(PREFIX, 48));
        assertEquals(UpdateResult.OK, tables.removeTunnel(1));
        assertEquals(ExactMatchTable.MISSING, tables.tunnelPeers().get(REMOTE.hi(), REMOTE.lo(), 0));
        assertEquals(UpdateResult.NOT_FOUND, tables.removeTunnel(1));
        assertEquals(UpdateResult.OK, tables.removeTunnelEndpoint(LOCAL));
        assertEquals(ExactMatchTable.MISSING, tables.localAddresses().get(LOCAL.hi(), LOCAL.lo(), 0));
    }

    @Test
    void shouldKeepTheTunnelsIngressFilterInItsPeerValue()
    {
        // Decapsulation reads only the peer value (tunnel id + ingress filter), not the tunnel record: a
        // reconfiguration that keeps the endpoints must still update the value.
        ports();
        assertEquals(UpdateResult.OK, tables.addTunnelEndpoint(LOCAL));
        final TunnelConfig strict = TunnelConfig.of(LOCAL, REMOTE, 1, MAC, 1500);
        assertEquals(UpdateResult.OK, tables.addTunnel(3, strict));
        long peer = tables.tunnelPeers().get(REMOTE.hi(), REMOTE.lo(), 0);
        assertEquals(3, TunnelPeers.tunnelId(peer));
        assertTrue(TunnelPeers.strictIngressFilter(peer));
        assertEquals(UpdateResult.OK, tables.addTunnel(3, strict.withIngressFilter(TunnelConfig.IngressFilter.ANY)));
        peer = tables.tunnelPeers().get(REMOTE.hi(), REMOTE.lo(), 0);
        assertEquals(3, TunnelPeers.tunnelId(peer));
        assertFalse(TunnelPeers.strictIngressFilter(peer));
        assertEquals(UpdateResult.OK, tables.addTunnel(3, strict));
        assertTrue(TunnelPeers.strictIngressFilter(tables.tunnelPeers().get(REMOTE.hi(), REMOTE.lo(), 0)));
        assertEquals(1, tables.tunnelPeers().size());
    }

    @Test
    void shouldMoveTunnelPeerKeyWhenEndpointsChange()
    {
        ports();
        assertEquals(UpdateResult.OK, tables.addTunnelEndpoint(LOCAL));
        assertEquals(UpdateResult.OK, tables.addTunnel(1, TunnelConfig.of(LOCAL, REMOTE, 1, MAC, 1500)));
        final Ipv6Address other = Ipv6Address.parse("2001:db8:f::3");
        assertEquals(UpdateResult.OK, tables.addTunnel(1, TunnelConfig.of(LOCAL, other, 1, MAC, 1500)));
        assertEquals(ExactMatchTable.MISSING, tables.tunnelPeers().get(REMOTE.hi(), REMOTE.lo(), 0));
        assertEquals(1, TunnelPeers.tunnelId(tables.tunnelPeers().get(other.hi(), other.lo(), 0)));
        final TunnelView view = new TunnelView();
        assertEquals(true, tables.tunnels().read(1, view));
        assertEquals(other.lo(), view.remoteLo);
    }

    @Test
    void shouldValidateNeighboursAndLocalAddresses()
    {
        ports();
        assertEquals(UpdateResult.BAD_PORT_ROLE, tables.setNeighbour(2, GW, MAC));
        assertEquals(UpdateResult.BAD_PORT, tables.setNeighbour(8, GW, MAC));
        assertEquals(UpdateResult.BAD_ADDRESS, tables.setNeighbour(1, Ipv6Address.parse("ff02::1"), MAC));
        assertEquals(UpdateResult.BAD_MAC, tables.setNeighbour(1, GW, 0));
        assertEquals(UpdateResult.OK, tables.setNeighbour(1, GW, MAC));
        assertEquals(UpdateResult.OK, tables.setNeighbour(0, GW, MAC + 5));
        assertEquals(UpdateResult.TABLE_FULL, tables.setNeighbour(1, LOCAL, MAC));
        assertEquals(MAC, tables.neighbours().get(GW.hi(), GW.lo(), 1));
        assertEquals(MAC + 5, tables.neighbours().get(GW.hi(), GW.lo(), 0));
        assertEquals(UpdateResult.OK, tables.removeNeighbour(1, GW));
        assertEquals(UpdateResult.NOT_FOUND, tables.removeNeighbour(1, GW));

        assertEquals(UpdateResult.BAD_ADDRESS, tables.addOwnAddress(Ipv6Address.UNSPECIFIED));
        assertEquals(UpdateResult.OK, tables.addOwnAddress(LOCAL));
        assertEquals(UpdateResult.OK, tables.addTunnelEndpoint(LOCAL));
        assertEquals(UpdateResult.OK, tables.removeTunnelEndpoint(LOCAL));
        assertEquals(LocalAddresses.OWN, tables.localAddresses().get(LOCAL.hi(), LOCAL.lo(), 0), "still own");
        assertEquals(UpdateResult.OK, tables.removeOwnAddress(LOCAL));
        assertEquals(UpdateResult.NOT_FOUND, tables.removeOwnAddress(LOCAL));
    }
}
