package net.dmmgw.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import net.dmmgw.dpdk.raw.DmmgwShim;

/**
 * Sizes and field offsets of the DPDK 22.11 (x86-64) structs read from Java, as compile-time
 * constants so the JIT folds them into the per-packet code.
 *
 * <p>They are not trusted blindly: {@link #mismatches()} compares every constant with the
 * shim's {@code offsetof}/{@code sizeof} table ({@code dmmgw_layout}), and {@link Eal#init}
 * refuses to start EAL when anything differs, so a different DPDK build fails loudly at start
 * instead of corrupting memory. The order of {@link #EXPECTED} is the order of
 * {@code enum dmmgw_layout_index} in {@code dmmgw_dpdk.h}.
 */
public final class DpdkLayout
{
    /** {@code sizeof(struct rte_mbuf)}. */
    public static final int MBUF_SIZE = 128;
    /** {@code void *buf_addr}. */
    public static final int MBUF_BUF_ADDR = 0;
    /** {@code uint16_t data_off}: start of the data, relative to {@code buf_addr}. */
    public static final int MBUF_DATA_OFF = 16;
    /** {@code uint16_t refcnt}. */
    public static final int MBUF_REFCNT = 18;
    /** {@code uint16_t nb_segs}. */
    public static final int MBUF_NB_SEGS = 20;
    /** {@code uint16_t port}: input port. */
    public static final int MBUF_PORT = 22;
    /** {@code uint64_t ol_flags}. */
    public static final int MBUF_OL_FLAGS = 24;
    /** {@code uint32_t packet_type}. */
    public static final int MBUF_PACKET_TYPE = 32;
    /** {@code uint32_t pkt_len}: total length over all segments. */
    public static final int MBUF_PKT_LEN = 36;
    /** {@code uint16_t data_len}: length of this segment's data. */
    public static final int MBUF_DATA_LEN = 40;
    /** {@code uint16_t vlan_tci}. */
    public static final int MBUF_VLAN_TCI = 42;
    /** {@code union hash} (RSS hash in its first 32 bits). */
    public static final int MBUF_HASH = 44;
    /** {@code uint16_t buf_len}: size of the buffer at {@code buf_addr}. */
    public static final int MBUF_BUF_LEN = 54;
    /** {@code struct rte_mempool *pool}. */
    public static final int MBUF_POOL = 56;
    /** {@code struct rte_mbuf *next}: next segment. */
    public static final int MBUF_NEXT = 64;
    /** {@code uint64_t tx_offload}. */
    public static final int MBUF_TX_OFFLOAD = 72;
    /** {@code RTE_PKTMBUF_HEADROOM}: data offset of a freshly allocated mbuf. */
    public static final int PKTMBUF_HEADROOM = 128;
    /** {@code sizeof(struct rte_eth_stats)}. */
    public static final int ETH_STATS_SIZE = 704;
    /** {@code uint64_t ipackets}. */
    public static final int ETH_STATS_IPACKETS = 0;
    /** {@code uint64_t opackets}. */
    public static final int ETH_STATS_OPACKETS = 8;
    /** {@code uint64_t ibytes}. */
    public static final int ETH_STATS_IBYTES = 16;
    /** {@code uint64_t obytes}. */
    public static final int ETH_STATS_OBYTES = 24;
    /** {@code uint64_t imissed}. */
    public static final int ETH_STATS_IMISSED = 32;
    /** {@code uint64_t ierrors}. */
    public static final int ETH_STATS_IERRORS = 40;
    /** {@code uint64_t oerrors}. */
    public static final int ETH_STATS_OERRORS = 48;
    /** {@code uint64_t rx_nombuf}. */
    public static final int ETH_STATS_RX_NOMBUF = 56;
    /** {@code sizeof(struct rte_eth_xstat)}: {@code {uint64_t id; uint64_t value;}}. */
    public static final int ETH_XSTAT_SIZE = 16;
    /** {@code sizeof(struct rte_eth_xstat_name)}: {@code char name[64]}. */
    public static final int ETH_XSTAT_NAME_SIZE = 64;
    /** {@code sizeof(struct rte_ether_addr)}. */
    public static final int ETHER_ADDR_SIZE = 6;

