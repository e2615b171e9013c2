package net.dmmgw.control.codec;

/**
 * Home Test Init (MH Type 1) and Care-of Test Init (MH Type 2), which share a layout.
 *
 * <pre>
 *  6: Reserved (16)
 *  8: Init Cookie (64)
 * 16: Mobility options
 * </pre>
 */
public final class TestInit extends MhFlyweight
{
    /** Offset of the Init Cookie. */
    public static final int COOKIE_OFFSET = 8;

    /** @return Home / Care-of Init Cookie. */
    public long cookie()
    {
        return u64(COOKIE_OFFSET);
    }

    /**
     * @param value Init Cookie.
     * @return this.
     */
    public TestInit cookie(final long value)
    {
        put64(COOKIE_OFFSET, value);
        return this;
    }
}
