package net.dmmgw.fastpath.table;

import java.util.Arrays;

/**
 * The node's first few tunnel endpoints, so that an IPv6-in-IPv6 packet to one of them finds its endpoint index by
 * two compares instead of the local-address probe (the presence filter's multiply and load, the slot's hash, load
 * and compares: ~5 ns of a decapsulated packet's, perf/RESULTS.md session 8). A node has one or a few endpoints (an
 * LMA its LMAA, a MAG its proxy care-of address). An endpoint not listed here (beyond {@link #MAX_LISTED}) is still
 * found by the local-address probe: this is a shortcut in front of {@link LocalAddresses}, not a replacement.
 * <p>
 * Single writer ({@link FastPathTables}), many readers: the list is an immutable array replaced as a whole and
 * published by a volatile store, so a reader sees the old or the new list, never a torn entry. The writer lists an
 * endpoint after its local-address entry is put and unlists it before that entry changes; an endpoint's index is
 * never reused, so a listed (hi, lo, index) is always one the local-address table held.
 */
public final class TunnelEndpoints
{
    /** {@link #indexOf}: the address is not a listed endpoint (it may still be an unlisted one). */
    public static final int NOT_LISTED = -1;
    /** Endpoints listed at most; further ones are found by the local-address probe. */
    static final int MAX_LISTED = 4;
    private static final long[] NONE = {};

    /** Per listed endpoint: address high, address low, index. Never changed in place. */
    private volatile long[] listed = NONE;

    /**
     * Reader side; safe from any thread concurrently with the writer.
     *
     * @param hi address octets 0..7.
     * @param lo address octets 8..15.
     * @return the endpoint index ({@link LocalAddresses#endpointIndex}), or {@link #NOT_LISTED}.
     */
    public int indexOf(final long hi, final long lo)
    {
        final long[] entries = listed;
        for (int i = 0; i + 2 < entries.length; i += 3)
        {
            if (entries[i] == hi && entries[i + 1] == lo)
            {
                return (int)entries[i + 2];
            }
        }
        return NOT_LISTED;
    }

    /**
     * Writer: list an endpoint whose local-address entry is in place, if fewer than {@link #MAX_LISTED} are listed.
     */
    void add(final long hi, final long lo, final int index)
    {
        final long[] old = listed;
        if (old.length < 3 * MAX_LISTED)
        {
            final long[] fresh = Arrays.copyOf(old, old.length + 3);
            fresh[old.length] = hi;
            fresh[old.length + 1] = lo;
            fresh[old.length + 2] = index;
            listed = fresh;
        }
    }

    /**
     * Writer: unlist an endpoint (if listed), before its local-address entry changes.
     */
    void remove(final long hi, final long lo)
    {
        final long[] old = listed;
        for (int i = 0; i + 2 < old.length; i += 3)
        {
            if (old[i] == hi && old[i + 1] == lo)
            {
                final long[] fresh = new long[old.length - 3];
                System.arraycopy(old, 0, fresh, 0, i);
                System.arraycopy(old, i + 3, fresh, i, old.length - i - 3);
                listed = fresh;
                return;
            }
        }
    }

    /** @return endpoints listed (writer thread view; tests). */
    int size()
    {
        return listed.length / 3;
    }
}
