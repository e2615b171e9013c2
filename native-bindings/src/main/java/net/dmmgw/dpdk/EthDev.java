package net.dmmgw.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.dmmgw.dpdk.raw.DmmgwShim;
import net.dmmgw.dpdk.raw.RteEthdev;

/**
 * DPDK ethernet ports by port id: set-up, information, counters, and the rx/tx burst fast path.
 *
 * <p>Set-up and information methods check that EAL is running and that the port exists
 * ({@code rte_eth_dev_is_valid_port}) and turn DPDK errors into {@link DpdkException}; they may
 * allocate. The burst methods check nothing and never allocate: the port must be started and
 * {@code mbufs} must be a native array of at least {@code n} pointers, allocated once.
 *
 * <p>Bursts come in three linkages (see {@code perf/RESULTS.md} for the measured difference):
 * {@link #rxBurst}/{@link #txBurst} use {@code Linker.Option.critical(false)}, the
 * {@code *Plain} variants a normal downcall, and the {@code *Heap} variants
 * {@code critical(true)}, which also accept a heap segment ({@code MemorySegment.ofArray(long[])}).
 */
public final class EthDev
{
    /** {@code RTE_ETH_NAME_MAX_LEN}. */
    public static final int NAME_MAX_LENGTH = 64;

    /** Entries of {@code enum dmmgw_dev_info_index} read by {@link #info}. */
    private static final int INFO_VALUES = 7;

    private EthDev()
    {
    }

    /** @return number of usable ports ({@code rte_eth_dev_count_avail}). */
    public static int count()
    {
        Eal.requireRunning("rte_eth_dev_count_avail");
        return RteEthdev.rte_eth_dev_count_avail() & 0xFFFF;
    }

    /**
     * @param port port id.
     * @return true when EAL runs and the port exists.
     */
    public static boolean isValidPort(final int port)
    {
        return Eal.isRunning() && port >= 0 && port <= 0xFFFF && RteEthdev.rte_eth_dev_is_valid_port((short)port) == 1;
    }

