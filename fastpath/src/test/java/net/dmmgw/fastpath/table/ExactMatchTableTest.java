package net.dmmgw.fastpath.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * The reader paths of {@link ExactMatchTable}: {@code get} and the filtered {@code getSparse} agree
 * with a reference map through inserts, replacements, deletes and the rebuilds that deletes cause,
 * including keys that collide in the hash (more keys than the first slots can hold); removed slots
 * are reused in place without growing or replacing the storage, but never while a registered
 * reader may still be reading them.
 */
class ExactMatchTableTest
{
    @Test
    void shouldAnswerLikeAMapThroughPutsRemovesAndRebuilds()
    {
        answerLikeAMap(new ExactMatchTable(64));
    }

    @Test
    void shouldAnswerLikeAMapUnderTheFoldedPlacement()
    {
        // (The switch to the multiplicative hash under clustering keys: the test after next.)
        final ExactMatchTable table = new ExactMatchTable(64, new ReaderEpochs(), true);
        answerLikeAMap(table);
        assertTrue(table.foldedHash(), "96 x 4 x 3 keys in 256 slots: no run of 24");
    }

    private static void answerLikeAMap(final ExactMatchTable table)
    {
        final int max = table.maxEntries();
        final Map<String, Long> reference = new HashMap<>();
        final Random random = new Random(7);
        // Small key space so keys are re-inserted after removal and slots fill with tombstones,
        // which forces rebuilds (fresh storage and fresh presence filter).
        for (int step = 0; step < 20_000; step++)
        {
            final long hi = 0x2001_0db8_0000_0000L | random.nextInt(96);
            final long lo = random.nextInt(4);
            final int tag = random.nextInt(3);
            final String key = hi + "/" + lo + "/" + tag;
            if (random.nextInt(3) == 0)
            {
                assertEquals(reference.remove(key) != null, table.remove(hi, lo, tag), key);
            }
            else
            {
                final long value = random.nextInt(1 << 20);
                final boolean expectStored = reference.containsKey(key) || reference.size() < max;
                assertEquals(expectStored, table.put(hi, lo, tag, value), key);
                if (expectStored)
                {
                    reference.put(key, value);
                }
            }
            if (step % 97 == 0)
            {
                assertAllKeys(table, reference);
            }
        }
        assertAllKeys(table, reference);
    }

    @Test
    void shouldReuseRemovedSlotsWithoutRebuildingUnderChurn()
    {
        final int max = 64;
        final ExactMatchTable table = new ExactMatchTable(max);
        final long memory = table.memoryBytes();
        final int slots = (int)(memory / ExactMatchTable.SLOT_LENGTH);
        // 1 000 x capacity adds and removes of keys never seen before, a full table's worth live:
        // without reuse every slot turns into a tombstone and the storage is replaced again and again.
        final int live = max;
        for (long k = 0; k < 1000L * max; k++)
        {
            assertTrue(table.put(0x2001_0db8_0000_0000L, k, (int)(k & 7), valueOf(k)));
            if (k >= live - 1)
            {
                final long old = k - (live - 1);
                assertTrue(table.remove(0x2001_0db8_0000_0000L, old, (int)(old & 7)));
            }
            assertTrue(table.usedSlots() * 4L <= slots * 3L, "slots in use " + table.usedSlots());
        }
        assertEquals(0, table.rebuilds(), "storage replaced under churn");
        assertEquals(memory, table.memoryBytes());
        assertEquals(live - 1, table.size());
        for (long k = 1000L * max - (live - 1); k < 1000L * max; k++)
        {
            assertEquals(valueOf(k), table.get(0x2001_0db8_0000_0000L, k, (int)(k & 7)));
            assertEquals(valueOf(k), table.getSparse(0x2001_0db8_0000_0000L, k, (int)(k & 7)));
        }
        assertEquals(ExactMatchTable.MISSING, table.getSparse(0x2001_0db8_0000_0000L, 0, 0));
    }

