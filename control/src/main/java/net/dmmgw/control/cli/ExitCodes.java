package net.dmmgw.control.cli;

/** The exit-code line of the admin commands' --help. */
final class ExitCodes
{
    static final String ADMIN = "Exit codes: 0 ok, 2 usage, 4 control process not running, 5 token refused or " +
        "unreadable, 6 request refused, 7 not found, 8 agent busy, 9 admin API error.";

    private ExitCodes()
    {
    }
}
