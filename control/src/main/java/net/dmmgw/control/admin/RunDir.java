package net.dmmgw.control.admin;

import java.nio.file.Path;

/**
 * The well-known run directory where a control process publishes its admin endpoint ({@code admin.url}, one line)
 * and token ({@code admin.token}, 0600), and where dmmctl looks for them: {@code $DMMGW_RUN_DIR}, else
 * {@code /run/dmmgw}.
 */
public final class RunDir
{
    /** Environment variable naming the run directory. */
    public static final String ENV = "DMMGW_RUN_DIR";
    /** Default run directory. */
    public static final String DEFAULT = "/run/dmmgw";
    /** File holding the admin URL. */
    public static final String URL_FILE = "admin.url";
    /** File holding the admin token. */
    public static final String TOKEN_FILE = "admin.token";

    private RunDir()
    {
    }

    /** @return the run directory from the environment or the default. */
    public static Path path()
    {
        final String env = System.getenv(ENV);
        return Path.of(env == null || env.isBlank() ? DEFAULT : env);
    }
}
