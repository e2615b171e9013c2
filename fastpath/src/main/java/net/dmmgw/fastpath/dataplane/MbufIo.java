package net.dmmgw.fastpath.dataplane;

import java.lang.foreign.MemorySegment;

/**
 * The worker's mbuf traffic with DPDK, per burst: receive, transmit, allocate (generated packets) and free.
 * The data plane binds it to {@link DpdkMbufIo} (the only implementation loaded in a data-plane process, so
 * every call site stays monomorphic); {@link PlainMemoryMbufs} fabricates mbufs in plain memory, so the
 * worker's own per-packet work can be tested and measured without DPDK ({@code perf} {@code WorkerCpuTime}).
 */
public interface MbufIo
{
    /**
     * {@code rte_eth_rx_burst}.
     *
     * @param dpdkPort port id.
     * @param queue    rx queue.
     * @param mbufs    native array of at least {@code n} pointers, filled with the received mbufs.
     * @param n        maximum packets.
     * @return packets received.
     */
    int rxBurst(int dpdkPort, int queue, MemorySegment mbufs, int n);

    /**
     * {@code rte_eth_tx_burst}: the device owns {@code mbufs[0..sent)}, the caller the rest.
     *
     * @param dpdkPort port id.
     * @param queue    tx queue.
     * @param mbufs    native array of {@code n} mbuf pointers.
     * @param n        packets to send.
     * @return packets accepted.
     */
    int txBurst(int dpdkPort, int queue, MemorySegment mbufs, int n);

    /**
     * {@code rte_pktmbuf_free_bulk}.
     *
     * @param mbufs native array of mbuf pointers (0 entries skipped).
     * @param count entries.
     */
    void freeBulk(MemorySegment mbufs, int count);

    /**
     * {@code rte_pktmbuf_free}.
     *
     * @param mbuf mbuf address; 0 is ignored.
     */
    void free(long mbuf);

    /** @return a fresh mbuf ({@code rte_pktmbuf_alloc}), or 0 when none is free. */
    long alloc();
}
