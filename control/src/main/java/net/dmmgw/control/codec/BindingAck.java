package net.dmmgw.control.codec;

/**
 * Binding Acknowledgement (MH Type 6; a PBA when P is set).
 *
 * <pre>
 *  6: Status (8)   7: |K|R|P|T|B|S|D|r|  flags octet
 *  8: Sequence # (16)
 * 10: Lifetime (16, units of 4 s)
 * 12: Mobility options
 * </pre>
 * Status names are in {@link StatusCode}. The D mask here is the IANA one; see {@link DmmConfig#baDMask()}.
 */
public final class BindingAck extends MhFlyweight
{
    /** Offset of Status. */
    public static final int STATUS_OFFSET = 6;
    /** Offset of the flags octet. */
    public static final int FLAGS_OFFSET = 7;
    /** Offset of Sequence #. */
    public static final int SEQUENCE_OFFSET = 8;
    /** Offset of Lifetime. */
    public static final int LIFETIME_OFFSET = 10;
    /** Key management mobility capability (RFC 6275). */
    public static final int FLAG_K = 0x80;
    /** Mobile Router (RFC 3963). */
    public static final int FLAG_R = 0x40;
    /** Proxy registration (RFC 5213). */
    public static final int FLAG_P = 0x20;
    /** TLV-header format (RFC 5845). */
    public static final int FLAG_T = 0x10;
    /** Bulk binding update (RFC 6602). */
    public static final int FLAG_B = 0x08;
    /** Multicast subscription (RFC 7161). */
    public static final int FLAG_S = 0x04;
    /** Sender supports MAAR operation (RFC 8885, IANA position). */
    public static final int FLAG_D = DmmConfig.IANA_BA_D_MASK;

    /** @return Status. */
    public int status()
    {
        return u8(STATUS_OFFSET);
    }

    /**
     * @param value Status.
     * @return this.
     */
    public BindingAck status(final int value)
    {
        put8(STATUS_OFFSET, value);
        return this;
    }

    /** @return the flags octet. */
    public int flags()
    {
        return u8(FLAGS_OFFSET);
    }

    /**
     * @param value flags octet, e.g. {@code FLAG_P}.
     * @return this.
     */
    public BindingAck flags(final int value)
    {
        put8(FLAGS_OFFSET, value);
        return this;
    }

    /** @return Sequence #. */
    public int sequence()
    {
        return u16(SEQUENCE_OFFSET);
    }

    /**
     * @param value Sequence #.
     * @return this.
     */
    public BindingAck sequence(final int value)
    {
        put16(SEQUENCE_OFFSET, value);
        return this;
    }

    /** @return granted Lifetime in 4-s units. */
    public int lifetime()
    {
        return u16(LIFETIME_OFFSET);
    }

    /**
     * @param value Lifetime in 4-s units.
     * @return this.
     */
    public BindingAck lifetime(final int value)
    {
        put16(LIFETIME_OFFSET, value);
        return this;
    }
}
