package net.dmmgw.dpdk;

/**
 * What a port's driver supports ({@code struct rte_eth_dev_info}, reduced).
 *
 * @param driver                 driver name, e.g. {@code net_ring}.
 * @param maxRxQueues            most rx queues {@link EthDev#configure} accepts.
 * @param maxTxQueues            most tx queues {@link EthDev#configure} accepts.
 * @param maxRxPacketLength      longest frame the port can receive.
 * @param maxRxDescriptors       largest rx ring.
 * @param maxTxDescriptors       largest tx ring.
 * @param rxOffloadCapabilities  {@code RTE_ETH_RX_OFFLOAD_*} bits.
 * @param txOffloadCapabilities  {@code RTE_ETH_TX_OFFLOAD_*} bits.
 */
public record DeviceInfo(
    String driver, int maxRxQueues, int maxTxQueues, long maxRxPacketLength,
    int maxRxDescriptors, int maxTxDescriptors, long rxOffloadCapabilities, long txOffloadCapabilities)
{
}
