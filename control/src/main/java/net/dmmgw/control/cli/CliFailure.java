package net.dmmgw.control.cli;

/** A dmmctl command failed: the message for the operator (stderr) and the exit code (see {@link ExitCode}). */
final class CliFailure extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliFailure(final int exitCode, final String message)
    {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode()
    {
        return exitCode;
    }
}
