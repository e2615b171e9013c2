package net.dmmgw.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Main class that {@link SecondProcessTest} runs in a child JVM: EAL with the given arguments and
 * a net_ring loopback of 8 frames. Prints {@code SHIM <path>} (where the shim was loaded from),
 * then {@code SECOND-PROCESS-OK <frames>} and exits 0, or
 * prints the {@link DpdkException} message and exits 3.
 */
public final class SecondDpdkProcess
{
    private SecondDpdkProcess()
    {
    }

    /**
     * @param args EAL arguments; must create a vdev named net_ring7. {@code --call-before-init} alone
     *             instead calls set-up functions without EAL, which must throw.
     */
    public static void main(final String[] args)
    {
        try
        {
            if (args.length == 1 && "--call-before-init".equals(args[0]))
            {
                callBeforeInit();
            }
            Eal.init(List.of(args));
            System.out.println("SHIM " + net.dmmgw.dpdk.raw.ShimLibrary.path());
            final int port = EthDev.portByName("net_ring7");
            int ok = 0;
            try (Mempool pool = Mempool.createPktmbufPool("second", 255, 0, Mempool.DEFAULT_DATA_ROOM_SIZE,
                Mempool.SOCKET_ID_ANY); Arena arena = Arena.ofConfined())
            {
                EthDev.startSingleQueue(port, pool, 64);
                final MemorySegment burst = arena.allocate(JAVA_LONG, 8);
                final List<byte[]> frames = new ArrayList<>();
                for (int i = 0; i < 8; i++)
                {
                    frames.add(net.dmmgw.dpdk.tools.Ipv6Frames.udp(i, 20));
                    final long m = pool.alloc();
                    Mbuf.setData(m, frames.get(i));
                    burst.setAtIndex(JAVA_LONG, i, m);
                }
                EthDev.txBurst(port, 0, burst, 8);
                final int n = EthDev.rxBurst(port, 0, burst, 8);
                for (int i = 0; i < n; i++)
                {
                    ok += Arrays.equals(frames.get(i), Mbuf.copyData(burst.getAtIndex(JAVA_LONG, i))) ? 1 : 0;
                }
                Mbuf.freeBulk(burst, n);
                EthDev.stop(port);
                EthDev.close(port);
            }
            Eal.cleanup();
            System.out.println("SECOND-PROCESS-OK " + ok);
            System.exit(ok == 8 ? 0 : 1);
        }
        catch (final DpdkException ex)
        {
            System.out.println("SECOND-PROCESS-ERROR " + ex.getMessage());
            System.exit(3);
        }
    }

    /** Without EAL, DPDK would crash on these; the Java guard must refuse each one. */
    private static void callBeforeInit()
    {
        int refused = 0;
        final Runnable[] calls = {
            EthDev::count,
            () -> EthDev.portByName("net_ring0"),
            () -> Mempool.createPktmbufPool("early", 63, 0, Mempool.DEFAULT_DATA_ROOM_SIZE, Mempool.SOCKET_ID_ANY),
            Lcore::registerCurrentThread,
            () -> Lcore.pinCurrentThread(0)};
        for (final Runnable call : calls)
        {
            try
            {
                call.run();
            }
            catch (final DpdkException ex)
            {
                refused += ex.getMessage().contains("EAL is not running") ? 1 : 0;
            }
        }
        System.out.println("REFUSED-BEFORE-INIT " + refused + " of " + calls.length);
        System.exit(refused == calls.length ? 0 : 1);
    }
}
