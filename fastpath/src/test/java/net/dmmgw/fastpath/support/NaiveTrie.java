package net.dmmgw.fastpath.support;

import java.util.Arrays;

/**
 * Reference longest-prefix match: a plain binary trie walked bit by bit. Deliberately a different
 * algorithm from the code under test, used as the oracle.
 */
public final class NaiveTrie
{
    private int[] zero = new int[1024];
    private int[] one = new int[1024];
    private long[] value = new long[1024];
    private int nodes = 1;

    public NaiveTrie()
    {
        Arrays.fill(value, -1);
    }

    public void put(final long hi, final long lo, final int length, final long v)
    {
        final int node = walk(hi, lo, length, true); // may grow the arrays: index first
        value[node] = v;
    }

    public void remove(final long hi, final long lo, final int length)
    {
        final int node = walk(hi, lo, length, false);
        if (node >= 0)
        {
            value[node] = -1;
        }
    }

    public long lookup(final long hi, final long lo)
    {
        long best = value[0];
        int node = 0;
        for (int bit = 0; bit < 128; bit++)
        {
            node = bit(hi, lo, bit) == 0 ? zero[node] : one[node];
            if (node == 0)
            {
                return best;
            }
            if (value[node] >= 0)
            {
                best = value[node];
            }
        }
        return best;
    }

    private int walk(final long hi, final long lo, final int length, final boolean create)
    {
        int node = 0;
        for (int bit = 0; bit < length; bit++)
        {
            final int[] next = bit(hi, lo, bit) == 0 ? zero : one;
            if (next[node] == 0)
            {
                if (!create)
                {
                    return -1;
                }
                grow();
                value[nodes] = -1;
                (bit(hi, lo, bit) == 0 ? zero : one)[node] = nodes++;
            }
            node = (bit(hi, lo, bit) == 0 ? zero : one)[node];
        }
        return node;
    }

    private void grow()
    {
        if (nodes == zero.length)
        {
            final int n = zero.length * 2;
            zero = Arrays.copyOf(zero, n);
            one = Arrays.copyOf(one, n);
            final int old = value.length;
            value = Arrays.copyOf(value, n);
            Arrays.fill(value, old, n, -1);
        }
    }

    private static int bit(final long hi, final long lo, final int bit)
    {
        return (int)((bit < 64 ? hi >>> (63 - bit) : lo >>> (127 - bit)) & 1);
    }
}
