package net.dmmgw.perf.dpdk;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.List;

import net.dmmgw.dpdk.Eal;
import net.dmmgw.dpdk.EthDev;
import net.dmmgw.dpdk.Mbuf;
import net.dmmgw.dpdk.Mempool;
import net.dmmgw.fastpath.dataplane.MempoolMemory;

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
 */
public final class JavaPmdFloor
{
    private static final int BURST = 32;
    private static final int DESCRIPTORS = 1024;
    private static final int MBUFS = 8191;
    private static final int CACHE = 256;

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
            final MemorySegment burst = EthDev.newBurstArray(BURST);
            final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            final long cpu0 = threads.getCurrentThreadCpuTime();
            final long start = System.nanoTime();
            final long end = start + (long)(seconds * 1e9);
            long sent = 0;
            long now = start;
            int loops = 0;
            while (now < end)
            {
                final int n = EthDev.rxBurst(0, 0, burst, BURST);
                if (n > 0)
                {
                    final int s = EthDev.txBurst(1, 0, burst, n);
                    if (s < n)
                    {
                        for (int k = s; k < n; k++)
                        {
                            Mbuf.free(burst.getAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, k));
                        }
                    }
                    sent += s;
                }
                if ((++loops & 1023) == 0)
                {
                    now = System.nanoTime();
                }
            }
            final long cpu1 = threads.getCurrentThreadCpuTime();
            System.out.printf("PACKETS %d SECONDS %.6f%n", sent, (System.nanoTime() - start) / 1e9);
            System.out.printf("WORKER_CPU_SECONDS %.6f%n", (cpu1 - cpu0) / 1e9);
            EthDev.stop(0);
            EthDev.stop(1);
        }
        finally
        {
            Eal.cleanup();
        }
    }
}
