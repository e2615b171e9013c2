package net.dmmgw.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import net.dmmgw.dpdk.tools.Ipv6Frames;

/**
 * Frames through net_ring (tx queue 0 feeds rx queue 0) with each burst linkage: they must come
 * back in order and byte-identical, every mbuf must return to the pool, and the steady-state
 * loop must not allocate on the Java heap.
 */
@ExtendWith(DpdkEnvironment.class)
class RingLoopbackTest
{
    private static final int BURST = 32;

    private static Mempool pool;
    private static int port;
    private static Arena arena;

    @BeforeAll
    static void startPort()
    {
        pool = Mempool.createPktmbufPool("ring-test", 2047, 32, Mempool.DEFAULT_DATA_ROOM_SIZE,
            Mempool.SOCKET_ID_ANY);
        port = EthDev.portByName(DpdkEnvironment.RING);
        EthDev.startSingleQueue(port, pool, 512);
        arena = Arena.ofShared();
    }

    @AfterAll
    static void stopPort()
    {
        EthDev.stop(port);
        pool.close();
        arena.close();
    }

    @FunctionalInterface
    private interface Burst
    {
        int call(int port, int queue, MemorySegment mbufs, int n);
    }

    @Test
    void shouldLoopFramesBackByteIdenticalWithCriticalBursts()
    {
        roundTrip(EthDev::txBurst, EthDev::rxBurst, arena.allocate(JAVA_LONG, BURST));
    }

    @Test
    void shouldLoopFramesBackByteIdenticalWithPlainBursts()
    {
        roundTrip(EthDev::txBurstPlain, EthDev::rxBurstPlain, arena.allocate(JAVA_LONG, BURST));
    }

    @Test
    void shouldLoopFramesBackByteIdenticalWithHeapArrayBursts()
    {
        roundTrip(EthDev::txBurstHeap, EthDev::rxBurstHeap, MemorySegment.ofArray(new long[BURST]));
    }

    private static void roundTrip(final Burst tx, final Burst rx, final MemorySegment burst)
    {
        final int before = pool.availableCount();
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < BURST; i++)
        {
            frames.add(Ipv6Frames.udp(i, 1 + i * 37)); // 63..1257-byte frames
        }
        for (int i = 0; i < BURST; i++)
        {
            final long m = pool.alloc();
            assertTrue(m != 0 && Mbuf.setData(m, frames.get(i)));
            burst.setAtIndex(JAVA_LONG, i, m);
        }
        assertEquals(BURST, tx.call(port, 0, burst, BURST), "net_ring takes a whole burst");
        for (int i = 0; i < BURST; i++)
        {
            burst.setAtIndex(JAVA_LONG, i, 0);
        }
        final int n = rx.call(port, 0, burst, BURST);
        assertEquals(BURST, n);
        for (int i = 0; i < n; i++)
        {
            final long m = burst.getAtIndex(JAVA_LONG, i);
            assertEquals(frames.get(i).length, Mbuf.packetLength(m));
            assertEquals(frames.get(i).length, Mbuf.dataLength(m));
            assertArrayEquals(frames.get(i), Mbuf.copyData(m), "frame " + i);
            assertEquals(Ipv6Frames.ETHERTYPE_IPV6, NativeMemory.getU16Be(Mbuf.dataAddress(m) + 12));
        }
        assertEquals(0, rx.call(port, 0, burst, BURST), "nothing more in the ring");
        for (int i = 0; i < n; i++)
        {
            Mbuf.free(burst.getAtIndex(JAVA_LONG, i)); // one by one: burst may be a heap segment
        }
        assertEquals(before, pool.availableCount(), "every mbuf went back to the pool");
    }

    @Test
    void shouldTogglePromiscuousMode()
    {
        EthDev.setPromiscuous(port, false);
        assertFalse(EthDev.isPromiscuous(port));
        EthDev.setPromiscuous(port, true);
        assertTrue(EthDev.isPromiscuous(port));
    }

    @Test
    void shouldNotAllocateInTheBurstLoop()
    {
        final MemorySegment burst = arena.allocate(JAVA_LONG, BURST);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long checksum = 0;
        for (int i = 0; i < 50_000; i++) // warm-up: let C2 compile the loop
        {
            checksum += loopOnce(burst);
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 50_000; i++)
        {
            checksum += loopOnce(burst);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(checksum > 0);
        assertEquals(0, allocated, "bytes allocated by 50 000 alloc/tx/rx/touch/free bursts");
    }

    private static long loopOnce(final MemorySegment burst)
    {
        if (!pool.allocBulk(burst, BURST))
        {
            return 0;
        }
        for (int i = 0; i < BURST; i++)
        {
            final long m = burst.getAtIndex(JAVA_LONG, i);
            Mbuf.append(m, 64);
            NativeMemory.putU16Be(Mbuf.dataAddress(m) + 12, Ipv6Frames.ETHERTYPE_IPV6);
        }
        final int sent = EthDev.txBurst(port, 0, burst, BURST);
        long sum = 0;
        final int n = EthDev.rxBurst(port, 0, burst, BURST);
        for (int i = 0; i < n; i++)
        {
            final long m = burst.getAtIndex(JAVA_LONG, i);
            sum += Mbuf.packetLength(m) + NativeMemory.getU16Be(Mbuf.dataAddress(m) + 12);
        }
        Mbuf.freeBulk(burst, n);
        return sum + sent;
    }
}
