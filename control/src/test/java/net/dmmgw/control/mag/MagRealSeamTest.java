package net.dmmgw.control.mag;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import net.dmmgw.ipc.counters.CountersFile;
import net.dmmgw.fastpath.pipeline.PacketContext;
import net.dmmgw.fastpath.pipeline.Pipeline;
import net.dmmgw.fastpath.pipeline.Verdict;
import net.dmmgw.fastpath.pipeline.WorkerCounters;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.PortRole;
import net.dmmgw.fastpath.table.Route;
import net.dmmgw.ipc.Ipv6Words;
import net.dmmgw.control.routing.RealSeam;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MAG1 over the real seam (DataPlaneClient → embedded media driver → StateAgent → TablesStateApplier →
 * FastPathTables) with the real LMA: when the RA leaves, the tables hold the tunnel to the LMA, the source route
 * and the delivery route of the HNP and the node's neighbour entry; the fast path's {@link Pipeline} then
 * tunnels the node's uplink to the LMA and delivers a packet for its address to its MAC on the access port.
 * De-registration empties the tables again.
 */
class MagRealSeamTest
{
    private static final int ACCESS = MagRig.ACCESS_PORT;
    private static final int CORE = 1;
    private static final long CORE_MAC = 0x02_00_00_00_00_11L;
    private static final long NEXT_HOP_MAC = 0x02_00_00_00_00_f2L;
    private static final int HEADROOM = 128;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop()
    {
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(closeables.get(i));
        }
    }

    @Test
    void theFastPathTunnelsUplinkAndDeliversDownlinkOnceTheRaLeft() throws Exception
    {
        final FastPathTables tables = new FastPathTables(FastPathTables.Limits.small());
        assertEquals("OK", tables.configurePort(ACCESS, PortRole.ACCESS, MagRig.MAG_MAC,
            Ipv6Address.parse("2001:db8:a::1")).toString());
        assertEquals("OK", tables.configurePort(CORE, PortRole.CORE, CORE_MAC,
            Ipv6Address.parse(MagRig.MAG1)).toString());
        final RealSeam seam = new RealSeam(tables, CORE, NEXT_HOP_MAC);
        closeables.add(seam);
        final Path dir = Files.createTempDirectory("dmmgw-mag-seam");
        closeables.add(() -> IoUtil.delete(dir.toFile(), true));

        final Properties mag = new Properties();
        mag.setProperty("tunnel.egress-port", Integer.toString(CORE));
        final MagRig rig = new MagRig(new Properties(), mag, seam.programmer());
        closeables.add(rig);
        assertTrue(rig.runUntil(() -> rig.mag1.mag.resyncPending() == 0), "start-up snapshot acknowledged");
        rig.mag1.access.deliver(ACCESS, AccessFrames.routerSolicitation(MagRig.ALICE_MAC, "fe80::aa01"));
        assertTrue(rig.runUntil(() -> !rig.mag1.access.sent().isEmpty()), "an RA within 5 s");

        final long p = rig.lma.lma.cache().entries().iterator().next().prefix(0);
        final long iid = 0x0000_00FF_FE00_AA01L;
        final int tunnel = Route.argument(tables.sources().lookup(p, iid));
        assertEquals(Route.encap(tunnel), tables.sources().lookup(p, iid), "uplink route in place before the RA");
        assertEquals(Route.deliver(ACCESS), tables.destinations().lookup(p, iid));
        assertEquals(Ipv6Address.parse(MagRig.LMA), tables.tunnel(tunnel).remote());
        assertEquals(Ipv6Address.parse(MagRig.MAG1), tables.tunnel(tunnel).local());
        assertEquals(MagRig.ALICE_MAC, tables.neighbours().get(p, iid, ACCESS));

        final byte[] mn = Ipv6Words.bytes(Ipv6Words.text(p, iid));
        final byte[] cn = Ipv6Words.bytes("2001:db8:ffff::1");
        final byte[] echo = { (byte)128, 0, 0, 0, 0, 1, 0, 1 };
        try (Arena arena = Arena.ofConfined())
        {
            final Path countersPath = Files.createTempFile(dir, "counters", ".dat");
            final CountersFile counters = CountersFile.create(countersPath, WorkerCounters.countersPerWorker(
                tables.limits().maxPorts()) + 8);
            closeables.add(counters);
            final Pipeline pipeline = new Pipeline(tables, new WorkerCounters(counters.manager(), 0,
                tables.limits().maxPorts()), (frame, length, port, reason) -> false, System::nanoTime, 10, 10);
            final MemorySegment error = arena.allocate(PacketContext.MIN_ERROR_BUFFER, 64);
            final PacketContext ctx = new PacketContext(error.address(), (int)error.byteSize());
            final MemorySegment packet = arena.allocate(4096, 64);

            // Uplink: from the node's address, on the access port, to anywhere → IPv6-in-IPv6 to the LMA.
            final ByteBuffer out = transmit(pipeline, ctx, packet, ACCESS, CORE,
                AccessFrames.frame(MagRig.ALICE_MAC, MagRig.MAG_MAC, mn, cn, echo.clone(), 64));
            assertEquals(NEXT_HOP_MAC, mac(out, 0));
            assertEquals(41, out.get(14 + 6), "IPv6-in-IPv6");
            final byte[] outerSrc = new byte[16];
            final byte[] outerDst = new byte[16];
            out.get(14 + 8, outerSrc).get(14 + 24, outerDst);
            assertArrayEquals(Ipv6Words.bytes(MagRig.MAG1), outerSrc);
            assertArrayEquals(Ipv6Words.bytes(MagRig.LMA), outerDst);

            // Downlink to the node's address → delivered to its MAC on the access port, from the MAG's MAC.
            final ByteBuffer delivered = transmit(pipeline, ctx, packet, CORE, ACCESS,
                AccessFrames.frame(CORE_MAC, CORE_MAC, cn, mn, echo.clone(), 64));
            assertEquals(MagRig.ALICE_MAC, mac(delivered, 0));
            assertEquals(MagRig.MAG_MAC, mac(delivered, 6));

            // Downlink through the tunnel from the LMA (a correspondent's inner source): decapsulated and
            // delivered, since the MAG's tunnels check the outer source only (a strict filter dropped it).
            final byte[] inner = AccessFrames.frame(CORE_MAC, CORE_MAC, cn, mn, echo.clone(), 64);
            final ByteBuffer tunnelled = ByteBuffer.allocate(inner.length + 40).order(ByteOrder.BIG_ENDIAN);
            tunnelled.put(inner, 0, 14).putInt(0x6000_0000).putShort((short)(inner.length - 14)).put((byte)41)
                .put((byte)64).put(Ipv6Words.bytes(MagRig.LMA)).put(Ipv6Words.bytes(MagRig.MAG1))
                .put(inner, 14, inner.length - 14);
            final ByteBuffer decapsulated = transmit(pipeline, ctx, packet, CORE, ACCESS, tunnelled.array());
            assertEquals(MagRig.ALICE_MAC, mac(decapsulated, 0));
            final byte[] innerSrc = new byte[16];
            decapsulated.get(14 + 8, innerSrc);
            assertArrayEquals(cn, innerSrc, "the correspondent's source kept");
        }

        rig.advance(10, 10);
        rig.mag1.mag.detach(MagRig.ALICE_MAC);
        assertTrue(rig.runUntil(() -> tables.sources().lookup(p, iid) != Route.encap(tunnel) &&
            tables.tunnel(tunnel) == null && tables.neighbours().get(p, iid, ACCESS) !=
            MagRig.ALICE_MAC), "de-registration empties the tables");
        assertTrue(rig.runUntil(() -> rig.mag1.mag.sessions().isEmpty()));
    }

    /** Runs a frame through the pipeline, which must transmit it out of {@code egress}; returns what it sent. */
    private static ByteBuffer transmit(final Pipeline pipeline, final PacketContext ctx, final MemorySegment packet,
        final int ingress, final int egress, final byte[] frame)
    {
        MemorySegment.copy(frame, 0, packet, ValueLayout.JAVA_BYTE, HEADROOM, frame.length);
        ctx.wrap(packet.address() + HEADROOM, frame.length, HEADROOM, ingress);
        assertEquals(Verdict.TRANSMIT, pipeline.process(ctx), String.valueOf(ctx.dropReason()));
        assertEquals(egress, ctx.egressPort());
        return ByteBuffer.wrap(MemorySegment.ofAddress(ctx.outAddress()).reinterpret(ctx.outLength())
            .toArray(ValueLayout.JAVA_BYTE)).order(ByteOrder.BIG_ENDIAN);
    }

    private static long mac(final ByteBuffer frame, final int at)
    {
        return ((frame.getShort(at) & 0xFFFFL) << 32) | (frame.getInt(at + 2) & 0xFFFF_FFFFL);
    }
}