    /** Names of the entries of {@link #EXPECTED}, for error messages. */
    static final String[] NAMES = {
        "sizeof(rte_mbuf)", "rte_mbuf.buf_addr", "rte_mbuf.data_off", "rte_mbuf.refcnt", "rte_mbuf.nb_segs",
        "rte_mbuf.port", "rte_mbuf.ol_flags", "rte_mbuf.packet_type", "rte_mbuf.pkt_len", "rte_mbuf.data_len",
        "rte_mbuf.vlan_tci", "rte_mbuf.hash", "rte_mbuf.buf_len", "rte_mbuf.pool", "rte_mbuf.next",
        "rte_mbuf.tx_offload", "RTE_PKTMBUF_HEADROOM", "sizeof(rte_eth_stats)", "rte_eth_stats.ipackets",
        "rte_eth_stats.opackets", "rte_eth_stats.ibytes", "rte_eth_stats.obytes", "rte_eth_stats.imissed",
        "rte_eth_stats.ierrors", "rte_eth_stats.oerrors", "rte_eth_stats.rx_nombuf", "sizeof(rte_eth_xstat)",
        "sizeof(rte_eth_xstat_name)", "sizeof(rte_ether_addr)"};

    /** The Java constants in the shim's table order. */
    static final int[] EXPECTED = {
        MBUF_SIZE, MBUF_BUF_ADDR, MBUF_DATA_OFF, MBUF_REFCNT, MBUF_NB_SEGS, MBUF_PORT, MBUF_OL_FLAGS,
        MBUF_PACKET_TYPE, MBUF_PKT_LEN, MBUF_DATA_LEN, MBUF_VLAN_TCI, MBUF_HASH, MBUF_BUF_LEN, MBUF_POOL,
        MBUF_NEXT, MBUF_TX_OFFLOAD, PKTMBUF_HEADROOM, ETH_STATS_SIZE, ETH_STATS_IPACKETS, ETH_STATS_OPACKETS,
        ETH_STATS_IBYTES, ETH_STATS_OBYTES, ETH_STATS_IMISSED, ETH_STATS_IERRORS, ETH_STATS_OERRORS,
        ETH_STATS_RX_NOMBUF, ETH_XSTAT_SIZE, ETH_XSTAT_NAME_SIZE, ETHER_ADDR_SIZE};

    private DpdkLayout()
    {
    }

    /**
     * Reads the shim's layout table ({@code dmmgw_layout}); needs no EAL.
     *
     * @return every size/offset the shim reports, in {@code enum dmmgw_layout_index} order.
     */
    public static int[] nativeTable()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final int count = DmmgwShim.dmmgw_layout(MemorySegment.NULL, 0);
            final MemorySegment out = arena.allocate(JAVA_INT, Math.max(1, count));
            DmmgwShim.dmmgw_layout(out, count);
            return out.asSlice(0, (long)count * Integer.BYTES).toArray(JAVA_INT);
        }
    }

    /**
     * Compares every Java constant with the native table.
     *
     * @return one line per difference ({@code "rte_mbuf.pkt_len: Java 36, DPDK 40"}); empty when all agree.
     */
    public static List<String> mismatches()
    {
        final int[] nativeValues = nativeTable();
        final List<String> out = new ArrayList<>();
        if (nativeValues.length != EXPECTED.length)
        {
            out.add("layout table has " + nativeValues.length + " entries, Java expects " + EXPECTED.length);
        }
        for (int i = 0; i < Math.min(nativeValues.length, EXPECTED.length); i++)
        {
            if (nativeValues[i] != EXPECTED[i])
            {
                out.add(NAMES[i] + ": Java " + EXPECTED[i] + ", DPDK " + nativeValues[i]);
            }
        }
        return out;
    }

    /**
     * Throws unless every constant matches this DPDK build.
     *
     * @throws DpdkException naming each differing field.
     */
    public static void verify()
    {
        final List<String> diff = mismatches();
        if (!diff.isEmpty())
        {
            throw new DpdkException("dmmgw_layout", -Errno.EINVAL,
                "struct layout of this DPDK build differs from the Java constants: " + String.join("; ", diff),
                "checking DpdkLayout before EAL init");
        }
    }
}
