package net.dmmgw.control.cli;

import java.nio.file.Path;

import net.dmmgw.control.admin.RunDir;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every admin command takes: where the admin API is, the token file, and JSON output. A mixin of
 * {@link DmmCtl} with scope INHERIT: every subcommand accepts them too, and wherever they are typed
 * ({@code dmmctl --run-dir D show bindings} or {@code dmmctl show bindings --run-dir D}) the value lands in this one
 * instance, which the admin commands read through {@link DmmCtl#admin()}.
 */
final class AdminOptions
{
    @Option(names = "--admin", scope = ScopeType.INHERIT, paramLabel = "URL",
        description = "Admin commands: admin API URL (default: the one in RUN_DIR/admin.url).")
    String url;

    @Option(names = "--token-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
        description = "Admin commands: token file (default: RUN_DIR/admin.token).")
    Path tokenFile;

    @Option(names = "--run-dir", scope = ScopeType.INHERIT, paramLabel = "RUN_DIR",
        description = "Admin commands: run directory of the control process (default: $DMMGW_RUN_DIR, else /run/dmmgw).")
    Path runDir;

    @Option(names = "--json", scope = ScopeType.INHERIT,
        description = "Admin commands: print the admin API's JSON instead of tables.")
    boolean json;

    Path runDir()
    {
        return runDir != null ? runDir : RunDir.path();
    }
}
