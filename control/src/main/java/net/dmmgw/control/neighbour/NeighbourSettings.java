package net.dmmgw.control.neighbour;

import java.util.ArrayList;
import java.util.List;

import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.ipc.Ipv6Words;

/**
 * The launcher keys of Neighbour Discovery on the data plane's ports (all optional):
 * <pre>
 * dataplane.port.N.address=2001:db8:e0::1   an address the data plane owns on port N (the data plane's own
 * dataplane.port.N.mac=02:00:00:00:e0:01    port.N.address / port.N.mac): NS for it answered with this MAC
 * route.NAME.prefix=2001:db8:e0::/64         a static route of the node, programmed by it in every snapshot:
 * route.NAME.via=2001:db8:e0::2              to this gateway (resolved by ND) out of
 * route.NAME.port=0                          this port (one of the dataplane.port.N above: the NS leaves from it)
 * neighbour.solicit-interval-ms=1000         an unresolved gateway is solicited again after this
 * </pre>
 *
 * @param ports the data plane's port addresses.
 * @param routes the static routes.
 * @param solicitIntervalMs pause between two solicitations of one unresolved gateway.
 */
public record NeighbourSettings(List<PortAddress> ports, List<StaticRoute> routes, long solicitIntervalMs)
{
    /**
     * An address the data plane owns on a port, and that port's MAC.
     *
     * @param port data-plane port id.
     * @param hi address, upper word.
     * @param lo lower word.
     * @param mac the port's MAC (low 48 bits).
     */
    public record PortAddress(int port, long hi, long lo, long mac)
    {
    }

    /**
     * A static route: prefix → gateway out of a port.
     *
     * @param name its NAME in the keys.
     * @param prefixHi prefix, upper word.
     * @param prefixLo lower word.
     * @param prefixLength length.
     * @param port egress port.
     * @param gatewayHi gateway, upper word.
     * @param gatewayLo lower word.
     */
    public record StaticRoute(String name, long prefixHi, long prefixLo, int prefixLength, int port, long gatewayHi,
        long gatewayLo)
    {
    }

    /**
     * @return the settings; none configured gives empty lists.
     * @throws ConfigException naming the bad key.
     */
    public static NeighbourSettings from(final NodeConfig c)
    {
        final List<PortAddress> ports = new ArrayList<>();
        for (final String name : c.groups("dataplane.port"))
        {
            final String key = "dataplane.port." + name;
            final int port = portNumber(key, name);
            final byte[] address = c.ipv6(key + ".address");
            ports.add(new PortAddress(port, Ipv6Words.word(address, 0), Ipv6Words.word(address, 8),
                c.mac(key + ".mac", c.string(key + ".mac"))));
        }
        final List<StaticRoute> routes = new ArrayList<>();
        for (final String name : c.groups("route"))
        {
            final String key = "route." + name;
            final String prefix = c.string(key + ".prefix");
            final int slash = prefix.indexOf('/');
            if (slash < 0)
            {
                throw new ConfigException(key + ".prefix", "not a prefix (address/length): '" + prefix + "'");
            }
            final byte[] network = NodeConfig.parseIpv6(key + ".prefix", prefix.substring(0, slash));
            final int length;
            try
            {
                length = Integer.parseInt(prefix.substring(slash + 1));
            }
            catch (final NumberFormatException ex)
            {
                throw new ConfigException(key + ".prefix", "not a prefix length: '" + prefix + "'");
            }
            if (length < 0 || length > 128)
            {
                throw new ConfigException(key + ".prefix", "prefix length must be 0..128, got " + length);
            }
            final byte[] via = c.ipv6(key + ".via");
            final int port = (int)c.number(key + ".port", 0, 0, 65535);
            if (ports.stream().noneMatch(p -> p.port() == port))
            {
                throw new ConfigException(key + ".port", "port " + port +
                    " has no dataplane.port." + port + ".address / .mac to solicit its gateway from");
            }
            routes.add(new StaticRoute(name, Ipv6Words.word(network, 0), Ipv6Words.word(network, 8), length, port,
                Ipv6Words.word(via, 0), Ipv6Words.word(via, 8)));
        }
        final long interval = c.number("neighbour.solicit-interval-ms", 1000, 10, 3_600_000);
        return new NeighbourSettings(List.copyOf(ports), List.copyOf(routes), interval);
    }

    private static int portNumber(final String key, final String name)
    {
        try
        {
            final int port = Integer.parseInt(name);
            if (port >= 0 && port <= 65535)
            {
                return port;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // the message below
        }
        throw new ConfigException(key, "the port must be a number 0..65535, got '" + name + "'");
    }
}
