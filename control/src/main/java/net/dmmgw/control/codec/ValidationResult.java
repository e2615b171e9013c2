package net.dmmgw.control.codec;

/**
 * Outcome of one validation: what is wrong, where, and what the receiver must do. Mutable and meant to be reused
 * across messages (no allocation per message).
 */
public final class ValidationResult
{
    private ValidationError error = ValidationError.NONE;
    private ValidationAction action = ValidationAction.ACCEPT;
    private int offset;
    private int optionType = -1;

    /** Reset to "valid". */
    public void reset()
    {
        error = ValidationError.NONE;
        action = ValidationAction.ACCEPT;
        offset = 0;
        optionType = -1;
    }

    /**
     * @param error what is wrong.
     * @param offset MH offset of the offending octet.
     * @param optionType wire type of the offending option, -1 when not about an option.
     * @param mhType MH Type of the message (REJECT_WITH_STATUS only applies to a BU).
     * @return false, so validators can {@code return result.fail(...)}.
     */
    public boolean fail(final ValidationError error, final int offset, final int optionType, final int mhType)
    {
        this.error = error;
        this.offset = offset;
        this.optionType = optionType;
        this.action = error.action() == ValidationAction.REJECT_WITH_STATUS && mhType != MhType.BINDING_UPDATE ?
            ValidationAction.DROP : error.action();
        return false;
    }

    /** @return true when nothing is wrong. */
    public boolean isValid()
    {
        return error == ValidationError.NONE;
    }

    /** @return what is wrong ({@link ValidationError#NONE} when valid). */
    public ValidationError error()
    {
        return error;
    }

    /** @return what the receiver does. */
    public ValidationAction action()
    {
        return action;
    }

    /** @return BA status or Binding Error status to send for the action, 0 otherwise. */
    public int code()
    {
        return action == ValidationAction.REJECT_WITH_STATUS || action == ValidationAction.BINDING_ERROR ?
            error.code() : 0;
    }

    /** @return MH offset of the offending octet (the ICMPv6 pointer, relative to the MH start). */
    public int offset()
    {
        return offset;
    }

    /** @return wire type of the offending option, -1 when the problem is not an option. */
    public int optionType()
    {
        return optionType;
    }

    @Override
    public String toString()
    {
        return error == ValidationError.NONE ? "valid" :
            error + " (" + error.description() + ") at offset " + offset + ", action " + action +
            (code() != 0 ? " code " + code() : "");
    }
}
