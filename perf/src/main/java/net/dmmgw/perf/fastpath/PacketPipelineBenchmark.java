package net.dmmgw.perf.fastpath;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.SystemNanoClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import net.dmmgw.ipc.counters.CountersFile;
import net.dmmgw.fastpath.pipeline.PacketContext;
import net.dmmgw.fastpath.pipeline.Pipeline;
import net.dmmgw.fastpath.pipeline.PuntHandler;
import net.dmmgw.fastpath.pipeline.Verdict;
import net.dmmgw.fastpath.pipeline.WorkerCounters;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.PortRole;
import net.dmmgw.fastpath.table.Route;
import net.dmmgw.fastpath.table.TunnelConfig;
import net.dmmgw.fastpath.table.UpdateResult;

/**
 * One packet through the whole pipeline (parse, classify, lookups, rewrite, counters) per
 * operation, on plain native memory. Each operation first restores the 64-octet-payload frame
 * from a template (a 126–174 octet copy, included in the time), because the pipeline rewrites it.
 * The destination table holds 100 k /64 prefixes besides the ones used.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PacketPipelineBenchmark
{
    private static final int HEADROOM = 128;
    private static final int BURST = 32;
    private static final int SLOT = 2048;
    private static final long MAC = 0x02_00_00_00_00_10L;

    /** Which packet: forward (core to core), encap (into a tunnel), decap (tunnel to a mobile node). */
    @Param({"forward", "encap", "decap"})
    public String kind;

    private Arena arena;
    private Path countersPath;
    private CountersFile counters;
    private Pipeline pipeline;
    private PacketContext ctx;
    private MemorySegment template;
    private MemorySegment work;
    private long frameAddress;
    private int length;
    private int port;
    private final PacketContext[] burst = new PacketContext[BURST];
    private MemorySegment burstWork;

    /** Build tables, counters and the frame. */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final FastPathTables tables = new FastPathTables(new FastPathTables.Limits(4, 16, 16, 200_000, 16, 64, 16));
        final Ipv6Address endpoint = Ipv6Address.parse("2001:db8:f::1");
        final Ipv6Address peer = Ipv6Address.parse("2001:db8:f::2");
        final Ipv6Address gw = Ipv6Address.parse("2001:db8:c::fe");
        final Ipv6Address mn = Ipv6Address.parse("2001:db8:100:1::5");
        ok(tables.configurePort(0, PortRole.ACCESS, MAC, Ipv6Address.parse("2001:db8:a::1")));
        ok(tables.configurePort(1, PortRole.CORE, MAC + 1, Ipv6Address.parse("2001:db8:c::1")));
        ok(tables.addTunnelEndpoint(endpoint));
        ok(tables.addNextHop(1, 1, gw));
        ok(tables.setNeighbour(1, gw, MAC + 2));
        ok(tables.setNeighbour(0, mn, MAC + 3));
        ok(tables.addTunnel(7, TunnelConfig.of(endpoint, peer, 1, MAC + 4, 1500)));
        ok(tables.addDestinationRoute(Ipv6Address.UNSPECIFIED, 0, Route.forward(1)));
        ok(tables.addDestinationRoute(Ipv6Address.parse("2001:db8:100:1::"), 64, Route.deliver(0)));
        ok(tables.addDestinationRoute(Ipv6Address.parse("2001:db8:200:1::"), 64, Route.encap(7)));
        for (int i = 0; i < 100_000; i++)
        {
            ok(tables.addDestinationRoute(new Ipv6Address(0x2001_0db8_4000_0000L + i, 0), 64, Route.forward(1)));
        }
        countersPath = Files.createTempFile("dmmgw-bench-counters", ".dat");
        final WorkerCounters worker;
        try
        {
            counters = CountersFile.create(countersPath, WorkerCounters.countersPerWorker(4) + 8);
            worker = new WorkerCounters(counters.manager(), 0, 4);
        }
        catch (final RuntimeException | LinkageError ex)
        {
            // e.g. Agrona without --add-exports: do not leave the file behind
            Files.deleteIfExists(countersPath);
            throw ex;
        }
        pipeline = new Pipeline(tables, worker, PuntHandler.COUNTED_DROP, SystemNanoClock.INSTANCE, 1000, 10);
        arena = Arena.ofShared();
        final MemorySegment errors = arena.allocate(PacketContext.MIN_ERROR_BUFFER, 64);
        ctx = new PacketContext(errors.address(), (int)errors.byteSize());

        final byte[] frame = switch (kind)
        {
            case "forward" -> ethernet(ipv6("2001:db8:9999::1", "2001:db8:4000:0:0:0:0:1", 17, udp(64)));
            case "encap" -> ethernet(ipv6("2001:db8:9999::1", "2001:db8:200:1::9", 17, udp(64)));
            case "decap" -> ethernet(ipv6(peer.toString(), endpoint.toString(), 41,
                ipv6("2001:db8:200:1::9", mn.toString(), 17, udp(64))));
            default -> throw new IllegalArgumentException(kind);
        };
        port = 1;
        length = frame.length;
        template = arena.allocate(2048, 64);
        work = arena.allocate(2048, 64);
        MemorySegment.copy(frame, 0, template, ValueLayout.JAVA_BYTE, 0, length);
        frameAddress = work.address() + HEADROOM;
        MemorySegment.copy(template, 0, work, HEADROOM, length);
        if (pipeline.process(ctx.wrap(frameAddress, length, HEADROOM, port)) != Verdict.TRANSMIT)
        {
            throw new IllegalStateException(kind + " not transmitted: " + ctx.dropReason() + " " + ctx.puntReason());
        }
        burstWork = arena.allocate((long)SLOT * BURST, 64);
        for (int k = 0; k < BURST; k++)
        {
            final MemorySegment e = arena.allocate(PacketContext.MIN_ERROR_BUFFER, 64);
            burst[k] = new PacketContext(e.address(), (int)e.byteSize());
        }
    }

    /** Remove the counters file. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        counters.close();
        arena.close();
        Files.deleteIfExists(countersPath);
    }

    /**
     * @return egress port plus output length, so nothing is eliminated.
     */
    @Benchmark
    public int process()
    {
        MemorySegment.copy(template, 0, work, HEADROOM, length);
        pipeline.process(ctx.wrap(frameAddress, length, HEADROOM, port));
        return ctx.egressPort() + ctx.outLength();
    }

    /**
     * A burst of 32 copies of the packet, each in its own buffer, through
     * {@link Pipeline#processBurst} (what the data-plane worker does); reported per packet.
     *
     * @return egress ports plus output lengths, so nothing is eliminated.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int processBurst()
    {
        final long base = burstWork.address();
        for (int k = 0; k < BURST; k++)
        {
            MemorySegment.copy(template, 0, burstWork, (long)k * SLOT + HEADROOM, length);
            burst[k].wrap(base + (long)k * SLOT + HEADROOM, length, HEADROOM, port);
        }
        pipeline.processBurst(burst, BURST);
        pipeline.endBurst();
        int sum = 0;
        for (int k = 0; k < BURST; k++)
        {
            sum += burst[k].egressPort() + burst[k].outLength();
        }
        return sum;
    }

    private static void ok(final UpdateResult result)
    {
        if (result != UpdateResult.OK)
        {
            throw new IllegalStateException(result.message());
        }
    }

    private static byte[] ethernet(final byte[] ip)
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + ip.length);
        b.putShort((short)0x0200).putInt(0x10).putShort((short)0x0200).putInt(0x99).putShort((short)0x86DD).put(ip);
        return b.array();
    }

    private static byte[] ipv6(final String src, final String dst, final int nextHeader, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(40 + payload.length);
        b.putInt(6 << 28).putShort((short)payload.length).put((byte)nextHeader).put((byte)64);
        b.put(Ipv6Address.parse(src).toBytes()).put(Ipv6Address.parse(dst).toBytes()).put(payload);
        return b.array();
    }

    private static byte[] udp(final int length)
    {
        final byte[] udp = new byte[length];
        udp[4] = (byte)(length >>> 8);
        udp[5] = (byte)length;
        return udp;
    }
}
