package net.dmmgw.control.codec;

/**
 * Binding Error (MH Type 7).
 *
 * <pre>
 *  6: Status (8)   7: Reserved (8)
 *  8: Home Address (128)
 * 24: Mobility options
 * </pre>
 */
public final class BindingError extends MhFlyweight
{
    /** Offset of Status. */
    public static final int STATUS_OFFSET = 6;
    /** Offset of Home Address. */
    public static final int HOME_ADDRESS_OFFSET = 8;

    /** @return Status (see {@link StatusCode#bindingErrorName(int)}). */
    public int status()
    {
        return u8(STATUS_OFFSET);
    }

    /**
     * @param value Status.
     * @return this.
     */
    public BindingError status(final int value)
    {
        put8(STATUS_OFFSET, value);
        return this;
    }

    /**
     * @param dst receives the 16-octet Home Address.
     * @return dst.
     */
    public byte[] copyHomeAddress(final byte[] dst)
    {
        buffer.getBytes(offset + HOME_ADDRESS_OFFSET, dst, 0, 16);
        return dst;
    }

    /**
     * @param address 16-octet Home Address.
     * @return this.
     */
    public BindingError homeAddress(final byte[] address)
    {
        mutableBuffer.putBytes(offset + HOME_ADDRESS_OFFSET, address, 0, 16);
        return this;
    }
}
