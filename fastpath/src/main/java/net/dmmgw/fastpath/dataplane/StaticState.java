package net.dmmgw.fastpath.dataplane;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.Route;
import net.dmmgw.fastpath.table.TunnelConfig;
import net.dmmgw.fastpath.table.UpdateResult;
import net.dmmgw.ipc.Ipv6Words;

/**
 * Loads the initial static state from line files into {@link FastPathTables} (ports must be
 * configured first). One record per line, whitespace separated, {@code #} starts a comment; the
 * record kind is the first character, glued to the first field as in the files {@code perf/rate}
 * generates ({@code perf/rate.d/gen_inputs.py}), so that the harness and the lab share them:
 *
 * <pre>
 * R&lt;prefix&gt;/&lt;len&gt; &lt;egress-port&gt; &lt;tunnel-id&gt;   destination route (perf/rate, l3fwd --rule_ipv6 + tunnel):
 *                                        encap into the tunnel, or with {@link RouteAction#FORWARD}
 *                                        forward to next hop &lt;egress-port&gt;
 * T&lt;id&gt; &lt;local&gt; &lt;remote&gt; &lt;local-mac&gt; &lt;remote-mac&gt; &lt;mtu&gt; &lt;egress-port&gt;   tunnel (perf/rate); the local
 *                                        address becomes a tunnel endpoint; local-mac is informative
 *                                        (frames leave with the egress port's MAC)
 * F&lt;prefix&gt;/&lt;len&gt; &lt;next-hop-id&gt;        destination route: forward
 * D&lt;prefix&gt;/&lt;len&gt; &lt;access-port&gt;        destination route: deliver to a mobile node on the link
 * S&lt;prefix&gt;/&lt;len&gt; &lt;tunnel-id&gt;          source route (uplink from access ports): reverse tunnel
 * H&lt;id&gt; &lt;port&gt; &lt;gateway-ipv6&gt;           next hop
 * N&lt;port&gt; &lt;ipv6&gt; &lt;mac&gt;                 neighbour
 * A&lt;ipv6&gt;                                own address (traffic to it is punted)
 * E&lt;ipv6&gt;                                tunnel endpoint
 * </pre>
 *
 * Files are read twice: everything but routes first (in file order), then the routes, so a route
 * may precede the tunnel or next hop it uses. Every error names file, line and the table's
 * {@link UpdateResult}; nothing after the failing line is loaded.
 */
public final class StaticState
{
    /** Counts of what was loaded. */
    public static final class Loaded
    {
        /** Destination routes. */
        public int destinationRoutes;
        /** Source routes. */
        public int sourceRoutes;
        /** Tunnels. */
        public int tunnels;
        /** Next hops, neighbours, own addresses and tunnel endpoints. */
        public int others;

        @Override
        public String toString()
        {
            return destinationRoutes + " destination routes, " + sourceRoutes + " source routes, " + tunnels
                + " tunnels, " + others + " other records";
        }
    }

    /** Record kinds and their field counts (the first field includes the prefix or id after the kind). */
    private static final String FIELDS = "RFDSTHNAE";
    private static final int[] FIELD_COUNTS = {3, 2, 2, 2, 7, 3, 3, 1, 1};

    private final FastPathTables tables;
    private final RouteAction routeAction;
    private final TunnelConfig.IngressFilter ingressFilter;
    private final Loaded loaded = new Loaded();

    /**
     * @param tables        the tables (ports configured).
     * @param routeAction   what R lines install.
     * @param ingressFilter decapsulation filter of T-line tunnels.
     */
    public StaticState(
        final FastPathTables tables, final RouteAction routeAction, final TunnelConfig.IngressFilter ingressFilter)
    {
        this.tables = tables;
        this.routeAction = routeAction;
        this.ingressFilter = ingressFilter;
    }

    /**
     * Load files.
     *
     * @param files state files.
     * @return what was loaded.
     * @throws ConfigException naming file and line.
     */
    public Loaded load(final List<Path> files)
    {
        for (final boolean routes : new boolean[] {false, true})
        {
            for (final Path file : files)
            {
                loadFile(file, routes);
            }
        }
        return loaded;
    }

