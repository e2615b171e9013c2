package net.dmmgw.dpdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import net.dmmgw.dpdk.pcap.PcapFile;
import net.dmmgw.dpdk.tools.Ipv6Frames;

/**
 * JUnit extension giving every test class of this module the same EAL: DPDK allows one
 * {@code rte_eal_init} per process, and surefire runs all classes in one JVM. The first class
 * that uses it initialises EAL (unique {@code --file-prefix}, no hugepages, no PCI, the vdevs
 * below); the root store closes it after the last class: EAL cleanup, runtime directory and
 * temporary files removed.
 *
 * <p>Ports: {@link #RING} and {@link #RING_HUGE_ANON} (net_ring, tx loops back to rx),
 * {@link #NULL} (net_null, rx makes 64-byte packets, tx drops), {@link #PCAP} (net_pcap, rx from {@link #pcapIn()}, tx to
 * {@link #pcapOut()}). Each port is used by one test class only.
 */
public final class DpdkEnvironment implements BeforeAllCallback
{
    /** net_ring loopback port name. */
    public static final String RING = "net_ring0";
    /** Second net_ring loopback port, for the pool on huge-anon memory ({@code HugeAnonMempoolTest}). */
    public static final String RING_HUGE_ANON = "net_ring1";
    /** net_null port name. */
    public static final String NULL = "net_null0";
    /** net_pcap port name. */
    public static final String PCAP = "net_pcap0";
    /** Frames in {@link #pcapIn()}. */
    public static final int PCAP_FRAMES = 100;

    /** This JVM's file prefix. */
    public static final String FILE_PREFIX = "dmmgw-test-" + ProcessHandle.current().pid();

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DpdkEnvironment.class);
    private static Session session;

    @Override
    public void beforeAll(final ExtensionContext context)
    {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Session.class, k -> start(), Session.class);
    }

    private static synchronized Session start()
    {
        session = new Session();
        return session;
    }

    /** @return the pcap the net_pcap port reads. */
    public static Path pcapIn()
    {
        return session.dir.resolve("in.pcap");
    }

    /** @return the pcap the net_pcap port writes (complete after the port is stopped). */
    public static Path pcapOut()
    {
        return session.dir.resolve("out.pcap");
    }

    /** @return the frames written to {@link #pcapIn()}. */
    public static List<byte[]> pcapFrames()
    {
        return session.frames;
    }

    /** Owns EAL for the whole test run. */
    private static final class Session implements AutoCloseable
    {
        final Path dir;
        final List<byte[]> frames = Ipv6Frames.udpFrames(PCAP_FRAMES, 100);

        Session()
        {
            try
            {
                dir = Files.createTempDirectory("dmmgw-dpdk-test");
                PcapFile.write(dir.resolve("in.pcap"), frames);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            Eal.init(List.of("-l", "0", "--no-huge", "--no-pci", "-m", "256", "--no-telemetry",
                "--file-prefix=" + FILE_PREFIX,
                "--vdev=" + RING, "--vdev=" + RING_HUGE_ANON, "--vdev=" + NULL,
                "--vdev=" + PCAP + ",rx_pcap=" + dir.resolve("in.pcap") + ",tx_pcap=" + dir.resolve("out.pcap")));
        }

        @Override
        public void close() throws IOException
        {
            try
            {
                Eal.cleanup();
            }
            finally
            {
                try (Stream<Path> files = Files.walk(dir))
                {
                    for (final Path p : files.sorted(Comparator.reverseOrder()).toList())
                    {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
