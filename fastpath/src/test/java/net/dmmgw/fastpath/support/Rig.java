package net.dmmgw.fastpath.support;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.dmmgw.ipc.counters.CountersFile;
import net.dmmgw.fastpath.mem.Memory;
import net.dmmgw.fastpath.pipeline.PacketContext;
import net.dmmgw.fastpath.pipeline.Pipeline;
import net.dmmgw.fastpath.pipeline.PuntHandler;
import net.dmmgw.fastpath.pipeline.PuntReason;
import net.dmmgw.fastpath.pipeline.Verdict;
import net.dmmgw.fastpath.pipeline.WorkerCounters;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.PortRole;
import net.dmmgw.fastpath.table.Route;
import net.dmmgw.fastpath.table.TunnelConfig;
import net.dmmgw.fastpath.table.UpdateResult;

/**
 * A worker with tables, counters file, error buffer and a packet buffer in native memory, plus a
 * standard topology used by the pipeline tests:
 * <pre>
 * port 0 ACCESS  mac ..:10  2001:db8:a::1     mobile nodes 2001:db8:100:1::/64 (delivered)
 * port 1 CORE    mac ..:11  2001:db8:c::1     next hop 1 = 2001:db8:c::fe (mac ..:fe), default route
 * port 2 CORE    mac ..:12  2001:db8:f::1     tunnel endpoint; tunnel 7 to 2001:db8:f::2 (mac ..:f2, MTU 1500)
 * 2001:db8:200:1::/64 -> encap 7 (downlink to a MN anchored here, attached at the peer)
 * source 2001:db8:300::/48 -> encap 7 (uplink of MNs whose prefix is anchored at the peer)
 * </pre>
 */
public final class Rig implements AutoCloseable
{
    public static final int HEADROOM = 128;
    public static final int BUFFER = 16384;
    public static final long PORT0_MAC = 0x02_00_00_00_00_10L;
    public static final long PORT1_MAC = 0x02_00_00_00_00_11L;
    public static final long PORT2_MAC = 0x02_00_00_00_00_12L;
    public static final long GW_MAC = 0x02_00_00_00_00_feL;
    public static final long PEER_MAC = 0x02_00_00_00_00_f2L;
    public static final long MN_MAC = 0x02_00_00_00_00_05L;
    public static final Ipv6Address PORT0_ADDR = Ipv6Address.parse("2001:db8:a::1");
    public static final Ipv6Address PORT1_ADDR = Ipv6Address.parse("2001:db8:c::1");
    public static final Ipv6Address ENDPOINT = Ipv6Address.parse("2001:db8:f::1");
    public static final Ipv6Address PEER = Ipv6Address.parse("2001:db8:f::2");
    public static final Ipv6Address GW = Ipv6Address.parse("2001:db8:c::fe");
    public static final String MN = "2001:db8:100:1::5";
    public static final int TUNNEL = 7;

    public final Arena arena = Arena.ofShared();
    public final FastPathTables tables;
    public final CountersFile countersFile;
    public final WorkerCounters counters;
    public final Pipeline pipeline;
    public final PacketContext ctx;
    public final ManualClock clock = new ManualClock();
    public final List<Punt> punts = new ArrayList<>();
    public boolean acceptPunts = true;
    private final Path countersPath;
    private final MemorySegment packetBuffer;

    public record Punt(byte[] frame, int port, PuntReason reason)
    {
    }

    public Rig()
    {
        this(FastPathTables.Limits.small(), 1000, 10);
    }

    public Rig(final FastPathTables.Limits limits, final int icmpPerSecond, final int icmpBurst)
    {
        this(limits, icmpPerSecond, icmpBurst, true);
    }

    /** @param puntTransitMobility false: a Mobility Header for another node is routed (an access router). */
    public Rig(final boolean puntTransitMobility)
    {
        this(FastPathTables.Limits.small(), 1000, 10, puntTransitMobility);
    }

