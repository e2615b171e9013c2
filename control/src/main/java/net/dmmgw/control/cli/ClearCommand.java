package net.dmmgw.control.cli;

import java.io.PrintWriter;
import java.util.Map;

import picocli.CommandLine.Command;

/** {@code dmmctl clear counters}. */
@Command(name = "clear", mixinStandardHelpOptions = true, description = { "Reset operator views.", ExitCodes.ADMIN },
    subcommands = ClearCommand.Counters.class)
final class ClearCommand extends CommandGroup
{
    @Command(name = "counters", mixinStandardHelpOptions = true,
        description = { "Clear the counters 'show counters' prints (they count from now on); the Prometheus " +
            "/metrics counters stay monotonic.", ExitCodes.ADMIN })
    static final class Counters extends AdminCommand
    {
        @Override
        int run(final AdminClient client, final PrintWriter out)
        {
            final Map<String, Object> r = client.post("/v1/counters/clear");
            print(client, out, () -> out.println("counters cleared at " + r.get("clearedAt")));
            return ExitCode.OK;
        }
    }
}
