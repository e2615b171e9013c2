package net.dmmgw.control.anchor;

import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.ipc.Ipv6Words;

/**
 * How an anchor's tunnels leave the data plane: {@code tunnel.egress-port}, {@code tunnel.mtu} (≥ 1328),
 * {@code tunnel.hop-limit}, {@code tunnel.next-hop-mac}; the same keys for every anchor role.
 *
 * @param egressPort data-plane port.
 * @param mtu path MTU.
 * @param hopLimit outer hop limit.
 * @param nextHopMac next-hop MAC (48 bits).
 */
public record TunnelSettings(int egressPort, int mtu, int hopLimit, long nextHopMac)
{
    /** Reads and validates the {@code tunnel.*} keys (errors name the key). */
    public static TunnelSettings from(final NodeConfig c)
    {
        final String mac = c.string("tunnel.next-hop-mac", "00:00:00:00:00:00");
        final long nextHopMac;
        try
        {
            nextHopMac = Ipv6Words.mac(mac);
        }
        catch (final RuntimeException ex)
        {
            throw new ConfigException("tunnel.next-hop-mac", "not a MAC: '" + mac + "'");
        }
        return new TunnelSettings(
            (int)c.number("tunnel.egress-port", 0, 0, 65535),
            (int)c.number("tunnel.mtu", 1500, 1328, 9216),
            (int)c.number("tunnel.hop-limit", 64, 1, 255),
            nextHopMac);
    }
}