    @Test
    void shouldNotReuseASlotWhileAReaderIsInsideTheBurstThatMayHaveSeenIt()
    {
        final ReaderEpochs readers = new ReaderEpochs();
        final ReaderEpochs.Reader reader = readers.register();
        final ExactMatchTable table = new ExactMatchTable(64, readers, false);
        final long hi = 0x2001_0db8_0000_0000L;
        assertTrue(table.put(hi, 1, 0, 11));
        final ExactMatchTable.Storage storage = table.storageForTest();
        final long offset = ExactMatchTable.probe(storage, hi, 1, 0);
        reader.enter();
        // The reader may now hold key 1's slot. Churn through many keys in its burst.
        assertTrue(table.remove(hi, 1, 0));
        for (long k = 2; k < 40; k++)
        {
            assertTrue(table.put(hi, k, 0, valueOf(k)));
            assertTrue(table.remove(hi, k, 0));
        }
        assertEquals(hi, storage.segment.get(java.lang.foreign.ValueLayout.JAVA_LONG, offset + 8));
        assertEquals(1, storage.segment.get(java.lang.foreign.ValueLayout.JAVA_LONG, offset + 16), "key 1's slot rewritten");
        assertEquals(11, ExactMatchTable.valueAt(storage, offset), "key 1's value rewritten under a reader");
        reader.exit();
        // After the burst boundary the same churn recycles the slots (key 1's included).
        boolean reused = false;
        for (long k = 40; k < 400 && !reused; k++)
        {
            assertTrue(table.put(hi, k, 0, valueOf(k)));
            assertTrue(table.remove(hi, k, 0));
            reused = storage.segment.get(java.lang.foreign.ValueLayout.JAVA_LONG, offset + 16) != 1;
        }
        assertTrue(reused, "key 1's slot never reused after the readers left");
        assertEquals(0, table.rebuilds());
    }

    @Test
    void shouldRebuildWhenAStuckReaderHoldsEveryRemovedSlot()
    {
        final ReaderEpochs readers = new ReaderEpochs();
        final ReaderEpochs.Reader reader = readers.register();
        final ExactMatchTable table = new ExactMatchTable(16, readers, false);
        reader.enter();
        for (long k = 0; k < 1000; k++)
        {
            assertTrue(table.put(7, k, 1, valueOf(k)));
            if (k >= 8)
            {
                assertTrue(table.remove(7, k - 8, 1));
            }
        }
        assertTrue(table.rebuilds() > 0, "a stuck reader must not make the table refuse inserts");
        for (long k = 992; k < 1000; k++)
        {
            assertEquals(valueOf(k), table.get(7, k, 1));
        }
        assertFalse(table.get(7, 991, 1) != ExactMatchTable.MISSING);
        reader.exit();
    }

    @Test
    void shouldNeverGiveARegisteredReaderTheValueOfARecycledSlot() throws Exception
    {
        // Every value is a function of its key: a reader that read a slot's state for one key and
        // then its recycled value (or key) would see a value that does not belong to the key.
        final ReaderEpochs readers = new ReaderEpochs();
        final ExactMatchTable table = new ExactMatchTable(64, readers, false);
        final BurstReader worker = new BurstReader(readers, 3, (random, key, i) ->
        {
            final long k = random.nextInt(256);
            final long v = (i & 1) == 0 ? table.get(5, k, (int)(k & 3)) : table.getSparse(5, k, (int)(k & 3));
            return v != ExactMatchTable.MISSING && v != valueOf(k) ? "key " + k + " read value " + v : null;
        });
        final Random random = new Random(5);
        final long deadline = System.nanoTime() + 700_000_000L;
        long updates = 0;
        while (System.nanoTime() < deadline && !worker.failed())
        {
            final long k = random.nextInt(256);
            if (table.get(5, k, (int)(k & 3)) == ExactMatchTable.MISSING)
            {
                table.put(5, k, (int)(k & 3), valueOf(k)); // false when full: fine
            }
            else
            {
                assertTrue(table.remove(5, k, (int)(k & 3)));
            }
            updates++;
        }
        worker.stop();
        System.out.printf("ExactMatchTable: %d updates, %d concurrent lookups, %d rebuilds%n",
            updates, worker.lookups(), table.rebuilds());
        worker.assertRanCleanly(100_000);
    }