    /**
     * {@code rte_eth_dev_get_port_by_name}.
     *
     * @param name device name as given to {@code --vdev}, e.g. {@code net_ring0}.
     * @return the port id.
     * @throws DpdkException when no such device exists.
     */
    public static int portByName(final String name)
    {
        final String function = "rte_eth_dev_get_port_by_name";
        Eal.requireRunning(function);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment portId = arena.allocate(JAVA_SHORT);
            final int rc = RteEthdev.rte_eth_dev_get_port_by_name(arena.allocateFrom(name), portId);
            if (rc != 0)
            {
                throw new DpdkException(function, rc, "no such device (ports: " + names() + ")", "device '" + name + "'");
            }
            return portId.get(JAVA_SHORT, 0) & 0xFFFF;
        }
    }

    /**
     * {@code rte_eth_dev_get_name_by_port}.
     *
     * @param port port id.
     * @return the device name.
     */
    public static String name(final int port)
    {
        final String function = "rte_eth_dev_get_name_by_port";
        checkPort(port, function);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment name = arena.allocate(NAME_MAX_LENGTH);
            check(function, RteEthdev.rte_eth_dev_get_name_by_port((short)port, name), port);
            return name.getString(0);
        }
    }

    /**
     * @param port port id.
     * @return NUMA socket of the port, or {@link Mempool#SOCKET_ID_ANY} when unknown.
     */
    public static int socketId(final int port)
    {
        checkPort(port, "rte_eth_dev_socket_id");
        final int socket = RteEthdev.rte_eth_dev_socket_id((short)port);
        return socket < 0 ? Mempool.SOCKET_ID_ANY : socket;
    }

    /**
     * {@code rte_eth_dev_info_get}, reduced to {@link DeviceInfo}.
     *
     * @param port port id.
     * @return the driver's limits and capabilities.
     */
    public static DeviceInfo info(final int port)
    {
        final String function = "rte_eth_dev_info_get";
        checkPort(port, function);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment driver = arena.allocate(NAME_MAX_LENGTH);
            final MemorySegment v = arena.allocate(JAVA_LONG, INFO_VALUES);
            check(function, DmmgwShim.dmmgw_eth_dev_info((short)port, driver, NAME_MAX_LENGTH, v, INFO_VALUES), port);
            return new DeviceInfo(driver.getString(0),
                (int)v.getAtIndex(JAVA_LONG, 0), (int)v.getAtIndex(JAVA_LONG, 1), v.getAtIndex(JAVA_LONG, 2),
                (int)v.getAtIndex(JAVA_LONG, 3), (int)v.getAtIndex(JAVA_LONG, 4),
                v.getAtIndex(JAVA_LONG, 5), v.getAtIndex(JAVA_LONG, 6));
        }
    }

    /**
     * {@code rte_eth_dev_configure} with no offloads and no RSS.
     *
     * @param port port id.
     * @param nbRx rx queues.
     * @param nbTx tx queues.
     */
    public static void configure(final int port, final int nbRx, final int nbTx)
    {
        final String function = "rte_eth_dev_configure";
        checkPort(port, function);
        checkU16(function, "queue count", nbRx, port);
        checkU16(function, "queue count", nbTx, port);
        check(function, DmmgwShim.dmmgw_eth_dev_configure((short)port, (short)nbRx, (short)nbTx), port);
    }

    /**
     * {@code rte_eth_rx_queue_setup} with the driver's default rx configuration.
     *
     * <p>Refuses a ring larger than the pool's free mbufs: a NIC fills every descriptor at start and
     * would fail there or starve the pool; virtual devices would accept it silently.
     *
     * @param port   port id (configured, stopped).
     * @param queue  queue index.
     * @param nbDesc ring size.
     * @param pool   pool that feeds the queue.
     */
    public static void setupRxQueue(final int port, final int queue, final int nbDesc, final Mempool pool)
    {
        final String function = "rte_eth_rx_queue_setup";
        checkPort(port, function);
        checkU16(function, "descriptor count", nbDesc, port);
        final int available = pool.availableCount();
        if (nbDesc > available)
        {
            throw new DpdkException(function, -Errno.ENOMEM, "mempool '" + pool.name() + "' has " + available
                + " free mbufs, fewer than the " + nbDesc + " rx descriptors to fill",
                "port " + port + ", rx queue " + queue);
        }
        check(function, RteEthdev.rte_eth_rx_queue_setup((short)port, (short)queue, (short)nbDesc,
            socketId(port), MemorySegment.NULL, pool.address()), port);
    }

    /**
     * {@code rte_eth_tx_queue_setup} with the driver's default tx configuration.
     *
     * @param port   port id (configured, stopped).
     * @param queue  queue index.
     * @param nbDesc ring size.
     */
    public static void setupTxQueue(final int port, final int queue, final int nbDesc)
    {
        final String function = "rte_eth_tx_queue_setup";
        checkPort(port, function);
        checkU16(function, "descriptor count", nbDesc, port);
        check(function, RteEthdev.rte_eth_tx_queue_setup((short)port, (short)queue, (short)nbDesc,
            socketId(port), MemorySegment.NULL), port);
    }

    /**
     * Configures one rx and one tx queue and starts the port: the common case for tests and tools.
     *
     * @param port   port id.
     * @param pool   pool feeding rx queue 0.
     * @param nbDesc ring size of both queues.
     */
    public static void startSingleQueue(final int port, final Mempool pool, final int nbDesc)
    {
        configure(port, 1, 1);
        setupRxQueue(port, 0, nbDesc, pool);
        setupTxQueue(port, 0, nbDesc);
        start(port);
    }

    /** @param port port id to start ({@code rte_eth_dev_start}). */
    public static void start(final int port)
    {
        checkPort(port, "rte_eth_dev_start");
        check("rte_eth_dev_start", RteEthdev.rte_eth_dev_start((short)port), port);
    }

    /** @param port port id to stop ({@code rte_eth_dev_stop}); net_pcap flushes its tx file here. */
    public static void stop(final int port)
    {
        checkPort(port, "rte_eth_dev_stop");
        check("rte_eth_dev_stop", RteEthdev.rte_eth_dev_stop((short)port), port);
    }

    /** @param port stopped port id to close ({@code rte_eth_dev_close}); the id becomes invalid. */
    public static void close(final int port)
    {
        checkPort(port, "rte_eth_dev_close");
        check("rte_eth_dev_close", RteEthdev.rte_eth_dev_close((short)port), port);
    }

    /**
     * @param port port id.
     * @return the port's MAC address, 6 bytes ({@code rte_eth_macaddr_get}).
     */
    public static byte[] macAddress(final int port)
    {
        checkPort(port, "rte_eth_macaddr_get");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment mac = arena.allocate(DpdkLayout.ETHER_ADDR_SIZE);
            check("rte_eth_macaddr_get", RteEthdev.rte_eth_macaddr_get((short)port, mac), port);
            return mac.toArray(JAVA_BYTE);
        }
    }

    /**
     * Makes {@code mac} the port's own address ({@code rte_eth_dev_default_mac_addr_set}): the one a NIC's unicast
     * filter accepts (on {@code net_af_packet} the kernel interface's address).
     *
     * @param port port id.
     * @param mac  6 bytes, unicast.
     */
    public static void setMacAddress(final int port, final byte[] mac)
    {
        if (mac.length != DpdkLayout.ETHER_ADDR_SIZE)
        {
            throw new IllegalArgumentException("a MAC has 6 bytes, got " + mac.length);
        }
        checkPort(port, "rte_eth_dev_default_mac_addr_set");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(DpdkLayout.ETHER_ADDR_SIZE);
            MemorySegment.copy(mac, 0, segment, JAVA_BYTE, 0, mac.length);
            check("rte_eth_dev_default_mac_addr_set",
                RteEthdev.rte_eth_dev_default_mac_addr_set((short)port, segment), port);
        }
    }

    /**
     * @param mac 6 bytes.
     * @return {@code 02:00:00:00:00:01} form.
     */
    public static String formatMac(final byte[] mac)
    {
        final StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < mac.length; i++)
        {
            if (i > 0)
            {
                sb.append(':');
            }
            sb.append(Character.forDigit((mac[i] >> 4) & 0xF, 16)).append(Character.forDigit(mac[i] & 0xF, 16));
        }
        return sb.toString();
    }

    /**
     * Enables or disables promiscuous mode.
     *
     * @param port    port id.
     * @param enabled wanted state.
     */
    public static void setPromiscuous(final int port, final boolean enabled)
    {
        final String function = enabled ? "rte_eth_promiscuous_enable" : "rte_eth_promiscuous_disable";
        checkPort(port, function);
        check(function, enabled
            ? RteEthdev.rte_eth_promiscuous_enable((short)port)
            : RteEthdev.rte_eth_promiscuous_disable((short)port), port);
    }

    /**
     * @param port port id.
     * @return true when promiscuous mode is on.
     */
    public static boolean isPromiscuous(final int port)
    {
        checkPort(port, "rte_eth_promiscuous_get");
        final int rc = RteEthdev.rte_eth_promiscuous_get((short)port);
        check("rte_eth_promiscuous_get", Math.min(rc, 0), port);
        return rc == 1;
    }

    /**
     * @param port port id.
     * @return link state without waiting ({@code rte_eth_link_get_nowait}).
     */
    public static LinkStatus link(final int port)
    {
        checkPort(port, "rte_eth_link_get_nowait");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment out = arena.allocate(JAVA_INT, 3);
            check("rte_eth_link_get_nowait", DmmgwShim.dmmgw_eth_link((short)port,
                out, out.asSlice(Integer.BYTES), out.asSlice(2L * Integer.BYTES)), port);
            return new LinkStatus(out.getAtIndex(JAVA_INT, 0), out.getAtIndex(JAVA_INT, 1) != 0,
                out.getAtIndex(JAVA_INT, 2) != 0);
        }
    }

    /**
     * @param port port id.
     * @return basic counters ({@code rte_eth_stats_get}).
     */
    public static PortStats stats(final int port)
    {
        checkPort(port, "rte_eth_stats_get");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment s = arena.allocate(DpdkLayout.ETH_STATS_SIZE, Long.BYTES);
            check("rte_eth_stats_get", RteEthdev.rte_eth_stats_get((short)port, s), port);
            return new PortStats(
                s.get(JAVA_LONG, DpdkLayout.ETH_STATS_IPACKETS), s.get(JAVA_LONG, DpdkLayout.ETH_STATS_OPACKETS),
                s.get(JAVA_LONG, DpdkLayout.ETH_STATS_IBYTES), s.get(JAVA_LONG, DpdkLayout.ETH_STATS_OBYTES),
                s.get(JAVA_LONG, DpdkLayout.ETH_STATS_IMISSED), s.get(JAVA_LONG, DpdkLayout.ETH_STATS_IERRORS),
                s.get(JAVA_LONG, DpdkLayout.ETH_STATS_OERRORS), s.get(JAVA_LONG, DpdkLayout.ETH_STATS_RX_NOMBUF));
        }
    }

    /** @param port port id whose basic counters are zeroed ({@code rte_eth_stats_reset}). */
    public static void resetStats(final int port)
    {
        checkPort(port, "rte_eth_stats_reset");
        check("rte_eth_stats_reset", RteEthdev.rte_eth_stats_reset((short)port), port);
    }

    /**
     * Extended counters by name ({@code rte_eth_xstats_get_names} + {@code rte_eth_xstats_get}).
     *
     * @param port port id.
     * @return name to value, in the driver's order.
     */
    public static Map<String, Long> xstats(final int port)
    {
        checkPort(port, "rte_eth_xstats_get");
        final int count = RteEthdev.rte_eth_xstats_get_names((short)port, MemorySegment.NULL, 0);
        check("rte_eth_xstats_get_names", Math.min(count, 0), port);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment names = arena.allocate((long)DpdkLayout.ETH_XSTAT_NAME_SIZE * Math.max(count, 1));
            final MemorySegment values = arena.allocate((long)DpdkLayout.ETH_XSTAT_SIZE * Math.max(count, 1), 8);
            final int nameCount = RteEthdev.rte_eth_xstats_get_names((short)port, names, count);
            check("rte_eth_xstats_get_names", Math.min(nameCount, 0), port);
            final int valueCount = RteEthdev.rte_eth_xstats_get((short)port, values, count);
            check("rte_eth_xstats_get", Math.min(valueCount, 0), port);
            final Map<String, Long> out = new LinkedHashMap<>();
            for (int i = 0; i < Math.min(Math.min(nameCount, valueCount), count); i++)
            {
                final long id = values.get(JAVA_LONG, (long)i * DpdkLayout.ETH_XSTAT_SIZE);
                final long value = values.get(JAVA_LONG, (long)i * DpdkLayout.ETH_XSTAT_SIZE + Long.BYTES);
                if (id >= 0 && id < nameCount)
                {
                    out.put(names.getString(id * DpdkLayout.ETH_XSTAT_NAME_SIZE), value);
                }
            }
            return out;
        }
    }

    /**
     * Allocates a burst array of {@code n} mbuf pointers in the global arena (never freed: create
     * one per worker at start). Why global: passing a segment to a downcall keeps its arena alive
     * for the call, which costs an atomic acquire/release for a shared arena and a counter for a
     * confined one, and nothing for the global arena (see perf/RESULTS.md).
     *
     * @param n number of pointers.
     * @return a zeroed native segment of {@code n * 8} bytes.
     */
    public static MemorySegment newBurstArray(final int n)
    {
        return Arena.global().allocate(JAVA_LONG, n);
    }

    /**
     * Receives up to {@code n} packets ({@code rte_eth_rx_burst}, {@code critical(false)} linkage).
     *
     * @param port  started port id.
     * @param queue rx queue.
     * @param mbufs native array of at least {@code n} pointers, filled with received mbuf addresses.
     * @param n     maximum packets, 1..65535.
     * @return number of packets received.
     */
    public static int rxBurst(final int port, final int queue, final MemorySegment mbufs, final int n)
    {
        return DmmgwShim.dmmgw_rx_burst((short)port, (short)queue, mbufs, (short)n) & 0xFFFF;
    }

    /**
     * {@link #rxBurst} through a plain downcall (with the thread-state transition).
     *
     * @param port  started port id.
     * @param queue rx queue.
     * @param mbufs native array of at least {@code n} pointers.
     * @param n     maximum packets.
     * @return number of packets received.
     */
    public static int rxBurstPlain(final int port, final int queue, final MemorySegment mbufs, final int n)
    {
        return DmmgwShim.dmmgw_rx_burst_plain((short)port, (short)queue, mbufs, (short)n) & 0xFFFF;
    }

    /**
     * {@link #rxBurst} with {@code critical(true)}: {@code mbufs} may be a heap segment.
     *
     * @param port  started port id.
     * @param queue rx queue.
     * @param mbufs native or heap ({@code MemorySegment.ofArray(long[])}) array of at least {@code n} pointers.
     * @param n     maximum packets.
     * @return number of packets received.
     */
    public static int rxBurstHeap(final int port, final int queue, final MemorySegment mbufs, final int n)
    {
        return DmmgwShim.dmmgw_rx_burst_heap((short)port, (short)queue, mbufs, (short)n) & 0xFFFF;
    }

    /**
     * Queues up to {@code n} packets for transmission ({@code rte_eth_tx_burst}, {@code critical(false)}).
     * The driver owns the accepted mbufs; the caller still owns (and must free or retry) the rest,
     * which are {@code mbufs[sent..n-1]}.
     *
     * @param port  started port id.
     * @param queue tx queue.
     * @param mbufs native array of at least {@code n} mbuf pointers.
     * @param n     packets to send.
     * @return number of packets accepted.
     */
    public static int txBurst(final int port, final int queue, final MemorySegment mbufs, final int n)
    {
        return DmmgwShim.dmmgw_tx_burst((short)port, (short)queue, mbufs, (short)n) & 0xFFFF;
    }

    /**
     * {@link #txBurst} through a plain downcall.
     *
     * @param port  started port id.
     * @param queue tx queue.
     * @param mbufs native array of at least {@code n} mbuf pointers.
     * @param n     packets to send.
     * @return number of packets accepted.
     */
    public static int txBurstPlain(final int port, final int queue, final MemorySegment mbufs, final int n)
    {
        return DmmgwShim.dmmgw_tx_burst_plain((short)port, (short)queue, mbufs, (short)n) & 0xFFFF;
    }

    /**
     * {@link #txBurst} with {@code critical(true)}: {@code mbufs} may be a heap segment.
     *
     * @param port  started port id.
     * @param queue tx queue.
     * @param mbufs native or heap array of at least {@code n} mbuf pointers.
     * @param n     packets to send.
     * @return number of packets accepted.
     */
    public static int txBurstHeap(final int port, final int queue, final MemorySegment mbufs, final int n)
    {
        return DmmgwShim.dmmgw_tx_burst_heap((short)port, (short)queue, mbufs, (short)n) & 0xFFFF;
    }

    private static void checkPort(final int port, final String function)
    {
        Eal.requireRunning(function);
        if (!isValidPort(port))
        {
            throw new DpdkException(function, -Errno.ENODEV,
                "port " + port + " does not exist (ports: " + names() + ")", "port " + port);
        }
    }

    private static void checkU16(final String function, final String what, final int value, final int port)
    {
        if (value < 0 || value > 0xFFFF)
        {
            throw new DpdkException(function, -Errno.EINVAL, what + " must be 0..65535, got " + value, "port " + port);
        }
    }

    private static void check(final String function, final int rc, final int port)
    {
        if (rc < 0)
        {
            throw DpdkException.ofReturnCode(function, rc, "port " + port);
        }
    }

    private static List<String> names()
    {
        final List<String> out = new ArrayList<>();
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment name = arena.allocate(NAME_MAX_LENGTH);
            for (int port = 0; port < 1024; port++)
            {
                if (RteEthdev.rte_eth_dev_is_valid_port((short)port) == 1
                    && RteEthdev.rte_eth_dev_get_name_by_port((short)port, name) == 0)
                {
                    out.add(port + "=" + name.getString(0));
                }
            }
        }
        return out;
    }
}
