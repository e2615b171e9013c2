package net.dmmgw.control.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs an interop oracle (tshark, python3 + scapy) and returns its standard output; fails clearly if missing. */
public final class ExternalTool
{
    private ExternalTool()
    {
    }

    public static String run(final List<String> command, final Path workDir) throws IOException, InterruptedException
    {
        final Path stderr = Files.createTempFile(workDir, "stderr", ".txt");
        final Process process;
        try
        {
            process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(stderr.toFile()).start();
        }
        catch (final IOException ex)
        {
            fail(command.get(0) + " is not installed or not on PATH (" + ex.getMessage() + "); " +
                "install it (scripts/test installs tshark and python3-scapy) - interop tests never skip");
            throw ex;
        }
        final byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            fail(command + " did not finish in 120 s");
        }
        if (process.exitValue() != 0)
        {
            fail(command + " exited " + process.exitValue() + ": " + Files.readString(stderr));
        }
        Files.deleteIfExists(stderr);
        return new String(out, StandardCharsets.UTF_8);
    }
}
