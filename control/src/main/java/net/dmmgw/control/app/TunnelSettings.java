package net.dmmgw.control.app;

/**
 * How a role's tunnels leave the data plane.
 *
 * @param egressPort data-plane port.
 * @param mtu path MTU.
 * @param hopLimit outer hop limit.
 * @param nextHopMac MAC of the next hop (48 bits).
 */
public record TunnelSettings(int egressPort, int mtu, int hopLimit, long nextHopMac)
{
}
