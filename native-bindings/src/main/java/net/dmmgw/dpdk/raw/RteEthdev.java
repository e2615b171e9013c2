package net.dmmgw.dpdk.raw;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Raw bindings to the exported functions of DPDK's ethdev library ({@code rte_ethdev.h}). */
public final class RteEthdev
{
    private RteEthdev()
    {
    }

    private static final class rte_eth_dev_count_avail
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_dev_count_avail", FunctionDescriptor.of(JAVA_SHORT));
    }

    /**
     * {@code uint16_t rte_eth_dev_count_avail(void)}.
     *
     * @return number of usable ports (unsigned 16 bits).
     */
    public static short rte_eth_dev_count_avail()
    {
        try
        {
            return (short)rte_eth_dev_count_avail.HANDLE.invokeExact();
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eth_dev_is_valid_port
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_dev_is_valid_port", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    }

    /**
     * {@code int rte_eth_dev_is_valid_port(uint16_t port_id)}.
     *
     * @param port port id.
     * @return 1 when the port exists, else 0.
     */
    public static int rte_eth_dev_is_valid_port(final short port)
    {
        try
        {
            return (int)rte_eth_dev_is_valid_port.HANDLE.invokeExact(port);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eth_dev_get_port_by_name
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_dev_get_port_by_name", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    }

    /**
     * {@code int rte_eth_dev_get_port_by_name(const char *name, uint16_t *port_id)}.
     *
     * @param name   NUL-terminated device name, e.g. {@code net_ring0}.
     * @param portId output {@code uint16_t}.
     * @return 0 or a negative errno.
     */
    public static int rte_eth_dev_get_port_by_name(final MemorySegment name, final MemorySegment portId)
    {
        try
        {
            return (int)rte_eth_dev_get_port_by_name.HANDLE.invokeExact(name, portId);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eth_dev_get_name_by_port
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_dev_get_name_by_port", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
    }

    /**
     * {@code int rte_eth_dev_get_name_by_port(uint16_t port_id, char *name)}.
     *
     * @param port port id.
     * @param name output buffer of {@code RTE_ETH_NAME_MAX_LEN} (64) bytes.
     * @return 0 or a negative errno.
     */
    public static int rte_eth_dev_get_name_by_port(final short port, final MemorySegment name)
    {
        try
        {
            return (int)rte_eth_dev_get_name_by_port.HANDLE.invokeExact(port, name);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eth_dev_socket_id
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_dev_socket_id", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    }

    /**
     * {@code int rte_eth_dev_socket_id(uint16_t port_id)}.
     *
     * @param port port id.
     * @return NUMA socket of the port, -1 when unknown.
     */
    public static int rte_eth_dev_socket_id(final short port)
    {
        try
        {
            return (int)rte_eth_dev_socket_id.HANDLE.invokeExact(port);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eth_rx_queue_setup
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_rx_queue_setup", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_INT, ADDRESS, JAVA_LONG));
    }

    /**
     * {@code int rte_eth_rx_queue_setup(uint16_t port_id, uint16_t rx_queue_id, uint16_t nb_rx_desc,
     * unsigned int socket_id, const struct rte_eth_rxconf *rx_conf, struct rte_mempool *mb_pool)}.
     *
     * @param port    port id.
     * @param queue   rx queue index.
     * @param nbDesc  ring size.
     * @param socket  NUMA socket for the ring.
     * @param rxConf  NULL for the driver's defaults.
     * @param mempool address of the pool that feeds the queue.
     * @return 0 or a negative errno.
     */
    public static int rte_eth_rx_queue_setup(final short port, final short queue, final short nbDesc, final int socket, final MemorySegment rxConf, final long mempool)
    {
        try
        {
            return (int)rte_eth_rx_queue_setup.HANDLE.invokeExact(port, queue, nbDesc, socket, rxConf, mempool);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eth_tx_queue_setup
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_tx_queue_setup", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_INT, ADDRESS));
    }

    /**
     * {@code int rte_eth_tx_queue_setup(uint16_t port_id, uint16_t tx_queue_id, uint16_t nb_tx_desc,
     * unsigned int socket_id, const struct rte_eth_txconf *tx_conf)}.
     *
     * @param port   port id.
     * @param queue  tx queue index.
     * @param nbDesc ring size.
     * @param socket NUMA socket for the ring.
     * @param txConf NULL for the driver's defaults.
     * @return 0 or a negative errno.
     */
    public static int rte_eth_tx_queue_setup(final short port, final short queue, final short nbDesc, final int socket, final MemorySegment txConf)
    {
        try
        {
            return (int)rte_eth_tx_queue_setup.HANDLE.invokeExact(port, queue, nbDesc, socket, txConf);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eth_dev_start
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_dev_start", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    }

    /**
     * {@code int rte_eth_dev_start(uint16_t port_id)}.
     *
     * @param port port id.
     * @return 0 or a negative errno.
     */
    public static int rte_eth_dev_start(final short port)
    {
        try
        {
            return (int)rte_eth_dev_start.HANDLE.invokeExact(port);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eth_dev_stop
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_dev_stop", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    }

    /**
     * {@code int rte_eth_dev_stop(uint16_t port_id)}.
     *
     * @param port port id.
     * @return 0 or a negative errno.
     */
    public static int rte_eth_dev_stop(final short port)
    {
        try
        {
            return (int)rte_eth_dev_stop.HANDLE.invokeExact(port);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eth_dev_close
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_dev_close", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    }

    /**
     * {@code int rte_eth_dev_close(uint16_t port_id)}.
     *
     * @param port port id.
     * @return 0 or a negative errno.
     */
    public static int rte_eth_dev_close(final short port)
    {
        try
        {
            return (int)rte_eth_dev_close.HANDLE.invokeExact(port);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eth_macaddr_get
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_macaddr_get", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
    }

    /**
     * {@code int rte_eth_macaddr_get(uint16_t port_id, struct rte_ether_addr *mac_addr)}.
     *
     * @param port    port id.
     * @param macAddr output, 6 bytes.
     * @return 0 or a negative errno.
     */
    public static int rte_eth_macaddr_get(final short port, final MemorySegment macAddr)
    {
        try
        {
            return (int)rte_eth_macaddr_get.HANDLE.invokeExact(port, macAddr);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eth_dev_default_mac_addr_set
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_dev_default_mac_addr_set", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
    }

    /**
     * {@code int rte_eth_dev_default_mac_addr_set(uint16_t port_id, struct rte_ether_addr *mac_addr)}.
     *
     * @param port    port id.
     * @param macAddr the new default MAC, 6 bytes.
     * @return 0 or a negative errno.
     */
    public static int rte_eth_dev_default_mac_addr_set(final short port, final MemorySegment macAddr)
    {
        try
        {
            return (int)rte_eth_dev_default_mac_addr_set.HANDLE.invokeExact(port, macAddr);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eth_promiscuous_enable
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_promiscuous_enable", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    }

    /**
     * {@code int rte_eth_promiscuous_enable(uint16_t port_id)}.
     *
     * @param port port id.
     * @return 0 or a negative errno.
     */
    public static int rte_eth_promiscuous_enable(final short port)
    {
        try
        {
            return (int)rte_eth_promiscuous_enable.HANDLE.invokeExact(port);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eth_promiscuous_disable
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_promiscuous_disable", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    }

    /**
     * {@code int rte_eth_promiscuous_disable(uint16_t port_id)}.
     *
     * @param port port id.
     * @return 0 or a negative errno.
     */
    public static int rte_eth_promiscuous_disable(final short port)
    {
        try
        {
            return (int)rte_eth_promiscuous_disable.HANDLE.invokeExact(port);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eth_promiscuous_get
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_promiscuous_get", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    }

    /**
     * {@code int rte_eth_promiscuous_get(uint16_t port_id)}.
     *
     * @param port port id.
     * @return 1 when enabled, 0 when disabled, -1 on error.
     */
    public static int rte_eth_promiscuous_get(final short port)
    {
        try
        {
            return (int)rte_eth_promiscuous_get.HANDLE.invokeExact(port);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eth_stats_get
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_stats_get", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
    }

    /**
     * {@code int rte_eth_stats_get(uint16_t port_id, struct rte_eth_stats *stats)}.
     *
     * @param port  port id.
     * @param stats output of {@code sizeof(struct rte_eth_stats)} bytes (see MbufLayout).
     * @return 0 or a negative errno.
     */
    public static int rte_eth_stats_get(final short port, final MemorySegment stats)
    {
        try
        {
            return (int)rte_eth_stats_get.HANDLE.invokeExact(port, stats);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eth_stats_reset
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_stats_reset", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    }

    /**
     * {@code int rte_eth_stats_reset(uint16_t port_id)}.
     *
     * @param port port id.
     * @return 0 or a negative errno.
     */
    public static int rte_eth_stats_reset(final short port)
    {
        try
        {
            return (int)rte_eth_stats_reset.HANDLE.invokeExact(port);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eth_xstats_get_names
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_xstats_get_names", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, JAVA_INT));
    }

    /**
     * {@code int rte_eth_xstats_get_names(uint16_t port_id, struct rte_eth_xstat_name *xstats_names, unsigned int size)}.
     *
     * @param port  port id.
     * @param names output array of 64-byte names, or NULL to ask for the count.
     * @param size  capacity of {@code names}.
     * @return number of xstats (may exceed {@code size}), or a negative errno.
     */
    public static int rte_eth_xstats_get_names(final short port, final MemorySegment names, final int size)
    {
        try
        {
            return (int)rte_eth_xstats_get_names.HANDLE.invokeExact(port, names, size);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eth_xstats_get
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eth_xstats_get", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, JAVA_INT));
    }

    /**
     * {@code int rte_eth_xstats_get(uint16_t port_id, struct rte_eth_xstat *xstats, unsigned int n)}.
     *
     * @param port   port id.
     * @param xstats output array of {id, value} pairs of 64-bit integers, or NULL to ask for the count.
     * @param n      capacity of {@code xstats}.
     * @return number of xstats (may exceed {@code n}), or a negative errno.
     */
    public static int rte_eth_xstats_get(final short port, final MemorySegment xstats, final int n)
    {
        try
        {
            return (int)rte_eth_xstats_get.HANDLE.invokeExact(port, xstats, n);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }
}
