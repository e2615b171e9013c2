package net.dmmgw.control.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

import net.dmmgw.control.admin.JsonText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dmmctl journal tail [-n N] [-f]}: the binding journal's last records, and new ones as they come. */
@Command(name = "journal", mixinStandardHelpOptions = true,
    description = { "Read the binding journal.", ExitCodes.ADMIN }, subcommands = JournalCommand.Tail.class)
final class JournalCommand extends CommandGroup
{
    @Command(name = "tail", mixinStandardHelpOptions = true,
        description = { "The last records of the binding journal; with -f, then every new record (until Ctrl-C " +
            "or --follow-seconds). With --json, one JSON object per record.", ExitCodes.ADMIN })
    static final class Tail extends AdminCommand
    {
        @Option(names = "-n", paramLabel = "N", defaultValue = "20", description = "Records to show (default 20).")
        int count;

        @Option(names = { "-f", "--follow" }, description = "Keep printing records as they are appended.")
        boolean follow;

        @Option(names = "--follow-seconds", paramLabel = "S", defaultValue = "0",
            description = "Stop following after S seconds (0, default: until interrupted).")
        double followSeconds;

        @Option(names = "--interval-ms", paramLabel = "MS", defaultValue = "500",
            description = "Poll interval while following (default 500).")
        long intervalMs;

        @Override
        @SuppressWarnings("unchecked")
        int run(final AdminClient client, final PrintWriter out)
        {
            if (count < 1 || intervalMs < 10 || followSeconds < 0)
            {
                throw new CliFailure(ExitCode.USAGE, "-n must be ≥ 1, --interval-ms ≥ 10, --follow-seconds ≥ 0");
            }
            Map<String, Object> r = client.get("/v1/journal?n=" + count);
            emit(out, (List<Object>)r.get("records"), true);
            final long end = followSeconds == 0 ? Long.MAX_VALUE : System.nanoTime() + (long)(followSeconds * 1e9);
            while (follow && System.nanoTime() < end)
            {
                out.flush();
                try
                {
                    Thread.sleep(intervalMs);
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                    break;
                }
                r = client.get("/v1/journal?n=10000&after=" + r.get("cursor"));
                emit(out, (List<Object>)r.get("records"), false);
            }
            return ExitCode.OK;
        }

        private void emit(final PrintWriter out, final List<Object> records, final boolean first)
        {
            if (admin.json)
            {
                records.forEach(rec -> out.println(JsonText.write(rec)));
            }
            else if (first || !records.isEmpty())
            {
                Table.print(out, records, "journal records");
            }
        }
    }
}
