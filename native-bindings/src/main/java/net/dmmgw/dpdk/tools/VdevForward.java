package net.dmmgw.dpdk.tools;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import net.dmmgw.dpdk.DpdkException;
import net.dmmgw.dpdk.Eal;
import net.dmmgw.dpdk.EthDev;
import net.dmmgw.dpdk.Mbuf;
import net.dmmgw.dpdk.Mempool;
import net.dmmgw.dpdk.PortStats;
import net.dmmgw.dpdk.pcap.PcapFile;

/**
 * The data plane's smallest real job, run by {@code scripts/demo}: writes {@code in.pcap} with N
 * IPv6/UDP frames, starts EAL with two {@code net_pcap} ports ({@code rx_pcap=in.pcap} and
 * {@code tx_pcap=out.pcap}), forwards everything from the first to the second with rx/tx bursts
 * of 32 through the FFM bindings, then checks that {@code out.pcap} holds the same frames,
 * byte for byte, and prints a summary.
 *
 * <p>Usage: {@code VdevForward [--count N] [--payload BYTES] [--dir DIR] [--file-prefix P]}.
 * Exit codes: 0 forwarded and identical, 1 forwarding or comparison failed, 2 bad usage.
 */
public final class VdevForward
{
    /** Packets per burst. */
    public static final int BURST = 32;
    /** Give up when no packet arrived for this long. */
    private static final long IDLE_TIMEOUT_NS = 5_000_000_000L;

    private VdevForward()
    {
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out));
    }

    /**
     * Runs the job; {@link #main} without the {@code System.exit}.
     *
     * @param args see the class comment.
     * @param out  where the summary goes.
     * @return the exit code.
     */
    public static int run(final String[] args, final PrintStream out)
    {
        int count = 1000;
        int payload = 64;
        Path dir = null;
        String prefix = "dmmgw-forward-" + ProcessHandle.current().pid();
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                switch (args[i])
                {
                    case "--count" -> count = Integer.parseInt(args[++i]);
                    case "--payload" -> payload = Integer.parseInt(args[++i]);
                    case "--dir" -> dir = Path.of(args[++i]);
                    case "--file-prefix" -> prefix = args[++i];
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (count < 1 || payload < 0 || payload > 1400)
            {
                throw new IllegalArgumentException("need --count >= 1 and --payload 0..1400");
            }
        }
        catch (final IllegalArgumentException | ArrayIndexOutOfBoundsException ex)
        {
            out.println("usage: VdevForward [--count N] [--payload BYTES] [--dir DIR] [--file-prefix P]: "
                + ex.getMessage());
            return 2;
        }
        try
        {
            final Path workDir = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("vdev-forward");
            return forward(workDir, count, payload, prefix, out);
        }
        catch (final IOException | DpdkException ex)
        {
            out.println("FAILED: " + ex.getMessage());
            return 1;
        }
    }

    private static int forward(final Path dir, final int count, final int payload, final String prefix,
        final PrintStream out) throws IOException
    {
        final Path in = dir.resolve("in.pcap");
        final Path outFile = dir.resolve("out.pcap");
        final List<byte[]> frames = Ipv6Frames.udpFrames(count, payload);
        PcapFile.write(in, frames);
        out.printf("wrote %s: %d IPv6/UDP frames of %d bytes%n", in, count, frames.get(0).length);

        Eal.init(List.of("-l", "0", "--no-huge", "--no-pci", "-m", "256", "--file-prefix=" + prefix,
            "--log-level=lib.eal:warning", "--no-telemetry",
            "--vdev=net_pcap0,rx_pcap=" + in, "--vdev=net_pcap1,tx_pcap=" + outFile));
        final long forwarded;
        final long nanos;
        final PortStats rxStats;
        final PortStats txStats;
        try (Mempool pool = Mempool.createPktmbufPool("forward", 4095, 256, Mempool.DEFAULT_DATA_ROOM_SIZE,
            Mempool.SOCKET_ID_ANY))
        {
            final int rxPort = EthDev.portByName("net_pcap0");
            final int txPort = EthDev.portByName("net_pcap1");
            EthDev.startSingleQueue(rxPort, pool, 1024);
            EthDev.startSingleQueue(txPort, pool, 1024);
            final MemorySegment burst = EthDev.newBurstArray(BURST);
            final long start = System.nanoTime();
            forwarded = forwardLoop(rxPort, txPort, burst, count);
            nanos = System.nanoTime() - start;
            EthDev.stop(rxPort);
            EthDev.stop(txPort); // net_pcap flushes and closes out.pcap here
            rxStats = EthDev.stats(rxPort);
            txStats = EthDev.stats(txPort);
            EthDev.close(rxPort);
            EthDev.close(txPort);
        }
        finally
        {
            Eal.cleanup();
        }
        final List<byte[]> written = PcapFile.read(outFile);
        int identical = 0;
        for (int i = 0; i < Math.min(written.size(), frames.size()); i++)
        {
            identical += Arrays.equals(written.get(i), frames.get(i)) ? 1 : 0;
        }
        out.printf("forwarded %d packets net_pcap0 -> net_pcap1 in %.1f ms (bursts of %d)%n",
            forwarded, nanos / 1e6, BURST);
        out.printf("port net_pcap0: rx %d packets, %d bytes, %d errors, %d rx_nombuf%n",
            rxStats.inPackets(), rxStats.inBytes(), rxStats.inErrors(), rxStats.rxNoMbuf());
        out.printf("port net_pcap1: tx %d packets, %d bytes, %d errors%n",
            txStats.outPackets(), txStats.outBytes(), txStats.outErrors());
        out.printf("wrote %s: %d frames, %d of %d byte-identical to the input%n",
            outFile, written.size(), identical, frames.size());
        final boolean ok = forwarded == count && written.size() == count && identical == count
            && rxStats.inPackets() == count && txStats.outPackets() == count;
        out.println(ok ? "RESULT: OK" : "RESULT: FAILED");
        return ok ? 0 : 1;
    }

    /** The forwarding loop proper: no allocation; what tx_burst refuses is freed, as l3fwd does. */
    private static long forwardLoop(final int rxPort, final int txPort, final MemorySegment burst, final int count)
    {
        long forwarded = 0;
        long received = 0;
        long lastPacket = System.nanoTime();
        while (received < count && System.nanoTime() - lastPacket < IDLE_TIMEOUT_NS)
        {
            final int n = EthDev.rxBurst(rxPort, 0, burst, BURST);
            if (n == 0)
            {
                Thread.onSpinWait();
                continue;
            }
            received += n;
            lastPacket = System.nanoTime();
            final int sent = EthDev.txBurst(txPort, 0, burst, n);
            forwarded += sent;
            for (int i = sent; i < n; i++)
            {
                Mbuf.free(burst.getAtIndex(JAVA_LONG, i));
            }
        }
        return forwarded;
    }
}
