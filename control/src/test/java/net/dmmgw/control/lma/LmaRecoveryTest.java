package net.dmmgw.control.lma;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.location.BindingState;
import net.dmmgw.control.routing.InMemoryDataPlane;
import net.dmmgw.ipc.Ipv6Words;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Durability: the LMA process state is dropped without closing anything, a new LMA opens the same journal, and
 * every binding comes back with its prefixes, Proxy-CoA and remaining lifetime; expired ones are dropped; the
 * data plane is resynchronised in a new epoch; compaction keeps the journal bounded.
 */
class LmaRecoveryTest
{
    private final PbuBuilder builder = new PbuBuilder();

    private static String nai(final int i)
    {
        return "mn" + i + "@example.com";
    }

    private void attach(final LmaRig r, final int i, final int lifetimeUnits)
    {
        final byte[] mh = builder.pbu(LmaRig.MAG1, nai(i), i, lifetimeUnits, 1, null, r.clock.time());
        final Pba pba = Pba.of(r.send(Ipv6Words.bytes(LmaRig.MAG1), Ipv6Words.bytes(LmaRig.LMA), mh).get(0));
        assertEquals(0, pba.status(), pba.toString());
    }

    private static BindingCacheEntry find(final LmaRig r, final int i)
    {
        final byte[] id = nai(i).getBytes();
        return r.lma.cache().byMnId(id, 0, id.length, -1, null, 0, 0);
    }

    @Test
    void replayAfterCrashRestoresBindingsAndDropsExpiredOnes() throws IOException
    {
        try (LmaRig r = new LmaRig(new Properties()))
        {
            final Map<Integer, Long> prefixOf = new HashMap<>();
            final Map<Integer, Long> expiryOf = new HashMap<>();
            for (int i = 0; i < 40; i++)
            {
                attach(r, i, i % 2 == 0 ? 10 : 900); // even ones live 40 s, odd ones 3600 s
                prefixOf.put(i, find(r, i).prefix(0));
                expiryOf.put(i, find(r, i).expiresAtMs());
                r.advance(1);
            }
            // One de-registered binding waiting out MinDelayBeforeBCEDelete.
            final byte[] dereg = builder.pbu(LmaRig.MAG1, nai(1), 1000, 0, 5,
                Ipv6Words.text(prefixOf.get(1), 0), r.clock.time());
            assertEquals(0, Pba.of(r.send(Ipv6Words.bytes(LmaRig.MAG1), Ipv6Words.bytes(LmaRig.LMA), dereg).get(0))
                .status());
            final long epochBefore = r.lma.epoch();

            r.advance(5_000);
            r.crashAndRestart();
            assertEquals(40, r.lma.cache().size(), "every binding restored");
            final InMemoryDataPlane dp = (InMemoryDataPlane)r.dataPlane;
            assertTrue(r.lma.epoch() > epochBefore, "resynchronised in a new epoch");
            assertEquals(r.lma.epoch(), dp.epoch());
            assertEquals(0, r.lma.resyncPending(), "every snapshot message acknowledged");
            assertEquals(39, dp.routeCount(), "a route per active binding, none for the de-registered one");
            for (int i = 0; i < 40; i++)
            {
                final BindingCacheEntry e = find(r, i);
                assertNotNull(e, nai(i));
                assertEquals(prefixOf.get(i), e.prefix(0), "same prefix for " + nai(i));
                assertTrue(r.lma.pool().isAllocated(e.prefix(0)));
                if (i == 1)
                {
                    assertEquals(BindingState.DEREGISTERED, e.state());
                    continue;
                }
                assertEquals(expiryOf.get(i), e.expiresAtMs(), "same absolute expiry = same remaining lifetime");
                final int tunnel = dp.routeOf(e.prefix(0));
                assertTrue(tunnel > 0);
                assertEquals(Ipv6Words.hi(LmaRig.MAG1), dp.tunnelRemote(tunnel)[0]);
            }

            // A new MN after the restart never gets a restored prefix.
            attach(r, 100, 900);
            assertFalse(prefixOf.containsValue(find(r, 100).prefix(0)));

            // Timers were re-armed: the de-registered one goes 10 s after its de-registration...
            r.advance(15_000);
            assertNull(find(r, 1), "deletion timer re-armed by the replay");
            // ...and a second crash after the 40-s lifetimes ended drops the even ones at start.
            r.clock.advance(25_000);
            r.crashAndRestart();
            for (int i = 0; i < 40; i++)
            {
                if (i % 2 == 0)
                {
                    assertNull(find(r, i), nai(i) + " expired while the LMA was down");
                    assertFalse(r.lma.pool().isAllocated(prefixOf.get(i)), "its prefix is free again");
                }
                else if (i != 1)
                {
                    assertEquals(prefixOf.get(i), find(r, i).prefix(0));
                }
            }
            assertEquals(20, r.lma.cache().size(), "19 odd ones and mn100");
        }
    }

    @Test
    void prefixesOutsideAChangedPoolAreNotRestored() throws IOException
    {
        try (LmaRig r = new LmaRig(new Properties()))
        {
            attach(r, 1, 900);
            attach(r, 2, 900);
            // The operator shrinks the pool to the second /64 only, then the process restarts.
            r.properties.setProperty("lma.hnp-pool", "2001:db8:100:1::/64");
            r.crashAndRestart();
            assertEquals(1, r.lma.replayConflicts());
            assertNull(find(r, 1), "its prefix is no longer ours to give");
            assertEquals(Ipv6Words.hi("2001:db8:100:1::"), find(r, 2).prefix(0));
            assertEquals(1, r.lma.pool().allocated());
        }
    }

    @Test
    void compactionKeepsTheJournalBounded() throws IOException
    {
        final Properties p = new Properties();
        p.setProperty("journal.compact-after-records", "64");
        try (LmaRig r = new LmaRig(p))
        {
            final Map<Integer, Long> prefixOf = new HashMap<>();
            for (int i = 0; i < 10; i++)
            {
                attach(r, i, 900);
                prefixOf.put(i, find(r, i).prefix(0));
            }
            long maxRecords = 0;
            for (int n = 0; n < 1000; n++)
            {
                r.advance(1);
                final int i = n % 10;
                final byte[] refresh = builder.pbu(LmaRig.MAG1, nai(i), 1000 + n, 900, 5,
                    Ipv6Words.text(prefixOf.get(i), 0), r.clock.time());
                assertEquals(0, Pba.of(r.send(Ipv6Words.bytes(LmaRig.MAG1), Ipv6Words.bytes(LmaRig.LMA), refresh)
                    .get(0)).status());
                maxRecords = Math.max(maxRecords, r.journal().records());
            }
            assertTrue(maxRecords <= 10 + 64, "records never exceed live bindings + threshold: " + maxRecords);
            assertTrue(r.journal().compactions() >= 1000 / 64 - 1, "compacted " + r.journal().compactions());
            try (Stream<Path> s = Files.list(r.dir))
            {
                assertEquals(2, s.filter(f -> f.getFileName().toString().startsWith("gen-")).count(),
                    "one generation directory and its marker remain");
            }
            r.crashAndRestart();
            assertEquals(10, r.lma.cache().size());
            for (int i = 0; i < 10; i++)
            {
                assertEquals(prefixOf.get(i), find(r, i).prefix(0));
                assertEquals(1000 + 990 + i, find(r, i).lastSequence(), "the latest refresh survived compaction");
            }
        }
    }
}
