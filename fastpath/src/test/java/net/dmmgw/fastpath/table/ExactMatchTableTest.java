package net.dmmgw.fastpath.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The reader paths of {@link ExactMatchTable}: {@code get} and the filtered {@code getSparse} agree
 * with a reference map through inserts, replacements, deletes and the rebuilds that deletes cause,
 * including keys that collide in the hash (more keys than the first slots can hold).
 */
class ExactMatchTableTest
{
    @Test
    void shouldAnswerLikeAMapThroughPutsRemovesAndRebuilds()
    {
        final int max = 64;
        final ExactMatchTable table = new ExactMatchTable(max);
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
                }
            }
        }
        assertEquals(reference.size(), table.size());
    }
}
