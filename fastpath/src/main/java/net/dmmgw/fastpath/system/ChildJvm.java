package net.dmmgw.fastpath.system;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java main class running in a network namespace as a child process
 * ({@code ip netns exec <ns> java ... -cp <class path>}), its stdout and stderr in a
 * file. {@code ip netns exec} execs the command, so the process is the JVM itself and
 * {@link #kill9()} kills the JVM.
 */
public final class ChildJvm implements AutoCloseable
{
    private final String name;
    private final Process process;
    private final Path output;

    private ChildJvm(final String name, final Process process, final Path output)
    {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    public static ChildJvm start(final String name, final String namespace, final String classPath, final Path output,
        final Class<?> main, final String... args)
    {
        return start(name, namespace, classPath, output, List.of("-Xmx256m"), main, args);
    }

    /**
     * @param jvmOptions options after the native-access flags (heap size, --add-opens a library needs, ...).
     */
    public static ChildJvm start(final String name, final String namespace, final String classPath, final Path output,
        final List<String> jvmOptions, final Class<?> main, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, main.getName()));
        command.addAll(List.of(args));
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
            return new ChildJvm(name, process, output);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return everything the child printed so far. */
    public String output()
    {
        try
        {
            return Files.readString(output, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return "(cannot read " + output + ": " + ex + ")";
        }
    }

    /**
     * Waits until {@code text} appears in the output at or after {@code from}.
     *
     * @return the index of the match.
     * @throws AssertionError with the output when the child exits or the time passes first.
     */
    public int await(final String text, final int from, final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true)
        {
            final String out = output();
            final int at = out.indexOf(text, from);
            if (at >= 0)
            {
                return at;
            }
            if (!process.isAlive())
            {
                throw new AssertionError(name + " exited (" + process.exitValue() + ") before printing '" + text + "':\n" + out);
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError(name + " did not print '" + text + "' within " + timeoutMs + " ms:\n" + out);
            }
            Thread.sleep(50);
        }
    }

    /** Writes one line to the child's standard input (an administrative command, ...). */
    public void send(final String line)
    {
        try
        {
            final OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(name + ": cannot write to its stdin", ex);
        }
    }

    public boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * SIGTERM, and wait for the process to exit.
     *
     * @return its exit code.
     */
    public int terminate() throws InterruptedException
    {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS))
        {
            throw new AssertionError(name + " still alive 20 s after SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL, and wait for the process to be gone. */
    public void kill9() throws InterruptedException
    {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS))
        {
            throw new AssertionError(name + " still alive 10 s after SIGKILL");
        }
    }

    /** Kills the child if it still runs; never throws. */
    public void close()
    {
        process.destroyForcibly();
        try
        {
            process.waitFor(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString()
    {
        return name + " (pid " + process.pid() + ")";
    }
}
