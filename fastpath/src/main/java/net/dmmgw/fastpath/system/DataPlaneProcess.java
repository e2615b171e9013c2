package net.dmmgw.fastpath.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

import net.dmmgw.ipc.counters.CountersFile;
import net.dmmgw.fastpath.dataplane.DataPlaneMain;

/**
 * The real data-plane process of the system tests and the DMM lab ({@code dataplane run}, {@code ipc.enabled=true})
 * in a namespace (a split lab's {@code dp}, ...): DPDK {@code net_af_packet} port 0 on {@code a0} (MAC
 * {@link #PORT0_MAC}) and port 1 on {@code c0} (MAC {@link #PORT1_MAC}), its counters file and Aeron directory
 * named with a tag, and the cleanup of what DPDK and Aeron leave behind ({@link #close()}).
 */
public final class DataPlaneProcess implements AutoCloseable
{
    /** MAC of port 0 ({@code a0}). */
    public static final String PORT0_MAC = "02:00:00:00:00:10";
    /** MAC of port 1 ({@code c0}). */
    public static final String PORT1_MAC = "02:00:00:00:00:11";

    private final String namespace;
    private final String tag;
    private final Path dir;
    private final String classPath;
    private final Path counters;
    private final Path aeronDir;
    private final List<String> filePrefixes = new ArrayList<>();
    private int starts;

    /**
     * A data plane in any namespace (its ports given to {@link #startWithPorts}).
     *
     * @param namespace where it runs.
     * @param tag unique name part (file prefix, Aeron directory, output files).
     * @param dir where configuration, output and counters go (the test's temporary directory).
     * @param classPath the child JVM's class path.
     */
    public DataPlaneProcess(final String namespace, final String tag, final Path dir, final String classPath)
    {
        this.namespace = namespace;
        this.tag = tag;
        this.dir = dir;
        this.classPath = classPath;
        this.counters = dir.resolve("counters-" + tag + ".dat");
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
    public ChildJvm start(final ChildGroup children, final String workerRx, final String port1Address,
        final String seamKeys) throws IOException, InterruptedException
    {
        return startWithPorts(children, port("0", "a0", "core", PORT0_MAC, "2001:db8:a::1") +
            port("1", "c0", "core", PORT1_MAC, port1Address), workerRx, seamKeys);
    }

    /** @return the keys of one {@code net_af_packet} port on {@code iface}. */
    public static String port(final String id, final String iface, final String role, final String mac,
        final String address)
    {
        return """
            eal.vdev.%1$s=net_af_packet%1$s,iface=%2$s
            port.%1$s.device=net_af_packet%1$s
            port.%1$s.role=%3$s
            port.%1$s.mac=%4$s
            port.%1$s.address=%5$s
            port.%1$s.rx-descriptors=256
            """.formatted(id, iface, role, mac, address);
    }

    /**
     * Starts a data plane with the given ports (see {@link #port}) and further keys, and waits until it runs.
     *
     * @param portKeys the ports' keys.
     * @param workerRx the worker's {@code port:queue} list.
     * @param moreKeys the {@code dmmgw.ipc.*} channel lines and anything else (state files, ...).
     */
    public ChildJvm startWithPorts(final ChildGroup children, final String portKeys, final String workerRx,
        final String moreKeys) throws IOException, InterruptedException
    {
        final int n = ++starts;
        final String prefix = "dmmgw-sys-" + tag + "-" + n;
        filePrefixes.add(prefix);
        final Path config = Files.writeString(dir.resolve("dp-" + tag + "-" + n + ".properties"), """
            eal.lcores=0
            eal.file-prefix=%s
            eal.memory-mb=256
            %sworker.0.lcore=1
            worker.0.rx=%s
            mempool.size=4095
            idle.strategy=backoff
            counters.file=%s
            ipc.enabled=true
            ipc.data-plane-id=4
            dmmgw.ipc.aeron.dir=%s
            %s""".formatted(prefix, portKeys, workerRx, counters, aeronDir, moreKeys));
        final ChildJvm child = ChildJvm.start("data plane " + tag + " #" + n, namespace, classPath,
            dir.resolve("dp-" + tag + "-" + n + ".out"), DataPlaneMain.class, "run", "--config", config.toString());
        children.add(child);
        child.await("dataplane running", 0, 30_000);
        return child;
    }

    /** @return its counters file (a control process's {@code dataplane.counters-file}). */
    public Path countersFile()
    {
        return counters;
    }

    /** @return the directory of its embedded media driver (a control process on {@code aeron:ipc} joins it). */
    public Path aeronDir()
    {
        return aeronDir;
    }

    /** @return a counter of the data plane's counters file. */
    public long counter(final String label) throws IOException
    {
        try (CountersFile reader = CountersFile.openReadOnly(counters))
        {
            final long value = reader.valueOf(label);
            if (value < 0)
            {
                throw new IllegalStateException("no counter '" + label + "'");
            }
            return value;
        }
    }

    /** @return every non-zero counter as {@code label=value} lines (for failure messages). */
    public String nonZeroCounters()
    {
        final StringBuilder b = new StringBuilder();
        try (CountersFile reader = CountersFile.openReadOnly(counters))
        {
            reader.reader().forEach((id, typeId, keyBuffer, label) ->
            {
                final long value = reader.reader().getCounterValue(id);
                if (value != 0)
                {
                    b.append(tag).append(": ").append(label).append('=').append(value).append('\n');
                }
            });
        }
        catch (final IOException ex)
        {
            b.append(tag).append(": no counters (").append(ex.getMessage()).append(")\n");
        }
        return b.toString();
    }

    /** Polls a counter until the condition holds (10 s at most; the data plane must stay alive). */
    public void awaitCounter(final String label, final LongPredicate condition, final ChildJvm dataPlane)
        throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long value = counter(label);
        while (!condition.test(value))
        {
            if (!dataPlane.isAlive())
            {
                throw new AssertionError("data plane exited:\n" + dataPlane.output());
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("'" + label + "' stayed " + value);
            }
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
