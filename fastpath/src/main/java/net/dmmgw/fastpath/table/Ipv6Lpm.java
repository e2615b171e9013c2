package net.dmmgw.fastpath.table;

/**
 * IPv6 longest-prefix match for any length /0–/128: one exact-match hash entry per prefix, keyed by
 * (masked address, length), searched from the longest populated length down.
 * <p>
 * This is the structure of FD.io VPP's IPv6 FIB. A lookup costs one hash probe (usually one cache
 * line) per <em>populated</em> prefix length longer than or equal to the match, independent of the
 * number of prefixes, and memory grows linearly with the prefixes (32 octets a slot, at most half
 * full). A multibit trie (DIR-24-8 / rte_lpm6) bounds the probes instead, but needs a group of
 * 256 entries per distinct 8-bit step below /24, which for a million scattered /64s or /128s costs
 * gigabytes. Gateways populate few lengths (/128 hosts and own addresses, /64 home network
 * prefixes, a few aggregates, /0), so the hash is a handful of accesses in practice.
 * <p>
 * Consistency: every insert or delete is a single release store in the hash (see
 * {@link ExactMatchTable}); the list of populated lengths is an immutable array replaced by a
 * volatile store, grown <em>after</em> an insert and shrunk <em>after</em> a delete, so a concurrent
 * lookup returns the answer of the table either before or after each update.
 */
public final class Ipv6Lpm
{
    /** Returned by {@link #lookup} when no prefix matches. */
    public static final long NO_MATCH = ExactMatchTable.MISSING;

    private final ExactMatchTable table;
    private final int[] prefixesPerLength = new int[Prefixes.MAX_LENGTH + 1];
    private volatile byte[] lengthsLongestFirst = new byte[0];

    /**
     * @param maxPrefixes number of prefixes the table must hold.
     */
    public Ipv6Lpm(final int maxPrefixes)
    {
        table = new ExactMatchTable(maxPrefixes);
    }

    /**
     * Longest-prefix match; safe from any thread, never allocates.
     *
     * @param hi address octets 0..7.
     * @param lo address octets 8..15.
     * @return the value of the longest matching prefix, or {@link #NO_MATCH}.
     */
    public long lookup(final long hi, final long lo)
    {
        final byte[] lengths = lengthsLongestFirst;
        for (int i = 0; i < lengths.length; i++)
        {
            final int len = lengths[i] & 0xFF;
            final long value = table.get(hi & Prefixes.hiMask(len), lo & Prefixes.loMask(len), len);
            if (value != ExactMatchTable.MISSING)
            {
                return value;
            }
        }
        return NO_MATCH;
    }

    /**
     * Exact lookup of one prefix (writer or reader).
     *
     * @param hi     prefix octets 0..7 (bits after the length are ignored).
     * @param lo     prefix octets 8..15.
     * @param length prefix length.
     * @return its value, or {@link #NO_MATCH}.
     */
    public long get(final long hi, final long lo, final int length)
    {
        return table.get(hi & Prefixes.hiMask(length), lo & Prefixes.loMask(length), length);
    }

    /**
     * Writer side: add or replace a prefix. The length must be valid (callers validate).
     *
     * @param hi     prefix octets 0..7 (bits after the length are ignored).
     * @param lo     prefix octets 8..15.
     * @param length prefix length 0..128.
     * @param value  non-negative value.
     * @return false if the table is full and the prefix is new.
     */
    public boolean put(final long hi, final long lo, final int length, final long value)
    {
        final long mhi = hi & Prefixes.hiMask(length);
        final long mlo = lo & Prefixes.loMask(length);
        final boolean isNew = table.get(mhi, mlo, length) == ExactMatchTable.MISSING;
        if (!table.put(mhi, mlo, length, value))
        {
            return false;
        }
        if (isNew && prefixesPerLength[length]++ == 0)
        {
            publishLengths();
        }
        return true;
    }

    /**
     * Writer side: delete a prefix.
     *
     * @param hi     prefix octets 0..7.
     * @param lo     prefix octets 8..15.
     * @param length prefix length.
     * @return whether it was present.
     */
    public boolean remove(final long hi, final long lo, final int length)
    {
        if (!table.remove(hi & Prefixes.hiMask(length), lo & Prefixes.loMask(length), length))
        {
            return false;
        }
        if (--prefixesPerLength[length] == 0)
        {
            publishLengths();
        }
        return true;
    }

    /**
     * @return number of prefixes.
     */
    public int size()
    {
        return table.size();
    }

    /**
     * @return prefix capacity.
     */
    public int maxPrefixes()
    {
        return table.maxEntries();
    }

    /**
     * @return number of distinct populated prefix lengths (the worst-case probes of a lookup).
     */
    public int populatedLengths()
    {
        return lengthsLongestFirst.length;
    }

    /**
     * @return off-heap octets used by the hash storage.
     */
    public long memoryBytes()
    {
        return table.memoryBytes();
    }

    /**
     * Writer side: visit every prefix.
     *
     * @param visitor receives prefix hi, lo, length (as tag) and value.
     */
    public void forEach(final ExactMatchTable.EntryVisitor visitor)
    {
        table.forEach(visitor);
    }

    private void publishLengths()
    {
        int count = 0;
        for (int len = 0; len <= Prefixes.MAX_LENGTH; len++)
        {
            if (prefixesPerLength[len] > 0)
            {
                count++;
            }
        }
        final byte[] lengths = new byte[count];
        int i = 0;
        for (int len = Prefixes.MAX_LENGTH; len >= 0; len--)
        {
            if (prefixesPerLength[len] > 0)
            {
                lengths[i++] = (byte)len;
            }
        }
        lengthsLongestFirst = lengths;
    }
}
