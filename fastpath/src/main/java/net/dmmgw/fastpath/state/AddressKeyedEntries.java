package net.dmmgw.fastpath.state;

/**
 * The applier's bookkeeping: an open-addressing hash map from (128-bit address, int tag) to a
 * {@code long} and an {@code int} value, held in primitive arrays so that get, put and remove
 * allocate nothing (the array grows, doubling, only when it passes half full).
 * <p>
 * Linear probing with backward-shift deletion: no tombstones, so a table churned by add/remove
 * pairs never degrades or needs a rebuild. Single-threaded (the state agent). The tag carries the
 * rest of the key: (table, prefix length) for routes, the port for next hops and neighbours, the
 * address kind for own addresses.
 */
final class AddressKeyedEntries
{
    /** Returned by {@link #find} when the key is absent. */
    static final int ABSENT = -1;

    private long[] his;
    private long[] los;
    private int[] tags;
    private long[] longValues;
    private int[] intValues;
    private boolean[] used;
    private int mask;
    private int size;

    /**
     * @param expected entries expected; the table starts with room for twice as many.
     */
    AddressKeyedEntries(final int expected)
    {
        allocate(Math.max(16, Integer.highestOneBit(Math.max(1, expected) * 2 - 1) << 1));
    }

    /** @return entries held. */
    int size()
    {
        return size;
    }

    /**
     * @return the slot of the key, or {@link #ABSENT}; valid until the next put or remove.
     */
    int find(final long hi, final long lo, final int tag)
    {
        int slot = hash(hi, lo, tag) & mask;
        while (used[slot])
        {
            if (his[slot] == hi && los[slot] == lo && tags[slot] == tag)
            {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return ABSENT;
    }

    /**
     * Inserts or overwrites both values of the key.
     *
     * @return the key's slot (valid until the next put or remove).
     */
    int put(final long hi, final long lo, final int tag, final long longValue, final int intValue)
    {
        int slot = find(hi, lo, tag);
        if (slot == ABSENT)
        {
            if ((size + 1) * 2 > used.length)
            {
                grow();
            }
            slot = hash(hi, lo, tag) & mask;
            while (used[slot])
            {
                slot = (slot + 1) & mask;
            }
            used[slot] = true;
            his[slot] = hi;
            los[slot] = lo;
            tags[slot] = tag;
            size++;
        }
        longValues[slot] = longValue;
        intValues[slot] = intValue;
        return slot;
    }

    /** @return whether the key was present. */
    boolean remove(final long hi, final long lo, final int tag)
    {
        final int slot = find(hi, lo, tag);
        if (slot == ABSENT)
        {
            return false;
        }
        removeAt(slot);
        return true;
    }

    long hi(final int slot)
    {
        return his[slot];
    }

    long lo(final int slot)
    {
        return los[slot];
    }

    int tag(final int slot)
    {
        return tags[slot];
    }

    long longValue(final int slot)
    {
        return longValues[slot];
    }

    int intValue(final int slot)
    {
        return intValues[slot];
    }

    void longValue(final int slot, final long value)
    {
        longValues[slot] = value;
    }

    /**
     * Copies out the keys whose long value is below {@code bound} (the snapshot sweep: allocates,
     * runs once per snapshot).
     *
     * @return {hi[], lo[], tag[] as long[]} of equal lengths.
     */
    long[][] keysWithLongValueBelow(final long bound)
    {
        int count = 0;
        for (int slot = 0; slot < used.length; slot++)
        {
            if (used[slot] && longValues[slot] < bound)
            {
                count++;
            }
        }
        final long[][] keys = new long[3][count];
        int n = 0;
        for (int slot = 0; slot < used.length; slot++)
        {
            if (used[slot] && longValues[slot] < bound)
            {
                keys[0][n] = his[slot];
                keys[1][n] = los[slot];
                keys[2][n] = tags[slot];
                n++;
            }
        }
        return keys;
    }

    private void removeAt(final int removed)
    {
        // Backward-shift: move later members of the probe run into the hole when their home slot
        // does not lie cyclically in (hole, slot].
        int hole = removed;
        int slot = (hole + 1) & mask;
        while (used[slot])
        {
            final int home = hash(his[slot], los[slot], tags[slot]) & mask;
            final boolean stays = hole <= slot ? hole < home && home <= slot : hole < home || home <= slot;
            if (!stays)
            {
                his[hole] = his[slot];
                los[hole] = los[slot];
                tags[hole] = tags[slot];
                longValues[hole] = longValues[slot];
                intValues[hole] = intValues[slot];
                hole = slot;
            }
            slot = (slot + 1) & mask;
        }
        used[hole] = false;
        size--;
    }

    private void grow()
    {
        final long[] oldHis = his;
        final long[] oldLos = los;
        final int[] oldTags = tags;
        final long[] oldLongs = longValues;
        final int[] oldInts = intValues;
        final boolean[] oldUsed = used;
        allocate(oldUsed.length * 2);
        for (int slot = 0; slot < oldUsed.length; slot++)
        {
            if (oldUsed[slot])
            {
                put(oldHis[slot], oldLos[slot], oldTags[slot], oldLongs[slot], oldInts[slot]);
            }
        }
    }

    private void allocate(final int capacity)
    {
        his = new long[capacity];
        los = new long[capacity];
        tags = new int[capacity];
        longValues = new long[capacity];
        intValues = new int[capacity];
        used = new boolean[capacity];
        mask = capacity - 1;
        size = 0;
    }

    private static int hash(final long hi, final long lo, final int tag)
    {
        long h = hi * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(lo * 0xC2B2AE3D27D4EB4FL, 31) ^ tag * 0x165667B19E3779F9L;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        return (int)(h ^ h >>> 29);
    }
}
