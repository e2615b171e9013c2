package net.dmmgw.fastpath.dataplane;

import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.PortRole;

/**
 * One data-plane port: its id in the fastpath tables (the {@code <id>} of {@code port.<id>.*}), the
 * DPDK device it is bound to, and what the tables need to know about it.
 *
 * @param id            port id in the tables and the state files.
 * @param device        DPDK device name ({@code net_pcap0}, {@code net_af_packet0}, a PCI address...).
 * @param role          access (toward mobile nodes) or core.
 * @param mac           the port's MAC, source of the frames sent from it (low 48 bits).
 * @param address       the port's own IPv6 address (source of the ICMPv6 errors it originates).
 * @param rxDescriptors rx ring size per queue.
 * @param txDescriptors tx ring size per queue.
 */
public record PortConfig(
    int id, String device, PortRole role, long mac, Ipv6Address address, int rxDescriptors, int txDescriptors)
{
}
