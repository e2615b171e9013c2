package net.dmmgw.control.allocation;

import net.dmmgw.ipc.Ipv6Words;

/**
 * A pool of /64 home network prefixes carved out of one shorter prefix (e.g. a /48 gives 65 536 /64s),
 * tracked in an allocation bitmap. A prefix is identified by its upper 64 bits (the lower word of a /64 is 0).
 * No prefix is handed out twice until it is released; allocation is next-fit so that a just-released prefix is
 * not immediately reused by another mobile node.
 */
public final class PrefixPool
{
    /** Returned by {@link #allocate()} when the pool is exhausted. */
    public static final long NONE = 0;

    private final long baseHi;
    private final int baseLength;
    private final int size;
    private final long[] bitmap;
    private int cursor;
    private int allocated;

    /**
     * @param baseHi upper 64 bits of the pool prefix.
     * @param baseLength pool prefix length, 40..64 (at most 2^24 /64s).
     */
    public PrefixPool(final long baseHi, final int baseLength)
    {
        if (baseLength < 40 || baseLength > 64)
        {
            throw new IllegalArgumentException("pool prefix length must be 40..64, got " + baseLength);
        }
        final long mask = baseLength == 64 ? -1L : ~(-1L >>> baseLength);
        if ((baseHi & ~mask) != 0)
        {
            throw new IllegalArgumentException("pool prefix has bits set beyond /" + baseLength);
        }
        if (baseHi == NONE)
        {
            throw new IllegalArgumentException("pool prefix must not be ::");
        }
        this.baseHi = baseHi;
        this.baseLength = baseLength;
        this.size = 1 << (64 - baseLength);
        this.bitmap = new long[(size + 63) >>> 6];
    }

    /**
     * Parses "2001:db8:100::/48".
     *
     * @param text prefix and length.
     * @return the pool.
     */
    public static PrefixPool parse(final String text)
    {
        final int slash = text.indexOf('/');
        if (slash < 0)
        {
            throw new IllegalArgumentException("pool must be prefix/length: " + text);
        }
        return new PrefixPool(Ipv6Words.hi(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
    }

    /** @return a free /64 (upper word), or {@link #NONE} when exhausted. */
    public long allocate()
    {
        if (allocated == size)
        {
            return NONE;
        }
        for (int n = 0; n < size; n++)
        {
            final int i = cursor;
            cursor = i + 1 == size ? 0 : i + 1;
            if ((bitmap[i >>> 6] & (1L << i)) == 0)
            {
                bitmap[i >>> 6] |= 1L << i;
                allocated++;
                return baseHi + i;
            }
        }
        return NONE;
    }

    /**
     * Marks a specific prefix as taken (journal replay).
     *
     * @return false when it is outside the pool or already taken.
     */
    public boolean reserve(final long prefixHi)
    {
        final int i = index(prefixHi);
        if (i < 0 || (bitmap[i >>> 6] & (1L << i)) != 0)
        {
            return false;
        }
        bitmap[i >>> 6] |= 1L << i;
        allocated++;
        return true;
    }

    /**
     * Returns a prefix to the pool.
     *
     * @return false when it was not allocated from this pool.
     */
    public boolean release(final long prefixHi)
    {
        final int i = index(prefixHi);
        if (i < 0 || (bitmap[i >>> 6] & (1L << i)) == 0)
        {
            return false;
        }
        bitmap[i >>> 6] &= ~(1L << i);
        allocated--;
        return true;
    }

    /** @return true when the prefix lies in the pool. */
    public boolean contains(final long prefixHi)
    {
        return index(prefixHi) >= 0;
    }

    /** @return true when the prefix is currently allocated. */
    public boolean isAllocated(final long prefixHi)
    {
        final int i = index(prefixHi);
        return i >= 0 && (bitmap[i >>> 6] & (1L << i)) != 0;
    }

    /** @return prefixes allocated now. */
    public int allocated()
    {
        return allocated;
    }

    /** @return /64s in the pool. */
    public int size()
    {
        return size;
    }

    /** @return the pool prefix length. */
    public int baseLength()
    {
        return baseLength;
    }

    private int index(final long prefixHi)
    {
        final long i = prefixHi - baseHi;
        return i >= 0 && i < size ? (int)i : -1;
    }
}
