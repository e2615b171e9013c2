package net.dmmgw.fastpath.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bounded seqlock readers ({@link SeqLockRecords}): a record whose writer stopped inside its section is
 * reported busy (next hop, tunnel, port) after one bounded wait, then at once, and is read again once the section
 * ends; a live writer never makes a reader report busy.
 */
class SeqLockBoundTest
{
    private static final Ipv6Address LOCAL = Ipv6Address.parse("2001:db8:f::1");
    private static final Ipv6Address REMOTE = Ipv6Address.parse("2001:db8:f::2");
    private static final Ipv6Address GW = Ipv6Address.parse("2001:db8:c::fe");
    private static final Ipv6Address PORT_ADDRESS = Ipv6Address.parse("2001:db8:c::1");
    private static final long PORT_MAC = 0x02_00_00_00_00_11L;
    private static final long GW_MAC = 0x02_00_00_00_00_feL;
    private static final long OTHER_MAC = 0x02_00_00_00_00_efL;
    private static final long PEER_MAC = 0x02_00_00_00_00_f2L;
    /** Reads after the first busy one: without the stuck mark each would wait the bound again. */
    private static final int REPEATS = 100;
    /** Spins before a stuck record is given up, in tests that need not wait the production bound. */
    private static final long SHORT_BOUND = 1 << 16;

    private final FastPathTables tables = new FastPathTables(new FastPathTables.Limits(4, 4, 4, 3, 3, 2, 4));

    private void configure()
    {
        assertEquals(UpdateResult.OK, tables.configurePort(1, PortRole.CORE, PORT_MAC, PORT_ADDRESS));
        assertEquals(UpdateResult.OK, tables.addTunnelEndpoint(LOCAL));
        assertEquals(UpdateResult.OK, tables.addNextHop(2, 1, GW));
        assertEquals(UpdateResult.OK, tables.setNeighbour(1, GW, GW_MAC));
        assertEquals(UpdateResult.OK, tables.addTunnel(3, TunnelConfig.of(LOCAL, REMOTE, 1, PEER_MAC, 1500)));
    }

    /**
     * With the production bound: the first read waits it out and reports busy; the next hundred are busy at once
     * (each waiting the bound again would take 100 × ~0.3 s, beyond the timeout); a read of another record is
     * unaffected; after the section ends the record reads as before.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void shouldReportANextHopBusyWhileItsWriterIsStuckAndReadItAgainAfter()
    {
        configure();
        final NextHopTable nextHops = tables.nextHops();
        final long[] out = new long[4];
        final long offset = StuckWriter.begin(nextHops, 2);

        assertEquals(SeqLockRecords.BUSY, nextHops.read(2, out), "the first read waits the bound, then busy");
        for (int i = 0; i < REPEATS; i++)
        {
            assertEquals(SeqLockRecords.BUSY, nextHops.read(2, out));
        }
        assertEquals(SeqLockRecords.ABSENT, nextHops.read(1, out), "another record is read as it is");

        StuckWriter.end(nextHops, offset);
        assertEquals(SeqLockRecords.PRESENT, nextHops.read(2, out));
        assertEquals(1, out[0]);
        assertEquals(GW.hi(), out[1]);
        assertEquals(GW.lo(), out[2]);
        assertEquals(GW_MAC, out[3]);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void shouldReportATunnelAndAPortBusyWhileTheirWriterIsStuckAndReadThemAgainAfter()
    {
        configure();
        final TunnelTable tunnels = tables.tunnels();
        final PortTable ports = tables.ports();
        StuckWriter.bound(tunnels, SHORT_BOUND);
        StuckWriter.bound(ports, SHORT_BOUND);
        final long expectedControl = tunnels.control(3);
        assertTrue(expectedControl != 0);
        final long tunnel = StuckWriter.begin(tunnels, 3);
        assertEquals(0, tunnels.control(3), "busy reads as no tunnel");
        final TunnelView view = new TunnelView();
        assertFalse(tunnels.read(3, view));
        final int seq = tunnels.readStart(3);
        assertTrue(TunnelTable.isBusy(seq), "the per-packet section reports it busy");
        assertEquals(0, tunnels.readControl(3, seq), "with control word 0");
        assertTrue(tunnels.readEnd(3, seq), "which stands while the writer is stuck (the caller's refusal path)");

        final long[] address = new long[2];
        final long port = StuckWriter.begin(ports, 1);
        assertFalse(ports.address(1, address));

        StuckWriter.end(tunnels, tunnel);
        StuckWriter.end(ports, port);
        assertEquals(expectedControl, tunnels.control(3));
        assertTrue(tunnels.read(3, view));
        assertEquals(REMOTE.lo(), view.remoteLo);
        assertTrue(ports.address(1, address));
        assertEquals(PORT_ADDRESS.hi(), address[0]);
        assertEquals(PORT_ADDRESS.lo(), address[1]);
    }

    /**
     * A record given up as busy at one sequence does not make a later section of the same record busy: a writer
     * that ends that section within the bound (50 ms later, from another thread) is waited for.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void shouldWaitForALaterSectionOfARecordOnceGivenUp() throws InterruptedException
    {
        configure();
        final NextHopTable nextHops = tables.nextHops();
        final long[] out = new long[4];
        StuckWriter.bound(nextHops, SHORT_BOUND);
        final long offset = StuckWriter.begin(nextHops, 2);
        assertEquals(SeqLockRecords.BUSY, nextHops.read(2, out));
        StuckWriter.end(nextHops, offset);

        StuckWriter.bound(nextHops, SeqLockRecords.BUSY_SPINS);
        StuckWriter.begin(nextHops, 2);
        final Thread writer = new Thread(() ->
        {
            try
            {
                Thread.sleep(50);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
            StuckWriter.end(nextHops, offset);
        });
        writer.start();
        assertEquals(SeqLockRecords.PRESENT, nextHops.read(2, out), "waited for the section to end");
        assertEquals(GW_MAC, out[3]);
        writer.join();
    }

    /** A section whose stores did not all complete (an exception inside it) ends with the record absent, not torn. */
    @Test
    void shouldLeaveARecordAbsentWhenItsSectionDidNotComplete()
    {
        configure();
        final NextHopTable nextHops = tables.nextHops();
        final long[] out = new long[4];
        final long offset = nextHops.beginWrite(2);
        nextHops.endWrite(offset, false);
        assertEquals(SeqLockRecords.ABSENT, nextHops.read(2, out), "absent, and not busy: the section ended");
        nextHops.write(2, 1, GW.hi(), GW.lo(), GW_MAC);
        assertEquals(SeqLockRecords.PRESENT, nextHops.read(2, out), "a complete write makes it present again");
        assertEquals(GW_MAC, out[3]);
    }

