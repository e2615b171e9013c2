package net.dmmgw.control.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;


/**
 * {@code dmmctl}: operator CLI of the DMM gateway. Subcommands: {@code decode} (offline), {@code show …},
 * {@code journal tail}, {@code attach}, {@code detach}, {@code clear counters} (through the control process's admin
 * API), {@code mn …} (the FAMA mobile node's keys, CGAs, BUs and tokens, offline), {@code generate-completion}
 * (bash/zsh completion script). Run by {@code scripts/dmmctl}.
 */
@Command(
    name = "dmmctl",
    description = { "Operator CLI of the DMM mobility gateway.",
        "Admin commands find the control process through RUN_DIR/admin.url and RUN_DIR/admin.token " +
        "(RUN_DIR: --run-dir, $DMMGW_RUN_DIR, else /run/dmmgw).",
        "Completion: source <(dmmctl generate-completion)" },
    mixinStandardHelpOptions = true,
    version = "dmmctl 0.1.0",
    subcommands = { DecodeCommand.class, ShowCommand.class, JournalCommand.class, AttachCommand.class,
        DetachCommand.class, ClearCommand.class, MnCommand.class, AutoComplete.GenerateCompletion.class,
        CommandLine.HelpCommand.class })
public final class DmmCtl extends CommandGroup
{
    @Mixin
    private AdminOptions admin;

    /** @return the admin options (scope INHERIT: set wherever they were typed on the command line). */
    AdminOptions admin()
    {
        return admin;
    }

    /**
     * @param args command line.
     * @return exit code (see {@link ExitCode}).
     */
    public static int run(final String... args)
    {
        return new CommandLine(new DmmCtl()).execute(args);
    }

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args));
    }
}
