package net.dmmgw.control.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.location.BindingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal on its own: records round-trip, later records win, a compaction interrupted by a crash is ignored. */
class JournalReplayTest
{
    @TempDir
    Path dir;

    private static BindingCacheEntry entry(final int id, final long prefix)
    {
        final BindingCacheEntry e = new BindingCacheEntry(id, ("mn" + id + "@example.com").getBytes());
        final net.dmmgw.control.location.BindingCache cache = new net.dmmgw.control.location.BindingCache();
        final BindingCacheEntry c = cache.create(id, e.mnId(), 0, e.mnId().length);
        cache.addPrefix(c, prefix);
        c.proxyCoa(0x20010db800010000L, 1);
        c.expiresAtMs(1_000_000L + id);
        c.lastTimestamp(77);
        c.lastSequence(id);
        c.handoffIndicator(1);
        c.accessTechnologyType(4);
        c.linkLayerId(new byte[]{ 2, 0, 0, 0, 0, (byte)id }, 0, 6);
        return c;
    }

    @Test
    void recordsRoundTripAndLaterOnesWin()
    {
        try (BindingJournal j = new BindingJournal(dir, 1000))
        {
            j.appendUpsert(entry(1, 0x20010db801000000L));
            final BindingCacheEntry two = entry(2, 0x20010db801000001L);
            j.appendUpsert(two);
            two.state(BindingState.DEREGISTERED);
            two.deleteAtMs(5);
            j.appendUpsert(two);
            j.appendDelete(1);
        }
        final int[] upserts = new int[1];
        final int[] deletes = new int[1];
        final BindingRecord[] last = new BindingRecord[1];
        try (BindingJournal j = new BindingJournal(dir, 1000))
        {
            assertEquals(4, j.replay(new JournalReplayHandler()
            {
                public void onUpsert(final BindingRecord r)
                {
                    upserts[0]++;
                    if (r.id() == 2)
                    {
                        assertEquals("mn2@example.com", new String(r.mnId(), 0, r.mnIdLength()));
                        assertEquals(0x20010db801000001L, r.prefix(0));
                        assertEquals(1_000_002L, r.expiresAtMs());
                        assertEquals(6, r.linkLayerIdLength());
                        assertEquals(2, r.linkLayerId()[5]);
                        last[0] = r;
                    }
                }

                public void onDelete(final int id)
                {
                    deletes[0]++;
                    assertEquals(1, id);
                }
            }));
        }
        assertEquals(3, upserts[0]);
        assertEquals(1, deletes[0]);
    }

    @Test
    void anUnmarkedGenerationFromACrashedCompactionIsDiscarded() throws IOException
    {
        try (BindingJournal j = new BindingJournal(dir, 1000))
        {
            j.appendUpsert(entry(1, 0x20010db801000000L));
        }
        // A compaction that died before writing its marker leaves gen-2 without gen-2.complete.
        Files.createDirectories(dir.resolve("gen-2"));
        Files.writeString(dir.resolve("gen-2").resolve("junk.cq4"), "half written");
        try (BindingJournal j = new BindingJournal(dir, 1000))
        {
            assertEquals(1, j.generation());
            assertEquals(1, j.replay(new JournalReplayHandler()
            {
                public void onUpsert(final BindingRecord r)
                {
                }

                public void onDelete(final int id)
                {
                }
            }));
        }
        assertTrue(Files.notExists(dir.resolve("gen-2")), "the unmarked generation is deleted");
    }
}
