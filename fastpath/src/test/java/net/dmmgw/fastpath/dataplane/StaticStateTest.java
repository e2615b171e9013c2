package net.dmmgw.fastpath.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.PortRole;
import net.dmmgw.fastpath.table.Route;
import net.dmmgw.fastpath.table.TunnelConfig;
import net.dmmgw.fastpath.table.UpdateResult;

class StaticStateTest
{
    @TempDir
    Path dir;

    private FastPathTables tables;

    @BeforeEach
    void setUp()
    {
        tables = new FastPathTables(FastPathTables.Limits.small());
        assertEquals(UpdateResult.OK, tables.configurePort(0, PortRole.ACCESS, 0x02_00_00_00_00_01L,
            Ipv6Address.parse("2001:db8:a::1")));
        assertEquals(UpdateResult.OK, tables.configurePort(1, PortRole.CORE, 0x02_00_00_00_00_02L,
            Ipv6Address.parse("2001:db8:c::1")));
    }

    @Test
    void shouldLoadPerfRateFilesWithRoutesBeforeTheirTunnels() throws IOException
    {
        // The formats gen_inputs.py writes (comments included); routes listed first on purpose.
        final Path routes = write("routes.txt", """
            # R<ipv6-prefix>/<length> <egress-port> <tunnel-id>  (l3fwd reads the first two fields)
            R2001:db8:17:4e3f:0:0:0:0/64 1 0
            R2001:db8:100:0:0:0:0:0/48 1 1
            """);
        final Path tunnels = write("tunnels.txt", """
            # T<id> <local-ipv6> <remote-ipv6> <local-mac> <remote-mac> <mtu> <egress-port>
            T0 2001:db8:ffff::1 2001:db8:fffe::1 02:00:00:00:00:01 02:00:00:0a:00:00 1500 1
            T1 2001:db8:ffff::1 2001:db8:fffe::2 02:00:00:00:00:01 02:00:00:0a:00:01 1500 1
            """);
        final StaticState.Loaded loaded = new StaticState(tables, RouteAction.ENCAP, TunnelConfig.IngressFilter.ANY)
            .load(List.of(routes, tunnels));
        assertEquals(2, loaded.destinationRoutes);
        assertEquals(2, loaded.tunnels);
        assertEquals(Route.encap(0), lookup("2001:db8:17:4e3f::99"));
        assertEquals(Route.encap(1), lookup("2001:db8:100:5::1"));
        final TunnelConfig t1 = tables.tunnel(1);
        assertEquals(Ipv6Address.parse("2001:db8:fffe::2"), t1.remote());
        assertEquals(0x02_00_00_0a_00_01L, t1.nextHopMac());
        assertEquals(TunnelConfig.IngressFilter.ANY, t1.ingressFilter());
    }

    @Test
    void shouldLoadEveryRecordKind() throws IOException
    {
        final Path state = write("state.txt", """
            E2001:db8:f::1
            A2001:db8:a::100
            T7 2001:db8:f::1 2001:db8:f::2 02:00:00:00:00:02 02:00:00:00:00:f2 1500 1
            H3 1 2001:db8:c::fe
            N1 2001:db8:c::fe 02:00:00:00:00:fe
            F2001:db8:200::/48 3   # forward
            D2001:db8:100:1::/64 0
            S2001:db8:100::/48 7
            R2001:db8:300::/40 3 7
            """);
        final StaticState.Loaded loaded = new StaticState(tables, RouteAction.FORWARD,
            TunnelConfig.IngressFilter.STRICT).load(List.of(state));
        assertEquals(3, loaded.destinationRoutes);
        assertEquals(1, loaded.sourceRoutes);
        assertEquals(Route.forward(3), lookup("2001:db8:200::1"));
        assertEquals(Route.deliver(0), lookup("2001:db8:100:1::5"));
        assertEquals(Route.forward(3), lookup("2001:db8:300::1"), "R line with route-action forward");
        final Ipv6Address src = Ipv6Address.parse("2001:db8:100:9::1");
        assertEquals(Route.encap(7), tables.sources().lookup(src.hi(), src.lo()));
    }

    @Test
    void shouldNameFileAndLineOfABadRecord() throws IOException
    {
        assertError("routes.txt:2: not an IPv6 address: '2001:zz::'", "routes.txt", "# c\nR2001:zz::/48 1 0\n");
        assertError("routes.txt:1: expected 3 fields, got 2", "routes.txt", "R2001:db8::/48 1\n");
        assertError("routes.txt:1: rejected by the tables: UNKNOWN_TUNNEL", "routes.txt", "R2001:db8::/48 1 9\n");
        assertError("s.txt:1: unknown record kind 'X'", "s.txt", "X1 2 3\n");
        assertError("s.txt:1: expected <prefix>/<length>", "s.txt", "F2001:db8:: 1\n");
        assertError("s.txt:1: not a MAC address", "s.txt", "N1 2001:db8::1 zz\n");
    }

    @Test
    void shouldReportAMissingFile()
    {
        final ConfigException ex = assertThrows(ConfigException.class, () ->
            new StaticState(tables, RouteAction.ENCAP, TunnelConfig.IngressFilter.STRICT)
                .load(List.of(dir.resolve("missing.txt"))));
        assertTrue(ex.getMessage().startsWith("cannot read state file"), ex.getMessage());
    }

    private void assertError(final String expected, final String name, final String content) throws IOException
    {
        final Path file = write(name, content);
        final ConfigException ex = assertThrows(ConfigException.class, () ->
            new StaticState(tables, RouteAction.ENCAP, TunnelConfig.IngressFilter.STRICT).load(List.of(file)));
        assertTrue(ex.getMessage().startsWith(file.getParent() + "/" + expected), ex.getMessage());
    }

    private long lookup(final String address)
    {
        final Ipv6Address a = Ipv6Address.parse(address);
        return tables.destinations().lookup(a.hi(), a.lo());
    }

    private Path write(final String name, final String content) throws IOException
    {
        return Files.writeString(dir.resolve(name), content);
    }
}
