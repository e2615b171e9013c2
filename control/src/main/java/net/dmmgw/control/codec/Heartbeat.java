package net.dmmgw.control.codec;

/**
 * Heartbeat (MH Type 13, RFC 5847).
 *
 * <pre>
 *  6: Reserved (14) |U|R|
 *  8: Sequence Number (32)
 * 12: Mobility options (e.g. Restart Counter)
 * </pre>
 */
public final class Heartbeat extends MhFlyweight
{
    /** Offset of the flags word. */
    public static final int FLAGS_OFFSET = 6;
    /** Offset of Sequence Number. */
    public static final int SEQUENCE_OFFSET = 8;
    /** Unsolicited heartbeat response. */
    public static final int FLAG_U = 0x0002;
    /** Response (1) or request (0). */
    public static final int FLAG_R = 0x0001;

    /** @return flags word (U, R and the reserved bits). */
    public int flags()
    {
        return u16(FLAGS_OFFSET);
    }

    /**
     * @param value flags word.
     * @return this.
     */
    public Heartbeat flags(final int value)
    {
        put16(FLAGS_OFFSET, value);
        return this;
    }

    /** @return 32-bit sequence number. */
    public long sequence()
    {
        return u32(SEQUENCE_OFFSET);
    }

    /**
     * @param value sequence number (low 32 bits used).
     * @return this.
     */
    public Heartbeat sequence(final long value)
    {
        put32(SEQUENCE_OFFSET, value);
        return this;
    }
}
