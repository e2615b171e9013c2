package net.dmmgw.dpdk;

/**
 * Link state of a port ({@code struct rte_eth_link}).
 *
 * @param speedMbps  link speed in Mbit/s (0 when unknown).
 * @param up         true when the link is up.
 * @param fullDuplex true for full duplex.
 */
public record LinkStatus(int speedMbps, boolean up, boolean fullDuplex)
{
}
