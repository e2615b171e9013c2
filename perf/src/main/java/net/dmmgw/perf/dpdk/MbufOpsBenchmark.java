package net.dmmgw.perf.dpdk;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import net.dmmgw.dpdk.Eal;
import net.dmmgw.dpdk.Lcore;
import net.dmmgw.dpdk.Mbuf;
import net.dmmgw.dpdk.Mempool;
import net.dmmgw.dpdk.raw.DmmgwShim;

/**
 * Per-packet mbuf operations: the Java ports in {@link Mbuf} (field reads and writes at absolute
 * addresses, no downcall) against DPDK's inline functions called through the shim, and one
 * mbuf alloc + free pair (two downcalls) for scale. The prepend/adj pair is what an RFC 2473
 * encapsulation followed by a decapsulation does to the mbuf (40-byte outer IPv6 header).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class MbufOpsBenchmark
{
    private static final int OUTER_IPV6 = 40;

    private Mempool pool;
    private long mbuf;

    /** Starts EAL, registers the thread as an lcore and takes one mbuf with 100 bytes of data. */
    @Setup(Level.Trial)
    public void setUp()
    {
        Eal.init(List.of("-l", "0", "--no-huge", "--no-pci", "-m", "128", "--no-telemetry",
            "--log-level=lib.eal:warning", "--file-prefix=dmmgw-bench-mbuf-" + ProcessHandle.current().pid()));
        Lcore.registerCurrentThread();
        pool = Mempool.createPktmbufPool("bench-mbuf", 1023, 32, Mempool.DEFAULT_DATA_ROOM_SIZE,
            Mempool.SOCKET_ID_ANY);
        mbuf = pool.alloc();
        Mbuf.append(mbuf, 100);
    }

    /** Returns the mbuf and cleans EAL up. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        Mbuf.free(mbuf);
        pool.close();
        Lcore.unregisterCurrentThread();
        Eal.cleanup();
    }

    /** @return the data address after prepend, to keep the work alive (Java port, no downcall). */
    @Benchmark
    public long prependAdjJava()
    {
        final long outer = Mbuf.prepend(mbuf, OUTER_IPV6);
        Mbuf.adj(mbuf, OUTER_IPV6);
        return outer;
    }

    /** @return the data address after prepend (two critical(false) downcalls to DPDK's inline functions). */
    @Benchmark
    public long prependAdjShim()
    {
        final long outer = DmmgwShim.dmmgw_pktmbuf_prepend(mbuf, (short)OUTER_IPV6);
        DmmgwShim.dmmgw_pktmbuf_adj(mbuf, (short)OUTER_IPV6);
        return outer;
    }

    /** @return data address plus lengths: the reads a per-packet node does first. */
    @Benchmark
    public long readFields()
    {
        return Mbuf.dataAddress(mbuf) + Mbuf.dataLength(mbuf) + Mbuf.packetLength(mbuf) + Mbuf.port(mbuf);
    }

    /** @return the allocated mbuf's address (alloc + free through the shim, per-lcore cache). */
    @Benchmark
    public long allocFree()
    {
        final long m = pool.alloc();
        Mbuf.free(m);
        return m;
    }
}
