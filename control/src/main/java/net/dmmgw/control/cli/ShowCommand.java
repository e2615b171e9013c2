package net.dmmgw.control.cli;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dmmctl show …}: the control process's state as tables (default) or JSON ({@code --json}). */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = { "Show the state of the control process (tables, or --json).", ExitCodes.ADMIN },
    subcommands = { ShowCommand.Bindings.class, ShowCommand.Binding.class, ShowCommand.Tunnels.class,
        ShowCommand.Routes.class, ShowCommand.Neighbours.class, ShowCommand.Peers.class, ShowCommand.Counters.class,
        ShowCommand.Config.class })
final class ShowCommand extends CommandGroup
{
    /** A show command that prints one list of the answer as a table. */
    abstract static class ListCommand extends AdminCommand
    {
        private final String path;
        private final String key;

        ListCommand(final String path, final String key)
        {
            this.path = path;
            this.key = key;
        }

        @Override
        int run(final AdminClient client, final PrintWriter out)
        {
            final Map<String, Object> r = client.get(path());
            print(client, out, () -> Table.print(out, (List<?>)r.get(key), key));
            return ExitCode.OK;
        }

        String path()
        {
            return path;
        }
    }

    @Command(name = "bindings", mixinStandardHelpOptions = true,
        description = { "Every binding (LMA: binding cache; MAG: binding update list).", ExitCodes.ADMIN })
    static final class Bindings extends ListCommand
    {
        Bindings()
        {
            super("/v1/bindings", "bindings");
        }
    }

    @Command(name = "binding", mixinStandardHelpOptions = true,
        description = { "The bindings of one mobile node.", ExitCodes.ADMIN })
    static final class Binding extends ListCommand
    {
        @Parameters(index = "0", paramLabel = "MN-ID", description = "The mobile node's identifier (NAI).")
        String mnId;

        Binding()
        {
            super("/v1/bindings/", "bindings");
        }

        @Override
        String path()
        {
            return "/v1/bindings/" + URLEncoder.encode(mnId, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    @Command(name = "tunnels", mixinStandardHelpOptions = true,
        description = { "The IPv6-in-IPv6 tunnels in use, with their binding references.", ExitCodes.ADMIN })
    static final class Tunnels extends ListCommand
    {
        Tunnels()
        {
            super("/v1/tunnels", "tunnels");
        }
    }

    @Command(name = "routes", mixinStandardHelpOptions = true,
        description = { "The routes this node programmed into its data plane.", ExitCodes.ADMIN })
    static final class Routes extends ListCommand
    {
        Routes()
        {
            super("/v1/routes", "routes");
        }
    }

    @Command(name = "neighbours", aliases = "neighbors", mixinStandardHelpOptions = true,
        description = { "The neighbour entries this node programmed (MAG).", ExitCodes.ADMIN })
    static final class Neighbours extends ListCommand
    {
        Neighbours()
        {
            super("/v1/neighbours", "neighbours");
        }
    }

    @Command(name = "peers", mixinStandardHelpOptions = true,
        description = { "The signalling peers and their heartbeat state.", ExitCodes.ADMIN })
    static final class Peers extends ListCommand
    {
        Peers()
        {
            super("/v1/peers", "peers");
        }
    }

    @Command(name = "config", mixinStandardHelpOptions = true,
        description = { "The effective configuration (secrets redacted).", ExitCodes.ADMIN })
    static final class Config extends AdminCommand
    {
        @Override
        int run(final AdminClient client, final PrintWriter out)
        {
            final Map<String, Object> r = client.get("/v1/config");
            print(client, out, () -> Table.keyValues(out, (Map<?, ?>)r.get("config"), "KEY", "VALUE"));
            return ExitCode.OK;
        }
    }

    @Command(name = "counters", mixinStandardHelpOptions = true,
        description = { "Control counters, signalling by type and status, IPC health, and the data plane's " +
            "counters per port and drop reason (read from its counters file), since the last clear.",
            ExitCodes.ADMIN })
    static final class Counters extends AdminCommand
    {
        @Override
        int run(final AdminClient client, final PrintWriter out)
        {
            final Map<String, Object> r = client.get("/v1/counters");
            print(client, out, () -> table(r, out));
            return ExitCode.OK;
        }

        @SuppressWarnings("unchecked")
        private static void table(final Map<String, Object> r, final PrintWriter out)
        {
            out.println("Control (" + r.get("role") + ")" + (r.get("clearedAt") == null ? "" :
                ", since " + r.get("clearedAt")) + ":");
            Table.keyValues(out, (Map<?, ?>)r.get("control"), "COUNTER", "VALUE");
            out.println();
            out.println("Signalling:");
            Table.print(out, (List<?>)r.get("signalling"), "signalling messages");
            out.println();
            out.println("IPC:");
            Table.keyValues(out, (Map<?, ?>)r.get("ipc"), "NAME", "VALUE");
            final Object dp = r.get("dataPlane");
            out.println();
            if (!(dp instanceof Map<?, ?> d))
            {
                out.println("Data plane: no counters file configured");
                return;
            }
            out.println("Data plane (" + r.get("dataPlaneCountersFile") + "):");
            if (d.get("error") != null)
            {
                out.println(d.get("error"));
                return;
            }
            final List<Map<String, Object>> ports = new ArrayList<>();
            ((Map<String, Object>)d.get("ports")).forEach((port, values) ->
            {
                final Map<String, Object> row = new LinkedHashMap<>();
                row.put("port", port);
                row.putAll((Map<String, Object>)values);
                ports.add(row);
            });
            Table.print(out, ports, "ports");
            out.println();
            final Map<String, Object> drops = new LinkedHashMap<>((Map<String, Object>)d.get("drops"));
            drops.values().removeIf(v -> v instanceof Number n && n.longValue() == 0);
            if (drops.isEmpty())
            {
                out.println("(no drops)");
            }
            else
            {
                Table.keyValues(out, drops, "DROP REASON", "PACKETS");
            }
        }
    }
}
