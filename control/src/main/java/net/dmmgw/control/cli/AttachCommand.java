package net.dmmgw.control.cli;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dmmctl attach <mn> --port P}: an administrative attach of a mobile node at a MAG / MAAR. */
@Command(name = "attach", mixinStandardHelpOptions = true,
    description = { "Administrative attach (an L2 trigger) of a mobile node at this MAG / MAAR: it registers the " +
        "node with its LMA as if it had sent a Router Solicitation.", ExitCodes.ADMIN })
final class AttachCommand extends AdminCommand
{
    @Parameters(index = "0", paramLabel = "MN", description = "The node: MN-ID, profile name (mn.NAME) or MAC.")
    String mn;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "Access port (default 0).")
    int port;

    @Override
    int run(final AdminClient client, final PrintWriter out)
    {
        final Map<String, Object> r = client.post("/v1/attach?mn=" + URLEncoder.encode(mn, StandardCharsets.UTF_8) +
            "&port=" + port);
        print(client, out, () -> out.println("attach " + r.get("mnId") + " (" + r.get("mac") + ") on port " +
            r.get("port") + ": " + r.get("result")));
        return ExitCode.OK;
    }
}
