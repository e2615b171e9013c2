package net.dmmgw.control.routing;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import net.dmmgw.fastpath.state.ControlSeam;
import net.dmmgw.fastpath.state.InjectQueue;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.ipc.DataPlaneClient;
import net.dmmgw.ipc.IpcConfiguration;
import net.dmmgw.ipc.sbe.IngressFilter;
import net.dmmgw.ipc.PuntRing;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

/**
 * Test harness: the data plane's end of the seam (embedded media driver, {@code StateAgent} →
 * {@code TablesStateApplier} → the given tables) and a {@link DataPlaneClientProgrammer} connected to it, both
 * directions up. {@link #close()} stops everything and deletes the Aeron directory.
 */
public final class RealSeam implements AutoCloseable
{
    private final Path dir;
    private final ControlSeam seam;
    private final Aeron aeron;
    private final DataPlaneClient client;
    private final DataPlaneClientProgrammer programmer;

    /**
     * @param tables the tables the seam programs.
     * @param egressPort tunnel egress port.
     * @param nextHopMac tunnel next-hop MAC.
     *                   Tunnels get the MAG's ingress filter ({@link IngressFilter#OUTER_ONLY}).
     */
    public RealSeam(final FastPathTables tables, final int egressPort, final long nextHopMac) throws Exception
    {
        dir = Files.createTempDirectory("dmmgw-seam");
        final IpcConfiguration configuration = new IpcConfiguration()
            .aeronDirectory(dir.resolve("aeron").toString())
            .heartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(20));
        seam = ControlSeam.start(configuration, 9, tables, new PuntRing[0], new InjectQueue(64 * 1024),
            new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024))),
            new BackoffIdleStrategy(1, 1, 1_000, 100_000));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(configuration.aeronDirectory()));
        programmer = new DataPlaneClientProgrammer(egressPort, 1500, 64, nextHopMac, IngressFilter.OUTER_ONLY);
        client = new DataPlaneClient(1, 1, aeron, configuration, programmer, SystemEpochNanoClock.INSTANCE);
        programmer.attach(client);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(client.isConnected() && client.isDataPlaneAlive()) && System.nanoTime() < deadline)
        {
            client.poll();
        }
        if (!(client.isConnected() && client.isDataPlaneAlive()))
        {
            close();
            throw new IllegalStateException("the seam did not come up in both directions within 5 s");
        }
    }

    /** @return the data plane's state-agent counters (resync requests sent, stale entries removed, ...). */
    public net.dmmgw.ipc.StateAgentCounters counters()
    {
        return seam.counters();
    }

    /** @return the programmer over the seam. */
    public DataPlaneClientProgrammer programmer()
    {
        return programmer;
    }

    public void close()
    {
        CloseHelper.quietCloseAll(client, aeron, seam);
        IoUtil.delete(dir.toFile(), true);
    }
}
