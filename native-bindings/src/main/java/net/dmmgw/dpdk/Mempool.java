package net.dmmgw.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import net.dmmgw.dpdk.raw.DmmgwShim;
import net.dmmgw.dpdk.raw.RteEal;
import net.dmmgw.dpdk.raw.RteMbuf;

/**
 * A DPDK packet-mbuf pool ({@code rte_pktmbuf_pool_create}); {@link #close()} frees it.
 *
 * <p>Set-up methods check their arguments and throw {@link DpdkException}; {@link #alloc()} and
 * {@link #allocBulk} are fast-path calls (no allocation, no checks, no exceptions). Free a pool
 * only after every port that receives into it is stopped and every mbuf is back.
 */
public final class Mempool implements AutoCloseable
{
    /** {@code RTE_MBUF_DEFAULT_BUF_SIZE}: 2048 bytes of data plus {@code RTE_PKTMBUF_HEADROOM}. */
    public static final int DEFAULT_DATA_ROOM_SIZE = 2048 + DpdkLayout.PKTMBUF_HEADROOM;

    /** {@code SOCKET_ID_ANY}. */
    public static final int SOCKET_ID_ANY = -1;

    /** {@code RTE_MEMPOOL_CACHE_MAX_SIZE}. */
    public static final int CACHE_MAX_SIZE = 512;

    private final String name;
    private final long address;
    private final int size;
    private boolean closed;

    private Mempool(final String name, final long address, final int size)
    {
        this.name = name;
        this.address = address;
        this.size = size;
    }

    /**
     * Creates a pool of {@code n} packet mbufs.
     *
     * @param name         pool name, unique in the process (DPDK truncates nothing: at most 25 chars).
     * @param n            number of mbufs, at least 1 (a power of two minus one is the most memory-efficient).
     * @param cacheSize    per-lcore cache, 0 to {@value #CACHE_MAX_SIZE} and at most n / 1.5.
     * @param dataRoomSize buffer size per mbuf including headroom, e.g. {@link #DEFAULT_DATA_ROOM_SIZE}.
     * @param socket       NUMA socket, or {@link #SOCKET_ID_ANY}.
     * @return the pool.
     * @throws DpdkException for n &lt; 1, a bad size, a duplicate name, or not enough memory.
     */
    public static Mempool createPktmbufPool(
        final String name, final int n, final int cacheSize, final int dataRoomSize, final int socket)
    {
        final String function = "rte_pktmbuf_pool_create";
        final String context = "pool '" + name + "', n=" + n + ", cache=" + cacheSize + ", dataRoom=" + dataRoomSize;
        Eal.requireRunning(function);
        if (n < 1)
        {
            throw new DpdkException(function, -Errno.EINVAL, "a pool needs at least 1 mbuf, got n=" + n, context);
        }
        if (dataRoomSize < DpdkLayout.PKTMBUF_HEADROOM || dataRoomSize > 0xFFFF)
        {
            throw new DpdkException(function, -Errno.EINVAL, "dataRoomSize must be " + DpdkLayout.PKTMBUF_HEADROOM
                + ".." + 0xFFFF + " (headroom included), got " + dataRoomSize, context);
        }
        if (cacheSize < 0)
        {
            throw new DpdkException(function, -Errno.EINVAL, "cache size must be >= 0", context);
        }
        final long address;
        try (Arena arena = Arena.ofConfined())
        {
            address = RteMbuf.rte_pktmbuf_pool_create(
                arena.allocateFrom(name), n, cacheSize, (short)0, (short)dataRoomSize, socket);
        }
        if (address == 0)
        {
            final int errno = DmmgwShim.dmmgw_errno();
            throw new DpdkException(function, -errno, RteEal.rte_strerror(errno), context);
        }
        return new Mempool(name, address, n);
    }

    /** @return the pool name. */
    public String name()
    {
        return name;
    }

    /** @return the {@code struct rte_mempool *} address, for raw calls. */
    public long address()
    {
        return address;
    }

    /** @return the number of mbufs the pool was created with. */
    public int size()
    {
        return size;
    }

    /** @return free mbufs, per-lcore caches included ({@code rte_mempool_avail_count}). */
    public int availableCount()
    {
        return RteMbuf.rte_mempool_avail_count(address);
    }

    /** @return mbufs taken out of the pool ({@code rte_mempool_in_use_count}). */
    public int inUseCount()
    {
        return RteMbuf.rte_mempool_in_use_count(address);
    }

    /**
     * {@code rte_pktmbuf_alloc}: one reset mbuf (data_len 0, headroom {@code RTE_PKTMBUF_HEADROOM}).
     *
     * @return the mbuf address, or 0 when the pool is empty.
     */
    public long alloc()
    {
        return DmmgwShim.dmmgw_pktmbuf_alloc(address);
    }

    /**
     * {@code rte_pktmbuf_alloc_bulk}: all {@code n} mbufs or none.
     *
     * @param mbufs native array receiving {@code n} pointers.
     * @param n     number of mbufs.
     * @return true when all were allocated, false (nothing allocated) when the pool has fewer free.
     */
    public boolean allocBulk(final MemorySegment mbufs, final int n)
    {
        return DmmgwShim.dmmgw_pktmbuf_alloc_bulk(address, mbufs, n) == 0;
    }

    /** Frees the pool ({@code rte_mempool_free}); idempotent. */
    @Override
    public synchronized void close()
    {
        if (!closed && Eal.isRunning())
        {
            RteMbuf.rte_mempool_free(address);
        }
        closed = true;
    }

    @Override
    public String toString()
    {
        return "Mempool{" + name + ", n=" + size + ", 0x" + Long.toHexString(address) + "}";
    }
}
