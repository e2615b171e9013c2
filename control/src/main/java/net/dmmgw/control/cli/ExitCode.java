package net.dmmgw.control.cli;

/**
 * Exit codes of dmmctl that scripts may rely on: 0 ok; decode: 1 invalid message, 3 unusable input; 2 bad usage
 * (every command); admin commands: 4 not running, 5 unauthorised, 6 refused, 7 not found, 8 busy, 9 admin API error.
 */
public final class ExitCode
{
    /** Everything decoded and valid. */
    public static final int OK = 0;
    /** Decoded, but at least one message failed validation (the JSON says why). */
    public static final int INVALID_MESSAGE = 1;
    /** Bad command line (picocli's usage-error code). */
    public static final int USAGE = 2;
    /** Input unusable: bad hex, unreadable or unsupported pcap, no Mobility Header found. */
    public static final int BAD_INPUT = 3;
    /** The control process is not running: no admin.url in the run dir, or nothing answers at the admin URL. */
    public static final int NOT_RUNNING = 4;
    /** The admin API refused the token (401), or the token file cannot be read. */
    public static final int UNAUTHORISED = 5;
    /** The control process refused the request (wrong role, node already attached, bad parameter: 4xx). */
    public static final int REFUSED = 6;
    /** No such binding, mobile node, journal or endpoint (404). */
    public static final int NOT_FOUND = 7;
    /** The node agent was busy and did not answer in time (503); try again. */
    public static final int BUSY = 8;
    /** The admin API failed (5xx) or answered something unreadable. */
    public static final int ERROR = 9;

    private ExitCode()
    {
    }
}
