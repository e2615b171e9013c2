package net.dmmgw.fastpath.dataplane;

import net.dmmgw.dpdk.Mempool;

/**
 * Where the mbuf pool lives ({@code mempool.memory}): DPDK's memory, or the process's own anonymous memory
 * advised for transparent huge pages with the mbufs packed ({@code Mempool.createPktmbufPoolOnHugeAnon}).
 * Without hugetlbfs ({@code --no-huge}) DPDK's memory is a memfd on 4 KiB pages holding one mbuf per page;
 * packed mbufs then run the PMDs 1.2 (quiet) to 1.7 (loaded machine) times faster (perf/RESULTS.md, session 7).
 */
public enum MempoolMemory
{
    /** {@code rte_pktmbuf_pool_create}: DPDK's memory (hugepages when EAL has them). */
    DPDK("dpdk"),
    /** DPDK's memory, mbufs packed across 4 KiB pages ({@code Mempool.createPackedPktmbufPool}); IOVA mode VA only. */
    DPDK_PACKED("dpdk-packed"),
    /** Own anonymous memory, 2 MiB aligned, {@code MADV_HUGEPAGE}, mbufs packed; software devices only. */
    HUGE_ANON("huge-anon");

    private final String label;

    MempoolMemory(final String label)
    {
        this.label = label;
    }

    /** @return the configuration value. */
    public String label()
    {
        return label;
    }

    /**
     * Make an mbuf pool of {@link Mempool#DEFAULT_DATA_ROOM_SIZE} data rooms in this memory (the data plane's,
     * and perf's {@code JavaPmdFloor}, so that both run on the same pool).
     *
     * @param name      pool name.
     * @param size      mbufs.
     * @param cacheSize per-lcore cache.
     * @return the pool.
     * @throws net.dmmgw.dpdk.DpdkException when DPDK cannot make it (e.g. packed pools in IOVA mode PA).
     */
    public Mempool createPool(final String name, final int size, final int cacheSize)
    {
        return switch (this)
        {
            case DPDK -> Mempool.createPktmbufPool(name, size, cacheSize, Mempool.DEFAULT_DATA_ROOM_SIZE,
                Mempool.SOCKET_ID_ANY);
            case DPDK_PACKED -> Mempool.createPackedPktmbufPool(name, size, cacheSize, Mempool.DEFAULT_DATA_ROOM_SIZE,
                Mempool.SOCKET_ID_ANY);
            case HUGE_ANON -> Mempool.createPktmbufPoolOnHugeAnon(name, size, cacheSize, Mempool.DEFAULT_DATA_ROOM_SIZE);
        };
    }

    /**
     * @param label configuration value ({@code auto} is resolved by {@link DataPlaneConfig}).
     * @return the memory, or null if unknown.
     */
    public static MempoolMemory ofLabel(final String label)
    {
        for (final MempoolMemory m : values())
        {
            if (m.label.equals(label))
            {
                return m;
            }
        }
        return null;
    }
}
