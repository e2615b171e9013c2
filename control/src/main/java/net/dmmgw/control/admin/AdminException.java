package net.dmmgw.control.admin;

/** A refused or failed admin request, with the HTTP status it is answered with and a message for the operator. */
public final class AdminException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** Bad request (missing or malformed parameter). */
    public static final int BAD_REQUEST = 400;
    /** No such object (binding, node). */
    public static final int NOT_FOUND = 404;
    /** The role refused (wrong role, already attached …). */
    public static final int CONFLICT = 409;
    /** The agent did not run the request in time, or its queue is full. */
    public static final int BUSY = 503;

    private final int status;

    /**
     * @param status HTTP status.
     * @param message operator-readable reason.
     */
    public AdminException(final int status, final String message)
    {
        super(message, null, false, false);
        this.status = status;
    }

    /** @return HTTP status. */
    public int status()
    {
        return status;
    }
}
