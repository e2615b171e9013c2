package net.dmmgw.control.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

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
        final String[] head = {"ip", "netns", "exec", namespace, "env", "DMMGW_CLASSPATH=" + classPath,
            "JAVA_HOME=" + System.getProperty("java.home"), script().toString()};
        final String[] command = new String[head.length + args.length + 2];
        System.arraycopy(head, 0, command, 0, head.length);
        System.arraycopy(args, 0, command, head.length, args.length);
        command[command.length - 2] = "--run-dir";
        command[command.length - 1] = runDir.toString();
        return command;
    }

    /** @return {@code scripts/dmmctl} of the working tree the tests run in. */
    private static Path script()
    {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("scripts/dmmctl")))
        {
            root = root.getParent();
        }
        assertTrue(root != null, "scripts/dmmctl not found");
        return root.resolve("scripts/dmmctl");
    }
}
