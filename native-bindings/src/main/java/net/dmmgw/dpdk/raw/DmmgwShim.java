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
 * Raw bindings to {@code libdmmgw_dpdk.so} ({@code native-bindings/src/main/c/dmmgw_dpdk.h}): DPDK's
 * static-inline fast path (rx/tx burst, mbuf alloc/free/prepend/adj/append/trim), per-thread
 * {@code rte_errno} and {@code rte_lcore_id}, and the struct layout table.
 *
 * <p>Each burst function comes in three linkages, so callers and benchmarks can choose:
 * {@code critical(false)} (default name), plain ({@code _plain}) and {@code critical(true)}
 * ({@code _heap}, accepts heap segments).
 */
public final class DmmgwShim
{
    private DmmgwShim()
    {
    }

    private static final class dmmgw_layout
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_layout", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    /**
     * {@code int32_t dmmgw_layout(int32_t *out, int32_t capacity)}: struct sizes and field offsets as this
     * DPDK build sees them, in the order of {@code enum dmmgw_layout_index}.
     *
     * @param out      output array of {@code int32_t}.
     * @param capacity entries available in {@code out}.
     * @return number of entries the shim knows (may exceed {@code capacity}).
     */
    public static int dmmgw_layout(final MemorySegment out, final int capacity)
    {
        try
        {
            return (int)dmmgw_layout.HANDLE.invokeExact(out, capacity);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_errno
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_errno", FunctionDescriptor.of(JAVA_INT));
    }

    /**
     * {@code int32_t dmmgw_errno(void)}: the calling thread's {@code rte_errno}.
     *
     * @return the last DPDK error number set on this thread.
     */
    public static int dmmgw_errno()
    {
        try
        {
            return (int)dmmgw_errno.HANDLE.invokeExact();
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_lcore_id
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_lcore_id", FunctionDescriptor.of(JAVA_INT));
    }

    /**
     * {@code uint32_t dmmgw_lcore_id(void)}: {@code rte_lcore_id()}.
     *
     * @return the calling thread's lcore id, or -1 (LCORE_ID_ANY) for a thread EAL does not know.
     */
    public static int dmmgw_lcore_id()
    {
        try
        {
            return (int)dmmgw_lcore_id.HANDLE.invokeExact();
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_set_affinity
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_set_affinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    /**
     * {@code int32_t dmmgw_set_affinity(int32_t cpu)}: {@code rte_thread_set_affinity} to one CPU.
     *
     * @param cpu CPU index.
     * @return 0 or a negative value (-EINVAL for a bad index).
     */
    public static int dmmgw_set_affinity(final int cpu)
    {
        try
        {
            return (int)dmmgw_set_affinity.HANDLE.invokeExact(cpu);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_eth_dev_configure
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_eth_dev_configure", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT));
    }

    /**
     * {@code int32_t dmmgw_eth_dev_configure(uint16_t port, uint16_t nb_rx, uint16_t nb_tx)}:
     * {@code rte_eth_dev_configure} with a zeroed {@code struct rte_eth_conf} (no offloads, no RSS).
     *
     * @param port port id.
     * @param nbRx number of rx queues.
     * @param nbTx number of tx queues.
     * @return 0 or a negative errno.
     */
    public static int dmmgw_eth_dev_configure(final short port, final short nbRx, final short nbTx)
    {
        try
        {
            return (int)dmmgw_eth_dev_configure.HANDLE.invokeExact(port, nbRx, nbTx);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_eth_link
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_eth_link", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, ADDRESS, ADDRESS));
    }

    /**
     * {@code int32_t dmmgw_eth_link(uint16_t port, uint32_t *speed_mbps, int32_t *up, int32_t *full_duplex)}:
     * {@code rte_eth_link_get_nowait} with its bit-fields unpacked.
     *
     * @param port       port id.
     * @param speedMbps  output {@code uint32_t}.
     * @param up         output {@code int32_t}, 1 when the link is up.
     * @param fullDuplex output {@code int32_t}, 1 for full duplex.
     * @return 0 or a negative errno.
     */
    public static int dmmgw_eth_link(final short port, final MemorySegment speedMbps, final MemorySegment up, final MemorySegment fullDuplex)
    {
        try
        {
            return (int)dmmgw_eth_link.HANDLE.invokeExact(port, speedMbps, up, fullDuplex);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_eth_dev_info
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_eth_dev_info", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    }

    /**
     * {@code int32_t dmmgw_eth_dev_info(uint16_t port, char *driver, int32_t driver_capacity, uint64_t *values, int32_t capacity)}:
     * {@code rte_eth_dev_info_get}, reduced to the driver name and the values of {@code enum dmmgw_dev_info_index}.
     *
     * @param port           port id.
     * @param driver         output buffer for the NUL-terminated driver name.
     * @param driverCapacity size of {@code driver}.
     * @param values         output array of {@code uint64_t}.
     * @param capacity       entries available in {@code values}.
     * @return 0 or a negative errno.
     */
    public static int dmmgw_eth_dev_info(final short port, final MemorySegment driver, final int driverCapacity, final MemorySegment values, final int capacity)
    {
        try
        {
            return (int)dmmgw_eth_dev_info.HANDLE.invokeExact(port, driver, driverCapacity, values, capacity);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_rx_burst
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_rx_burst", FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS, JAVA_SHORT), Linker.Option.critical(false));
    }

    /**
     * {@code uint16_t dmmgw_rx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n)}:
     * {@code rte_eth_rx_burst}, linked with {@code critical(false)}
     * (no thread-state transition; the call is short and never calls back into Java).
     *
     * @param port  port id.
     * @param queue queue index.
     * @param pkts  native array of at least {@code n} mbuf pointers.
     * @param n     maximum number of packets.
     * @return number of packets received (unsigned 16 bits).
     */
    public static short dmmgw_rx_burst(final short port, final short queue, final MemorySegment pkts, final short n)
    {
        try
        {
            return (short)dmmgw_rx_burst.HANDLE.invokeExact(port, queue, pkts, n);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_rx_burst_plain
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_rx_burst", FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS, JAVA_SHORT));
    }

    /**
     * {@code uint16_t dmmgw_rx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n)}:
     * {@code rte_eth_rx_burst}, as a plain downcall (thread-state transition, the reference case).
     *
     * @param port  port id.
     * @param queue queue index.
     * @param pkts  native array of at least {@code n} mbuf pointers.
     * @param n     maximum number of packets.
     * @return number of packets received (unsigned 16 bits).
     */
    public static short dmmgw_rx_burst_plain(final short port, final short queue, final MemorySegment pkts, final short n)
    {
        try
        {
            return (short)dmmgw_rx_burst_plain.HANDLE.invokeExact(port, queue, pkts, n);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_rx_burst_heap
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_rx_burst", FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS, JAVA_SHORT), Linker.Option.critical(true));
    }

    /**
     * {@code uint16_t dmmgw_rx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n)}:
     * {@code rte_eth_rx_burst}, linked with {@code critical(true)} so that {@code pkts}
     * may be a heap segment ({@code MemorySegment.ofArray(long[])}).
     *
     * @param port  port id.
     * @param queue queue index.
     * @param pkts  native or heap array of at least {@code n} mbuf pointers.
     * @param n     maximum number of packets.
     * @return number of packets received (unsigned 16 bits).
     */
    public static short dmmgw_rx_burst_heap(final short port, final short queue, final MemorySegment pkts, final short n)
    {
        try
        {
            return (short)dmmgw_rx_burst_heap.HANDLE.invokeExact(port, queue, pkts, n);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_tx_burst
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_tx_burst", FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS, JAVA_SHORT), Linker.Option.critical(false));
    }

    /**
     * {@code uint16_t dmmgw_tx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n)}:
     * {@code rte_eth_tx_burst}, linked with {@code critical(false)}
     * (no thread-state transition; the call is short and never calls back into Java).
     *
     * @param port  port id.
     * @param queue queue index.
     * @param pkts  native array of at least {@code n} mbuf pointers.
     * @param n     maximum number of packets.
     * @return number of packets accepted for transmission (unsigned 16 bits).
     */
    public static short dmmgw_tx_burst(final short port, final short queue, final MemorySegment pkts, final short n)
    {
        try
        {
            return (short)dmmgw_tx_burst.HANDLE.invokeExact(port, queue, pkts, n);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_tx_burst_plain
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_tx_burst", FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS, JAVA_SHORT));
    }

    /**
     * {@code uint16_t dmmgw_tx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n)}:
     * {@code rte_eth_tx_burst}, as a plain downcall (thread-state transition, the reference case).
     *
     * @param port  port id.
     * @param queue queue index.
     * @param pkts  native array of at least {@code n} mbuf pointers.
     * @param n     maximum number of packets.
     * @return number of packets accepted for transmission (unsigned 16 bits).
     */
    public static short dmmgw_tx_burst_plain(final short port, final short queue, final MemorySegment pkts, final short n)
    {
        try
        {
            return (short)dmmgw_tx_burst_plain.HANDLE.invokeExact(port, queue, pkts, n);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_tx_burst_heap
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_tx_burst", FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS, JAVA_SHORT), Linker.Option.critical(true));
    }

    /**
     * {@code uint16_t dmmgw_tx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n)}:
     * {@code rte_eth_tx_burst}, linked with {@code critical(true)} so that {@code pkts}
     * may be a heap segment ({@code MemorySegment.ofArray(long[])}).
     *
     * @param port  port id.
     * @param queue queue index.
     * @param pkts  native or heap array of at least {@code n} mbuf pointers.
     * @param n     maximum number of packets.
     * @return number of packets accepted for transmission (unsigned 16 bits).
     */
    public static short dmmgw_tx_burst_heap(final short port, final short queue, final MemorySegment pkts, final short n)
    {
        try
        {
            return (short)dmmgw_tx_burst_heap.HANDLE.invokeExact(port, queue, pkts, n);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_pktmbuf_alloc
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_pktmbuf_alloc", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), Linker.Option.critical(false));
    }

    /**
     * {@code struct rte_mbuf *dmmgw_pktmbuf_alloc(struct rte_mempool *pool)}: {@code rte_pktmbuf_alloc}.
     *
     * @param mempool pool address.
     * @return an mbuf address (reset, data_len 0), or 0 when the pool is empty.
     */
    public static long dmmgw_pktmbuf_alloc(final long mempool)
    {
        try
        {
            return (long)dmmgw_pktmbuf_alloc.HANDLE.invokeExact(mempool);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_pktmbuf_alloc_bulk
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_pktmbuf_alloc_bulk", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT), Linker.Option.critical(false));
    }

    /**
     * {@code int32_t dmmgw_pktmbuf_alloc_bulk(struct rte_mempool *pool, struct rte_mbuf **mbufs, uint32_t n)}:
     * {@code rte_pktmbuf_alloc_bulk}, all or nothing.
     *
     * @param mempool pool address.
     * @param mbufs   native output array of {@code n} pointers.
     * @param n       number of mbufs.
     * @return 0, or -ENOENT (nothing allocated) when the pool has fewer than {@code n} free.
     */
    public static int dmmgw_pktmbuf_alloc_bulk(final long mempool, final MemorySegment mbufs, final int n)
    {
        try
        {
            return (int)dmmgw_pktmbuf_alloc_bulk.HANDLE.invokeExact(mempool, mbufs, n);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_pktmbuf_free
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_pktmbuf_free", FunctionDescriptor.ofVoid(JAVA_LONG), Linker.Option.critical(false));
    }

    /**
     * {@code void dmmgw_pktmbuf_free(struct rte_mbuf *m)}: {@code rte_pktmbuf_free} (whole chain; 0 is ignored).
     *
     * @param mbuf mbuf address.
     */
    public static void dmmgw_pktmbuf_free(final long mbuf)
    {
        try
        {
            dmmgw_pktmbuf_free.HANDLE.invokeExact(mbuf);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_pktmbuf_prepend
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_pktmbuf_prepend", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_SHORT), Linker.Option.critical(false));
    }

    /**
     * {@code char *dmmgw_pktmbuf_prepend(struct rte_mbuf *m, uint16_t len)}: {@code rte_pktmbuf_prepend}.
     *
     * @param mbuf mbuf address.
     * @param len  bytes to add in front.
     * @return the new data address, or 0 when the headroom is too small (mbuf unchanged).
     */
    public static long dmmgw_pktmbuf_prepend(final long mbuf, final short len)
    {
        try
        {
            return (long)dmmgw_pktmbuf_prepend.HANDLE.invokeExact(mbuf, len);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_pktmbuf_append
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_pktmbuf_append", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_SHORT), Linker.Option.critical(false));
    }

    /**
     * {@code char *dmmgw_pktmbuf_append(struct rte_mbuf *m, uint16_t len)}: {@code rte_pktmbuf_append}.
     *
     * @param mbuf mbuf address.
     * @param len  bytes to add at the end of the last segment.
     * @return the address of the added bytes, or 0 when the tailroom is too small (mbuf unchanged).
     */
    public static long dmmgw_pktmbuf_append(final long mbuf, final short len)
    {
        try
        {
            return (long)dmmgw_pktmbuf_append.HANDLE.invokeExact(mbuf, len);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_pktmbuf_adj
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_pktmbuf_adj", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_SHORT), Linker.Option.critical(false));
    }

    /**
     * {@code char *dmmgw_pktmbuf_adj(struct rte_mbuf *m, uint16_t len)}: {@code rte_pktmbuf_adj}.
     *
     * @param mbuf mbuf address.
     * @param len  bytes to remove from the front of the first segment.
     * @return the new data address, or 0 when {@code len} exceeds the first segment (mbuf unchanged).
     */
    public static long dmmgw_pktmbuf_adj(final long mbuf, final short len)
    {
        try
        {
            return (long)dmmgw_pktmbuf_adj.HANDLE.invokeExact(mbuf, len);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_pktmbuf_trim
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_pktmbuf_trim", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_SHORT), Linker.Option.critical(false));
    }

    /**
     * {@code int32_t dmmgw_pktmbuf_trim(struct rte_mbuf *m, uint16_t len)}: {@code rte_pktmbuf_trim}.
     *
     * @param mbuf mbuf address.
     * @param len  bytes to remove from the end of the last segment.
     * @return 0, or -1 when {@code len} exceeds the last segment (mbuf unchanged).
     */
    public static int dmmgw_pktmbuf_trim(final long mbuf, final short len)
    {
        try
        {
            return (int)dmmgw_pktmbuf_trim.HANDLE.invokeExact(mbuf, len);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class dmmgw_pktmbuf_chain
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "dmmgw_pktmbuf_chain", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.critical(false));
    }

    /**
     * {@code int32_t dmmgw_pktmbuf_chain(struct rte_mbuf *head, struct rte_mbuf *tail)}: {@code rte_pktmbuf_chain}.
     *
     * @param head first segment of the chain to extend.
     * @param tail chain appended after the last segment of {@code head}.
     * @return 0, or -EOVERFLOW (nothing changed) when the chain would exceed {@code RTE_MBUF_MAX_NB_SEGS}.
     */
    public static int dmmgw_pktmbuf_chain(final long head, final long tail)
    {
        try
        {
            return (int)dmmgw_pktmbuf_chain.HANDLE.invokeExact(head, tail);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }
}