    @Test
    void shouldFindEveryKeyThroughTheFilterFromMemoryWhileOtherKeysOfItsBitsComeAndGo() throws Exception
    {
        // Permanent keys must never be missed (a filter false negative) while the writer adds and
        // removes churn keys that share their filter bits (a bit cleared with another key's removal
        // would lose them); keys never inserted are never found. Readers use the network-order path
        // (getSparseAt) as the pipeline does, and getSparse.
        final ReaderEpochs readers = new ReaderEpochs();
        final ExactMatchTable table = new ExactMatchTable(1024, readers, false);
        final long hi = 0x2001_0db8_00ff_0000L;
        final long[] permanent = new long[32];
        final boolean[] permanentBits = new boolean[1 << 10];
        for (int i = 0; i < permanent.length; i++)
        {
            permanent[i] = 0x1_0000L + i;
            assertTrue(table.put(hi, permanent[i], 0, valueOf(permanent[i])));
            permanentBits[ExactMatchTable.filterBitOf(hi, permanent[i], 0)] = true;
        }
        // Churn keys: all of them share a filter bit with some permanent key.
        final long[] churn = new long[128];
        for (long k = 0x2_0000L, n = 0; n < churn.length; k++)
        {
            if (permanentBits[ExactMatchTable.filterBitOf(hi, k, 0)])
            {
                churn[(int)n++] = k;
            }
        }
        final BurstReader worker = new BurstReader(readers, 11, (random, key, i) ->
        {
            final long p = permanent[random.nextInt(permanent.length)];
            final long c = churn[random.nextInt(churn.length)];
            final long absent = 0x3_0000L + random.nextInt(1 << 16);
            final long vp = table.getSparseAt(key.inNetworkOrder(hi, p), hi, p, 0);
            final long vc = (i & 1) == 0 ? table.getSparseAt(key.inNetworkOrder(hi, c), hi, c, 0)
                : table.getSparse(hi, c, 0);
            final long va = table.getSparseAt(key.inNetworkOrder(hi, absent), hi, absent, 0);
            return vp != valueOf(p) || (vc != ExactMatchTable.MISSING && vc != valueOf(c))
                || va != ExactMatchTable.MISSING
                ? "permanent " + p + " -> " + vp + ", churn " + c + " -> " + vc + ", absent " + absent + " -> " + va
                : null;
        });
        final Random random = new Random(13);
        final long deadline = System.nanoTime() + 500_000_000L;
        long updates = 0;
        while (System.nanoTime() < deadline && !worker.failed())
        {
            final long k = churn[random.nextInt(churn.length)];
            if (table.get(hi, k, 0) == ExactMatchTable.MISSING)
            {
                assertTrue(table.put(hi, k, 0, valueOf(k)));
            }
            else
            {
                assertTrue(table.remove(hi, k, 0));
            }
            updates++;
        }
        worker.stop();
        worker.assertRanCleanly(10_000);
        assertTrue(updates > 10_000, "writer barely ran: " + updates);
        for (final long p : permanent)
        {
            assertEquals(valueOf(p), table.getSparseAt(KEY.inNetworkOrder(hi, p), hi, p, 0));
        }
    }

