package net.dmmgw.fastpath.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import net.dmmgw.dpdk.pcap.PcapFile;
import net.dmmgw.ipc.counters.CountersFile;
import net.dmmgw.fastpath.support.Frames;

/**
 * {@code dataplane run} as a child JVM (its own EAL and file prefix): it starts from a
 * configuration file, forwards a pcap, and on SIGTERM stops the workers, prints port statistics and
 * counters, closes the ports (net_pcap then writes its tx file) and removes its DPDK runtime
 * directory. Also: a bad configuration exits 2 naming the key, before DPDK is touched.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DataPlaneProcessTest
{
    private static final int FRAMES = 50;

    @TempDir
    Path dir;

    @Test
    void shouldRunForwardAndShutDownCleanlyOnSigterm() throws Exception
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++)
        {
            frames.add(Frames.ethernet(Frames.ipv6("2001:db8:9::1", "2001:db8:200::" + (i + 1), 17, 64,
                Frames.udp(40 + i))));
        }
        PcapFile.write(dir.resolve("in.pcap"), frames);
        Files.writeString(dir.resolve("state.txt"), """
            H1 1 2001:db8:c::fe
            N1 2001:db8:c::fe 02:00:00:00:00:fe
            F2001:db8:200::/48 1
            """);
        final String prefix = "dmmgw-dp-child-" + ProcessHandle.current().pid();
        final Path config = Files.writeString(dir.resolve("gw.properties"), PcapConfig.text(prefix));
        final Path stdout = dir.resolve("stdout.txt");
        final Process child = start(stdout, "run", "--config", config.toString());
        try
        {
            awaitLine(stdout, "dataplane running", child);
            // The counters file is shared memory: wait until the worker has received every frame.
            awaitCounter(dir.resolve("counters.dat"), "w0 port 0 rx packets", FRAMES, child);
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "exits after SIGTERM");
            assertEquals(143, child.exitValue(), "128 + SIGTERM, after the clean shutdown");
        }
        finally
        {
            child.destroyForcibly();
        }
        final String out = Files.readString(stdout, StandardCharsets.UTF_8);
        assertTrue(out.contains("port 0 (net_pcap0, core): rx " + FRAMES + " packets"), out);
        assertTrue(out.contains("port 1 (net_pcap1, core): rx 0 packets"), out);
        assertTrue(out.matches("(?s).*w0 forwarded\\s+" + FRAMES + "\\n.*"), out);
        assertTrue(out.contains("dataplane stopped"), out);
        assertEquals(FRAMES, PcapFile.read(dir.resolve("out.pcap")).size(), "tx pcap written at port close");
        assertFalse(Files.exists(Path.of("/var/run/dpdk", prefix)), "runtime directory removed by Eal.cleanup");
    }

    @Test
    void shouldStartAndStopTheControlSeamWithTheProcess() throws Exception
    {
        PcapFile.write(dir.resolve("in.pcap"), List.of());
        Files.writeString(dir.resolve("state.txt"), "");
        final Path aeronDir = dir.resolve("aeron");
        final String prefix = "dmmgw-dp-child-ipc-" + ProcessHandle.current().pid();
        final Path config = Files.writeString(dir.resolve("gw.properties"), PcapConfig.text(prefix)
            + "ipc.enabled=true\nipc.data-plane-id=7\ndmmgw.ipc.aeron.dir=" + aeronDir + "\n");
        final Path stdout = dir.resolve("stdout.txt");
        final Process child = start(stdout, "run", "--config", config.toString());
        try
        {
            awaitLine(stdout, "control seam on " + aeronDir, child);
            assertTrue(Files.isDirectory(aeronDir), "embedded media driver running");
            child.destroy();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "exits after SIGTERM");
            assertEquals(143, child.exitValue());
        }
        finally
        {
            child.destroyForcibly();
        }
        final String out = Files.readString(stdout, StandardCharsets.UTF_8);
        assertTrue(out.contains("dataplane stopped"), out);
        assertFalse(Files.exists(aeronDir), "media driver directory removed at close");
        assertFalse(Files.exists(Path.of("/var/run/dpdk", prefix)));
    }

    @Test
    void shouldExitWithUsageErrorNamingTheKeyForABadConfiguration() throws Exception
    {
        final Path config = Files.writeString(dir.resolve("bad.properties"), """
            port.0.device=net_null0
            port.0.role=core
            port.0.mac=02:00:00:00:00:10
            port.0.address=2001:db8:a::1
            worker.0.lcore=1
            worker.0.rx=0:0
            idle.strategy=yield
            """);
        final Path stdout = dir.resolve("stdout.txt");
        final Process child = start(stdout, "run", "--config", config.toString());
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(DataPlaneMain.EXIT_USAGE, child.exitValue());
        assertTrue(Files.readString(stdout).contains("idle.strategy: must be busy-spin or backoff, got 'yield'"));
    }

    @Test
    void shouldExitWithUsageErrorNamingFileAndLineForBadStaticStateAndCleanUpDpdk() throws Exception
    {
        Files.writeString(dir.resolve("state.txt"), "H1 1 2001:db8:c::fe\nF2001:db8:200::/48 9\n");
        final String prefix = "dmmgw-dp-child-bad-" + ProcessHandle.current().pid();
        final Path config = Files.writeString(dir.resolve("gw.properties"),
            netNullConfig(prefix, "state.files=state.txt"));
        final Path stdout = dir.resolve("stdout.txt");
        final Process child = start(stdout, "run", "--config", config.toString());
        assertTrue(child.waitFor(20, TimeUnit.SECONDS), "exits at once (no shutdown hook waiting)");
        assertEquals(DataPlaneMain.EXIT_USAGE, child.exitValue());
        assertTrue(Files.readString(stdout).contains("state.txt:2: rejected by the tables: UNKNOWN_NEXT_HOP"),
            Files.readString(stdout));
        assertFalse(Files.exists(Path.of("/var/run/dpdk", prefix)), "EAL cleaned up after the failed start");
    }

    @Test
    void shouldFailTheStartWithDpdksReasonWhenTheDeviceRefusesTheConfiguredPromiscuousMode() throws Exception
    {
        final String prefix = "dmmgw-dp-child-promisc-" + ProcessHandle.current().pid();
        // net_null is always promiscuous: it refuses to leave promiscuous mode, which was asked for explicitly.
        final Path config = Files.writeString(dir.resolve("promisc.properties"),
            netNullConfig(prefix, "port.1.promiscuous=false"));
        final Path stdout = dir.resolve("stdout.txt");
        final Process child = start(stdout, "run", "--config", config.toString());
        assertTrue(child.waitFor(20, TimeUnit.SECONDS), "exits at once");
        final String out = Files.readString(stdout);
        assertEquals(DataPlaneMain.EXIT_FAILED, child.exitValue(), out);
        assertTrue(out.contains("dataplane: start failed: rte_eth_promiscuous_disable"), out);
        assertFalse(Files.exists(Path.of("/var/run/dpdk", prefix)), "EAL cleaned up after the failed start");
    }

    /** One core port on net_null (port 1), one worker polling it, and {@code moreKeys}. */
    private static String netNullConfig(final String filePrefix, final String moreKeys)
    {
        return """
            eal.lcores=0
            eal.file-prefix=%s
            eal.vdev.0=net_null0
            port.1.device=net_null0
            port.1.role=core
            port.1.mac=02:00:00:00:00:11
            port.1.address=2001:db8:c::1
            port.1.rx-descriptors=256
            worker.0.lcore=1
            worker.0.rx=1:0
            mempool.size=1023
            counters.file=counters.dat
            %s
            """.formatted(filePrefix, moreKeys);
    }

    private static Process start(final Path output, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), DataPlaneMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private static void awaitLine(final Path file, final String text, final Process child) throws Exception
    {
        while (!Files.readString(file, StandardCharsets.UTF_8).contains(text))
        {
            assertTrue(child.isAlive(), "child exited: " + Files.readString(file, StandardCharsets.UTF_8));
            Thread.sleep(50);
        }
    }

    private static void awaitCounter(final Path countersFile, final String label, final long value,
        final Process child) throws Exception
    {
        try (CountersFile counters = CountersFile.openReadOnly(countersFile))
        {
            while (counters.valueOf(label) < value)
            {
                assertTrue(child.isAlive(), "child exited");
                Thread.sleep(20);
            }
        }
    }
}
