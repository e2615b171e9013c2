package net.dmmgw.perf.dpdk;

import java.lang.foreign.MemorySegment;
import java.util.List;

import net.dmmgw.dpdk.Eal;
import net.dmmgw.dpdk.EthDev;
import net.dmmgw.dpdk.Mbuf;
import net.dmmgw.dpdk.Mempool;

/**
 * The Java counterpart of perf/rate's {@code c-pmd-floor}: every rx burst of 32 goes straight to tx through the
 * FFM bindings, no packet read or written. Compared with the C floor in the same minutes it shows what the Java
 * loop and the downcalls cost by themselves, apart from any packet work.
 * <p>
 * Usage: {@code JavaPmdFloor <rx pcap> <seconds> <lcore> <file prefix>}; ports as perf/rate sets them up
 * ({@code net_pcap0} with {@code infinite_rx=1} → {@code net_null0}). Prints {@code PACKETS n SECONDS s}.
 */
public final class JavaPmdFloor
{
    private static final int BURST = 32;
    private static final int DESCRIPTORS = 1024;

    private JavaPmdFloor()
    {
    }

    /**
     * @param args rx pcap, seconds, lcore, file prefix.
     */
    public static void main(final String[] args)
    {
        if (args.length != 4)
        {
            System.err.println("usage: JavaPmdFloor <rx pcap> <seconds> <lcore> <file prefix>");
            System.exit(2);
        }
        final double seconds = Double.parseDouble(args[1]);
        Eal.init(List.of("-l", args[2], "--no-huge", "--no-pci", "-m", "256", "--file-prefix", args[3],
            "--log-level=lib.eal:warning", "--vdev=net_pcap0,rx_pcap=" + args[0] + ",infinite_rx=1",
            "--vdev=net_null0,no-rx=1"));
        try
        {
            final Mempool pool = Mempool.createPktmbufPool("floor", 8191, 256, Mempool.DEFAULT_DATA_ROOM_SIZE,
                Mempool.SOCKET_ID_ANY);
            EthDev.startSingleQueue(0, pool, DESCRIPTORS);
            EthDev.startSingleQueue(1, pool, DESCRIPTORS);
            final MemorySegment burst = EthDev.newBurstArray(BURST);
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
            System.out.printf("PACKETS %d SECONDS %.6f%n", sent, (System.nanoTime() - start) / 1e9);
            EthDev.stop(0);
            EthDev.stop(1);
        }
        finally
        {
            Eal.cleanup();
        }
    }
}
