package net.dmmgw.control.codec;

/**
 * Home Test (MH Type 3) and Care-of Test (MH Type 4), which share a layout.
 *
 * <pre>
 *  6: Home / Care-of Nonce Index (16)
 *  8: Init Cookie (64)
 * 16: Keygen Token (64)
 * 24: Mobility options
 * </pre>
 */
public final class TestReply extends MhFlyweight
{
    /** Offset of the Nonce Index. */
    public static final int NONCE_INDEX_OFFSET = 6;
    /** Offset of the Init Cookie. */
    public static final int COOKIE_OFFSET = 8;
    /** Offset of the Keygen Token. */
    public static final int KEYGEN_TOKEN_OFFSET = 16;

    /** @return Nonce Index. */
    public int nonceIndex()
    {
        return u16(NONCE_INDEX_OFFSET);
    }

    /**
     * @param value Nonce Index.
     * @return this.
     */
    public TestReply nonceIndex(final int value)
    {
        put16(NONCE_INDEX_OFFSET, value);
        return this;
    }

    /** @return Init Cookie. */
    public long cookie()
    {
        return u64(COOKIE_OFFSET);
    }

    /**
     * @param value Init Cookie.
     * @return this.
     */
    public TestReply cookie(final long value)
    {
        put64(COOKIE_OFFSET, value);
        return this;
    }

    /** @return Keygen Token. */
    public long keygenToken()
    {
        return u64(KEYGEN_TOKEN_OFFSET);
    }

    /**
     * @param value Keygen Token.
     * @return this.
     */
    public TestReply keygenToken(final long value)
    {
        put64(KEYGEN_TOKEN_OFFSET, value);
        return this;
    }
}