    @Test
    void shouldPlaceAPoolOfPeersInItsFirstSlotsAndMissOutsideItWithoutWalkingTheRun()
    {
        // 1 000 peers numbered from a pool (2001:db8:fffe::1..1000, as perf/rate's) take consecutive first
        // slots: nothing is placed past its first slot, so a lookup reads one slot; addresses next to the
        // pool, in other groups or under another tag, whose first slots lie inside the run, are misses.
        final ExactMatchTable table = new ExactMatchTable(4096, new ReaderEpochs(), true);
        final long hi = 0x2001_0db8_fffe_0000L;
        for (long i = 1; i <= 1000; i++)
        {
            assertTrue(table.put(hi, i, 0, valueOf(i)));
        }
        assertTrue(table.foldedHash());
        assertEquals(0, table.maxWalk());
        for (long i = 1; i <= 1000; i++)
        {
            assertEquals(valueOf(i), table.get(hi, i, 0));
            assertEquals(ExactMatchTable.MISSING, table.get(hi, i, 2));
            assertEquals(ExactMatchTable.MISSING, table.get(hi, i << 16, 0));
            assertEquals(ExactMatchTable.MISSING, table.get(hi + 1, i, 0));
        }
        assertEquals(ExactMatchTable.MISSING, table.get(hi, 1001, 0));
        // A key whose first slot is taken walks past it; lookups then read that far, no further.
        final long otherHi = 0x2001_0db8_aaaa_0000L;
        // The first slot of a peer at the end of a run of the pool's slots.
        final Set<Long> pool = new HashSet<>();
        for (long i = 1; i <= 1000; i++)
        {
            pool.add(table.storageForTest().firstSlot(hi, i, 0));
        }
        long first = -1;
        for (final long slot : pool)
        {
            if (!pool.contains((slot + 1) & table.storageForTest().mask))
            {
                first = slot;
                break;
            }
        }
        long other = 0;
        while (other < 1 << 16 && table.storageForTest().firstSlot(otherHi, other, 0) != first)
        {
            other++;
        }
        assertTrue(other < 1 << 16);
        assertTrue(table.put(otherHi, other, 0, 7));
        assertEquals(1, table.maxWalk(), "placed right after the end of the run");
        assertTrue(table.foldedHash());
        assertEquals(7, table.get(otherHi, other, 0));
        assertEquals(valueOf(1), table.get(hi, 1, 0));
        // The same pool under a second endpoint (tag) lies elsewhere, not on the first one's run.
        for (long i = 1; i <= 1000; i++)
        {
            assertTrue(table.put(hi, i, 1, valueOf(i) + 1));
        }
        assertTrue(table.foldedHash());
        assertEquals(1, table.maxWalk());
        for (long i = 1; i <= 1000; i++)
        {
            assertEquals(valueOf(i) + 1, table.get(hi, i, 1));
            assertEquals(valueOf(i), table.get(hi, i, 0));
        }
    }

    @Test
    void shouldLeaveTheFoldedPlacementWhenKeysClusterWhileReadersLookUp() throws Exception
    {
        // Keys x:x in the last two groups fold onto one slot (the groups cancel): a configuration that
        // clusters. The writer must switch the table to the multiplicative hash (fresh storage) once an
        // insert meets a run longer than MAX_FOLDED_RUN, while a reader keeps finding the keys that were
        // there before, never finds absent keys, and finds every clustered key it sees as present with
        // its own value.
        final ReaderEpochs readers = new ReaderEpochs();
        final ExactMatchTable table = new ExactMatchTable(256, readers, true);
        final long hi = 0x2001_0db8_fffe_0000L;
        final long[] permanent = new long[32];
        for (int i = 0; i < permanent.length; i++)
        {
            permanent[i] = 0x1_0000_0200L + i; // a run of slots away from the clustered keys' first slot
            assertTrue(table.put(hi, permanent[i], 0, valueOf(permanent[i])));
        }
        final long[] clustered = new long[64];
        for (int i = 0; i < clustered.length; i++)
        {
            final long x = 0x100 + i;
            clustered[i] = x << 16 | x;
            assertEquals(ExactMatchTable.foldedHash(hi, clustered[0], 0) & 0xFFFF, ExactMatchTable.foldedHash(hi, clustered[i], 0) & 0xFFFF);
        }
        assertTrue(table.foldedHash());
        final BurstReader worker = new BurstReader(readers, 17, (random, key, i) ->
        {
            final long p = permanent[random.nextInt(permanent.length)];
            final long c = clustered[random.nextInt(clustered.length)];
            final long absent = 0x2_0000_0000L + random.nextInt(1 << 16);
            final long vp = table.get(hi, p, 0);
            final long vps = table.getSparseAt(key.inNetworkOrder(hi, p), hi, p, 0);
            final long vc = table.get(hi, c, 0);
            final long va = table.get(hi, absent, 0);
            return vp != valueOf(p) || vps != valueOf(p) || (vc != ExactMatchTable.MISSING && vc != valueOf(c))
                || va != ExactMatchTable.MISSING
                ? "permanent " + p + " -> " + vp + "/" + vps + ", clustered " + c + " -> " + vc + ", absent " + absent
                    + " -> " + va
                : null;
        });
        final long deadline = System.nanoTime() + 300_000_000L;
        int rounds = 0;
        while ((rounds < 3 || System.nanoTime() < deadline) && !worker.failed() && rounds < 1000)
        {
            for (int i = 0; i < clustered.length; i++)
            {
                assertTrue(table.put(hi, clustered[i], 0, valueOf(clustered[i])));
                if (i <= ExactMatchTable.MAX_FOLDED_RUN && rounds == 0)
                {
                    assertTrue(table.foldedHash(), "switched after " + (i + 1) + " clustered keys");
                }
            }
            assertFalse(table.foldedHash(), "a run of " + clustered.length + " keys left the placement folded");
            for (final long c : clustered)
            {
                assertTrue(table.remove(hi, c, 0));
            }
            rounds++;
        }
        worker.stop();
        worker.assertRanCleanly(1_000);
        assertEquals(permanent.length, table.size());
        for (final long p : permanent)
        {
            assertEquals(valueOf(p), table.get(hi, p, 0));
        }
        for (final long c : clustered)
        {
            assertEquals(ExactMatchTable.MISSING, table.getSparse(hi, c, 0));
        }
    }

