package net.dmmgw.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import net.dmmgw.dpdk.raw.RteEal;
import net.dmmgw.dpdk.tools.Ipv6Frames;

/**
 * {@link Mempool#createPktmbufPoolOnHugeAnon} (and {@link Mempool#createPackedPktmbufPool}) over real DPDK: every
 * mbuf can be taken and given back, each is a
 * properly initialised packet mbuf inside the pool's own 2 MiB-aligned memory, packed (closer than 4 KiB),
 * frames go through net_ring and come back byte-identical, the mapping is advised for huge pages, and
 * {@link Mempool#close()} unmaps it.
 */
@ExtendWith(DpdkEnvironment.class)
class HugeAnonMempoolTest
{
    private static final int N = 1023;

    @Test
    void shouldRunInIovaModeVaUnderNoHugeAndNoPci()
    {
        assertEquals(2, RteEal.rte_eal_iova_mode(), "RTE_IOVA_VA");
    }

    @Test
    void shouldHandOutEveryMbufInitialisedInsideItsOwnPackedMemoryAndTakeThemBack()
    {
        try (Mempool pool = Mempool.createPktmbufPoolOnHugeAnon("huge-anon-all", N, 0, Mempool.DEFAULT_DATA_ROOM_SIZE);
             Arena arena = Arena.ofConfined())
        {
            assertTrue(pool.isOnHugeAnon());
            assertEquals(0, pool.memoryStart() % (2 << 20), "2 MiB aligned");
            assertEquals(0, pool.memoryLength() % (2 << 20));
            assertEquals(N, pool.availableCount());
            final MemorySegment mbufs = arena.allocate(JAVA_LONG, N);
            assertTrue(pool.allocBulk(mbufs, N), "all " + N + " mbufs");
            assertEquals(0, pool.alloc(), "the pool is empty");
            assertEquals(N, pool.inUseCount());
            final Set<Long> distinct = new HashSet<>();
            long lowest = Long.MAX_VALUE;
            long highest = 0;
            for (int i = 0; i < N; i++)
            {
                final long m = mbufs.getAtIndex(JAVA_LONG, i);
                assertTrue(m >= pool.memoryStart() && m + DpdkLayout.MBUF_SIZE + Mempool.DEFAULT_DATA_ROOM_SIZE
                    <= pool.memoryStart() + pool.memoryLength(), "mbuf " + i + " inside the pool's memory");
                assertEquals(pool.address(), Mbuf.pool(m));
                assertEquals(Mempool.DEFAULT_DATA_ROOM_SIZE, Mbuf.bufLength(m));
                assertEquals(DpdkLayout.PKTMBUF_HEADROOM, Mbuf.headroom(m));
                assertEquals(0, Mbuf.dataLength(m));
                assertEquals(1, Mbuf.refCount(m));
                assertEquals(1, Mbuf.segmentCount(m));
                assertEquals(m + DpdkLayout.MBUF_SIZE, Mbuf.bufAddress(m), "data buffer right after the header");
                assertEquals(Mbuf.bufAddress(m), ioAddress(m), "IOVA = VA");
                distinct.add(m);
                lowest = Math.min(lowest, m);
                highest = Math.max(highest, m);
            }
            assertEquals(N, distinct.size());
            assertTrue(highest - lowest < (long)N * 4096, "packed: " + N + " mbufs in " + (highest - lowest)
                + " octets (DPDK without hugepages puts one per 4 KiB page)");
            Mbuf.freeBulk(mbufs, N);
            assertEquals(N, pool.availableCount(), "every mbuf back");
        }
    }

    @Test
    void shouldPackTheMbufsOfAPoolInDpdkMemoryToo()
    {
        try (Mempool pool = Mempool.createPackedPktmbufPool("packed-dpdk", N, 0, Mempool.DEFAULT_DATA_ROOM_SIZE,
                Mempool.SOCKET_ID_ANY);
             Arena arena = Arena.ofConfined())
        {
            assertFalse(pool.isOnHugeAnon());
            final MemorySegment mbufs = arena.allocate(JAVA_LONG, N);
            assertTrue(pool.allocBulk(mbufs, N), "all " + N + " mbufs");
            long lowest = Long.MAX_VALUE;
            long highest = 0;
            for (int i = 0; i < N; i++)
            {
                final long m = mbufs.getAtIndex(JAVA_LONG, i);
                assertEquals(pool.address(), Mbuf.pool(m));
                assertEquals(Mempool.DEFAULT_DATA_ROOM_SIZE, Mbuf.bufLength(m));
                assertEquals(DpdkLayout.PKTMBUF_HEADROOM, Mbuf.headroom(m));
                assertEquals(m + DpdkLayout.MBUF_SIZE, Mbuf.bufAddress(m));
                lowest = Math.min(lowest, m);
                highest = Math.max(highest, m);
            }
            assertTrue(highest - lowest < (long)N * 4096,
                "packed: " + N + " mbufs in " + (highest - lowest) + " octets");
            Mbuf.freeBulk(mbufs, N);
            assertEquals(N, pool.availableCount(), "every mbuf back");
        }
    }

