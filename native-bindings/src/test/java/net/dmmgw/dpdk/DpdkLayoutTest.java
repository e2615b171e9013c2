package net.dmmgw.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The Java struct constants against the shim's offsetof/sizeof table, so that running on a DPDK
 * build with another layout fails here (and in Eal.init) instead of corrupting memory.
 */
class DpdkLayoutTest
{
    // Order of enum dmmgw_layout_index in dmmgw_dpdk.h.
    private static final int SIZE = 0;

    @Test
    void shouldMatchEveryMbufFieldOffsetOfThisDpdkBuild()
    {
        final int[] t = DpdkLayout.nativeTable();
        assertEquals(t[SIZE], DpdkLayout.MBUF_SIZE, "sizeof(rte_mbuf)");
        assertEquals(t[1], DpdkLayout.MBUF_BUF_ADDR, "buf_addr");
        assertEquals(t[2], DpdkLayout.MBUF_DATA_OFF, "data_off");
        assertEquals(t[3], DpdkLayout.MBUF_REFCNT, "refcnt");
        assertEquals(t[4], DpdkLayout.MBUF_NB_SEGS, "nb_segs");
        assertEquals(t[5], DpdkLayout.MBUF_PORT, "port");
        assertEquals(t[6], DpdkLayout.MBUF_OL_FLAGS, "ol_flags");
        assertEquals(t[7], DpdkLayout.MBUF_PACKET_TYPE, "packet_type");
        assertEquals(t[8], DpdkLayout.MBUF_PKT_LEN, "pkt_len");
        assertEquals(t[9], DpdkLayout.MBUF_DATA_LEN, "data_len");
        assertEquals(t[10], DpdkLayout.MBUF_VLAN_TCI, "vlan_tci");
        assertEquals(t[11], DpdkLayout.MBUF_HASH, "hash");
        assertEquals(t[12], DpdkLayout.MBUF_BUF_LEN, "buf_len");
        assertEquals(t[13], DpdkLayout.MBUF_POOL, "pool");
        assertEquals(t[14], DpdkLayout.MBUF_NEXT, "next");
        assertEquals(t[15], DpdkLayout.MBUF_TX_OFFLOAD, "tx_offload");
        assertEquals(t[16], DpdkLayout.PKTMBUF_HEADROOM, "RTE_PKTMBUF_HEADROOM");
    }

    @Test
    void shouldMatchEthStatsXstatAndEtherAddrLayouts()
    {
        final int[] t = DpdkLayout.nativeTable();
        assertEquals(t[17], DpdkLayout.ETH_STATS_SIZE, "sizeof(rte_eth_stats)");
        assertEquals(t[18], DpdkLayout.ETH_STATS_IPACKETS);
        assertEquals(t[19], DpdkLayout.ETH_STATS_OPACKETS);
        assertEquals(t[20], DpdkLayout.ETH_STATS_IBYTES);
        assertEquals(t[21], DpdkLayout.ETH_STATS_OBYTES);
        assertEquals(t[22], DpdkLayout.ETH_STATS_IMISSED);
        assertEquals(t[23], DpdkLayout.ETH_STATS_IERRORS);
        assertEquals(t[24], DpdkLayout.ETH_STATS_OERRORS);
        assertEquals(t[25], DpdkLayout.ETH_STATS_RX_NOMBUF);
        assertEquals(t[26], DpdkLayout.ETH_XSTAT_SIZE);
        assertEquals(t[27], DpdkLayout.ETH_XSTAT_NAME_SIZE);
        assertEquals(t[28], DpdkLayout.ETHER_ADDR_SIZE);
    }

    @Test
    void shouldCoverTheWholeShimTableAndVerifyCleanly()
    {
        final int[] t = DpdkLayout.nativeTable();
        assertEquals(t.length, DpdkLayout.EXPECTED.length, "the shim knows fields Java does not check");
        assertEquals(t.length, DpdkLayout.NAMES.length);
        assertArrayEquals(t, DpdkLayout.EXPECTED);
        assertTrue(DpdkLayout.mismatches().isEmpty(), () -> DpdkLayout.mismatches().toString());
        assertDoesNotThrow(DpdkLayout::verify);
    }
}
