package net.dmmgw.perf.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import net.dmmgw.dpdk.Eal;
import net.dmmgw.dpdk.EthDev;
import net.dmmgw.dpdk.Lcore;
import net.dmmgw.dpdk.Mbuf;
import net.dmmgw.dpdk.Mempool;

/**
 * Nanoseconds per rx/tx burst downcall through the shim, in three linkages:
 * {@code critical(false)} (EthDev.rxBurst/txBurst), plain (…Plain) and {@code critical(true)} with
 * a heap {@code long[]} (…Heap).
 *
 * <ul>
 *   <li>{@code rxEmpty*}: one rx burst on an empty net_ring queue: almost only the downcall and
 *       DPDK's ring check, so the difference between linkages shows most.</li>
 *   <li>{@code ringRoundTrip*}: 32 mbufs tx-burst into net_ring and rx-burst back (two downcalls,
 *       64 ring operations); the same mbufs circulate, nothing is allocated or freed.</li>
 * </ul>
 *
 * <p>The {@code arena} parameter selects where the native burst array lives (the heap variants
 * ignore it).
 *
 * <p>Each fork initialises its own EAL ({@code --no-huge --no-pci}, unique {@code --file-prefix})
 * and registers the benchmark thread as an lcore. Run with {@code -prof gc} to see 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class BurstDowncallBenchmark
{
    private static final int BURST = 32;

    /**
     * Arena of the native burst array. Passing a segment to a downcall keeps its arena alive for
     * the call: a shared arena does that with an atomic acquire/release, a confined arena (owned
     * by the benchmark thread) with a plain counter, the global arena not at all.
     */
    @Param({"confined", "shared", "global"})
    public String arena;

    private Mempool pool;
    private int ringPort;
    private int emptyPort;
    private Arena owner;
    private MemorySegment nativeBurst;
    private MemorySegment heapBurst;

    /** Starts EAL with two net_ring ports and fills the burst arrays with 32 mbufs. */
    @Setup(Level.Trial)
    public void setUp()
    {
        Eal.init(List.of("-l", "0", "--no-huge", "--no-pci", "-m", "256", "--no-telemetry",
            "--log-level=lib.eal:warning", "--file-prefix=dmmgw-bench-" + ProcessHandle.current().pid(),
            "--vdev=net_ring0", "--vdev=net_ring1"));
        Lcore.registerCurrentThread();
        pool = Mempool.createPktmbufPool("bench", 1023, 32, Mempool.DEFAULT_DATA_ROOM_SIZE, Mempool.SOCKET_ID_ANY);
        ringPort = EthDev.portByName("net_ring0");
        emptyPort = EthDev.portByName("net_ring1");
        EthDev.startSingleQueue(ringPort, pool, 256);
        EthDev.startSingleQueue(emptyPort, pool, 256);
        owner = switch (arena)
        {
            case "confined" -> Arena.ofConfined(); // Level.Trial set-up of a Scope.Thread state runs on the benchmark thread
            case "shared" -> Arena.ofShared();
            case "global" -> Arena.global(); // what EthDev.newBurstArray uses
            default -> throw new IllegalArgumentException("arena must be confined, shared or global: " + arena);
        };
        nativeBurst = owner.allocate(JAVA_LONG, BURST);
        if (!pool.allocBulk(nativeBurst, BURST))
        {
            throw new IllegalStateException("pool empty");
        }
        for (int i = 0; i < BURST; i++)
        {
            Mbuf.append(nativeBurst.getAtIndex(JAVA_LONG, i), 64);
        }
        heapBurst = MemorySegment.ofArray(new long[BURST]);
        MemorySegment.copy(nativeBurst, 0, heapBurst, 0, (long)BURST * Long.BYTES);
    }

    /** Returns the mbufs, stops the ports and cleans EAL up. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        while (EthDev.rxBurst(ringPort, 0, nativeBurst, BURST) > 0)
        {
            Thread.onSpinWait(); // drain whatever a failed iteration left in the ring
        }
        Mbuf.freeBulk(nativeBurst, BURST);
        EthDev.stop(ringPort);
        EthDev.stop(emptyPort);
        pool.close();
        if (!"global".equals(arena))
        {
            owner.close(); // the global arena cannot be closed
        }
        Lcore.unregisterCurrentThread();
        Eal.cleanup();
    }

    /** @return packets received from an empty queue (0), critical(false). */
    @Benchmark
    public int rxEmptyCritical()
    {
        return EthDev.rxBurst(emptyPort, 0, nativeBurst, BURST);
    }

    /** @return packets received from an empty queue (0), plain downcall. */
    @Benchmark
    public int rxEmptyPlain()
    {
        return EthDev.rxBurstPlain(emptyPort, 0, nativeBurst, BURST);
    }

    /** @return packets received from an empty queue (0), critical(true) with a heap array. */
    @Benchmark
    public int rxEmptyHeap()
    {
        return EthDev.rxBurstHeap(emptyPort, 0, heapBurst, BURST);
    }

    /** @return packets back from the ring after tx + rx of 32, critical(false). */
    @Benchmark
    public int ringRoundTripCritical()
    {
        EthDev.txBurst(ringPort, 0, nativeBurst, BURST);
        return EthDev.rxBurst(ringPort, 0, nativeBurst, BURST);
    }

    /** @return packets back from the ring after tx + rx of 32, plain downcalls. */
    @Benchmark
    public int ringRoundTripPlain()
    {
        EthDev.txBurstPlain(ringPort, 0, nativeBurst, BURST);
        return EthDev.rxBurstPlain(ringPort, 0, nativeBurst, BURST);
    }

    /** @return packets back from the ring after tx + rx of 32, critical(true) with a heap array. */
    @Benchmark
    public int ringRoundTripHeap()
    {
        EthDev.txBurstHeap(ringPort, 0, heapBurst, BURST);
        return EthDev.rxBurstHeap(ringPort, 0, heapBurst, BURST);
    }
}
