package net.dmmgw.fastpath.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

import net.dmmgw.fastpath.counters.CountersFile;
import net.dmmgw.fastpath.dataplane.DataPlaneMain;

/**
 * The real data-plane process of the system tests ({@code dataplane run}, {@code ipc.enabled=true}) in a
 * {@link SplitLab}'s namespace {@code dp}: DPDK {@code net_af_packet} port 0 on {@code a0} (MAC
 * {@link #PORT0_MAC}) and port 1 on {@code c0} (MAC {@link #PORT1_MAC}), its counters file and Aeron directory
 * named with a tag, and the cleanup of what DPDK and Aeron leave behind ({@link #close()}).
 */
public final class DataPlaneProcess implements AutoCloseable
{
    /** MAC of port 0 ({@code a0}). */
    public static final String PORT0_MAC = "02:00:00:00:00:10";
    /** MAC of port 1 ({@code c0}). */
    public static final String PORT1_MAC = "02:00:00:00:00:11";

    private final SplitLab lab;
    private final String tag;
    private final Path dir;
    private final String classPath;
    private final Path counters;
    private final Path aeronDir;
    private final List<String> filePrefixes = new ArrayList<>();
    private int starts;

    /**
     * @param lab the namespaces.
     * @param tag unique name part (the test JVM's pid, ...).
     * @param dir where configuration, output and counters go (the test's temporary directory).
     * @param classPath the child JVM's class path.
     */
    public DataPlaneProcess(final SplitLab lab, final String tag, final Path dir, final String classPath)
    {
        this.lab = lab;
        this.tag = tag;
        this.dir = dir;
        this.classPath = classPath;
        this.counters = dir.resolve("counters.dat");
        this.aeronDir = Path.of("/dev/shm", "dmmgw-sys-dp-" + tag);
    }

    /**
     * Starts a data plane (again) and waits until it runs.
     *
     * @param children the test's child list: the process is added before anything can fail, so that the test's
     *                 cleanup kills it.
     * @param workerRx the worker's {@code port:queue} list.
     * @param port1Address port 1's own address.
     * @param seamKeys the {@code dmmgw.ipc.*} channel lines.
     */
    public ChildJvm start(final ChildProcesses children, final String workerRx, final String port1Address,
        final String seamKeys) throws IOException, InterruptedException
    {
        final int n = ++starts;
        final String prefix = "dmmgw-sys-" + tag + "-" + n;
        filePrefixes.add(prefix);
        final Path config = Files.writeString(dir.resolve("dp-" + n + ".properties"), """
            eal.lcores=0
            eal.file-prefix=%s
            eal.memory-mb=256
            eal.vdev.0=net_af_packet0,iface=a0
            eal.vdev.1=net_af_packet1,iface=c0
            port.0.device=net_af_packet0
            port.0.role=core
            port.0.mac=%s
            port.0.address=2001:db8:a::1
            port.0.rx-descriptors=256
            port.1.device=net_af_packet1
            port.1.role=core
            port.1.mac=%s
            port.1.address=%s
            port.1.rx-descriptors=256
            worker.0.lcore=1
            worker.0.rx=%s
            mempool.size=4095
            idle.strategy=backoff
            counters.file=%s
            ipc.enabled=true
            ipc.data-plane-id=4
            dmmgw.ipc.aeron.dir=%s
            %s""".formatted(prefix, PORT0_MAC, PORT1_MAC, port1Address, workerRx, counters, aeronDir, seamKeys));
        final ChildJvm child = ChildJvm.start("data plane #" + n, lab.dataPlaneNs, classPath,
            dir.resolve("dp-" + n + ".out"), DataPlaneMain.class, "run", "--config", config.toString());
        children.add(child);
        child.await("dataplane running", 0, 30_000);
        return child;
    }

    /** @return a counter of the data plane's counters file. */
    public long counter(final String label) throws IOException
    {
        try (CountersFile reader = CountersFile.openReader(counters))
        {
            final long value = reader.valueOf(label);
            assertTrue(value >= 0, "no counter '" + label + "'");
            return value;
        }
    }

    /** Polls a counter until the condition holds (10 s at most; the data plane must stay alive). */
    public void awaitCounter(final String label, final LongPredicate condition, final ChildJvm dataPlane)
        throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long value = counter(label);
        while (!condition.test(value))
        {
            assertTrue(dataPlane.isAlive(), "data plane exited:\n" + dataPlane.output());
            assertTrue(System.nanoTime() - deadline < 0, "'" + label + "' stayed " + value);
            Thread.sleep(50);
            value = counter(label);
        }
    }

    /** Removes the DPDK runtime directories and the Aeron directory (the processes are killed by the test). */
    public void close()
    {
        for (final String prefix : filePrefixes)
        {
            Trees.delete(Path.of("/var/run/dpdk", prefix));
        }
        Trees.delete(aeronDir);
    }
}
