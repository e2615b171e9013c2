package net.dmmgw.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import net.dmmgw.dpdk.raw.DmmgwShim;

/**
 * Mbuf field access and the Java ports of prepend/adj/append/trim against DPDK's own inline
 * functions (called through the shim) on twin mbufs: same return values, same field changes.
 */
@ExtendWith(DpdkEnvironment.class)
class MbufOpsTest
{
    private static final int SMALL_ROOM = DpdkLayout.PKTMBUF_HEADROOM + 256;
    private static Mempool pool;
    private long java;
    private long dpdk;

    @BeforeAll
    static void createPool()
    {
        pool = Mempool.createPktmbufPool("mbuf-ops-test", 63, 0, SMALL_ROOM, Mempool.SOCKET_ID_ANY);
    }

    @AfterAll
    static void freePool()
    {
        pool.close();
    }

    @BeforeEach
    void allocTwins()
    {
        java = pool.alloc();
        dpdk = pool.alloc();
        assertNotEquals(0, java);
        assertNotEquals(0, dpdk);
        final byte[] frame = new byte[100];
        for (int i = 0; i < frame.length; i++)
        {
            frame[i] = (byte)i;
        }
        assertTrue(Mbuf.setData(java, frame));
        assertTrue(Mbuf.setData(dpdk, frame));
    }

    @AfterEach
    void freeTwins()
    {
        Mbuf.free(java);
        Mbuf.free(dpdk);
        assertEquals(pool.size(), pool.availableCount(), "no mbuf leaked");
    }

    @Test
    void shouldReadFreshMbufFieldsAsDpdkSetsThem()
    {
        final long m = pool.alloc();
        try
        {
            assertEquals(DpdkLayout.PKTMBUF_HEADROOM, Mbuf.dataOffset(m));
            assertEquals(0, Mbuf.dataLength(m));
            assertEquals(0, Mbuf.packetLength(m));
            assertEquals(1, Mbuf.segmentCount(m));
            assertEquals(1, Mbuf.refCount(m));
            assertEquals(0, Mbuf.next(m));
            assertEquals(SMALL_ROOM, Mbuf.bufLength(m));
            assertEquals(pool.address(), Mbuf.pool(m));
            assertEquals(Mbuf.bufAddress(m) + DpdkLayout.PKTMBUF_HEADROOM, Mbuf.dataAddress(m));
            assertEquals(256, Mbuf.tailroom(m));
        }
        finally
        {
            Mbuf.free(m);
        }
    }

    @Test
    void shouldPrependLikeRtePktmbufPrepend()
    {
        final long oldData = Mbuf.dataAddress(java);
        final long j = Mbuf.prepend(java, 40);
        final long d = DmmgwShim.dmmgw_pktmbuf_prepend(dpdk, (short)40);
        assertEquals(oldData - 40, j, "data pointer moves back by the prepended length");
        assertEquals(d - Mbuf.bufAddress(dpdk), j - Mbuf.bufAddress(java));
        assertTwinsEqual(140, 140);
        assertEquals(0, NativeMemory.getU8(Mbuf.dataAddress(java) + 40), "old data kept in place");

        assertEquals(0, Mbuf.prepend(java, DpdkLayout.PKTMBUF_HEADROOM));
        assertEquals(0, DmmgwShim.dmmgw_pktmbuf_prepend(dpdk, (short)DpdkLayout.PKTMBUF_HEADROOM));
        assertTwinsEqual(140, 140);
    }

    @Test
    void shouldAdjLikeRtePktmbufAdj()
    {
        final long oldData = Mbuf.dataAddress(java);
        final long j = Mbuf.adj(java, 14);
        final long d = DmmgwShim.dmmgw_pktmbuf_adj(dpdk, (short)14);
        assertEquals(oldData + 14, j);
        assertEquals(d - Mbuf.bufAddress(dpdk), j - Mbuf.bufAddress(java));
        assertEquals(14, NativeMemory.getU8(j), "data now starts at the old byte 14");
        assertTwinsEqual(86, 86);

        assertEquals(0, Mbuf.adj(java, 87));
        assertEquals(0, DmmgwShim.dmmgw_pktmbuf_adj(dpdk, (short)87));
        assertTwinsEqual(86, 86);
    }

