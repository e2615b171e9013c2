package net.dmmgw.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import net.dmmgw.dpdk.raw.DmmgwShim;
import net.dmmgw.dpdk.raw.Libc;
import net.dmmgw.dpdk.raw.RteEal;
import net.dmmgw.dpdk.raw.RteMbuf;
import net.dmmgw.dpdk.raw.ShimLibrary;

/**
 * A DPDK packet-mbuf pool ({@code rte_pktmbuf_pool_create}, or {@link #createPktmbufPoolOnHugeAnon} on
 * the process's own memory); {@link #close()} frees it.
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

    /** {@code RTE_MEMPOOL_F_NO_IOVA_CONTIG}: objects may cross page boundaries. */
    private static final int MEMPOOL_F_NO_IOVA_CONTIG = 0x0020;
    /** {@code RTE_IOVA_VA}. */
    private static final int IOVA_VA = 2;
    /** {@code sizeof(struct rte_pktmbuf_pool_private)}: data room (u16), private size (u16), flags (u32). */
    private static final int PKTMBUF_POOL_PRIVATE_SIZE = 8;
    /** A transparent huge page. */
    private static final long HUGE_PAGE = 2L << 20;
    private static final int PROT_READ_WRITE = 0x3;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x22;
    private static final int MADV_HUGEPAGE = 14;

    private static final MemorySegment PKTMBUF_INIT = ShimLibrary.symbol("rte_pktmbuf_init");

    private final String name;
    private final long address;
    private final int size;
    /** Our own mapping under the pool ({@link #createPktmbufPoolOnHugeAnon}), else 0. */
    private final long mapping;
    private final long mappingLength;
    private final long memoryStart;
    private final long memoryLength;
    private boolean closed;

    private Mempool(final String name, final long address, final int size)
    {
        this(name, address, size, 0, 0, 0, 0);
    }

    private Mempool(
        final String name, final long address, final int size, final long mapping, final long mappingLength,
        final long memoryStart, final long memoryLength)
    {
        this.name = name;
        this.address = address;
        this.size = size;
        this.mapping = mapping;
        this.mappingLength = mappingLength;
        this.memoryStart = memoryStart;
        this.memoryLength = memoryLength;
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
        final String context = checkPoolArguments(function, name, n, cacheSize, dataRoomSize);
        final long address;
        try (Arena arena = Arena.ofConfined())
        {
            address = RteMbuf.rte_pktmbuf_pool_create(
                arena.allocateFrom(name), n, cacheSize, (short)0, (short)dataRoomSize, socket);
        }
        if (address == 0)
        {
            throw failure(function, context);
        }
        return new Mempool(name, address, n);
    }

    /**
     * Creates a pool of {@code n} packet mbufs on the process's own anonymous memory, 2 MiB aligned and
     * advised {@code MADV_HUGEPAGE}, with the mbufs packed (they may cross 4 KiB pages): what
     * {@code rte_pktmbuf_pool_create} does, step by step ({@code rte_mempool_create_empty}, the default
     * ops, {@code rte_pktmbuf_pool_init}, {@code rte_mempool_populate_iova}, {@code rte_pktmbuf_init} on
     * every object), over memory DPDK does not own.
     *
     * <p>Why: without hugepages ({@code --no-huge}) DPDK's memory is a shared memfd on 4 KiB pages that
     * transparent huge pages never back, and {@code rte_pktmbuf_pool_create} puts one 2.3 KiB mbuf per
     * 4 KiB page, so every mbuf header sits at the same page offset (the same L1 set) and the pool's L2
     * sets depend on where the kernel happened to place each page. Packed on huge pages, consecutive
     * mbufs are 2 368 octets apart and physically contiguous within 2 MiB (see perf/RESULTS.md, session 7).
     *
     * <p>Only for software devices (vdevs): the memory is not registered with DPDK, so no device can DMA
     * into it; the IO address of an mbuf is its virtual address, which is why EAL must run in IOVA mode VA
     * (what it picks under {@code --no-huge --no-pci}). Without transparent huge pages (mode {@code never})
     * the pool still works, packed, on 4 KiB pages.
     *
     * @param name         pool name, unique in the process (at most 25 chars).
     * @param n            number of mbufs, at least 1.
     * @param cacheSize    per-lcore cache, 0 to {@value #CACHE_MAX_SIZE} and at most n / 1.5.
     * @param dataRoomSize buffer size per mbuf including headroom, e.g. {@link #DEFAULT_DATA_ROOM_SIZE}.
     * @return the pool; {@link #close()} frees it and unmaps its memory.
     * @throws DpdkException for bad arguments, IOVA mode PA, a failed mapping or a failed DPDK step.
     */
    public static Mempool createPktmbufPoolOnHugeAnon(
        final String name, final int n, final int cacheSize, final int dataRoomSize)
    {
        final String context = checkPoolArguments("rte_mempool_create_empty", name, n, cacheSize, dataRoomSize);
        requireIovaVa(context);
        final int eltSize = DpdkLayout.MBUF_SIZE + dataRoomSize;
        final long objectSize = Integer.toUnsignedLong( // header + element + trailer, as populated
            RteMbuf.rte_mempool_calc_obj_size(eltSize, MEMPOOL_F_NO_IOVA_CONTIG, 0));
        final long length = (n * objectSize + HUGE_PAGE - 1) & -HUGE_PAGE;
        final long mappingLength = length + HUGE_PAGE;
        final long mapping = Libc.mmap(0, mappingLength, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0);
        if (mapping == -1)
        {
            throw new DpdkException("mmap", -Errno.ENOMEM, "cannot map " + mappingLength + " octets", context);
        }
        final long start = (mapping + HUGE_PAGE - 1) & -HUGE_PAGE;
        long pool = 0;
        try
        {
            if (Libc.madvise(start, length, MADV_HUGEPAGE) != 0)
            {
                throw new DpdkException("madvise", -Errno.EINVAL, "MADV_HUGEPAGE refused (a kernel without "
                    + "transparent huge pages?)", context);
            }
            pool = emptyPackedPktmbufPool(name, n, cacheSize, dataRoomSize, SOCKET_ID_ANY, context);
            final int added = RteMbuf.rte_mempool_populate_iova(pool, start, start, length, 0, 0);
            initPktmbufs(pool, added, n, "rte_mempool_populate_iova", context);
            return new Mempool(name, pool, n, mapping, mappingLength, start, length);
        }
        catch (final RuntimeException | Error ex)
        {
            RteMbuf.rte_mempool_free(pool);
            Libc.munmap(mapping, mappingLength);
            throw ex;
        }
    }

    /**
     * Creates a pool of {@code n} packet mbufs in DPDK's memory like {@link #createPktmbufPool}, but packed:
     * {@code RTE_MEMPOOL_F_NO_IOVA_CONTIG} lets an mbuf cross a page boundary, so that without hugepages
     * DPDK does not put one 2.3 KiB mbuf per 4 KiB page (with hugepages pools are packed anyway). DPDK then
     * gives the mbufs no IO address ({@code buf_iova} is derived from {@code RTE_BAD_IOVA}): for software
     * devices only, and like the huge-anon pool it insists on IOVA mode VA.
     *
     * @param name         pool name, unique in the process (at most 25 chars).
     * @param n            number of mbufs, at least 1.
     * @param cacheSize    per-lcore cache, 0 to {@value #CACHE_MAX_SIZE} and at most n / 1.5.
     * @param dataRoomSize buffer size per mbuf including headroom, e.g. {@link #DEFAULT_DATA_ROOM_SIZE}.
     * @param socket       NUMA socket, or {@link #SOCKET_ID_ANY}.
     * @return the pool.
     * @throws DpdkException for bad arguments, IOVA mode PA, or a failed DPDK step (not enough memory...).
     */
    public static Mempool createPackedPktmbufPool(
        final String name, final int n, final int cacheSize, final int dataRoomSize, final int socket)
    {
        final String context = checkPoolArguments("rte_mempool_create_empty", name, n, cacheSize, dataRoomSize);
        requireIovaVa(context);
        final long pool = emptyPackedPktmbufPool(name, n, cacheSize, dataRoomSize, socket, context);
        try
        {
            initPktmbufs(pool, RteMbuf.rte_mempool_populate_default(pool), n, "rte_mempool_populate_default", context);
            return new Mempool(name, pool, n);
        }
        catch (final RuntimeException | Error ex)
        {
            RteMbuf.rte_mempool_free(pool);
            throw ex;
        }
    }

    private static void requireIovaVa(final String context)
    {
        if (RteEal.rte_eal_iova_mode() != IOVA_VA)
        {
            throw new DpdkException("rte_eal_iova_mode", -Errno.EINVAL, "EAL runs in IOVA mode PA: a packed mbuf pool "
                + "or one on memory DPDK does not own needs IOVA mode VA (--no-huge without PCI devices, or "
                + "--iova-mode=va); use rte_pktmbuf_pool_create", context);
        }
    }

    /**
     * The first steps of {@code rte_pktmbuf_pool_create} with {@code RTE_MEMPOOL_F_NO_IOVA_CONTIG}: an empty
     * pool with the ops it would pick and the packet-pool private area; freed again on failure.
     */
    @SuppressWarnings("restricted")
    private static long emptyPackedPktmbufPool(
        final String name, final int n, final int cacheSize, final int dataRoomSize, final int socket,
        final String context)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final long pool = RteMbuf.rte_mempool_create_empty(arena.allocateFrom(name), n,
                DpdkLayout.MBUF_SIZE + dataRoomSize, cacheSize, PKTMBUF_POOL_PRIVATE_SIZE, socket,
                MEMPOOL_F_NO_IOVA_CONTIG);
            if (pool == 0)
            {
                throw failure("rte_mempool_create_empty", context);
            }
            final MemorySegment ops = RteMbuf.rte_mbuf_best_mempool_ops();
            final int setOps = RteMbuf.rte_mempool_set_ops_byname(pool, ops, 0);
            if (setOps != 0)
            {
                RteMbuf.rte_mempool_free(pool);
                throw new DpdkException("rte_mempool_set_ops_byname", setOps, RteEal.rte_strerror(-setOps),
                    context + ", ops '" + ops.reinterpret(64).getString(0) + "'");
            }
            final MemorySegment priv = arena.allocate(PKTMBUF_POOL_PRIVATE_SIZE, 8);
            priv.set(ValueLayout.JAVA_SHORT, 0, (short)dataRoomSize);
            RteMbuf.rte_pktmbuf_pool_init(pool, priv);
            return pool;
        }
    }

    /** After populating: all {@code n} mbufs must be there; {@code rte_pktmbuf_init} on each (C to C). */
    private static void initPktmbufs(final long pool, final int added, final int n, final String populate,
        final String context)
    {
        if (added != n)
        {
            throw new DpdkException(populate, added < 0 ? added : -Errno.ENOMEM,
                added < 0 ? RteEal.rte_strerror(-added) : "only " + added + " of " + n + " mbufs", context);
        }
        RteMbuf.rte_mempool_obj_iter(pool, PKTMBUF_INIT, 0);
    }

    private static String checkPoolArguments(
        final String function, final String name, final int n, final int cacheSize, final int dataRoomSize)
    {
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
        return context;
    }

    private static DpdkException failure(final String function, final String context)
    {
        final int errno = DmmgwShim.dmmgw_errno();
        return new DpdkException(function, -errno, RteEal.rte_strerror(errno), context);
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

    /**
     * @return true when the pool lives on the process's own memory ({@link #createPktmbufPoolOnHugeAnon}), false
     *         when on DPDK's.
     */
    public boolean isOnHugeAnon()
    {
        return mapping != 0;
    }

    /** @return the first octet of the pool's own memory (2 MiB aligned), or 0 when on DPDK's memory. */
    public long memoryStart()
    {
        return memoryStart;
    }

    /** @return octets of the pool's own memory (a multiple of 2 MiB), or 0 when on DPDK's memory. */
    public long memoryLength()
    {
        return memoryLength;
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

    /** Frees the pool ({@code rte_mempool_free}) and unmaps its own memory, if any; idempotent. */
    @Override
    public synchronized void close()
    {
        if (!closed && Eal.isRunning())
        {
            RteMbuf.rte_mempool_free(address);
        }
        if (!closed && mapping != 0)
        {
            Libc.munmap(mapping, mappingLength);
        }
        closed = true;
    }

    @Override
    public String toString()
    {
        return "Mempool{" + name + ", n=" + size + ", 0x" + Long.toHexString(address) + "}";
    }
}
