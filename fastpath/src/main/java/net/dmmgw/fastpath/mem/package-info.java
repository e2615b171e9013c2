/**
 * Raw memory access at absolute native addresses (packet data, later DPDK mbuf data).
 */
package net.dmmgw.fastpath.mem;
