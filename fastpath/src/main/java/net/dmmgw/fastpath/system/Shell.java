package net.dmmgw.fastpath.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short command with a bounded wait; a failure carries the command and its output. */
public final class Shell
{
    private Shell()
    {
    }

    /** @return the command's output (stdout and stderr); throws when it fails or outlives the timeout. */
    public static String run(final long timeoutSeconds, final String... command)
    {
        final String output = runQuietly(timeoutSeconds, command);
        if (null == output)
        {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
        return output;
    }

    /** @return the output, or null when the command failed or timed out (for cleanup that may find nothing). */
    public static String runQuietly(final long timeoutSeconds, final String... command)
    {
        try
        {
            final Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            final boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!done)
            {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return null;
            }
            final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0)
            {
                System.err.println("exit " + p.exitValue() + ": " + String.join(" ", command) + "\n" + output);
                return null;
            }
            return output;
        }
        catch (final IOException ex)
        {
            System.err.println(String.join(" ", command) + ": " + ex);
            return null;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
