package net.dmmgw.control.fama.mn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kernel configuration the mobile-node agent changes on its host, through {@code ip} (iproute2): addresses,
 * the default route, and per anchor a TUN device with the home address on it and a policy rule that sends what
 * leaves from that address into it. Each command is bounded in time (5 s) and its failure is an exception with
 * the command's own message. Not a hot path.
 */
final class HostCommands
{
    private static final long TIMEOUT_S = 5;

    private HostCommands()
    {
    }

    /** Runs {@code ip ARGS}; throws with its output when it fails. */
    static String ip(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        try
        {
            final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": no answer in " + TIMEOUT_S + " s");
            }
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0)
            {
                throw new IllegalStateException(String.join(" ", command) + ": " + out.strip());
            }
            return out;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(String.join(" ", command) + ": " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", command) + ": interrupted", ex);
        }
    }

    /** Like {@link #ip} but a failure is ignored (removing what may already be gone). */
    static void ipQuietly(final String... args)
    {
        try
        {
            ip(args);
        }
        catch (final IllegalStateException ex)
        {
            // already gone
        }
    }
}
