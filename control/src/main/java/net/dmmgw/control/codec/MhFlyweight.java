package net.dmmgw.control.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Base of the message views: a buffer and the offset of the Mobility Header's first octet. Field offsets passed to
 * the helpers count from that octet; all multi-octet fields are big-endian. Setters need a wrapped
 * {@link MutableDirectBuffer}.
 */
public abstract class MhFlyweight
{
    /** Network byte order. */
    protected static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    /** Buffer holding the message. */
    protected DirectBuffer buffer;
    /** Same buffer when writable, else null. */
    protected MutableDirectBuffer mutableBuffer;
    /** Absolute index of the Payload Proto octet. */
    protected int offset;

    /**
     * Point the view at a message.
     *
     * @param buffer holding the Mobility Header.
     * @param offset index of its Payload Proto octet.
     */
    public void wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutableBuffer = buffer instanceof MutableDirectBuffer ? (MutableDirectBuffer)buffer : null;
        this.offset = offset;
    }

    /** @return the wrapped buffer. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return index of the Payload Proto octet in {@link #buffer()}. */
    public int offset()
    {
        return offset;
    }

    protected final int u8(final int rel)
    {
        return buffer.getByte(offset + rel) & 0xFF;
    }

    protected final int u16(final int rel)
    {
        return buffer.getShort(offset + rel, NET) & 0xFFFF;
    }

    protected final long u32(final int rel)
    {
        return buffer.getInt(offset + rel, NET) & 0xFFFF_FFFFL;
    }

    protected final long u64(final int rel)
    {
        return buffer.getLong(offset + rel, NET);
    }

    protected final void put8(final int rel, final int value)
    {
        mutableBuffer.putByte(offset + rel, (byte)value);
    }

    protected final void put16(final int rel, final int value)
    {
        mutableBuffer.putShort(offset + rel, (short)value, NET);
    }

    protected final void put32(final int rel, final long value)
    {
        mutableBuffer.putInt(offset + rel, (int)value, NET);
    }

    protected final void put64(final int rel, final long value)
    {
        mutableBuffer.putLong(offset + rel, value, NET);
    }
}
