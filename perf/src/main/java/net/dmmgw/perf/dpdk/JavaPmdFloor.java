package net.dmmgw.perf.dpdk;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;

import net.dmmgw.dpdk.Eal;
import net.dmmgw.dpdk.EthDev;
import net.dmmgw.dpdk.Mbuf;
import net.dmmgw.dpdk.Mempool;
import net.dmmgw.fastpath.dataplane.MempoolMemory;
import net.dmmgw.perf.PairedRounds;

/**
 * The Java counterpart of perf/rate's {@code c-pmd-floor}: every rx burst of 32 goes straight to tx through the
 * FFM bindings, no packet read or written. Compared with the C floor in the same minutes it shows what the Java
 * loop and the downcalls cost by themselves, apart from any packet work.
 * <p>
 * Usage: {@code JavaPmdFloor <rx pcap> <seconds> <lcore> <file prefix> [dpdk|dpdk-packed|huge-anon|auto]}; ports as
 * perf/rate sets them up ({@code net_pcap0} with {@code infinite_rx=1} → {@code net_null0}). The last argument is
 * where the mbuf pool lives, as the data plane's {@code mempool.memory} (default {@code auto}: {@code huge-anon}
 * here, packed mbufs on transparent huge pages, what the data plane and perf/rate's C cases run on under
 * {@code --no-huge}); 8 191 mbufs, cache 256, as {@code encap_ref}. Prints {@code PACKETS n SECONDS s} and
 * {@code WORKER_CPU_SECONDS s} (the loop thread's CPU time, for rates per CPU-second on a shared machine).
 * With {@code -Dbursts=32,64[,...]} (and {@code -Drounds=n}, default 40) it instead runs rounds of 2 Mi packets at
 * each burst size in turn and prints the paired difference in CPU ns per packet of each size to the first
 * ({@code PAIRED floor burst build=64 minus build=32: ...}): the PMDs' and the downcalls' per-burst share, in one
 * process.
 */
public final class JavaPmdFloor
{
    private static final int BURST = 32;
    private static final int DESCRIPTORS = 1024;
    private static final int MBUFS = 8191;
    private static final int CACHE = 256;
    private static final long PACKETS_PER_ROUND = 1 << 21;

    private JavaPmdFloor()
    {
    }

    /**
     * @param args rx pcap, seconds, lcore, file prefix.
     */
    public static void main(final String[] args)
    {
        final String memoryLabel = args.length == 5 ? args[4] : "auto";
        final MempoolMemory memory =
            MempoolMemory.ofLabel(memoryLabel.equals("auto") ? MempoolMemory.HUGE_ANON.label() : memoryLabel);
        if (args.length < 4 || args.length > 5 || memory == null)
        {
            System.err.println("usage: JavaPmdFloor <rx pcap> <seconds> <lcore> <file prefix>"
                + " [dpdk|dpdk-packed|huge-anon|auto]");
            System.exit(2);
        }
        final double seconds = Double.parseDouble(args[1]);
        Eal.init(List.of("-l", args[2], "--no-huge", "--no-pci", "-m", "256", "--file-prefix", args[3],
            "--log-level=lib.eal:warning", "--vdev=net_pcap0,rx_pcap=" + args[0] + ",infinite_rx=1",
            "--vdev=net_null0,no-rx=1"));
        try
        {
            final Mempool pool = memory.createPool("floor", MBUFS, CACHE);
            System.err.println("JavaPmdFloor: mbufs on " + memory.label() + " memory");
            EthDev.startSingleQueue(0, pool, DESCRIPTORS);
            EthDev.startSingleQueue(1, pool, DESCRIPTORS);
            final String bursts = System.getProperty("bursts");
            if (bursts != null)
            {
                pairedBurstSizes(bursts, Integer.getInteger("rounds", 40));
            }
            else
            {
                timed(seconds);
            }
            EthDev.stop(0);
            EthDev.stop(1);
        }
        finally
        {
            Eal.cleanup();
        }
    }

    /** The floor for {@code seconds} at a burst of {@value #BURST}: PACKETS, SECONDS, WORKER_CPU_SECONDS. */
    private static void timed(final double seconds)
    {
        final MemorySegment burst = EthDev.newBurstArray(BURST);
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long cpu0 = threads.getCurrentThreadCpuTime();
        final long start = System.nanoTime();
        final long end = start + (long)(seconds * 1e9);
        long sent = 0;
        while (System.nanoTime() < end)
        {
            sent += forward(burst, BURST, 1 << 15);
        }
        final long cpu1 = threads.getCurrentThreadCpuTime();
        System.out.printf("PACKETS %d SECONDS %.6f%n", sent, (System.nanoTime() - start) / 1e9);
        System.out.printf("WORKER_CPU_SECONDS %.6f%n", (cpu1 - cpu0) / 1e9);
    }

    /**
     * {@code -Dbursts=32,64[,...]}: rounds of {@code PACKETS_PER_ROUND} packets at each burst size in turn, CPU ns
     * per packet of this thread per round, and the paired difference of each size to the first ({@link PairedRounds}).
     */
    private static void pairedBurstSizes(final String list, final int rounds)
    {
        final int[] sizes = Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
        final MemorySegment burst = EthDev.newBurstArray(Arrays.stream(sizes).max().orElseThrow());
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final List<String> names = new ArrayList<>();
        final List<DoubleSupplier> measures = new ArrayList<>();
        for (final int size : sizes)
        {
            names.add(Integer.toString(size));
            measures.add(() ->
            {
                final long c0 = threads.getCurrentThreadCpuTime();
                final long sent = forward(burst, size, PACKETS_PER_ROUND);
                return (threads.getCurrentThreadCpuTime() - c0) / (double)sent;
            });
        }
        new PairedRounds(names, measures).run("floor burst", "cpu_ns_per_packet", rounds);
    }

    /** rx bursts of {@code size} straight to tx until at least {@code packets} were sent (bounded: 2 s). */
    private static long forward(final MemorySegment burst, final int size, final long packets)
    {
        final long deadline = System.nanoTime() + 2_000_000_000L;
        long sent = 0;
        int loops = 0;
        while (sent < packets && ((++loops & 1023) != 0 || System.nanoTime() < deadline))
        {
            final int n = EthDev.rxBurst(0, 0, burst, size);
            if (n > 0)
            {
                final int s = EthDev.txBurst(1, 0, burst, n);
                for (int k = s; k < n; k++)
                {
                    Mbuf.free(burst.getAtIndex(ValueLayout.JAVA_LONG, k));
                }
                sent += s;
            }
        }
        return sent;
    }
}
