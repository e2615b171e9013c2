package net.dmmgw.control.codec;

/**
 * Binding Update (MH Type 5; a Proxy Binding Update when P is set).
 *
 * <pre>
 *  6: Sequence # (16)
 *  8: |A|H|L|K|M|R|P|F|T|B|S|D| Reserved |   flags word (16), masks below
 * 10: Lifetime (16, units of 4 s)
 * 12: Mobility options
 * </pre>
 * The D mask here is the IANA one; under draft-02 compatibility use {@link DmmConfig#buDMask()}.
 */
public final class BindingUpdate extends MhFlyweight
{
    /** Offset of Sequence #. */
    public static final int SEQUENCE_OFFSET = 6;
    /** Offset of the flags word. */
    public static final int FLAGS_OFFSET = 8;
    /** Offset of Lifetime. */
    public static final int LIFETIME_OFFSET = 10;
    /** Acknowledge (RFC 6275). */
    public static final int FLAG_A = 0x8000;
    /** Home Registration (RFC 6275). */
    public static final int FLAG_H = 0x4000;
    /** Link-local compatibility (RFC 6275). */
    public static final int FLAG_L = 0x2000;
    /** Key management mobility capability (RFC 6275). */
    public static final int FLAG_K = 0x1000;
    /** MAP registration (RFC 5380). */
    public static final int FLAG_M = 0x0800;
    /** Mobile Router (RFC 3963). */
    public static final int FLAG_R = 0x0400;
    /** Proxy registration (RFC 5213). */
    public static final int FLAG_P = 0x0200;
    /** Force UDP encapsulation (RFC 5555). */
    public static final int FLAG_F = 0x0100;
    /** TLV-header format (RFC 5845). */
    public static final int FLAG_T = 0x0080;
    /** Bulk binding update (RFC 6602). */
    public static final int FLAG_B = 0x0040;
    /** Multicast subscription (RFC 7161). */
    public static final int FLAG_S = 0x0020;
    /** Sender is a MAAR (RFC 8885, IANA position). */
    public static final int FLAG_D = DmmConfig.IANA_BU_D_MASK;

    /** @return Sequence #. */
    public int sequence()
    {
        return u16(SEQUENCE_OFFSET);
    }

    /**
     * @param value Sequence # (low 16 bits used).
     * @return this.
     */
    public BindingUpdate sequence(final int value)
    {
        put16(SEQUENCE_OFFSET, value);
        return this;
    }

    /** @return the whole 16-bit flags word, reserved bits included. */
    public int flags()
    {
        return u16(FLAGS_OFFSET);
    }

    /**
     * @param value flags word, e.g. {@code FLAG_A | FLAG_H | FLAG_P}.
     * @return this.
     */
    public BindingUpdate flags(final int value)
    {
        put16(FLAGS_OFFSET, value);
        return this;
    }

    /** @return Lifetime in 4-s units. */
    public int lifetime()
    {
        return u16(LIFETIME_OFFSET);
    }

    /**
     * @param value Lifetime in 4-s units.
     * @return this.
     */
    public BindingUpdate lifetime(final int value)
    {
        put16(LIFETIME_OFFSET, value);
        return this;
    }

    /** @return true when P is set (a PBU). */
    public boolean isProxy()
    {
        return (flags() & FLAG_P) != 0;
    }
}
