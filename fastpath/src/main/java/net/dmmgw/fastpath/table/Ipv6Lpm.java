package net.dmmgw.fastpath.table;

import java.util.Arrays;

/**
 * IPv6 longest-prefix match for any length /0–/128: binary search on prefix lengths over an
 * off-heap hash of (masked address, length) entries, with markers (Waldvogel et al., "Scalable
 * high speed IP routing lookups", SIGCOMM 1997).
 * <p>
 * <b>Search tree.</b> The lengths 0..128 form a fixed binary search tree whose root is /64, whose
 * right child is /128 and in which rounder lengths sit higher (see {@link #root}); its depth is 8.
 * A lookup probes the hash at the tree node's length: a hit sends it to longer lengths, a miss to
 * shorter ones. For a prefix of length L, every node on its path where the search must turn toward
 * longer lengths holds a <em>marker</em> (the prefix truncated to that length), so the search is
 * led to it. Because the tree is fixed, markers never move when lengths become populated.
 * <p>
 * <b>Cost.</b> At most 8 probes plus backtracking; lengths with no entry at all are skipped
 * without a probe, and a real prefix whose entry counts no marker beneath it ends the search at
 * once. With the usual gateway mix (/128 host routes, /64 home network prefixes, a few
 * aggregates, /0) that is one probe for an address in a /64 and two for a /128. A /128 or /64
 * costs at most one marker (at /64); memory is linear in prefixes plus markers.
 * <p>
 * <b>Backtracking instead of best-matching-prefix in markers.</b> Classic markers carry the best
 * shorter match, which an insert of a short prefix must rewrite in every marker beneath it. Here a
 * marker carries nothing; when a marker-only node leads to no match, the search resumes on the
 * shorter lengths it skipped. Updates stay O(depth) and a lookup stays allocation-free.
 * <p>
 * <b>Consistency.</b> Single writer. An insert publishes its markers first, then the prefix; a
 * delete removes the prefix first, then its markers; each hash entry change is one release store
 * (see {@link ExactMatchTable}) and the set of non-empty lengths is an immutable array replaced by a
 * volatile store. A concurrent lookup therefore answers as the table was before or after an update.
 */
public final class Ipv6Lpm
{
    /** Returned by {@link #lookup} when no prefix matches. */
    public static final long NO_MATCH = ExactMatchTable.MISSING;
    /** Value of an entry that is only a marker. */
    static final long MARKER_ONLY = Long.MAX_VALUE;

    private static final int LENGTHS = Prefixes.MAX_LENGTH + 1;
    private static final byte[] ROOT = new byte[LENGTHS * LENGTHS];
    private static final int MAX_STACK = 8;
    private static final int ROOT_LENGTH = 64;
    /** Per prefix length, the tree nodes where the search turns longer: where its markers go. */
    private static final int[][] MARKER_LENGTHS = new int[LENGTHS][];

    static
    {
        for (int lo = 0; lo < LENGTHS; lo++)
        {
            for (int hi = lo; hi < LENGTHS; hi++)
            {
                ROOT[lo * LENGTHS + hi] = (byte)root(lo, hi);
            }
        }
        if (depth(0, Prefixes.MAX_LENGTH) > MAX_STACK)
        {
            throw new IllegalStateException("length search tree deeper than the lookup stack");
        }
        for (int length = 0; length < LENGTHS; length++)
        {
            final int[] path = new int[MAX_STACK];
            int count = 0;
            int low = 0;
            int high = Prefixes.MAX_LENGTH;
            int node;
            while ((node = ROOT[low * LENGTHS + high] & 0xFF) != length)
            {
                if (length > node)
                {
                    path[count++] = node;
                    low = node + 1;
                }
                else
                {
                    high = node - 1;
                }
            }
            MARKER_LENGTHS[length] = Arrays.copyOf(path, count);
        }
    }

    private final ExactMatchTable table;
    private final int maxPrefixes;
    private int prefixes;
    private final int[] prefixesPerLength = new int[LENGTHS];
    private final int[] entriesPerLength = new int[LENGTHS];
    private volatile long[] nonEmptyLengths = new long[3];

