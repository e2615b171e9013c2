package net.dmmgw.dpdk.raw;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Raw bindings to the exported functions of DPDK's mempool and mbuf libraries ({@code rte_mempool.h},
 * {@code rte_mbuf.h}); the static-inline ones are in {@link DmmgwShim}.
 */
public final class RteMbuf
{
    private RteMbuf()
    {
    }

    private static final class rte_pktmbuf_pool_create
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_pktmbuf_pool_create", FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_INT));
    }

    /**
     * {@code struct rte_mempool *rte_pktmbuf_pool_create(const char *name, unsigned int n, unsigned int cache_size,
     * uint16_t priv_size, uint16_t data_room_size, int socket_id)}.
     *
     * @param name         NUL-terminated pool name, unique in the process.
     * @param n            number of mbufs.
     * @param cacheSize    per-lcore cache size.
     * @param privSize     application private area per mbuf.
     * @param dataRoomSize buffer size per mbuf, headroom included.
     * @param socket       NUMA socket, or -1 (SOCKET_ID_ANY).
     * @return the pool address, or 0 with rte_errno set.
     */
    public static long rte_pktmbuf_pool_create(final MemorySegment name, final int n, final int cacheSize, final short privSize, final short dataRoomSize, final int socket)
    {
        try
        {
            return (long)rte_pktmbuf_pool_create.HANDLE.invokeExact(name, n, cacheSize, privSize, dataRoomSize, socket);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_mempool_free
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_mempool_free", FunctionDescriptor.ofVoid(JAVA_LONG));
    }

    /**
     * {@code void rte_mempool_free(struct rte_mempool *mp)}.
     *
     * @param mempool pool address (0 is ignored by DPDK).
     */
    public static void rte_mempool_free(final long mempool)
    {
        try
        {
            rte_mempool_free.HANDLE.invokeExact(mempool);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_mempool_avail_count
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_mempool_avail_count", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
    }

    /**
     * {@code unsigned int rte_mempool_avail_count(const struct rte_mempool *mp)}.
     *
     * @param mempool pool address.
     * @return free objects, per-lcore caches included.
     */
    public static int rte_mempool_avail_count(final long mempool)
    {
        try
        {
            return (int)rte_mempool_avail_count.HANDLE.invokeExact(mempool);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_mempool_in_use_count
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_mempool_in_use_count", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
    }

    /**
     * {@code unsigned int rte_mempool_in_use_count(const struct rte_mempool *mp)}.
     *
     * @param mempool pool address.
     * @return objects taken from the pool.
     */
    public static int rte_mempool_in_use_count(final long mempool)
    {
        try
        {
            return (int)rte_mempool_in_use_count.HANDLE.invokeExact(mempool);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_mempool_lookup
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_mempool_lookup", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    }

    /**
     * {@code struct rte_mempool *rte_mempool_lookup(const char *name)}.
     *
     * @param name NUL-terminated pool name.
     * @return the pool address, or 0 with rte_errno set to ENOENT.
     */
    public static long rte_mempool_lookup(final MemorySegment name)
    {
        try
        {
            return (long)rte_mempool_lookup.HANDLE.invokeExact(name);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_pktmbuf_free_bulk
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_pktmbuf_free_bulk", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT), Linker.Option.critical(false));
    }

    /**
     * {@code void rte_pktmbuf_free_bulk(struct rte_mbuf **mbufs, unsigned int count)}, linked with
     * {@code critical(false)}: short, never blocks, never calls back into Java.
     *
     * @param mbufs native array of mbuf pointers (NULL entries are skipped).
     * @param count number of entries.
     */
    public static void rte_pktmbuf_free_bulk(final MemorySegment mbufs, final int count)
    {
        try
        {
            rte_pktmbuf_free_bulk.HANDLE.invokeExact(mbufs, count);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_mempool_create_empty
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_mempool_create_empty", FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /**
     * {@code struct rte_mempool *rte_mempool_create_empty(const char *name, unsigned n, unsigned elt_size, unsigned cache_size, unsigned private_data_size, int socket_id, unsigned flags)}.
     *
     * @param name NUL-terminated pool name, unique in the process.
     * @param n number of objects.
     * @param eltSize object size in bytes.
     * @param cacheSize per-lcore cache size.
     * @param privateDataSize private area after the pool header (for a packet pool: {@code struct rte_pktmbuf_pool_private}).
     * @param socket NUMA socket, or -1.
     * @param flags {@code RTE_MEMPOOL_F_*} flags.
     * @return the empty pool's address, or 0 with rte_errno set.
     */
    public static long rte_mempool_create_empty(final MemorySegment name, final int n, final int eltSize, final int cacheSize, final int privateDataSize, final int socket, final int flags)
    {
        try
        {
            return (long)rte_mempool_create_empty.HANDLE.invokeExact(name, n, eltSize, cacheSize, privateDataSize, socket, flags);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_mempool_set_ops_byname
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_mempool_set_ops_byname", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG));
    }

    /**
     * {@code int rte_mempool_set_ops_byname(struct rte_mempool *mp, const char *name, void *pool_config)}.
     *
     * @param mempool an empty pool.
     * @param name NUL-terminated ops name, e.g. {@link #rte_mbuf_best_mempool_ops()}.
     * @param poolConfig opaque driver configuration, 0 for none.
     * @return 0, or a negative errno.
     */
    public static int rte_mempool_set_ops_byname(final long mempool, final MemorySegment name, final long poolConfig)
    {
        try
        {
            return (int)rte_mempool_set_ops_byname.HANDLE.invokeExact(mempool, name, poolConfig);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_mbuf_best_mempool_ops
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_mbuf_best_mempool_ops", FunctionDescriptor.of(ADDRESS));
    }

    /**
     * {@code const char *rte_mbuf_best_mempool_ops(void)}.
     *

     * @return the NUL-terminated name of the mempool ops {@code rte_pktmbuf_pool_create} would use (zero-length segment: reinterpret to read).
     */
    public static MemorySegment rte_mbuf_best_mempool_ops()
    {
        try
        {
            return (MemorySegment)rte_mbuf_best_mempool_ops.HANDLE.invokeExact();
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_pktmbuf_pool_init
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_pktmbuf_pool_init", FunctionDescriptor.ofVoid(JAVA_LONG, ADDRESS));
    }

    /**
     * {@code void rte_pktmbuf_pool_init(struct rte_mempool *mp, void *opaque_arg)}.
     *
     * @param mempool a pool created with a private area of {@code sizeof(struct rte_pktmbuf_pool_private)}.
     * @param opaque a {@code struct rte_pktmbuf_pool_private} (data room and private size), or NULL for defaults from the element size.
     */
    public static void rte_pktmbuf_pool_init(final long mempool, final MemorySegment opaque)
    {
        try
        {
            rte_pktmbuf_pool_init.HANDLE.invokeExact(mempool, opaque);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_mempool_populate_iova
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_mempool_populate_iova", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    }

    /**
     * {@code int rte_mempool_populate_iova(struct rte_mempool *mp, char *vaddr, rte_iova_t iova, size_t len, rte_mempool_memchunk_free_cb_t *free_cb, void *opaque)}.
     *
     * @param mempool the pool.
     * @param vaddr start of the memory chunk.
     * @param iova its IO address ({@code RTE_BAD_IOVA}, all ones, for none).
     * @param length chunk length in bytes.
     * @param freeCallback called when the pool is freed, 0 for none.
     * @param opaque argument of the callback.
     * @return the number of objects added, or a negative errno.
     */
    public static int rte_mempool_populate_iova(final long mempool, final long vaddr, final long iova, final long length, final long freeCallback, final long opaque)
    {
        try
        {
            return (int)rte_mempool_populate_iova.HANDLE.invokeExact(mempool, vaddr, iova, length, freeCallback, opaque);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_mempool_obj_iter
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_mempool_obj_iter", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG));
    }

    /**
     * {@code uint32_t rte_mempool_obj_iter(struct rte_mempool *mp, rte_mempool_obj_cb_t *obj_cb, void *obj_cb_arg)}.
     *
     * @param mempool the pool.
     * @param callback a C function, e.g. {@code rte_pktmbuf_init} found with {@link ShimLibrary#symbol(String)} (no upcall).
     * @param argument its argument.
     * @return the number of objects iterated.
     */
    public static int rte_mempool_obj_iter(final long mempool, final MemorySegment callback, final long argument)
    {
        try
        {
            return (int)rte_mempool_obj_iter.HANDLE.invokeExact(mempool, callback, argument);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_mempool_calc_obj_size
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_mempool_calc_obj_size", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    }

    /**
     * {@code uint32_t rte_mempool_calc_obj_size(uint32_t elt_size, uint32_t flags, struct rte_mempool_objsz *sz)}.
     *
     * @param eltSize object size.
     * @param flags the pool's {@code RTE_MEMPOOL_F_*} flags.
     * @param sizes 0, or a {@code struct rte_mempool_objsz} to fill.
     * @return the total size of one object in the pool: header, element and trailer.
     */
    public static int rte_mempool_calc_obj_size(final int eltSize, final int flags, final long sizes)
    {
        try
        {
            return (int)rte_mempool_calc_obj_size.HANDLE.invokeExact(eltSize, flags, sizes);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }
    private static final class rte_mempool_populate_default
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_mempool_populate_default", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
    }

    /**
     * {@code int rte_mempool_populate_default(struct rte_mempool *mp)}: fills the pool from DPDK's memory.
     *
     * @param mempool an empty pool with its ops set.
     * @return the number of objects added, or a negative errno.
     */
    public static int rte_mempool_populate_default(final long mempool)
    {
        try
        {
            return (int)rte_mempool_populate_default.HANDLE.invokeExact(mempool);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }
}
