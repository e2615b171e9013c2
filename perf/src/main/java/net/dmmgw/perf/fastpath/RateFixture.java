package net.dmmgw.perf.fastpath;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.SystemNanoClock;

import net.dmmgw.ipc.counters.CountersFile;
import net.dmmgw.fastpath.dataplane.RouteAction;
import net.dmmgw.fastpath.dataplane.StaticState;
import net.dmmgw.fastpath.pipeline.Pipeline;
import net.dmmgw.fastpath.pipeline.PuntHandler;
import net.dmmgw.fastpath.pipeline.WorkerCounters;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.PortRole;
import net.dmmgw.fastpath.table.Route;
import net.dmmgw.fastpath.table.TunnelConfig;
import net.dmmgw.fastpath.table.UpdateResult;

/**
 * perf/rate's state and input of one mode, loaded as {@code scripts/dataplane rate} loads them: two core ports,
 * next hop 1 on port 1, the tunnels and the route set (encap mode installs the routes as encap, forward and decap
 * as forward; decap with the ANY ingress filter, decap-strict with STRICT and each tunnel's inner sources routed
 * back into it), a worker's pipeline and counters, and the frames of {@code forward.pcap} or {@code decap.pcap}.
 * {@code -DlpmFirstLevelBits=16|24} gives the prefix tables that first level (else by size). Shared by
 * {@link PipelineCpuTime} and {@link WorkerCpuTime}.
 *
 * @param tables   the tables.
 * @param counters the counters file (keeps the mapping alive; its file is already deleted).
 * @param workerCounters the pipeline's counters.
 * @param pipeline the pipeline.
 * @param frames   the input frames, in order.
 */
record RateFixture(
    FastPathTables tables, CountersFile counters, WorkerCounters workerCounters, Pipeline pipeline, List<byte[]> frames)
{
    private static final String OUR_MAC = "020000000001";
    private static final String GATEWAY = "2001:db8:ffff::fe";
    private static final long GATEWAY_MAC = 0x02_00_00_00_00_feL;
    /** decap-strict: tunnels whose inner sources get a route back (all of tunnels.txt). */
    private static final int STRICT_TUNNELS = 1024;
    private static final long STRICT_SOURCE_HI = 0x3fff_0000_0000_0000L;
    /** Offsets in a decap frame (Ethernet, outer IPv6, inner IPv6) of the outer and the inner source. */
    private static final int OUTER_SOURCE = 14 + 8;
    private static final int INNER_SOURCE = 14 + 40 + 8;

    /**
     * @param mode          forward, encap, decap or decap-strict.
     * @param inputs        perf/rate's inputs directory.
     * @param prefixes      route set size.
     * @param extraCounters counters to allocate in the file beyond the pipeline's.
     * @return the fixture.
     * @throws IOException on unreadable inputs.
     */
    static RateFixture load(final String mode, final Path inputs, final int prefixes, final int extraCounters)
        throws IOException
    {
        final boolean decap = mode.startsWith("decap");
        final boolean strict = mode.equals("decap-strict");
        final int maxPrefixes = Math.max(1024, prefixes + 16) + (strict ? STRICT_TUNNELS : 0);
        final Integer firstLevelBits = Integer.getInteger("lpmFirstLevelBits");
        // The 8-argument Limits is linked only when called: builds without it still run without the property.
        final FastPathTables tables = new FastPathTables(firstLevelBits == null
            ? new FastPathTables.Limits(2, 1024, 4096, maxPrefixes, 65536, 65536, 1024)
            : new FastPathTables.Limits(2, 1024, 4096, maxPrefixes, 65536, 65536, 1024, firstLevelBits));
        final long mac = Long.parseLong(OUR_MAC, 16);
        ok(tables.configurePort(0, PortRole.CORE, mac, Ipv6Address.parse("2001:db8:ffff::a")));
        ok(tables.configurePort(1, PortRole.CORE, mac, Ipv6Address.parse("2001:db8:ffff::b")));
        ok(tables.addNextHop(1, 1, Ipv6Address.parse(GATEWAY)));
        ok(tables.setNeighbour(1, Ipv6Address.parse(GATEWAY), GATEWAY_MAC));
        // As scripts/dataplane rate: encap mode installs the routes as encap, forward and decap as forward;
        // decap with the ANY ingress filter (the inputs' inner sources have no route back into the tunnel).
        // decap-strict: the STRICT filter (the product default), each tunnel t's inner sources in a /64 of
        // its own routed back into it (3fff:0:0:t::/64 -> encap(t)), each frame's inner source rewritten to
        // 3fff:0:0:t::1 for the tunnel of its outer source (peer 2001:db8:fffe::(t + 1), see gen_inputs.py).
        new StaticState(tables, mode.equals("encap") ? RouteAction.ENCAP : RouteAction.FORWARD,
            mode.equals("decap") ? TunnelConfig.IngressFilter.ANY : TunnelConfig.IngressFilter.STRICT)
            .load(List.of(inputs.resolve("tunnels.txt"), inputs.resolve("routes-" + prefixes + ".txt")));
        final List<byte[]> frames = readPcap(inputs.resolve(decap ? "decap.pcap" : "forward.pcap"));
        if (strict)
        {
            for (int t = 0; t < STRICT_TUNNELS; t++)
            {
                ok(tables.addDestinationRoute(STRICT_SOURCE_HI | t, 0, 64, Route.encap(t)));
            }
            for (final byte[] frame : frames)
            {
                final ByteBuffer b = ByteBuffer.wrap(frame);
                final int tunnel = (int)(b.getLong(OUTER_SOURCE + 8) & 0xFFFF) - 1;
                b.putLong(INNER_SOURCE, STRICT_SOURCE_HI | tunnel).putLong(INNER_SOURCE + 8, 1);
            }
        }
        final Path countersPath = Files.createTempFile("dmmgw-pipeline-cpu", ".dat");
        final CountersFile countersFile;
        try
        {
            countersFile = CountersFile.create(countersPath, WorkerCounters.countersPerWorker(2) + 8 + extraCounters);
        }
        finally
        {
            // The mapping stays valid after the file is gone.
            Files.deleteIfExists(countersPath);
        }
        final WorkerCounters workerCounters = new WorkerCounters(countersFile.manager(), 0, 2);
        final Pipeline pipeline = new Pipeline(tables, workerCounters, PuntHandler.COUNTED_DROP,
            SystemNanoClock.INSTANCE, 1000, 100);
        return new RateFixture(tables, countersFile, workerCounters, pipeline, frames);
    }

    private static List<byte[]> readPcap(final Path file) throws IOException
    {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0xa1b2c3d4)
        {
            throw new IOException(file + ": not a little-endian microsecond pcap");
        }
        final List<byte[]> frames = new ArrayList<>();
        int at = 24;
        while (at + 16 <= b.limit())
        {
            final int captured = b.getInt(at + 8);
            final byte[] frame = new byte[captured];
            b.get(at + 16, frame);
            frames.add(frame);
            at += 16 + captured;
        }
        return frames;
    }

    private static void ok(final UpdateResult result)
    {
        if (result != UpdateResult.OK)
        {
            throw new IllegalStateException(result.message());
        }
    }
}
