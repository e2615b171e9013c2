package net.dmmgw.fastpath.dataplane;

import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.PortRole;
import net.dmmgw.ipc.Ipv6Words;

/**
 * One data-plane port: its id in the fastpath tables (the {@code <id>} of {@code port.<id>.*}), the
 * DPDK device it is bound to, and what the tables need to know about it.
 *
 * @param id            port id in the tables and the state files.
 * @param device        DPDK device name ({@code net_pcap0}, {@code net_af_packet0}, a PCI address...).
 * @param role          access (toward mobile nodes) or core.
 * @param mac           the port's MAC, source of the frames sent from it (low 48 bits); made the device's own
 *                      address at start, the one a NIC's unicast filter accepts.
 * @param address       the port's own IPv6 address (source of the ICMPv6 errors it originates).
 * @param rxDescriptors rx ring size per queue.
 * @param txDescriptors tx ring size per queue.
 * @param promiscuous   {@link Promiscuous#ON} / {@link Promiscuous#OFF}: set at start; {@link Promiscuous#DEVICE}:
 *                      left as the device has it.
 */
public record PortConfig(
    int id,
    String device,
    PortRole role,
    long mac,
    Ipv6Address address,
    int rxDescriptors,
    int txDescriptors,
    Promiscuous promiscuous)
{
    /**
     * {@code port.<id>.promiscuous}: whether the device receives frames for any MAC. On when frames arrive for
     * addresses other than the port's own, e.g. DLIFs' logical MACs on a MAAR's access port behind a NIC that
     * filters unicast.
     */
    public enum Promiscuous
    {
        /** Not configured: the device's own default. */
        DEVICE,
        /** {@code true}: enabled at start (a device that refuses fails the start). */
        ON,
        /** {@code false}: disabled at start (a device that refuses fails the start). */
        OFF
    }

    /** @return {@link #mac} as the 6 octets of the wire. */
    public byte[] macOctets()
    {
        return Ipv6Words.macOctets(mac);
    }
}