    @Test
    void shouldAppendLikeRtePktmbufAppend()
    {
        final long j = Mbuf.append(java, 28);
        final long d = DmmgwShim.dmmgw_pktmbuf_append(dpdk, (short)28);
        assertEquals(Mbuf.dataAddress(java) + 100, j, "returns the old tail");
        assertEquals(d - Mbuf.bufAddress(dpdk), j - Mbuf.bufAddress(java));
        assertTwinsEqual(128, 128);

        final int tooMuch = Mbuf.tailroom(java) + 1;
        assertEquals(0, Mbuf.append(java, tooMuch));
        assertEquals(0, DmmgwShim.dmmgw_pktmbuf_append(dpdk, (short)tooMuch));
        assertTwinsEqual(128, 128);
    }

    @Test
    void shouldTrimLikeRtePktmbufTrim()
    {
        assertEquals(0, Mbuf.trim(java, 30));
        assertEquals(0, DmmgwShim.dmmgw_pktmbuf_trim(dpdk, (short)30));
        assertTwinsEqual(70, 70);
        assertEquals(-1, Mbuf.trim(java, 71));
        assertEquals(-1, DmmgwShim.dmmgw_pktmbuf_trim(dpdk, (short)71));
        assertTwinsEqual(70, 70);
    }

    @Test
    void shouldAppendAndTrimTheLastSegmentOfAChainLikeDpdk()
    {
        // Each twin becomes a two-segment chain: 100 bytes + 50 bytes.
        final long javaTail = pool.alloc();
        final long dpdkTail = pool.alloc();
        final byte[] tail = new byte[50];
        Arrays.fill(tail, (byte)0x5A);
        assertTrue(Mbuf.setData(javaTail, tail) && Mbuf.setData(dpdkTail, tail));
        assertTrue(Mbuf.chain(java, javaTail));
        assertTrue(Mbuf.chain(dpdk, dpdkTail));
        assertEquals(2, Mbuf.segmentCount(java));
        assertEquals(javaTail, Mbuf.lastSegment(java));
        assertTwinsEqual(100, 150);
        final byte[] data = Mbuf.copyData(java);
        assertEquals(150, data.length);
        assertEquals(99, data[99]);
        assertEquals(0x5A, data[100]);

        final long j = Mbuf.append(java, 10);
        final long d = DmmgwShim.dmmgw_pktmbuf_append(dpdk, (short)10);
        assertEquals(Mbuf.dataAddress(javaTail) + 50, j, "append grows the last segment");
        assertEquals(d - Mbuf.bufAddress(dpdkTail), j - Mbuf.bufAddress(javaTail));
        assertEquals(60, Mbuf.dataLength(javaTail));
        assertEquals(Mbuf.dataLength(dpdkTail), Mbuf.dataLength(javaTail));
        assertTwinsEqual(100, 160);

        assertEquals(0, Mbuf.trim(java, 60));
        assertEquals(0, DmmgwShim.dmmgw_pktmbuf_trim(dpdk, (short)60));
        assertEquals(0, Mbuf.dataLength(javaTail));
        assertTwinsEqual(100, 100);
        assertEquals(-1, Mbuf.trim(java, 1), "trim works on the last segment only");
        assertEquals(-1, DmmgwShim.dmmgw_pktmbuf_trim(dpdk, (short)1));
        // freeTwins() frees the heads; the tails go with them, or the pool count check fails.
    }

    @Test
    void shouldAllocAndFreeInBulk()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final int free = pool.availableCount();
            final MemorySegment mbufs = arena.allocate(JAVA_LONG, free + 1);
            assertFalse(pool.allocBulk(mbufs, free + 1), "all or nothing");
            assertEquals(free, pool.availableCount());
            assertTrue(pool.allocBulk(mbufs, free));
            assertEquals(0, pool.availableCount());
            assertEquals(0, pool.alloc(), "empty pool gives NULL, not an exception");
            Mbuf.freeBulk(mbufs, free);
            assertEquals(free, pool.availableCount());
        }
    }

    private void assertTwinsEqual(final int dataLength, final int packetLength)
    {
        assertEquals(dataLength, Mbuf.dataLength(java));
        assertEquals(packetLength, Mbuf.packetLength(java));
        assertEquals(Mbuf.dataOffset(dpdk), Mbuf.dataOffset(java), "data_off");
        assertEquals(Mbuf.dataLength(dpdk), Mbuf.dataLength(java), "data_len");
        assertEquals(Mbuf.packetLength(dpdk), Mbuf.packetLength(java), "pkt_len");
        assertEquals(Mbuf.segmentCount(dpdk), Mbuf.segmentCount(java), "nb_segs");
    }
}
