/**
 * Idiomatic Java API over DPDK 22.11 for the data plane and its tests.
 *
 * <ul>
 *   <li>Set-up (allocates, throws {@link net.dmmgw.dpdk.DpdkException} with the DPDK function name,
 *       return code and {@code rte_strerror} text): {@link net.dmmgw.dpdk.Eal},
 *       {@link net.dmmgw.dpdk.Lcore}, {@link net.dmmgw.dpdk.Mempool}, the port methods of
 *       {@link net.dmmgw.dpdk.EthDev}.</li>
 *   <li>Fast path (no allocation, no checks, no exceptions): {@code EthDev.rxBurst/txBurst},
 *       {@code Mempool.alloc/allocBulk}, the static methods of {@link net.dmmgw.dpdk.Mbuf} and
 *       {@link net.dmmgw.dpdk.NativeMemory}, all working on absolute native addresses.</li>
 *   <li>Struct offsets are compile-time constants in {@link net.dmmgw.dpdk.MbufLayout}, verified
 *       against the shim's {@code offsetof} table before EAL starts.</li>
 * </ul>
 */
package net.dmmgw.dpdk;
