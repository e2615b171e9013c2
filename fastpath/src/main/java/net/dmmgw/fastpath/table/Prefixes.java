package net.dmmgw.fastpath.table;

/**
 * Bit masks for IPv6 prefix lengths over the two-long address form.
 */
public final class Prefixes
{
    /** Longest IPv6 prefix length. */
    public static final int MAX_LENGTH = 128;

    private static final long[] HI = new long[MAX_LENGTH + 1];
    private static final long[] LO = new long[MAX_LENGTH + 1];

    static
    {
        for (int len = 0; len <= MAX_LENGTH; len++)
        {
            HI[len] = len == 0 ? 0 : len >= 64 ? -1L : -1L << (64 - len);
            LO[len] = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
        }
    }

    private Prefixes()
    {
    }

    /**
     * @param length prefix length 0..128.
     * @return mask for the high long.
     */
    public static long hiMask(final int length)
    {
        return HI[length];
    }

    /**
     * @param length prefix length 0..128.
     * @return mask for the low long.
     */
    public static long loMask(final int length)
    {
        return LO[length];
    }

    /**
     * @param length candidate prefix length.
     * @return whether it is a valid IPv6 prefix length.
     */
    public static boolean isValidLength(final int length)
    {
        return length >= 0 && length <= MAX_LENGTH;
    }
}
