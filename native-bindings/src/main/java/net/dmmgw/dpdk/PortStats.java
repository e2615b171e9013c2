package net.dmmgw.dpdk;

/**
 * Basic port counters ({@code struct rte_eth_stats}, without the per-queue arrays).
 *
 * @param inPackets     {@code ipackets}: packets received.
 * @param outPackets    {@code opackets}: packets sent.
 * @param inBytes       {@code ibytes}: bytes received.
 * @param outBytes      {@code obytes}: bytes sent.
 * @param inMissed      {@code imissed}: dropped by the hardware, rx queue full.
 * @param inErrors      {@code ierrors}: erroneous received packets.
 * @param outErrors     {@code oerrors}: failed transmissions.
 * @param rxNoMbuf      {@code rx_nombuf}: rx mbuf allocation failures.
 */
public record PortStats(
    long inPackets, long outPackets, long inBytes, long outBytes,
    long inMissed, long inErrors, long outErrors, long rxNoMbuf)
{
}
