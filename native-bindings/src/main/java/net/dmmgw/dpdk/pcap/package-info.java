/**
 * Minimal classic pcap (libpcap 2.4, microsecond timestamps, Ethernet link type) writer and reader,
 * for feeding DPDK's {@code net_pcap} vdev in tools and tests without committing binary files.
 * Off the fast path: these allocate freely.
 */
package net.dmmgw.dpdk.pcap;
