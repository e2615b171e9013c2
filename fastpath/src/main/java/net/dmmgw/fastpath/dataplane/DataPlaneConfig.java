package net.dmmgw.fastpath.dataplane;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.agrona.BitUtil;

import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.Ipv6Lpm;
import net.dmmgw.fastpath.table.PortRole;
import net.dmmgw.fastpath.table.TunnelConfig;
import net.dmmgw.ipc.IpcConfiguration;
import net.dmmgw.ipc.Ipv6Words;

/**
 * The data-plane process configuration, read from a properties file and validated at start: every
 * error names the key. Unknown keys are errors too (a typo must not silently fall back to a
 * default). Relative paths are resolved against the configuration file's directory.
 *
 * <pre>
 * eal.lcores=1                       # -l; default: the first worker's lcore
 * eal.file-prefix=dmmgw-dp           # --file-prefix (distinct per DPDK process on a host)
 * eal.memory-mb=256                  # -m
 * eal.no-huge=true                   # --no-huge (default true)
 * eal.no-pci=true                    # --no-pci (default: true unless eal.pci.* is given)
 * eal.vdev.0=net_pcap0,rx_pcap=in.pcap   # --vdev=...
 * eal.pci.0=0000:01:00.0             # -a ...
 * eal.extra=--log-level=lib.eal:warning  # more EAL arguments, space separated
 * port.0.device=net_pcap0            # DPDK device name; the port's id in the tables is 0
 * port.0.role=access                 # access | core
 * port.0.mac=02:00:00:00:00:01       # made the device's own address at start (a NIC's unicast filter)
 * port.0.address=2001:db8:a::1
 * port.0.rx-descriptors=1024         # optional
 * port.0.tx-descriptors=1024         # optional
 * port.0.promiscuous=true            # optional; default: as the device has it. true on a NIC that filters
 *                                    # unicast when frames come for other MACs (DLIF logical MACs)
 * worker.0.lcore=1                   # CPU the worker thread is pinned to
 * worker.0.rx=0:0,1:0                # port:queue pairs it polls
 * mempool.size=8191
 * mempool.cache=256
 * mempool.memory=auto                # dpdk | dpdk-packed | huge-anon | auto: where the mbufs live. huge-anon:
 *                                    # the process's own memory, 2 MiB aligned, MADV_HUGEPAGE, mbufs packed;
 *                                    # dpdk-packed: DPDK's memory, mbufs packed across 4 KiB pages (both: software
 *                                    # devices only, IOVA mode VA, no eal.pci.*); dpdk: rte_pktmbuf_pool_create;
 *                                    # auto: huge-anon under --no-huge without PCI devices, else dpdk
 * burst.size=32                      # 1..512; 32 measured cheapest per packet (perf/RESULTS.md, session 8 burst8)
 * idle.strategy=busy-spin            # busy-spin | backoff
 * counters.file=/dev/shm/dmmgw-counters
 * icmp.rate-per-second=1000
 * icmp.burst=100
 * punt.transit-mobility=true         # false: a Mobility Header for another node is forwarded, not punted (an
 *                                    # access router on the path of a mobile node's BUs and BAs, FAMA DAR)
 * punt.ring-capacity=1048576         # octets per worker, a power of two
 * inject.queue-capacity=1048576      # octets, a power of two (frames the control plane injects)
 * state.files=tunnels.txt,routes.txt # static state, in order (see StaticState)
 * state.route-action=encap           # encap | forward, for R lines
 * state.ingress-filter=strict        # strict | any: decapsulation check of T-line tunnels
 * ipc.enabled=false                 # start the Aeron seam to the control process (state.ControlSeam)
 * ipc.data-plane-id=1                # identifies this data plane to control
 * dmmgw.ipc.aeron.dir=/dev/shm/dmmgw-aeron   # every dmmgw.ipc.* key goes to IpcConfiguration
 * tables.max-destination-prefixes=65536 (and max-source-prefixes, max-tunnels, max-next-hops,
 *                                    max-neighbours, max-local-addresses)
 * tables.lpm-first-level-bits=auto   # 16 | 24 | auto (16 up to 65 536 prefixes, 24 above), both prefix tables
 * </pre>
 *
 * @param ealArguments     the complete EAL argument list.
 * @param ports            ports by ascending id.
 * @param workers          workers by ascending index.
 * @param mempoolSize      mbufs in the pool.
 * @param mempoolCache     per-lcore mempool cache.
 * @param mempoolMemory    where the mbuf pool lives ({@code auto} resolved).
 * @param burstSize        rx burst and tx buffer size.
 * @param idleMode         idle strategy.
 * @param countersFile     counters file path.
 * @param icmpPerSecond    ICMPv6 errors per second per worker.
 * @param icmpBurst        ICMPv6 errors back to back.
 * @param puntRingCapacity octets of punt ring per worker.
 * @param injectQueueCapacity octets of the inject queue (drained by the first worker).
 * @param stateFiles       static state files, loaded in order.
 * @param routeAction      what R lines install.
 * @param ingressFilter    decapsulation ingress filter of the tunnels from T lines.
 * @param limits           table capacities.
 * @param ipc              the Aeron seam's configuration, or null when {@code ipc.enabled=false}.
 * @param dataPlaneId      this data plane's id toward control.
 * @param puntTransitMobility true: every Mobility Header is punted (the default); false: only one for an own
 *                         address, one for another node is routed like any packet.
 */
