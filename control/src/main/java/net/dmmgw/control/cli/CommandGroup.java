package net.dmmgw.control.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code dmmctl}, {@code show}, {@code journal}, {@code clear}): run
 * without one, it prints its usage on standard error and exits {@link ExitCode#USAGE}.
 */
abstract class CommandGroup implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }
}