    /**
     * @param maxPrefixes number of prefixes the table must hold; the hash also has room for as many
     *                    markers (a /64 needs none, a /128 at most one, and a marker is shared by
     *                    every prefix below it).
     */
    public Ipv6Lpm(final int maxPrefixes)
    {
        if (maxPrefixes < 1)
        {
            throw new IllegalArgumentException("maxPrefixes must be positive: " + maxPrefixes);
        }
        this.maxPrefixes = maxPrefixes;
        this.table = new ExactMatchTable(2 * maxPrefixes + 2 * LENGTHS);
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
        final long[] nonEmpty = nonEmptyLengths;
        final ExactMatchTable.Storage storage = table.snapshot();
        long best = NO_MATCH;
        int low = 0;
        int high = Prefixes.MAX_LENGTH;
        // Stack of length ranges skipped at marker-only nodes: 16 bits (low, high) each, 4 per long.
        long pendingLow = 0;
        long pendingHigh = 0;
        int depth = 0;
        while (true)
        {
            if (low > high)
            {
                if (depth == 0)
                {
                    return best;
                }
                depth--;
                final int range = (int)((depth < 4 ? pendingLow : pendingHigh) >>> ((depth & 3) << 4)) & 0xFFFF;
                low = range >>> 8;
                high = range & 0xFF;
                continue;
            }
            final int mid = ROOT[low * LENGTHS + high] & 0xFF;
            if ((nonEmpty[mid >>> 6] & (1L << mid)) == 0)
            {
                high = mid - 1;
                continue;
            }
            final long slot = ExactMatchTable.probe(storage, hi & Prefixes.hiMask(mid), lo & Prefixes.loMask(mid), mid);
            if (slot < 0)
            {
                high = mid - 1;
                continue;
            }
            final long value = ExactMatchTable.valueAt(storage, slot);
            if (value != MARKER_ONLY)
            {
                best = value;
                depth = 0;
                if (ExactMatchTable.auxAt(storage, slot) == 0)
                {
                    return best; // no longer prefix below this one
                }
            }
            else if (mid > low)
            {
                final int shift = (depth & 3) << 4;
                final long range = (long)((low << 8) | (mid - 1)) << shift;
                if (depth < 4)
                {
                    pendingLow = (pendingLow & ~(0xFFFFL << shift)) | range;
                }
                else
                {
                    pendingHigh = (pendingHigh & ~(0xFFFFL << shift)) | range;
                }
                depth++;
            }
            low = mid + 1;
        }
    }

    /**
     * Software prefetch for a burst: touches the hash slot of the first probe (the /64 at the root
     * of the length tree) of a later {@link #lookup} of the same address. Calling it for every
     * packet of a burst before looking any of them up lets the CPU overlap their cache misses.
     *
     * @param hi address octets 0..7.
     * @param lo address octets 8..15 (unused by the /64 probe).
     * @return a value derived from the load; fold it into something live so the JIT keeps the load.
     */
    public int touch(final long hi, final long lo)
    {
        return ExactMatchTable.touch(table.snapshot(), hi, 0, ROOT_LENGTH);
    }

    /**
     * Exact lookup of one prefix.
     *
     * @param hi     prefix octets 0..7 (bits after the length are ignored).
     * @param lo     prefix octets 8..15.
     * @param length prefix length.
     * @return its value, or {@link #NO_MATCH}.
     */
    public long get(final long hi, final long lo, final int length)
    {
        final long value = table.get(hi & Prefixes.hiMask(length), lo & Prefixes.loMask(length), length);
        return value == MARKER_ONLY ? NO_MATCH : value;
    }

    /**
     * Writer side: add or replace a prefix.
     *
     * @param hi     prefix octets 0..7 (bits after the length are ignored).
     * @param lo     prefix octets 8..15.
     * @param length prefix length 0..128.
     * @param value  value, 0 ≤ value &lt; {@link Long#MAX_VALUE}.
     * @return false if the prefix is new and the table is full (nothing changed then).
     */
    public boolean put(final long hi, final long lo, final int length, final long value)
    {
        if (!Prefixes.isValidLength(length) || value < 0 || value == MARKER_ONLY)
        {
            throw new IllegalArgumentException("bad length or value: /" + length + " " + value);
        }
        final long mhi = hi & Prefixes.hiMask(length);
        final long mlo = lo & Prefixes.loMask(length);
        final long existing = table.get(mhi, mlo, length);
        if (existing != ExactMatchTable.MISSING && existing != MARKER_ONLY)
        {
            table.put(mhi, mlo, length, value);
            return true;
        }
        if (prefixes >= maxPrefixes
            || table.size() + newEntriesFor(mhi, mlo, length, existing) > table.maxEntries())
        {
            return false;
        }
        for (final int node : MARKER_LENGTHS[length])
        {
            addMarker(mhi & Prefixes.hiMask(node), mlo & Prefixes.loMask(node), node);
        }
        table.put(mhi, mlo, length, value);
        if (existing == ExactMatchTable.MISSING)
        {
            entryAdded(length);
        }
        prefixes++;
        prefixesPerLength[length]++;
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
        if (!Prefixes.isValidLength(length))
        {
            return false;
        }
        final long mhi = hi & Prefixes.hiMask(length);
        final long mlo = lo & Prefixes.loMask(length);
        final long existing = table.get(mhi, mlo, length);
        if (existing == ExactMatchTable.MISSING || existing == MARKER_ONLY)
        {
            return false;
        }
        if (table.aux(mhi, mlo, length) > 0)
        {
            table.put(mhi, mlo, length, MARKER_ONLY);
        }
        else
        {
            table.remove(mhi, mlo, length);
            entryRemoved(length);
        }
        for (final int node : MARKER_LENGTHS[length])
        {
            removeMarker(mhi & Prefixes.hiMask(node), mlo & Prefixes.loMask(node), node);
        }
        prefixes--;
        prefixesPerLength[length]--;
        return true;
    }

