package net.dmmgw.control.cli;

import java.nio.file.Path;

import net.dmmgw.control.admin.RunDir;
import picocli.CommandLine.Option;

/** Options every admin command takes: where the admin API is, the token file, and JSON output. */
final class AdminOptions
{
    @Option(names = "--admin", paramLabel = "URL",
        description = "Admin API URL (default: the one in RUN_DIR/admin.url).")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE",
        description = "Admin token file (default: RUN_DIR/admin.token).")
    Path tokenFile;

    @Option(names = "--run-dir", paramLabel = "RUN_DIR",
        description = "Run directory of the control process (default: $DMMGW_RUN_DIR, else /run/dmmgw).")
    Path runDir;

    @Option(names = "--json", description = "Print the admin API's JSON instead of tables.")
    boolean json;

    Path runDir()
    {
        return runDir != null ? runDir : RunDir.path();
    }
}