    private void loadFile(final Path file, final boolean routes)
    {
        try (BufferedReader reader = Files.newBufferedReader(file))
        {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null)
            {
                number++;
                final int hash = line.indexOf('#');
                final String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (text.isEmpty() || isRoute(text.charAt(0)) != routes)
                {
                    continue;
                }
                try
                {
                    apply(text);
                }
                catch (final RuntimeException ex)
                {
                    throw new ConfigException(file + ":" + number + ": " + ex.getMessage() + " in '" + text + "'");
                }
            }
        }
        catch (final IOException ex)
        {
            throw new ConfigException("cannot read state file " + file + ": " + ex.getMessage());
        }
    }

    private static boolean isRoute(final char kind)
    {
        return kind == 'R' || kind == 'F' || kind == 'D' || kind == 'S';
    }

    private void apply(final String text)
    {
        final String[] f = text.substring(1).trim().split("\\s+");
        fieldCount(f, FIELDS.indexOf(text.charAt(0)) < 0 ? f.length : FIELD_COUNTS[FIELDS.indexOf(text.charAt(0))]);
        switch (text.charAt(0))
        {
            case 'R' -> destination(f, routeAction == RouteAction.ENCAP
                ? Route.encap(number(f[2])) : Route.forward(number(f[1])));
            case 'F' -> destination(f, Route.forward(number(f[1])));
            case 'D' -> destination(f, Route.deliver(number(f[1])));
            case 'S' -> source(f);
            case 'T' -> tunnel(f);
            case 'H' -> other(tables.addNextHop(number(f[0]), number(f[1]), address(f[2])));
            case 'N' -> other(tables.setNeighbour(number(f[0]), address(f[1]), Ipv6Words.mac(f[2])));
            case 'A' -> other(tables.addOwnAddress(address(f[0])));
            case 'E' -> other(tables.addTunnelEndpoint(address(f[0])));
            default -> throw new IllegalArgumentException("unknown record kind '" + text.charAt(0)
                + "' (expected R, T, F, D, S, H, N, A or E)");
        }
    }

    private void destination(final String[] f, final long route)
    {
        final int slash = prefixSlash(f);
        check(tables.addDestinationRoute(address(f[0].substring(0, slash)), number(f[0].substring(slash + 1)),
            route));
        loaded.destinationRoutes++;
    }

    private void source(final String[] f)
    {
        final int slash = prefixSlash(f);
        check(tables.addSourceRoute(address(f[0].substring(0, slash)), number(f[0].substring(slash + 1)),
            Route.encap(number(f[1]))));
        loaded.sourceRoutes++;
    }

    private void tunnel(final String[] f)
    {
        final Ipv6Address local = address(f[1]);
        check(tables.addTunnelEndpoint(local)); // idempotent: OK when it already is one
        final TunnelConfig config = TunnelConfig.of(local, address(f[2]), number(f[6]), Ipv6Words.mac(f[4]),
            number(f[5])).withIngressFilter(ingressFilter);
        check(tables.addTunnel(number(f[0]), config));
        loaded.tunnels++;
    }

    private void other(final UpdateResult result)
    {
        check(result);
        loaded.others++;
    }

    private static int prefixSlash(final String[] f)
    {
        final int slash = f[0].indexOf('/');
        if (slash < 0)
        {
            throw new IllegalArgumentException("expected <prefix>/<length>, got '" + f[0] + "'");
        }
        return slash;
    }

    private static void fieldCount(final String[] f, final int expected)
    {
        if (f.length != expected)
        {
            throw new IllegalArgumentException("expected " + expected + " fields, got " + f.length);
        }
    }

    private static void check(final UpdateResult result)
    {
        if (result != UpdateResult.OK)
        {
            throw new IllegalArgumentException("rejected by the tables: " + result);
        }
    }

    private static int number(final String text)
    {
        try
        {
            return Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("not a number: '" + text + "'");
        }
    }

    private static Ipv6Address address(final String text)
    {
        try
        {
            return Ipv6Address.parse(text);
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException("not an IPv6 address: '" + text + "'");
        }
    }
}
