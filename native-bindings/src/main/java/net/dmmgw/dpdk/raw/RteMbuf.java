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
}
