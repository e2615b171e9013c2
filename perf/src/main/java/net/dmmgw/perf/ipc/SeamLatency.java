package net.dmmgw.perf.ipc;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import net.dmmgw.fastpath.state.ControlSeam;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.PortRole;
import net.dmmgw.ipc.DataPlaneClient;
import net.dmmgw.ipc.DataPlaneListener;
import net.dmmgw.ipc.IpcConfiguration;
import net.dmmgw.ipc.PuntRing;
import net.dmmgw.ipc.StateAgentCounters;
import net.dmmgw.ipc.sbe.AckResult;
import net.dmmgw.ipc.sbe.RouteAction;
import net.dmmgw.ipc.sbe.RouteTable;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

/**
 * Program → ack latency and update throughput over the real seam: a {@link DataPlaneClient}
 * programs routes into real {@link FastPathTables} through a {@link StateAgent} over
 * {@code aeron:ipc}, with an embedded media driver. Not a JMH benchmark because latency wants a
 * histogram of single round trips and throughput wants a window of outstanding requests.
 * <p>
 * Usage: {@code java --enable-native-access=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
 * -cp perf/target/benchmarks.jar net.dmmgw.perf.ipc.SeamLatency [round-trips] [updates] [batch]}; with
 * {@code batch} above 1 the throughput run coalesces route adds into {@code RouteBatch}es of that
 * many entries ({@link DataPlaneClient#coalesceRoutes}); the latency run always sends single messages.
 */
public final class SeamLatency
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    private static final int WINDOW = 1024;

    private SeamLatency()
    {
    }

    /**
     * @param args round trips to time (default 200 000), updates for the throughput run (default 2 000 000),
     *             route operations per batch in the throughput run (default 1: one message each).
     */
    public static void main(final String[] args) throws Exception
    {
        final int roundTrips = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        final int updates = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        final int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        final Path dir = Files.createTempDirectory("dmmgw-seam-latency");
        final IpcConfiguration configuration = new IpcConfiguration().aeronDirectory(dir.resolve("aeron").toString());
        final FastPathTables tables = new FastPathTables(new FastPathTables.Limits(
            16, 1024, 1024, 4 * updates + 1024, 1024, 1024, 1024));
        tables.configurePort(1, PortRole.CORE, 0x020000000001L, Ipv6Address.parse("2001:db8:c::1"));
        final long[] acks = new long[1];
        // The data plane's end exactly as dataplane run starts it (ControlSeam), with a busy-spin agent.
        try (ControlSeam seam = ControlSeam.start(configuration, 1, tables, new PuntRing[0],
                (port, frame, offset, length) -> false,
                new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)),
                    new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024))),
                new BusySpinIdleStrategy());
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(configuration.aeronDirectory()));
            DataPlaneClient client = new DataPlaneClient(1, 1, aeron, configuration, new DataPlaneListener()
            {
                public void onAck(final long correlationId, final AckResult result, final String reason)
                {
                    acks[0]++;
                }
            }, new OffsetEpochNanoClock()))
        {
            final StateAgentCounters counters = seam.counters();
            while (!(client.isConnected() && client.isDataPlaneAlive()))
            {
                client.poll();
            }
            final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
            long prefix = 0x2001_0db8_0000_0000L;
            for (int i = 0; i < roundTrips + 20_000; i++)
            {
                final long start = System.nanoTime();
                final AckResult result = client.awaitAck(client.addRoute(
                    RouteTable.DESTINATION, prefix + ((long)i << 16), 0, 48, RouteAction.DROP, 0, 0, 0, 0), TIMEOUT_NS);
                final long elapsed = System.nanoTime() - start;
                if (result != AckResult.OK)
                {
                    throw new IllegalStateException("ack " + result + " " + client.lastAckReason());
                }
                if (i >= 20_000)
                {
                    histogram.recordValue(elapsed);
                }
            }
            System.out.printf("RESULT seam=aeron:ipc program_to_ack_us p50=%.1f p99=%.1f p99.9=%.1f max=%.1f n=%d%n",
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getValueAtPercentile(99.9) / 1000.0, histogram.getMaxValue() / 1000.0,
                histogram.getTotalCount());

            acks[0] = 0;
            client.coalesceRoutes(batch);
            prefix = 0x2001_0db9_0000_0000L;
            final long start = System.nanoTime();
            int sent = 0;
            while (acks[0] < updates)
            {
                while (sent < updates && sent - acks[0] < WINDOW)
                {
                    if (client.addRoute(RouteTable.DESTINATION, prefix + ((long)sent << 16), 0, 48,
                        RouteAction.DROP, 0, 0, 0, 0) == DataPlaneClient.NOT_SENT)
                    {
                        break;
                    }
                    sent++;
                }
                client.poll();
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(120))
                {
                    throw new IllegalStateException("throughput run did not finish: acks " + acks[0]);
                }
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("RESULT seam=aeron:ipc route_updates_per_s=%.0f updates=%d batch=%d errors=%d%n",
                updates / seconds, updates, batch, counters.errors());
        }
        finally
        {
            Files.walk(dir).sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }
}
