package net.dmmgw.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/** Port set-up, information and counters on net_null, and the set-up error paths. */
@ExtendWith(DpdkEnvironment.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EthDevTest
{
    private static Mempool pool;
    private static int port;

    @BeforeAll
    static void createPool()
    {
        pool = Mempool.createPktmbufPool("ethdev-test", 1023, 0, Mempool.DEFAULT_DATA_ROOM_SIZE,
            Mempool.SOCKET_ID_ANY);
        port = EthDev.portByName(DpdkEnvironment.NULL);
    }

    @AfterAll
    static void closePort()
    {
        if (EthDev.isValidPort(port))
        {
            EthDev.stop(port); // not closed: other classes look it up by name; EAL cleanup releases it
        }
        pool.close();
    }

    @Test
    @Order(1)
    void shouldFindEveryVdevByNameAndBack()
    {
        assertTrue(EthDev.count() >= 2, "ports: " + EthDev.count());
        for (final String name : new String[] {DpdkEnvironment.RING, DpdkEnvironment.NULL})
        {
            final int id = EthDev.portByName(name);
            assertTrue(EthDev.isValidPort(id));
            assertEquals(name, EthDev.name(id));
        }
        final DpdkException ex = assertThrows(DpdkException.class, () -> EthDev.portByName("net_nosuch9"));
        assertEquals("rte_eth_dev_get_port_by_name", ex.function());
        assertTrue(ex.returnCode() < 0);
        assertTrue(ex.getMessage().contains("net_nosuch9") && ex.getMessage().contains(DpdkEnvironment.RING),
            ex.getMessage());
    }

    @Test
    @Order(2)
    void shouldRefuseEveryCallOnAPortThatDoesNotExist()
    {
        final int missing = 200;
        assertFalse(EthDev.isValidPort(missing));
        assertFalse(EthDev.isValidPort(-1));
        assertFalse(EthDev.isValidPort(70_000));
        assertNoSuchPort(() -> EthDev.configure(missing, 1, 1), "rte_eth_dev_configure");
        assertNoSuchPort(() -> EthDev.setupRxQueue(missing, 0, 64, pool), "rte_eth_rx_queue_setup");
        assertNoSuchPort(() -> EthDev.setupTxQueue(missing, 0, 64), "rte_eth_tx_queue_setup");
        assertNoSuchPort(() -> EthDev.start(missing), "rte_eth_dev_start");
        assertNoSuchPort(() -> EthDev.stats(missing), "rte_eth_stats_get");
        assertNoSuchPort(() -> EthDev.xstats(missing), "rte_eth_xstats_get");
        assertNoSuchPort(() -> EthDev.macAddress(-1), "rte_eth_macaddr_get");
        assertNoSuchPort(() -> EthDev.link(70_000), "rte_eth_link_get_nowait");
    }

    @Test
    @Order(3)
    void shouldReportDriverLimitsAndLetDpdkRefuseTooManyQueues()
    {
        final DeviceInfo info = EthDev.info(port);
        assertEquals("net_null", info.driver());
        assertTrue(info.maxRxQueues() >= 1 && info.maxTxQueues() >= 1, info.toString());
        assertEquals("net_ring", EthDev.info(EthDev.portByName(DpdkEnvironment.RING)).driver());

        final DpdkException ex = assertThrows(DpdkException.class,
            () -> EthDev.configure(port, info.maxRxQueues() + 1, 1));
        assertEquals("rte_eth_dev_configure", ex.function());
        assertEquals(-22, ex.returnCode(), ex.getMessage());
    }

    @Test
    @Order(4)
    void shouldRefuseAnRxRingLargerThanThePool()
    {
        EthDev.configure(port, 1, 1);
        try (Mempool small = Mempool.createPktmbufPool("ethdev-small", 63, 0, Mempool.DEFAULT_DATA_ROOM_SIZE,
            Mempool.SOCKET_ID_ANY))
        {
            final DpdkException ex = assertThrows(DpdkException.class, () -> EthDev.setupRxQueue(port, 0, 128, small));
            assertEquals("rte_eth_rx_queue_setup", ex.function());
            assertEquals(-12, ex.returnCode(), "ENOMEM");
            assertTrue(ex.getMessage().contains("ethdev-small") && ex.getMessage().contains("63")
                && ex.getMessage().contains("128"), ex.getMessage());
        }
    }

    @Test
    @Order(5)
    void shouldReportDpdkErrorsForBadPoolsWithTheirText()
    {
        final DpdkException empty = assertThrows(DpdkException.class, () -> Mempool.createPktmbufPool(
            "ethdev-empty", 0, 0, Mempool.DEFAULT_DATA_ROOM_SIZE, Mempool.SOCKET_ID_ANY));
        assertEquals("rte_pktmbuf_pool_create", empty.function());
        assertTrue(empty.getMessage().contains("n=0"), empty.getMessage());

        // A duplicate name is refused by DPDK itself: rte_errno EEXIST through the shim.
        final DpdkException dup = assertThrows(DpdkException.class, () -> Mempool.createPktmbufPool(
            "ethdev-test", 63, 0, Mempool.DEFAULT_DATA_ROOM_SIZE, Mempool.SOCKET_ID_ANY));
        assertEquals(-17, dup.returnCode(), dup.getMessage());
        assertTrue(dup.errorText().toLowerCase().contains("exist"), dup.errorText());

        // A cache larger than DPDK allows: rte_errno EINVAL.
        final DpdkException cache = assertThrows(DpdkException.class, () -> Mempool.createPktmbufPool(
            "ethdev-cache", 63, 4096, Mempool.DEFAULT_DATA_ROOM_SIZE, Mempool.SOCKET_ID_ANY));
        assertEquals(-22, cache.returnCode(), cache.getMessage());
    }

    @Test
    @Order(6)
    void shouldStartAndReportMacLinkAndPromiscuousModeOrItsAbsence()
    {
        EthDev.setupRxQueue(port, 0, 64, pool);
        EthDev.setupTxQueue(port, 0, 64);
        EthDev.start(port);
        assertEquals(6, EthDev.macAddress(port).length);
        assertEquals(17, EthDev.formatMac(EthDev.macAddress(port)).length());
        final LinkStatus link = EthDev.link(port);
        assertTrue(link.up(), link.toString());
        assertTrue(link.speedMbps() > 0, link.toString());
        // net_null is always promiscuous: enabling is accepted, disabling is refused with DPDK's reason.
        EthDev.setPromiscuous(port, true);
        assertTrue(EthDev.isPromiscuous(port));
        final DpdkException ex = assertThrows(DpdkException.class, () -> EthDev.setPromiscuous(port, false));
        assertEquals("rte_eth_promiscuous_disable", ex.function());
        assertEquals(-95, ex.returnCode(), "ENOTSUP");
        assertTrue(ex.getMessage().contains("not supported"), ex.getMessage());
        assertTrue(EthDev.isPromiscuous(port));
        // The port's own address is settable (what a NIC's unicast filter accepts) and read back as set.
        final byte[] mac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x7E};
        EthDev.setMacAddress(port, mac);
        assertEquals("02:00:00:00:00:7e", EthDev.formatMac(EthDev.macAddress(port)));
        assertThrows(IllegalArgumentException.class, () -> EthDev.setMacAddress(port, new byte[5]));
    }

    @Test
    @Order(7)
    void shouldCountReceivedPacketsInStatsAndXstats()
    {
        EthDev.resetStats(port);
        final int before = pool.availableCount();
        long received = 0;
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment burst = arena.allocate(JAVA_LONG, 32);
            for (int i = 0; i < 10; i++)
            {
                final int n = EthDev.rxBurst(port, 0, burst, 32);
                for (int k = 0; k < n; k++)
                {
                    final long m = burst.getAtIndex(JAVA_LONG, k);
                    assertNotEquals(0, m);
                    assertEquals(pool.address(), Mbuf.pool(m), "net_null fills from the queue's pool");
                    assertEquals(64, Mbuf.dataLength(m), "net_null's default packet size");
                }
                received += n;
                Mbuf.freeBulk(burst, n);
            }
        }
        assertEquals(320, received, "net_null always has a full burst");
        assertEquals(before, pool.availableCount(), "every mbuf went back");
        final PortStats stats = EthDev.stats(port);
        assertEquals(received, stats.inPackets());
        // net_null counts packets only: its byte counters stay 0, so they are not checked here.
        final Map<String, Long> xstats = EthDev.xstats(port);
        assertEquals(received, xstats.get("rx_good_packets"), xstats.toString());
        assertEquals(received, xstats.get("rx_q0_packets"), xstats.toString());
        EthDev.resetStats(port);
        assertEquals(0, EthDev.stats(port).inPackets());
    }

    private static void assertNoSuchPort(final Executable call, final String function)
    {
        final DpdkException ex = assertThrows(DpdkException.class, call);
        assertEquals(function, ex.function());
        assertEquals(-19, ex.returnCode(), "ENODEV");
        assertTrue(ex.getMessage().contains("does not exist"), ex.getMessage());
    }
}
