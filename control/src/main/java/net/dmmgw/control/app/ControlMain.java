package net.dmmgw.control.app;

import java.io.PrintStream;
import java.nio.file.Path;

import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;
import org.agrona.concurrent.ShutdownSignalBarrier;

/**
 * The control process: {@code scripts/control run --config FILE}. Reads the node's file, builds the role named by
 * {@code node.role} with its transport and data-plane client ({@link ControlNode}), runs until SIGTERM / SIGINT,
 * then shuts down cleanly (agent stopped, journal closed, data plane left running).
 * <p>
 * Exit codes: 0 {@code --help}; 2 bad usage or configuration (the message names the key); 1 the node could not
 * start (e.g. the raw socket, with {@code strerror}); after SIGTERM / SIGINT the JVM's 143 / 130, once the clean
 * shutdown is done.
 */
public final class ControlMain
{
    /** Bad command line or configuration. */
    public static final int EXIT_USAGE = 2;
    /** The node could not start. */
    public static final int EXIT_FAILED = 1;

    private static final String USAGE = """
        usage: control run --config <file>
          Runs the control process of one node: node.role picks the role (%s), signalling.transport the
          transport (raw | dataplane), dataplane.client the data-plane client (aeron | none), idle the agent's
          idle strategy (busy | backoff). See control/README.md "Control process" for every key.
        """;

    private ControlMain()
    {
    }

    /** Entry point. */
    public static void main(final String[] args)
    {
        final int code = run(args, System.out, System.err);
        if (code != 0)
        {
            System.exit(code);
        }
    }

    /**
     * Runs until a signal; returns only on errors or {@code --help} (the JVM exits after a signal).
     *
     * @return the exit code.
     */
    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final String usage = USAGE.formatted(Roles.names());
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")))
        {
            out.print(usage);
            return 0;
        }
        if (args.length != 3 || !args[0].equals("run") || !args[1].equals("--config"))
        {
            err.print("error: expected 'run --config <file>'\n" + usage);
            return EXIT_USAGE;
        }
        final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
        final ControlNode node;
        try
        {
            node = ControlNode.start(NodeConfig.load(Path.of(args[2])), out);
        }
        catch (final ConfigException ex)
        {
            err.println("error: configuration " + args[2] + ": " + ex.getMessage());
            barrier.remove();
            return EXIT_USAGE;
        }
        catch (final RuntimeException ex)
        {
            err.println("error: cannot start: " + ex.getMessage());
            barrier.remove();
            return EXIT_FAILED;
        }
        try
        {
            barrier.await();
        }
        finally
        {
            node.close();
            out.println("STOPPED");
            out.flush();
            barrier.close();
        }
        return 0;
    }
}
