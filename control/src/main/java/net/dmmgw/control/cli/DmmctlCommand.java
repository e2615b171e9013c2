package net.dmmgw.control.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command line of {@code scripts/dmmctl} as an operator runs it against a control process in a network namespace
 * (the admin API listens on that namespace's loopback): {@code ip netns exec NS env DMMGW_CLASSPATH=… JAVA_HOME=…
 * scripts/dmmctl ARGS --run-dir DIR}. For the system tests and the DMM lab, which run it as a real process.
 */
public final class DmmctlCommand
{
    private DmmctlCommand()
    {
    }

    /**
     * @param namespace where the control process runs.
     * @param classPath the class path dmmctl runs with ({@code DMMGW_CLASSPATH}).
     * @param runDir the control process's {@code admin.run-dir}.
     * @param args dmmctl's arguments.
     * @return the command.
     */
    public static String[] inNamespace(final String namespace, final String classPath, final Path runDir,
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

    /**
     * @return {@code scripts/dmmctl} of the working tree: {@code $DMMGW_ROOT/scripts/dmmctl} when set, else the first
     *         one found from the current directory upwards.
     */
    public static Path script()
    {
        final String root = System.getenv("DMMGW_ROOT");
        if (root != null && Files.exists(Path.of(root, "scripts/dmmctl")))
        {
            return Path.of(root, "scripts/dmmctl");
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("scripts/dmmctl")))
        {
            dir = dir.getParent();
        }
        if (dir == null)
        {
            throw new IllegalStateException("scripts/dmmctl not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("scripts/dmmctl");
    }
}
