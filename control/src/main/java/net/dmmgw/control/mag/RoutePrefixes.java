package net.dmmgw.control.mag;

/**
 * More-specific routes a Router Advertisement carries as RFC 4191 Route Information options: up to
 * {@link #CAPACITY} prefixes (upper word, lower word, length 1..128, bits beyond the length zero), kept in arrays so
 * that writing them allocates nothing. Filled once from configuration; read by {@link RouterAdvertisementWriter}.
 */
public final class RoutePrefixes
{
    /** Most routes one RA carries (each Route Information option is at most 24 octets). */
    public static final int CAPACITY = 8;

    private final long[] hi = new long[CAPACITY];
    private final long[] lo = new long[CAPACITY];
    private final int[] length = new int[CAPACITY];
    private int size;

    /**
     * Adds a route.
     *
     * @param prefixHi upper word of the prefix.
     * @param prefixLo lower word.
     * @param prefixLength 1..128.
     * @return false when full, the length is out of range or bits beyond the length are set (nothing added).
     */
    public boolean add(final long prefixHi, final long prefixLo, final int prefixLength)
    {
        if (size == CAPACITY || prefixLength < 1 || prefixLength > 128
            || (prefixHi & ~mask(prefixLength)) != 0 || (prefixLo & ~mask(prefixLength - 64)) != 0)
        {
            return false;
        }
        hi[size] = prefixHi;
        lo[size] = prefixLo;
        length[size] = prefixLength;
        size++;
        return true;
    }

    /** @return the mask of the first {@code bits} bits of a 64-bit word (0 bits or fewer: none, 64 or more: all). */
    static long mask(final int bits)
    {
        if (bits <= 0)
        {
            return 0;
        }
        return bits >= 64 ? -1L : -1L << (64 - bits);
    }

    public int size()
    {
        return size;
    }

    public long prefixHi(final int i)
    {
        return hi[i];
    }

    public long prefixLo(final int i)
    {
        return lo[i];
    }

    public int prefixLength(final int i)
    {
        return length[i];
    }
}
