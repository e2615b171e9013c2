package net.dmmgw.control.routing;

import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.ipc.sbe.IngressFilter;

/**
 * The {@code tunnel.*} keys of a node file: how the data plane sends what it encapsulates (egress port, path MTU,
 * outer hop limit, next-hop MAC), as {@link DataPlaneClientProgrammer} needs them.
 *
 * @param egressPort data-plane port towards the peers.
 * @param mtu tunnel path MTU (1328..9216, so that a 1280-octet packet always fits).
 * @param hopLimit outer hop limit.
 * @param nextHopMac MAC of the next hop towards the peers.
 */
public record TunnelSettings(int egressPort, int mtu, int hopLimit, long nextHopMac)
{
    /** Reads {@code tunnel.egress-port}, {@code tunnel.mtu}, {@code tunnel.hop-limit}, {@code tunnel.next-hop-mac}. */
    public static TunnelSettings from(final NodeConfig c)
    {
        return new TunnelSettings(
            (int)c.number("tunnel.egress-port", 0, 0, 65535),
            (int)c.number("tunnel.mtu", 1500, 1328, 9216),
            (int)c.number("tunnel.hop-limit", 64, 1, 255),
            c.mac("tunnel.next-hop-mac", "00:00:00:00:00:00"));
    }

    /** @return a programmer over the Aeron seam with these settings and the strict ingress filter (an anchor). */
    public DataPlaneClientProgrammer programmer()
    {
        return programmer(IngressFilter.STRICT);
    }

    /**
     * @param ingressFilter decapsulation check of the tunnels ({@link IngressFilter#OUTER_ONLY} at a MAG).
     * @return a programmer over the Aeron seam with these settings.
     */
    public DataPlaneClientProgrammer programmer(final IngressFilter ingressFilter)
    {
        return new DataPlaneClientProgrammer(egressPort, mtu, hopLimit, nextHopMac, ingressFilter);
    }
}