    /**
     * @return number of prefixes.
     */
    public int size()
    {
        return prefixes;
    }

    /**
     * @return prefix capacity.
     */
    public int maxPrefixes()
    {
        return maxPrefixes;
    }

    /**
     * @return hash entries used by markers alone.
     */
    public int markers()
    {
        return table.size() - prefixes;
    }

    /**
     * @return number of distinct prefix lengths holding prefixes.
     */
    public int populatedLengths()
    {
        int count = 0;
        for (final int n : prefixesPerLength)
        {
            count += n > 0 ? 1 : 0;
        }
        return count;
    }

    /**
     * @return off-heap octets used by the hash storage.
     */
    public long memoryBytes()
    {
        return table.memoryBytes();
    }

    /**
     * Writer side: visit every prefix (markers are skipped).
     *
     * @param visitor receives prefix hi, lo, length (as tag) and value.
     */
    public void forEach(final ExactMatchTable.EntryVisitor visitor)
    {
        table.forEach((hi, lo, length, value) ->
        {
            if (value != MARKER_ONLY)
            {
                visitor.accept(hi, lo, length, value);
            }
        });
    }

    /**
     * The node of the length search tree for the range [lo, hi]: /64 if inside, else /128 if it is
     * the top, else the length with the most trailing zero bits (ties: nearest the middle); /0 last.
     *
     * @param lo lowest length of the range.
     * @param hi highest length of the range.
     * @return the root length of that range.
     */
    static int root(final int lo, final int hi)
    {
        if (lo <= 64 && hi >= 64)
        {
            return 64;
        }
        if (hi == Prefixes.MAX_LENGTH)
        {
            return Prefixes.MAX_LENGTH;
        }
        final int centre = (lo + hi) >>> 1;
        int best = lo;
        int bestRank = Integer.MIN_VALUE;
        for (int v = lo; v <= hi; v++)
        {
            final int rank = (v == 0 ? -1 : Integer.numberOfTrailingZeros(v)) * 256 - Math.abs(v - centre);
            if (rank > bestRank)
            {
                bestRank = rank;
                best = v;
            }
        }
        return best;
    }

    private static int depth(final int lo, final int hi)
    {
        if (lo > hi)
        {
            return 0;
        }
        final int r = root(lo, hi);
        return 1 + Math.max(depth(lo, r - 1), depth(r + 1, hi));
    }

    private int newEntriesFor(final long mhi, final long mlo, final int length, final long existing)
    {
        int count = existing == ExactMatchTable.MISSING ? 1 : 0;
        for (final int node : MARKER_LENGTHS[length])
        {
            count += table.aux(mhi & Prefixes.hiMask(node), mlo & Prefixes.loMask(node), node) < 0 ? 1 : 0;
        }
        return count;
    }

    private void addMarker(final long hi, final long lo, final int length)
    {
        final int markers = table.aux(hi, lo, length);
        if (markers < 0)
        {
            table.put(hi, lo, length, MARKER_ONLY);
            table.setAux(hi, lo, length, 1);
            entryAdded(length);
        }
        else
        {
            table.setAux(hi, lo, length, markers + 1);
        }
    }

    private void removeMarker(final long hi, final long lo, final int length)
    {
        final int markers = table.aux(hi, lo, length);
        if (markers == 1 && table.get(hi, lo, length) == MARKER_ONLY)
        {
            table.remove(hi, lo, length);
            entryRemoved(length);
        }
        else
        {
            table.setAux(hi, lo, length, markers - 1);
        }
    }

    private void entryAdded(final int length)
    {
        if (entriesPerLength[length]++ == 0)
        {
            publishNonEmpty();
        }
    }

    private void entryRemoved(final int length)
    {
        if (--entriesPerLength[length] == 0)
        {
            publishNonEmpty();
        }
    }

    private void publishNonEmpty()
    {
        final long[] bits = new long[3];
        for (int len = 0; len < LENGTHS; len++)
        {
            if (entriesPerLength[len] > 0)
            {
                bits[len >>> 6] |= 1L << len;
            }
        }
        nonEmptyLengths = bits;
    }
}
