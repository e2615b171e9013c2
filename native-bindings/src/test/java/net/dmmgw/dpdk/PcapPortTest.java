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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import net.dmmgw.dpdk.pcap.PcapFile;
import net.dmmgw.dpdk.tools.Ipv6Frames;

/**
 * net_pcap in to out: every frame of a pcap written from Java is received, sent back out, and the
 * output pcap holds the same frames byte for byte; tshark, as an independent oracle, reads the
 * output as the IPv6/UDP packets that were generated.
 */
@ExtendWith(DpdkEnvironment.class)
class PcapPortTest
{
    @Test
    @Timeout(60)
    void shouldForwardEveryPcapFrameByteIdentical() throws IOException, InterruptedException
    {
        final List<byte[]> frames = DpdkEnvironment.pcapFrames();
        final int port = EthDev.portByName(DpdkEnvironment.PCAP);
        try (Mempool pool = Mempool.createPktmbufPool("pcap-test", 511, 0, Mempool.DEFAULT_DATA_ROOM_SIZE,
            Mempool.SOCKET_ID_ANY); Arena arena = Arena.ofConfined())
        {
            EthDev.startSingleQueue(port, pool, 256);
            final MemorySegment burst = arena.allocate(JAVA_LONG, 32);
            int received = 0;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (received < frames.size() && System.nanoTime() < deadline)
            {
                final int n = EthDev.rxBurst(port, 0, burst, 32);
                for (int i = 0; i < n; i++)
                {
                    assertEquals(port, Mbuf.port(burst.getAtIndex(JAVA_LONG, i)));
                }
                assertEquals(n, EthDev.txBurst(port, 0, burst, n));
                received += n;
            }
            assertEquals(frames.size(), received);
            assertEquals(0, EthDev.rxBurst(port, 0, burst, 32), "rx_pcap without infinite_rx ends at EOF");
            EthDev.stop(port);
            final PortStats stats = EthDev.stats(port);
            assertEquals(frames.size(), stats.inPackets());
            assertEquals(frames.size(), stats.outPackets());
            EthDev.close(port);
            assertFalse(EthDev.isValidPort(port), "a closed port id is gone");
            assertThrows(DpdkException.class, () -> EthDev.portByName(DpdkEnvironment.PCAP));
            assertEquals(pool.size(), pool.availableCount(), "the pcap driver freed every sent mbuf");
        }
        final List<byte[]> written = PcapFile.read(DpdkEnvironment.pcapOut());
        assertEquals(frames.size(), written.size());
        for (int i = 0; i < frames.size(); i++)
        {
            assertArrayEquals(frames.get(i), written.get(i), "frame " + i);
        }
        assertEquals(expectedDestinations(frames.size()), tsharkDestinations());
    }

    private static List<String> expectedDestinations(final int count)
    {
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            assertEquals(i + 1, java.nio.ByteBuffer.wrap(Ipv6Frames.destination(i)).getInt(12));
            out.add("2001:db8:2::" + Integer.toHexString(i + 1) + " 40001"); // RFC 5952 text form
        }
        return out;
    }

    private static List<String> tsharkDestinations() throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder("tshark", "-n", "-r", DpdkEnvironment.pcapOut().toString(),
            "-T", "fields", "-e", "ipv6.dst", "-e", "udp.dstport", "-E", "separator=/s")
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try
        {
            final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "tshark did not finish");
            assertEquals(0, p.exitValue(), "tshark failed on the output pcap");
            return text.lines().toList();
        }
        finally
        {
            p.destroyForcibly();
        }
    }
}
