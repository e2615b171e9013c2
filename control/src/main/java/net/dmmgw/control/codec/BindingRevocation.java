package net.dmmgw.control.codec;

/**
 * Binding Revocation Indication / Acknowledgement (MH Type 16, RFC 5846).
 *
 * <pre>
 *  6: B.R. Type (8): 1 = BRI, 2 = BRA
 *  7: R. Trigger (BRI) / Status (BRA) (8)
 *  8: Sequence # (16)
 * 10: |P|V|G| Reserved (13) |
 * 12: Mobility options
 * </pre>
 */
public final class BindingRevocation extends MhFlyweight
{
    /** Offset of B.R. Type. */
    public static final int BR_TYPE_OFFSET = 6;
    /** Offset of R. Trigger or Status. */
    public static final int TRIGGER_OR_STATUS_OFFSET = 7;
    /** Offset of Sequence #. */
    public static final int SEQUENCE_OFFSET = 8;
    /** Offset of the flags word. */
    public static final int FLAGS_OFFSET = 10;
    /** B.R. Type of an indication. */
    public static final int TYPE_INDICATION = 1;
    /** B.R. Type of an acknowledgement. */
    public static final int TYPE_ACKNOWLEDGEMENT = 2;
    /** Proxy binding. */
    public static final int FLAG_P = 0x8000;
    /** IPv4 HoA binding only. */
    public static final int FLAG_V = 0x4000;
    /** Global revocation. */
    public static final int FLAG_G = 0x2000;

    /** @return B.R. Type. */
    public int revocationType()
    {
        return u8(BR_TYPE_OFFSET);
    }

    /**
     * @param value B.R. Type.
     * @return this.
     */
    public BindingRevocation revocationType(final int value)
    {
        put8(BR_TYPE_OFFSET, value);
        return this;
    }

    /** @return R. Trigger of a BRI, or Status of a BRA. */
    public int triggerOrStatus()
    {
        return u8(TRIGGER_OR_STATUS_OFFSET);
    }

    /**
     * @param value R. Trigger or Status.
     * @return this.
     */
    public BindingRevocation triggerOrStatus(final int value)
    {
        put8(TRIGGER_OR_STATUS_OFFSET, value);
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
    public BindingRevocation sequence(final int value)
    {
        put16(SEQUENCE_OFFSET, value);
        return this;
    }

    /** @return flags word. */
    public int flags()
    {
        return u16(FLAGS_OFFSET);
    }

    /**
     * @param value flags word.
     * @return this.
     */
    public BindingRevocation flags(final int value)
    {
        put16(FLAGS_OFFSET, value);
        return this;
    }
}
