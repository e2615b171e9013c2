package net.dmmgw.control.cli;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dmmctl detach <mn>}: an administrative detach (MAG / MAAR) or binding deletion (LMA). */
@Command(name = "detach", mixinStandardHelpOptions = true,
    description = { "Administrative detach: at a MAG / MAAR the node's routes go and a de-registration is sent; " +
        "at an LMA the node's bindings are deleted (routes, tunnel reference, prefixes).", ExitCodes.ADMIN })
final class DetachCommand extends AdminCommand
{
    @Parameters(index = "0", paramLabel = "MN", description = "The node: MN-ID, or at a MAG its profile name or MAC.")
    String mn;

    @Override
    int run(final AdminClient client, final PrintWriter out)
    {
        final Map<String, Object> r = client.post("/v1/detach?mn=" + URLEncoder.encode(mn, StandardCharsets.UTF_8));
        print(client, out, () -> out.println("detach " + r.get("mnId") + ": " +
            (r.get("result") != null ? r.get("result") : "deleted bindings " + Table.cell(r.get("deletedBindings")))));
        return ExitCode.OK;
    }
}
