package net.dmmgw.control.codec;

import org.agrona.DirectBuffer;

/**
 * Walks the mobility options of one message. Each {@link #next()} moves {@link #option()} to the next option,
 * Pad1 and PadN included; unknown types are skipped by their Length. Never reads outside [start, end): an option
 * that would run past the end stops the walk with {@link #error()} set to {@link ValidationError#OPTION_OVERRUN}.
 * Every step advances by at least one octet, so the walk always terminates.
 */
public final class MobilityOptionIterator
{
    private final MobilityOption option = new MobilityOption();
    private DirectBuffer buffer;
    private int mhOffset;
    private int position;
    private int end;
    private DmmConfig config;
    private ValidationError error = ValidationError.NONE;

    /**
     * @param buffer holding the MH.
     * @param mhOffset index of its Payload Proto octet.
     * @param start MH offset of the first option.
     * @param end MH offset just past the last option (the MH length).
     * @param config DMM numbering.
     * @return this.
     */
    public MobilityOptionIterator wrap(
        final DirectBuffer buffer, final int mhOffset, final int start, final int end, final DmmConfig config)
    {
        this.buffer = buffer;
        this.mhOffset = mhOffset;
        this.position = start < 0 ? end : start;
        this.end = end;
        this.config = config;
        this.error = ValidationError.NONE;
        return this;
    }

    /**
     * @return true when {@link #option()} now shows a complete option; false at the end or on a malformed option
     * (then {@link #error()} is set and {@link #errorOffset()} names the octet).
     */
    public boolean next()
    {
        final int pos = position;
        if (pos >= end || error != ValidationError.NONE)
        {
            return false;
        }
        final int wireType = buffer.getByte(mhOffset + pos) & 0xFF;
        if (wireType == OptionType.PAD1)
        {
            option.set(buffer, mhOffset, pos, 0, 0, 0, config);
            position = pos + 1;
            return true;
        }
        if (pos + 2 > end)
        {
            error = ValidationError.OPTION_OVERRUN;
            return false;
        }
        final int length = buffer.getByte(mhOffset + pos + 1) & 0xFF;
        if (pos + 2 + length > end)
        {
            error = ValidationError.OPTION_OVERRUN;
            return false;
        }
        option.set(buffer, mhOffset, pos, wireType, config.canonicalType(wireType), length, config);
        position = pos + 2 + length;
        return true;
    }

    /** @return the current option (valid after {@link #next()} returned true). */
    public MobilityOption option()
    {
        return option;
    }

    /** @return {@link ValidationError#NONE}, or why the walk stopped early. */
    public ValidationError error()
    {
        return error;
    }

    /** @return MH offset of the option that stopped the walk. */
    public int errorOffset()
    {
        return position;
    }

    /** @return MH offset just past the last option returned. */
    public int position()
    {
        return position;
    }
}
