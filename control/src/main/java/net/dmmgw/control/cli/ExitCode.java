package net.dmmgw.control.cli;

/** Exit codes of dmmctl that scripts may rely on. */
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

    private ExitCode()
    {
    }
}
