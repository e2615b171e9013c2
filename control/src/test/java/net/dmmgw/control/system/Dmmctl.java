package net.dmmgw.control.system;

import java.nio.file.Path;

import net.dmmgw.control.cli.DmmctlCommand;
import net.dmmgw.fastpath.system.Shell;

/**
 * {@code scripts/dmmctl} as the operator runs it: a real process in a control process's namespace (the admin API
 * listens on that namespace's loopback), reading the URL and token the process published in its {@code admin.run-dir}.
 */
final class Dmmctl
{
    private static final long TIMEOUT_S = 60;

    private Dmmctl()
    {
    }

    /**
     * @param classPath the class path dmmctl runs with ({@code DMMGW_CLASSPATH}).
     * @return what dmmctl printed (stdout and stderr); throws when it exits non-zero or outlives the timeout.
     */
    static String run(final String namespace, final String classPath, final Path runDir, final String... args)
    {
        return Shell.run(TIMEOUT_S, command(namespace, classPath, runDir, args));
    }

    /** @return what dmmctl printed, or null when it failed (for diagnostics after a failure). */
    static String runQuietly(final String namespace, final String classPath, final Path runDir,
        final String... args)
    {
        return Shell.runQuietly(TIMEOUT_S, command(namespace, classPath, runDir, args));
    }

    private static String[] command(final String namespace, final String classPath, final Path runDir,
        final String... args)
    {
        return DmmctlCommand.inNamespace(namespace, classPath, runDir, args);
    }
}