    /**
     * A registered reader thread looking up in bursts of 32 (its reader epoch entered around each burst) until
     * stopped or until a lookup reports a failure, as a worker does while the test's writer updates the table.
     */
    private static final class BurstReader
    {
        /** One lookup and its check: a failure message, or null. */
        interface Lookup
        {
            String check(Random random, NetworkOrderKey key, int indexInBurst);
        }

        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<String> failure = new AtomicReference<>();
        private final AtomicLong lookups = new AtomicLong();
        private final Thread thread;

        BurstReader(final ReaderEpochs readers, final long seed, final Lookup lookup)
        {
            thread = new Thread(() ->
            {
                final ReaderEpochs.Reader reader = readers.register();
                final NetworkOrderKey key = new NetworkOrderKey();
                final Random random = new Random(seed);
                long n = 0;
                while (!stop.get() && failure.get() == null)
                {
                    reader.enter();
                    for (int i = 0; i < 32; i++)
                    {
                        final String problem = lookup.check(random, key, i);
                        if (problem != null)
                        {
                            failure.set(problem);
                        }
                        n++;
                    }
                    reader.exit();
                }
                lookups.set(n);
            });
            thread.start();
        }

        boolean failed()
        {
            return failure.get() != null;
        }

        long lookups()
        {
            return lookups.get();
        }

        /** Stop the reader and wait for it (5 s at most). */
        void stop() throws InterruptedException
        {
            stop.set(true);
            thread.join(5_000);
            assertFalse(thread.isAlive());
        }

        /** After {@link #stop}: no lookup failed, and more than {@code minLookups} were made. */
        void assertRanCleanly(final long minLookups)
        {
            assertEquals(null, failure.get());
            assertTrue(lookups.get() > minLookups, "reader barely ran: " + lookups.get());
        }
    }

    /** Sixteen octets of off-heap memory holding a key in network order, as in a packet header. */
    private static final class NetworkOrderKey
    {
        private static final ValueLayout.OfLong BIG_ENDIAN =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
        private final MemorySegment segment = Arena.ofAuto().allocate(24, 8).asSlice(3, 16);

        long inNetworkOrder(final long hi, final long lo)
        {
            segment.set(BIG_ENDIAN, 0, hi);
            segment.set(BIG_ENDIAN, 8, lo);
            return segment.address();
        }
    }

    private static final NetworkOrderKey KEY = new NetworkOrderKey();

    private static long valueOf(final long key)
    {
        return (key * 0x9E3779B97F4A7C15L) >>> 20;
    }

    private static void assertAllKeys(final ExactMatchTable table, final Map<String, Long> reference)
    {
        for (int h = 0; h < 96; h++)
        {
            for (int lo = 0; lo < 4; lo++)
            {
                for (int tag = 0; tag < 3; tag++)
                {
                    final long hi = 0x2001_0db8_0000_0000L | h;
                    final Long expected = reference.get(hi + "/" + lo + "/" + tag);
                    final long want = expected == null ? ExactMatchTable.MISSING : expected;
                    assertEquals(want, table.get(hi, lo, tag));
                    assertEquals(want, table.getSparse(hi, lo, tag));
                    assertEquals(want, table.getSparseAt(KEY.inNetworkOrder(hi, lo), hi, lo, tag));
                    assertEquals(want, table.find(hi, lo, tag), "the writer's lookup");
                }
            }
        }
        assertEquals(reference.size(), table.size());
    }
}
