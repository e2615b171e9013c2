package net.dmmgw.fastpath.dataplane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Lpm;
import net.dmmgw.fastpath.table.PortRole;
import net.dmmgw.fastpath.table.TunnelConfig;

class DataPlaneConfigTest
{
    private static final Path BASE = Path.of("/etc/dmmgw");

    private static Properties valid()
    {
        final Properties p = new Properties();
        p.setProperty("eal.file-prefix", "gw1");
        p.setProperty("eal.vdev.0", "net_pcap0,rx_pcap=in.pcap,infinite_rx=1");
        p.setProperty("eal.vdev.1", "net_null0");
        p.setProperty("port.0.device", "net_pcap0");
        p.setProperty("port.0.role", "access");
        p.setProperty("port.0.mac", "02:00:00:00:00:01");
        p.setProperty("port.0.address", "2001:db8:a::1");
        p.setProperty("port.2.device", "net_null0");
        p.setProperty("port.2.role", "core");
        p.setProperty("port.2.mac", "02:00:00:00:00:02");
        p.setProperty("port.2.address", "2001:db8:c::1");
        p.setProperty("worker.0.lcore", "1");
        p.setProperty("worker.0.rx", "0:0,2:0");
        p.setProperty("state.files", "tunnels.txt, routes.txt");
        return p;
    }