    @Test
    void shouldLoopFramesThroughNetRing()
    {
        final int port = EthDev.portByName(DpdkEnvironment.RING_HUGE_ANON);
        try (Mempool pool = Mempool.createPktmbufPoolOnHugeAnon("huge-anon-ring", N, 32,
                Mempool.DEFAULT_DATA_ROOM_SIZE);
             Arena arena = Arena.ofConfined())
        {
            EthDev.startSingleQueue(port, pool, 256);
            try
            {
                final MemorySegment burst = arena.allocate(JAVA_LONG, 32);
                final List<byte[]> frames = new ArrayList<>();
                for (int i = 0; i < 32; i++)
                {
                    frames.add(Ipv6Frames.udp(i, 1 + i * 41));
                    final long m = pool.alloc();
                    assertTrue(m != 0 && Mbuf.setData(m, frames.get(i)));
                    burst.setAtIndex(JAVA_LONG, i, m);
                }
                assertEquals(32, EthDev.txBurst(port, 0, burst, 32));
                assertEquals(32, EthDev.rxBurst(port, 0, burst, 32));
                for (int i = 0; i < 32; i++)
                {
                    assertArrayEquals(frames.get(i), Mbuf.copyData(burst.getAtIndex(JAVA_LONG, i)), "frame " + i);
                }
                Mbuf.freeBulk(burst, 32);
            }
            finally
            {
                EthDev.stop(port);
            }
            assertEquals(N, pool.availableCount(), "every mbuf back");
        }
    }

    @Test
    void shouldAdviseHugePagesAndUnmapOnClose() throws IOException
    {
        final Mempool pool = Mempool.createPktmbufPoolOnHugeAnon("huge-anon-map", N, 0, Mempool.DEFAULT_DATA_ROOM_SIZE);
        final String start = Long.toHexString(pool.memoryStart());
        final String mapping = mappingContaining(pool.memoryStart());
        assertTrue(mapping.contains("\nVmFlags:") && mapping.matches("(?s).*\nVmFlags:[^\n]* hg[ \n].*"),
            "MADV_HUGEPAGE (VmFlags hg) on the mapping at " + start + ":\n" + mapping);
        if (!Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).contains("[never]"))
        {
            final Matcher huge = Pattern.compile("\nAnonHugePages:\\s+(\\d+) kB").matcher(mapping);
            assertTrue(huge.find() && Long.parseLong(huge.group(1)) > 0,
                "THP is on (madvise or always): the pool's touched memory is on huge pages:\n" + mapping);
        }
        final String range = mapping.substring(0, mapping.indexOf('\n'));
        pool.close();
        // Unmapped: no mapping holds the address any more, or (the process mapped something new there meanwhile: the
        // JVM, malloc) one that is not the pool's, which was advised MADV_HUGEPAGE and had this very range.
        final String after = mappingContaining(pool.memoryStart());
        final boolean thePools = after.startsWith(range + "\n") || after.matches("(?s).*\nVmFlags:[^\n]* hg[ \n].*");
        assertTrue(after.isEmpty() || !thePools, "unmapped after close, was " + range + ":\n" + after);
        pool.close(); // idempotent
    }

    @Test
    void shouldRejectBadArgumentsLikeTheDpdkPool()
    {
        assertThrows(DpdkException.class,
            () -> Mempool.createPktmbufPoolOnHugeAnon("huge-anon-bad", 0, 0, Mempool.DEFAULT_DATA_ROOM_SIZE));
        assertThrows(DpdkException.class, () -> Mempool.createPktmbufPoolOnHugeAnon("huge-anon-bad", N, 0, 10));
        try (Mempool first = Mempool.createPktmbufPoolOnHugeAnon("huge-anon-dup", 63, 0,
                Mempool.DEFAULT_DATA_ROOM_SIZE))
        {
            final DpdkException ex = assertThrows(DpdkException.class,
                () -> Mempool.createPktmbufPoolOnHugeAnon("huge-anon-dup", 63, 0, Mempool.DEFAULT_DATA_ROOM_SIZE));
            assertEquals("rte_mempool_create_empty", ex.function());
            assertEquals(63, first.availableCount(), "the first pool survives the failed second one");
        }
    }

    /** The IO address DPDK stored in the mbuf ({@code buf_iova}, right after {@code buf_addr}). */
    private static long ioAddress(final long mbuf)
    {
        return NativeMemory.ALL.get(NativeMemory.U64, mbuf + DpdkLayout.MBUF_BUF_ADDR + 8);
    }

    /** The /proc/self/smaps entry of the mapping that contains {@code address}, or "" when none does. */
    private static String mappingContaining(final long address) throws IOException
    {
        final String[] entries = Files.readString(Path.of("/proc/self/smaps")).split("\n(?=[0-9a-f]+-[0-9a-f]+ )");
        for (final String entry : entries)
        {
            final String[] range = entry.substring(0, entry.indexOf(' ')).split("-");
            if (Long.parseUnsignedLong(range[0], 16) <= address && address < Long.parseUnsignedLong(range[1], 16))
            {
                return entry;
            }
        }
        return "";
    }
}