    /**
     * A live writer rewrites a next hop's MAC and a tunnel (two configurations) 100 000 times each while a reader
     * reads both: every read sees the old or the new record, never busy, never a mix.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldNeverReportBusyWhileALiveWriterUpdates() throws InterruptedException
    {
        configure();
        final TunnelConfig a = TunnelConfig.of(LOCAL, REMOTE, 1, PEER_MAC, 1500);
        final TunnelConfig b = TunnelConfig.of(LOCAL, REMOTE, 1, OTHER_MAC, 1400).withHopLimit(32);
        final TunnelTable tunnels = tables.tunnels();
        assertEquals(UpdateResult.OK, tables.addTunnel(3, b));
        final long controlB = tunnels.control(3);
        assertEquals(UpdateResult.OK, tables.addTunnel(3, a));
        final long controlA = tunnels.control(3);
        final NextHopTable nextHops = tables.nextHops();
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicLong reads = new AtomicLong();
        final Thread reader = new Thread(() ->
        {
            final long[] out = new long[4];
            long n = 0;
            while (!done.get() && failure.get() == null)
            {
                final int hop = nextHops.read(2, out);
                if (hop != SeqLockRecords.PRESENT || out[0] != 1 || out[1] != GW.hi() || out[2] != GW.lo()
                    || out[3] != GW_MAC && out[3] != OTHER_MAC)
                {
                    failure.set("next hop read " + hop + " mac " + Long.toHexString(out[3]));
                }
                final long control = tunnels.control(3);
                if (control != controlA && control != controlB)
                {
                    failure.set("tunnel control " + Long.toHexString(control));
                }
                n++;
            }
            reads.set(n);
        });
        reader.start();
        for (int i = 0; i < 100_000 && failure.get() == null; i++)
        {
            nextHops.writeMac(2, (i & 1) == 0 ? OTHER_MAC : GW_MAC);
            tunnels.write(3, (i & 1) == 0 ? b : a, PORT_MAC);
        }
        done.set(true);
        reader.join(30_000);
        assertFalse(reader.isAlive());
        assertEquals(null, failure.get());
        assertTrue(reads.get() > 0);
    }
}
