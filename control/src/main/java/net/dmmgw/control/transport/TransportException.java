package net.dmmgw.control.transport;

/** A signalling transport could not be opened (the message names the setting or the failed call with its errno text). */
public final class TransportException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** @param message what failed and why. */
    public TransportException(final String message)
    {
        super(message);
    }
}