public record DataPlaneConfig(
    List<String> ealArguments,
    List<PortConfig> ports,
    List<WorkerConfig> workers,
    int mempoolSize,
    int mempoolCache,
    MempoolMemory mempoolMemory,
    int burstSize,
    IdleMode idleMode,
    Path countersFile,
    int icmpPerSecond,
    int icmpBurst,
    int puntRingCapacity,
    int injectQueueCapacity,
    List<Path> stateFiles,
    RouteAction routeAction,
    TunnelConfig.IngressFilter ingressFilter,
    FastPathTables.Limits limits,
    IpcConfiguration ipc,
    long dataPlaneId,
    boolean puntTransitMobility)
{
    /** Largest burst (the tx buffers and burst arrays are sized from it). */
    public static final int MAX_BURST = 512;

    private static final Pattern PORT_KEY = Pattern.compile("port\\.(\\d+)\\.([a-z-]+)");
    private static final Pattern WORKER_KEY = Pattern.compile("worker\\.(\\d+)\\.([a-z-]+)");
    private static final Pattern INDEXED_EAL_KEY = Pattern.compile("eal\\.(vdev|pci)\\.(\\d+)");
    private static final Set<String> PORT_FIELDS = Set.of(
        "device", "role", "mac", "address", "rx-descriptors", "tx-descriptors", "promiscuous");
    private static final Set<String> WORKER_FIELDS = Set.of("lcore", "rx");
    private static final Set<String> PLAIN_KEYS = Set.of(
        "eal.lcores", "eal.file-prefix", "eal.memory-mb", "eal.no-huge", "eal.no-pci", "eal.extra",
        "mempool.size", "mempool.cache", "mempool.memory", "burst.size", "idle.strategy", "counters.file",
        "icmp.rate-per-second",
        "icmp.burst", "punt.transit-mobility",
        "punt.ring-capacity", "inject.queue-capacity", "state.files", "state.route-action", "state.ingress-filter",
        "tables.max-destination-prefixes", "tables.max-source-prefixes", "tables.max-tunnels",
        "tables.max-next-hops", "tables.max-neighbours", "tables.max-local-addresses",
        "tables.lpm-first-level-bits", "ipc.enabled",
        "ipc.data-plane-id");
    private static final String IPC_PREFIX = "dmmgw.ipc.";

    /**
     * Read and validate a configuration file.
     *
     * @param file properties file.
     * @return the configuration.
     * @throws ConfigException naming the bad key, or when the file cannot be read.
     */
    public static DataPlaneConfig load(final Path file)
    {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file))
        {
            properties.load(reader);
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new ConfigException("cannot read configuration file " + file + ": " + ex.getMessage());
        }
        final Path parent = file.toAbsolutePath().getParent();
        return parse(properties, parent);
    }

    /**
     * Validate configuration properties.
     *
     * @param p       the properties.
     * @param baseDir directory relative paths are resolved against.
     * @return the configuration.
     * @throws ConfigException naming the bad key.
     */
    public static DataPlaneConfig parse(final Properties p, final Path baseDir)
    {
        final TreeMap<Integer, TreeMap<String, String>> portKeys = new TreeMap<>();
        final TreeMap<Integer, TreeMap<String, String>> workerKeys = new TreeMap<>();
        final List<String> vdevs = new ArrayList<>();
        final List<String> pcis = new ArrayList<>();
        for (final String key : new TreeSet<>(p.stringPropertyNames()))
        {
            final String value = p.getProperty(key).trim();
            final Matcher port = PORT_KEY.matcher(key);
            final Matcher worker = WORKER_KEY.matcher(key);
            final Matcher indexed = INDEXED_EAL_KEY.matcher(key);
            if (port.matches() && PORT_FIELDS.contains(port.group(2)))
            {
                portKeys.computeIfAbsent(index(key, port.group(1)), k -> new TreeMap<>()).put(port.group(2), value);
            }
            else if (worker.matches() && WORKER_FIELDS.contains(worker.group(2)))
            {
                workerKeys.computeIfAbsent(index(key, worker.group(1)), k -> new TreeMap<>())
                    .put(worker.group(2), value);
            }
            else if (indexed.matches())
            {
                require(!value.isEmpty(), key, "must not be empty");
                (indexed.group(1).equals("vdev") ? vdevs : pcis).add(value);
            }
            else if (!PLAIN_KEYS.contains(key) && !key.startsWith(IPC_PREFIX))
            {
                throw new ConfigException("unknown key '" + key + "'");
            }
        }
        require(!portKeys.isEmpty(), "port.<id>.device", "at least one port must be configured");
        require(!workerKeys.isEmpty(), "worker.<n>.lcore", "at least one worker must be configured");
        final List<PortConfig> ports = new ArrayList<>();
        portKeys.forEach((id, fields) -> ports.add(port(id, fields)));
        final int maxPortId = portKeys.lastKey();
        final List<WorkerConfig> workers = new ArrayList<>();
        workerKeys.forEach((n, fields) -> workers.add(worker(n, fields, portKeys.keySet())));
        final int burst = intValue(p, "burst.size", 32, 1, MAX_BURST);
        final int mempoolSize = intValue(p, "mempool.size", 8191, 64, Integer.MAX_VALUE);
        final int cache = intValue(p, "mempool.cache", Math.min(256, (int)(mempoolSize / 1.5)), 0, 512);
        require(cache <= mempoolSize / 1.5, "mempool.cache", "must be at most mempool.size / 1.5");
        final String idleLabel = p.getProperty("idle.strategy", "busy-spin").trim();
        final IdleMode idle = IdleMode.ofLabel(idleLabel);
        require(idle != null, "idle.strategy", "must be busy-spin or backoff, got '" + idleLabel + "'");
        final String actionLabel = p.getProperty("state.route-action", "encap").trim();
        final RouteAction action = RouteAction.ofLabel(actionLabel);
        require(action != null, "state.route-action", "must be encap or forward, got '" + actionLabel + "'");
        final String filterLabel = p.getProperty("state.ingress-filter", "strict").trim();
        require(filterLabel.equals("strict") || filterLabel.equals("any"), "state.ingress-filter",
            "must be strict or any, got '" + filterLabel + "'");
        final int ring = intValue(p, "punt.ring-capacity", 1 << 20, 4096, 1 << 30);
        require(BitUtil.isPowerOfTwo(ring), "punt.ring-capacity", "must be a power of two, got " + ring);
        final int inject = intValue(p, "inject.queue-capacity", 1 << 20, 4096, 1 << 30);
        require(BitUtil.isPowerOfTwo(inject), "inject.queue-capacity", "must be a power of two, got " + inject);
        final List<Path> stateFiles = new ArrayList<>();
        for (final String f : list(p.getProperty("state.files", "")))
        {
            stateFiles.add(baseDir.resolve(f));
        }
        final String counters = p.getProperty("counters.file", "/dev/shm/dmmgw-counters-" + ProcessHandle.current().pid());
        final String firstLevel = p.getProperty("tables.lpm-first-level-bits", "auto").trim();
        require(Set.of("16", "24", "auto").contains(firstLevel), "tables.lpm-first-level-bits",
            "must be 16, 24 or auto, got '" + firstLevel + "'");
        final FastPathTables.Limits limits = new FastPathTables.Limits(
            maxPortId + 1,
            intValue(p, "tables.max-next-hops", 1024, 1, 1 << 24),
            intValue(p, "tables.max-tunnels", 4096, 1, 1 << 24),
            intValue(p, "tables.max-destination-prefixes", 65536, 1, 1 << 26),
            intValue(p, "tables.max-source-prefixes", 65536, 1, 1 << 26),
            intValue(p, "tables.max-neighbours", 65536, 1, 1 << 26),
            intValue(p, "tables.max-local-addresses", 1024, 1, 1 << 20),
            firstLevel.equals("auto") ? Ipv6Lpm.FIRST_LEVEL_AUTO : Integer.parseInt(firstLevel));
        final List<String> eal = ealArguments(p, workers, vdevs, pcis, baseDir);
        return new DataPlaneConfig(
            eal, List.copyOf(ports), List.copyOf(workers), mempoolSize, cache, mempoolMemory(p, eal), burst, idle,
            baseDir.resolve(counters.trim()),
            intValue(p, "icmp.rate-per-second", 1000, 0, 1_000_000_000),
            intValue(p, "icmp.burst", 100, 1, 1_000_000_000), ring, inject, List.copyOf(stateFiles), action,
            filterLabel.equals("any") ? TunnelConfig.IngressFilter.ANY : TunnelConfig.IngressFilter.STRICT, limits,
            booleanValue(p, "ipc.enabled", false) ? ipc(p) : null,
            intValue(p, "ipc.data-plane-id", 1, 0, Integer.MAX_VALUE),
            booleanValue(p, "punt.transit-mobility", true));
    }

    /** {@code mempool.memory}: auto is huge-anon when EAL runs without hugepages and without PCI, else dpdk. */
    private static MempoolMemory mempoolMemory(final Properties p, final List<String> eal)
    {
        final String label = p.getProperty("mempool.memory", "auto").trim();
        final boolean pci = !eal.contains("--no-pci"); // EAL probes the PCI bus: a device may DMA into mbufs
        if (label.equals("auto"))
        {
            return eal.contains("--no-huge") && !pci ? MempoolMemory.HUGE_ANON : MempoolMemory.DPDK;
        }
        final MempoolMemory memory = MempoolMemory.ofLabel(label);
        require(memory != null, "mempool.memory", "must be dpdk, dpdk-packed, huge-anon or auto, got '" + label + "'");
        require(memory == MempoolMemory.DPDK || !pci, "mempool.memory",
            label + " needs EAL without PCI (eal.no-pci=true, no eal.pci.*): a PCI device cannot DMA into memory "
            + "DPDK does not own");
        return memory;
    }

    /**
     * @param id port id.
     * @return that port's configuration, or null.
     */
    public PortConfig port(final int id)
    {
        for (final PortConfig port : ports)
        {
            if (port.id() == id)
            {
                return port;
            }
        }
        return null;
    }

    private static List<String> ealArguments(
        final Properties p, final List<WorkerConfig> workers, final List<String> vdevs, final List<String> pcis,
        final Path baseDir)
    {
        final List<String> args = new ArrayList<>();
        final String lcores = p.getProperty("eal.lcores", Integer.toString(workers.get(0).lcore())).trim();
        require(lcores.matches("[0-9,\\-@()]+"), "eal.lcores", "must be an lcore list such as 1 or 1-3, got '"
            + lcores + "'");
        args.add("-l");
        args.add(lcores);
        final String prefix = p.getProperty("eal.file-prefix", "dmmgw-dataplane").trim();
        require(prefix.matches("[A-Za-z0-9_.\\-]+"), "eal.file-prefix", "must be a plain name, got '" + prefix + "'");
        args.add("--file-prefix=" + prefix);
        args.add("-m");
        args.add(Integer.toString(intValue(p, "eal.memory-mb", 256, 16, 1 << 20)));
        if (booleanValue(p, "eal.no-huge", true))
        {
            args.add("--no-huge");
        }
        if (booleanValue(p, "eal.no-pci", pcis.isEmpty()))
        {
            require(pcis.isEmpty(), "eal.no-pci", "is true but eal.pci.* devices are configured");
            args.add("--no-pci");
        }
        for (final String pci : pcis)
        {
            args.add("-a");
            args.add(pci);
        }
        for (final String vdev : vdevs)
        {
            args.add("--vdev=" + resolveVdevFiles(vdev, baseDir));
        }
        for (final String extra : p.getProperty("eal.extra", "--log-level=lib.eal:warning --no-telemetry")
            .trim().split("\\s+"))
        {
            if (!extra.isEmpty())
            {
                args.add(extra);
            }
        }
        return List.copyOf(args);
    }

    /** net_pcap's rx_pcap/tx_pcap (and similar) file arguments are resolved like every other path. */
    private static String resolveVdevFiles(final String vdev, final Path baseDir)
    {
        final StringBuilder out = new StringBuilder();
        for (final String part : vdev.split(","))
        {
            final int eq = part.indexOf('=');
            final String name = eq < 0 ? "" : part.substring(0, eq);
            if (out.length() > 0)
            {
                out.append(',');
            }
            if (name.endsWith("_pcap") || name.equals("path"))
            {
                out.append(name).append('=').append(baseDir.resolve(part.substring(eq + 1)));
            }
            else
            {
                out.append(part);
            }
        }
        return out.toString();
    }

    private static PortConfig port(final int id, final TreeMap<String, String> fields)
    {
        final String key = "port." + id + ".";
        final String device = fields.get("device");
        require(device != null && !device.isEmpty(), key + "device", "is required (a DPDK device name)");
        final String roleText = fields.getOrDefault("role", "");
        final PortRole role = switch (roleText)
        {
            case "access" -> PortRole.ACCESS;
            case "core" -> PortRole.CORE;
            default -> throw new ConfigException(key + "role: must be access or core, got '" + roleText + "'");
        };
        final long mac;
        try
        {
            mac = Ipv6Words.mac(fields.getOrDefault("mac", ""));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(key + "mac: must be a MAC such as 02:00:00:00:00:01, got '"
                + fields.getOrDefault("mac", "") + "'");
        }
        require((mac >>> 40 & 1) == 0 && mac != 0, key + "mac", "must be a unicast MAC");
        final Ipv6Address address = address(key + "address", fields.getOrDefault("address", ""));
        return new PortConfig(id, device, role, mac, address,
            intField(key + "rx-descriptors", fields.get("rx-descriptors"), 1024, 32, 32768),
            intField(key + "tx-descriptors", fields.get("tx-descriptors"), 1024, 32, 32768),
            promiscuous(key + "promiscuous", fields.get("promiscuous")));
    }

    private static PortConfig.Promiscuous promiscuous(final String key, final String text)
    {
        return text == null ? PortConfig.Promiscuous.DEVICE
            : booleanText(key, text) ? PortConfig.Promiscuous.ON : PortConfig.Promiscuous.OFF;
    }

    private static WorkerConfig worker(final int n, final TreeMap<String, String> fields, final Set<Integer> portIds)
    {
        final String key = "worker." + n + ".";
        final int lcore = intField(key + "lcore", fields.get("lcore"), -1, 0, 1023);
        require(lcore >= 0, key + "lcore", "is required (the CPU the worker is pinned to)");
        final List<WorkerConfig.RxQueue> rx = new ArrayList<>();
        for (final String pair : list(fields.getOrDefault("rx", "")))
        {
            final String[] pq = pair.split(":");
            require(pq.length == 2, key + "rx", "must be port:queue pairs such as 0:0,1:0, got '" + pair + "'");
            final int port = intField(key + "rx", pq[0], -1, 0, 65535);
            final int queue = intField(key + "rx", pq[1], -1, 0, 1023);
            require(portIds.contains(port), key + "rx", "port " + port + " is not configured (port." + port + ".*)");
            final WorkerConfig.RxQueue q = new WorkerConfig.RxQueue(port, queue);
            require(!rx.contains(q), key + "rx", "polls " + pair + " twice");
            rx.add(q);
        }
        require(!rx.isEmpty(), key + "rx", "is required: the port:queue pairs the worker polls");
        return new WorkerConfig(n, lcore, List.copyOf(rx));
    }

    private static IpcConfiguration ipc(final Properties p)
    {
        final Properties ipc = new Properties();
        for (final String key : p.stringPropertyNames())
        {
            if (key.startsWith(IPC_PREFIX))
            {
                ipc.setProperty(key, p.getProperty(key).trim());
            }
        }
        try
        {
            return IpcConfiguration.fromProperties(ipc); // its messages name the key
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(ex.getMessage());
        }
    }

    private static Ipv6Address address(final String key, final String text)
    {
        try
        {
            return Ipv6Address.parse(text);
        }
        catch (final RuntimeException ex)
        {
            throw new ConfigException(key + ": must be an IPv6 address, got '" + text + "'");
        }
    }

    private static int index(final String key, final String digits)
    {
        return intField(key, digits, -1, 0, 65535);
    }

    private static int intValue(final Properties p, final String key, final int dflt, final int min, final int max)
    {
        return intField(key, p.getProperty(key), dflt, min, max);
    }

    private static int intField(final String key, final String text, final int dflt, final int min, final int max)
    {
        if (text == null)
        {
            return dflt;
        }
        try
        {
            final int value = Integer.parseInt(text.trim());
            require(value >= min && value <= max, key, "must be " + min + ".." + max + ", got " + value);
            return value;
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigException(key + ": must be an integer, got '" + text + "'");
        }
    }

    private static boolean booleanValue(final Properties p, final String key, final boolean dflt)
    {
        final String text = p.getProperty(key);
        return text == null ? dflt : booleanText(key, text);
    }

    private static boolean booleanText(final String key, final String text)
    {
        return switch (text.trim())
        {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key + ": must be true or false, got '" + text + "'");
        };
    }

    private static List<String> list(final String text)
    {
        final List<String> out = new ArrayList<>();
        for (final String s : text.split(","))
        {
            if (!s.isBlank())
            {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static void require(final boolean condition, final String key, final String message)
    {
        if (!condition)
        {
            throw new ConfigException(key + ": " + message);
        }
    }
}