    private Rig(final FastPathTables.Limits limits, final int icmpPerSecond, final int icmpBurst,
        final boolean puntTransitMobility)
    {
        try
        {
            countersPath = Files.createTempFile("dmmgw-counters", ".dat");
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        tables = new FastPathTables(limits);
        countersFile = CountersFile.create(countersPath, WorkerCounters.countersPerWorker(limits.maxPorts()) + 8);
        counters = new WorkerCounters(countersFile.manager(), 0, limits.maxPorts());
        final PuntHandler handler = (frame, length, port, reason) ->
        {
            if (acceptPunts)
            {
                punts.add(new Punt(Memory.ALL.asSlice(frame, length).toArray(ValueLayout.JAVA_BYTE), port, reason));
            }
            return acceptPunts;
        };
        pipeline = new Pipeline(tables, counters, handler, clock, icmpPerSecond, icmpBurst, puntTransitMobility);
        final MemorySegment errorBuffer = arena.allocate(PacketContext.MIN_ERROR_BUFFER, 64);
        ctx = new PacketContext(errorBuffer.address(), (int)errorBuffer.byteSize());
        packetBuffer = arena.allocate(BUFFER, 64);
    }

    /** Install the standard topology described in the class comment. */
    public Rig standardTopology()
    {
        ok(tables.configurePort(0, PortRole.ACCESS, PORT0_MAC, PORT0_ADDR));
        ok(tables.configurePort(1, PortRole.CORE, PORT1_MAC, PORT1_ADDR));
        ok(tables.configurePort(2, PortRole.CORE, PORT2_MAC, ENDPOINT));
        ok(tables.addOwnAddress(PORT0_ADDR));
        ok(tables.addOwnAddress(PORT1_ADDR));
        ok(tables.addTunnelEndpoint(ENDPOINT));
        ok(tables.addNextHop(1, 1, GW));
        ok(tables.setNeighbour(1, GW, GW_MAC));
        ok(tables.addDestinationRoute(Ipv6Address.UNSPECIFIED, 0, Route.forward(1)));
        ok(tables.addDestinationRoute(Ipv6Address.parse("2001:db8:100:1::"), 64, Route.deliver(0)));
        ok(tables.setNeighbour(0, Ipv6Address.parse(MN), MN_MAC));
        ok(tables.addTunnel(TUNNEL, TunnelConfig.of(ENDPOINT, PEER, 2, PEER_MAC, 1500)));
        ok(tables.addDestinationRoute(Ipv6Address.parse("2001:db8:200:1::"), 64, Route.encap(TUNNEL)));
        ok(tables.addSourceRoute(Ipv6Address.parse("2001:db8:300::"), 48, Route.encap(TUNNEL)));
        return this;
    }

    public static void ok(final UpdateResult result)
    {
        if (result != UpdateResult.OK)
        {
            throw new IllegalStateException("setup failed: " + result);
        }
    }

    /** Copy a frame behind the standard headroom and process it. */
    public Verdict run(final byte[] frame, final int port)
    {
        return run(frame, port, HEADROOM);
    }

    public Verdict run(final byte[] frame, final int port, final int headroom)
    {
        final long address = load(frame, headroom);
        ctx.wrap(address, frame.length, headroom, port);
        return pipeline.process(ctx);
    }

    /** Copy a frame into the packet buffer after {@code headroom} octets; returns its address. */
    public long load(final byte[] frame, final int headroom)
    {
        packetBuffer.fill((byte)0x5A);
        MemorySegment.copy(frame, 0, packetBuffer, ValueLayout.JAVA_BYTE, headroom, frame.length);
        return packetBuffer.address() + headroom;
    }

    /** The counters file this rig's worker writes. */
    public Path countersPath()
    {
        return countersPath;
    }

    /** The output frame of the last packet. */
    public byte[] output()
    {
        return Memory.ALL.asSlice(ctx.outAddress(), ctx.outLength()).toArray(ValueLayout.JAVA_BYTE);
    }

    @Override
    public void close()
    {
        countersFile.close();
        arena.close();
        try
        {
            Files.deleteIfExists(countersPath);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