    @Test
    void shouldBuildEalArgumentsPortsWorkersAndDefaults()
    {
        final DataPlaneConfig c = DataPlaneConfig.parse(valid(), BASE);
        assertEquals(List.of("-l", "1", "--file-prefix=gw1", "-m", "256", "--no-huge", "--no-pci",
            "--vdev=net_pcap0,rx_pcap=/etc/dmmgw/in.pcap,infinite_rx=1", "--vdev=net_null0",
            "--log-level=lib.eal:warning", "--no-telemetry"), c.ealArguments());
        assertEquals(2, c.ports().size());
        assertEquals(PortRole.ACCESS, c.port(0).role());
        assertEquals(0x02_00_00_00_00_02L, c.port(2).mac());
        assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 2}, c.port(2).macOctets());
        assertEquals(PortConfig.Promiscuous.DEVICE, c.port(2).promiscuous(), "not configured: as the device has it");
        assertEquals(3, c.limits().maxPorts());
        assertEquals(List.of(new WorkerConfig.RxQueue(0, 0), new WorkerConfig.RxQueue(2, 0)),
            c.workers().get(0).rx());
        assertEquals(32, c.burstSize());
        assertEquals(IdleMode.BUSY_SPIN, c.idleMode());
        assertEquals(RouteAction.ENCAP, c.routeAction());
        assertEquals(TunnelConfig.IngressFilter.STRICT, c.ingressFilter());
        assertEquals(List.of(BASE.resolve("tunnels.txt"), BASE.resolve("routes.txt")), c.stateFiles());
        assertEquals(Ipv6Lpm.FIRST_LEVEL_AUTO, c.limits().lpmFirstLevelBits());
    }

    @Test
    void shouldPutTheMbufPoolOnHugeAnonMemoryUnderNoHugeWithoutPciUnlessConfigured()
    {
        assertEquals(MempoolMemory.HUGE_ANON, DataPlaneConfig.parse(valid(), BASE).mempoolMemory(), "auto, --no-huge");
        final Properties hugepages = valid();
        hugepages.setProperty("eal.no-huge", "false");
        assertEquals(MempoolMemory.DPDK, DataPlaneConfig.parse(hugepages, BASE).mempoolMemory(), "auto, hugetlbfs");
        final Properties pci = valid();
        pci.setProperty("eal.pci.0", "0000:01:00.0");
        assertEquals(MempoolMemory.DPDK, DataPlaneConfig.parse(pci, BASE).mempoolMemory(), "auto, a PCI device");
        final Properties dpdk = valid();
        dpdk.setProperty("mempool.memory", "dpdk");
        assertEquals(MempoolMemory.DPDK, DataPlaneConfig.parse(dpdk, BASE).mempoolMemory());
        hugepages.setProperty("mempool.memory", "huge-anon");
        assertEquals(MempoolMemory.HUGE_ANON, DataPlaneConfig.parse(hugepages, BASE).mempoolMemory(),
            "explicit, with hugetlbfs: vdevs only (IOVA mode is checked when the pool is made)");
        pci.setProperty("mempool.memory", "huge-anon");
        assertTrue(message(pci).startsWith("mempool.memory: huge-anon needs EAL without PCI"), message(pci));
        pci.setProperty("mempool.memory", "dpdk-packed");
        assertTrue(message(pci).startsWith("mempool.memory: dpdk-packed needs EAL without PCI"), message(pci));
        dpdk.setProperty("mempool.memory", "dpdk-packed");
        assertEquals(MempoolMemory.DPDK_PACKED, DataPlaneConfig.parse(dpdk, BASE).mempoolMemory());
    }

    @Test
    void shouldGiveBothPrefixTablesTheConfiguredFirstLevel()
    {
        final Properties p = valid();
        p.setProperty("tables.lpm-first-level-bits", "24");
        final FastPathTables tables = new FastPathTables(DataPlaneConfig.parse(p, BASE).limits());
        assertEquals(24, tables.destinations().firstLevelBits());
        assertEquals(24, tables.sources().firstLevelBits());
        p.setProperty("tables.lpm-first-level-bits", "auto");
        p.setProperty("tables.max-destination-prefixes", "1000000");
        final FastPathTables auto = new FastPathTables(DataPlaneConfig.parse(p, BASE).limits());
        assertEquals(24, auto.destinations().firstLevelBits());
        assertEquals(16, auto.sources().firstLevelBits());
    }

    @Test
    void shouldNameTheBadKey()
    {
        assertError("unknown key 'port.0.colour'", "port.0.colour", "red");
        assertError("unknown key 'burst'", "burst", "32");
        assertError("port.0.role: must be access or core, got 'edge'", "port.0.role", "edge");
        assertError("port.0.mac: must be a MAC", "port.0.mac", "02:00:00:00:01");
        assertError("port.0.mac: must be a unicast MAC", "port.0.mac", "01:00:5e:00:00:01");
        assertError("port.0.promiscuous: must be true or false, got 'yes'", "port.0.promiscuous", "yes");
        assertError("port.2.address: must be an IPv6 address, got 'nope'", "port.2.address", "nope");
        assertError("worker.0.rx: port 5 is not configured", "worker.0.rx", "5:0");
        assertError("worker.0.rx: must be port:queue pairs", "worker.0.rx", "0");
        assertError("worker.0.rx: polls 0:0 twice", "worker.0.rx", "0:0,0:0");
        assertError("burst.size: must be 1..512, got 0", "burst.size", "0");
        assertError("mempool.size: must be an integer, got 'many'", "mempool.size", "many");
        assertError("mempool.memory: must be dpdk, dpdk-packed, huge-anon or auto, got 'hugetlbfs'", "mempool.memory",
            "hugetlbfs");
        assertError("idle.strategy: must be busy-spin or backoff, got 'sleep'", "idle.strategy", "sleep");
        assertError("state.route-action: must be encap or forward", "state.route-action", "drop");
        assertError("punt.ring-capacity: must be a power of two", "punt.ring-capacity", "5000");
        assertError("eal.no-huge: must be true or false", "eal.no-huge", "yes");
        assertError("eal.file-prefix: must be a plain name", "eal.file-prefix", "a b");
        assertError("ipc.enabled: must be true or false", "ipc.enabled", "on");
        assertError("tables.lpm-first-level-bits: must be 16, 24 or auto, got '20'", "tables.lpm-first-level-bits", "20");
    }

    @Test
    void shouldReadPromiscuousModeAsOnOffOrTheDevicesOwn()
    {
        final Properties p = valid();
        p.setProperty("port.0.promiscuous", "true");
        p.setProperty("port.2.promiscuous", " false ");
        final DataPlaneConfig c = DataPlaneConfig.parse(p, BASE);
        assertEquals(PortConfig.Promiscuous.ON, c.port(0).promiscuous());
        assertEquals(PortConfig.Promiscuous.OFF, c.port(2).promiscuous());
    }

    @Test
    void shouldPassIpcKeysToTheSeamConfigurationOnlyWhenEnabled()
    {
        final Properties p = valid();
        p.setProperty("dmmgw.ipc.aeron.dir", "/dev/shm/gw1-aeron");
        assertEquals(null, DataPlaneConfig.parse(p, BASE).ipc());
        p.setProperty("ipc.enabled", "true");
        p.setProperty("ipc.data-plane-id", "42");
        final DataPlaneConfig c = DataPlaneConfig.parse(p, BASE);
        assertEquals("/dev/shm/gw1-aeron", c.ipc().aeronDirectory());
        assertEquals(42, c.dataPlaneId());
        p.setProperty("dmmgw.ipc.to.control.stream", "-1");
        assertTrue(message(p).contains("dmmgw.ipc.to.control.stream"), message(p));
    }

    @Test
    void shouldRequireAPortDeviceAndAWorker()
    {
        final Properties noDevice = valid();
        noDevice.remove("port.2.device");
        assertTrue(message(noDevice).startsWith("port.2.device: is required"), message(noDevice));
        final Properties noWorker = valid();
        noWorker.remove("worker.0.lcore");
        noWorker.remove("worker.0.rx");
        assertTrue(message(noWorker).startsWith("worker.<n>.lcore: at least one worker"), message(noWorker));
    }

    @Test
    void shouldExitWithUsageCodeAndTheKeyForABadCommandLine()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(DataPlaneMain.EXIT_USAGE, DataPlaneMain.execute(new String[] {"rate", "--mode", "x"}, out,
            errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--mode: must be forward, encap or decap"));
        assertEquals(DataPlaneMain.EXIT_USAGE, DataPlaneMain.execute(new String[] {"run", "--config"}, out,
            errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--config: missing value"));
        assertEquals(DataPlaneMain.EXIT_USAGE, DataPlaneMain.execute(new String[] {"fly"}, out, errStream));
        assertEquals(DataPlaneMain.EXIT_OK, DataPlaneMain.execute(new String[] {"rate", "--help"}, out, errStream));
        assertEquals(DataPlaneMain.EXIT_USAGE, DataPlaneMain.execute(
            new String[] {"run", "--config", "/nonexistent/dp.properties"}, out, errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read configuration file"));
    }

    @Test
    void shouldPassTheRateCommandsBurstSizeToTheConfiguration(@TempDir final Path dir) throws IOException
    {
        final Path routes = Files.writeString(dir.resolve("routes.txt"), "");
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        // Validated as burst.size before EAL starts: a size out of range is the configuration's error.
        assertEquals(DataPlaneMain.EXIT_USAGE, DataPlaneMain.execute(new String[] {"rate", "--mode", "forward",
            "--routes", routes.toString(), "--tunnels", routes.toString(), "--rx-pcap", routes.toString(),
            "--seconds", "1", "--file-prefix", "burst-size-test", "--lcore", "1", "--mem", "64",
            "--burst-size", "513"}, out, errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("burst.size: must be 1..512, got 513"),
            err.toString(StandardCharsets.UTF_8));
    }

    private static void assertError(final String expectedStart, final String key, final String value)
    {
        final Properties p = valid();
        p.setProperty(key, value);
        final String message = message(p);
        assertTrue(message.startsWith(expectedStart), message);
    }

    private static String message(final Properties p)
    {
        return assertThrows(ConfigException.class, () -> DataPlaneConfig.parse(p, BASE)).getMessage();
    }
}
