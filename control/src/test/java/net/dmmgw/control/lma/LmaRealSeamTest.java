package net.dmmgw.control.lma;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.routing.DataPlaneClientProgrammer;
import net.dmmgw.fastpath.state.ControlSeam;
import net.dmmgw.fastpath.state.InjectQueue;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.Ipv6Lpm;
import net.dmmgw.fastpath.table.PortRole;
import net.dmmgw.fastpath.table.Route;
import net.dmmgw.fastpath.table.TunnelConfig;
import net.dmmgw.ipc.DataPlaneClient;
import net.dmmgw.ipc.IpcConfiguration;
import net.dmmgw.ipc.Ipv6Words;
import net.dmmgw.ipc.PuntRing;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LMA over the real seam: DataPlaneClient → embedded media driver → StateAgent → TablesStateApplier → the
 * fast path's tables. The PBA leaves only after the tables hold the tunnel and route; a refusal by the tables
 * (unknown egress port) gives PBA 128 and leaves nothing behind; a restart resynchronises in a new epoch.
 */
class LmaRealSeamTest
{
    private static final int EGRESS_PORT = 2;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final PbuBuilder builder = new PbuBuilder();
    private FastPathTables tables;
    private ControlSeam seam;
    private DataPlaneClientProgrammer programmer;

    @BeforeEach
    void startDataPlane() throws Exception
    {
        tables = new FastPathTables(FastPathTables.Limits.small());
        assertEquals("OK", tables.configurePort(EGRESS_PORT, PortRole.CORE, 0x020000000012L,
            Ipv6Address.parse(LmaRig.LMA)).toString());
        final Path dir = Files.createTempDirectory("dmmgw-lma-seam");
        closeables.add(() -> LmaRig.deleteTree(dir));
        final IpcConfiguration configuration = new IpcConfiguration()
            .aeronDirectory(dir.resolve("aeron").toString())
            .heartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(20));
        seam = ControlSeam.start(configuration, 9, tables, new PuntRing[0], new InjectQueue(64 * 1024),
            new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024))),
            new BackoffIdleStrategy(1, 1, 1_000, 100_000));
        closeables.add(seam);
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(configuration.aeronDirectory()));
        closeables.add(aeron);
        programmer = new DataPlaneClientProgrammer(EGRESS_PORT, 1500, 64, 0x0200000000f2L);
        final DataPlaneClient client =
            new DataPlaneClient(1, 1, aeron, configuration, programmer, SystemEpochNanoClock.INSTANCE);
        closeables.add(client);
        programmer.attach(client);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(client.isConnected() && client.isDataPlaneAlive()) && System.nanoTime() < deadline)
        {
            client.poll();
        }
        assertTrue(client.isConnected() && client.isDataPlaneAlive(), "seam up in both directions");
    }

    @AfterEach
    void stop()
    {
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(closeables.get(i));
        }
    }

    private LmaRig rig(final String... keyValues) throws Exception
    {
        final Properties p = new Properties();
        p.setProperty("tunnel.egress-port", Integer.toString(EGRESS_PORT));
        for (int i = 0; i < keyValues.length; i += 2)
        {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        final LmaRig rig = new LmaRig(p, programmer);
        closeables.add(rig);
        return rig;
    }

    private Pba attach(final LmaRig r, final String nai)
    {
        final byte[] mh = builder.pbu(LmaRig.MAG1, nai, 1, 900, 1, null, r.clock.time());
        final List<net.dmmgw.control.node.InMemorySignallingTransport.Message> sent =
            r.sendAndAwait(Ipv6Words.bytes(LmaRig.MAG1), Ipv6Words.bytes(LmaRig.LMA), mh, 1);
        assertEquals(1, sent.size(), "a PBA within 5 s");
        return Pba.of(sent.get(0));
    }

    @Test
    void pbaLeavesOnlyWhenTheTablesHoldTheTunnelAndRoute() throws Exception
    {
        final LmaRig r = rig();
        assertTrue(r.awaitResync(), "start-up snapshot acknowledged");
        final Pba pba = attach(r, "mn1@example.com");
        assertEquals(0, pba.status(), pba.toString());
        final long prefix = Ipv6Words.hi("2001:db8:100::");
        final BindingCacheEntry e = r.lma.cache().byPrefix(prefix);
        assertNotNull(e);
        // The ack came after the applier returned, so the tables hold it now.
        assertEquals(Route.encap(e.tunnelId()), tables.destinations().lookup(prefix, 0x5));
        final TunnelConfig tunnel = tables.tunnel(e.tunnelId());
        assertNotNull(tunnel);
        assertEquals(Ipv6Address.parse(LmaRig.MAG1), tunnel.remote());
        assertEquals(Ipv6Address.parse(LmaRig.LMA), tunnel.local());
        assertEquals(EGRESS_PORT, tunnel.port());

        // Crash and restart: the journal restores the binding and a snapshot in a new epoch re-sends it.
        final long epoch = r.lma.epoch();
        r.crashAndRestart();
        assertTrue(r.awaitResync(), "resynchronisation acknowledged");
        assertTrue(r.lma.epoch() > epoch);
        assertEquals(0, r.lma.resyncFailures());
        final BindingCacheEntry restored = r.lma.cache().byPrefix(prefix);
        assertEquals(Route.encap(restored.tunnelId()), tables.destinations().lookup(prefix, 0x5));
        assertEquals(Ipv6Address.parse(LmaRig.MAG1), tables.tunnel(restored.tunnelId()).remote());
    }

    @Test
    void aRefusalOfTheTablesGives128AndLeavesNothing() throws Exception
    {
        // A configured peer the tables cannot be a tunnel end for (not unicast): they refuse the tunnel.
        final String badPeer = "ff05::1";
        final LmaRig r = rig("peer.bad.address", badPeer);
        assertTrue(r.awaitResync());
        final byte[] mh = builder.pbu(badPeer, "mn1@example.com", 1, 900, 1, null, r.clock.time());
        final List<net.dmmgw.control.node.InMemorySignallingTransport.Message> sent =
            r.sendAndAwait(Ipv6Words.bytes(badPeer), Ipv6Words.bytes(LmaRig.LMA), mh, 1);
        assertEquals(1, sent.size());
        final Pba pba = Pba.of(sent.get(0));
        assertEquals(LmaStatus.REASON_UNSPECIFIED, pba.status(), pba.toString());
        assertEquals(0, r.lma.cache().size());
        assertEquals(0, r.lma.pool().allocated());
        assertEquals(1, r.lma.rollbacks());
        assertEquals(0, r.lma.routing().tunnelCount());
        final long prefix = Ipv6Words.hi("2001:db8:100::");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (tables.destinations().lookup(prefix, 5) != Ipv6Lpm.NO_MATCH && System.nanoTime() < deadline)
        {
            r.agent.doWork();
        }
        assertEquals(Ipv6Lpm.NO_MATCH, tables.destinations().lookup(prefix, 5), "no route left behind");
        assertNull(tables.tunnel(1));
    }
}
