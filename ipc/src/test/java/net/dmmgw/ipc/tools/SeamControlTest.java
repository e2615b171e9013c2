package net.dmmgw.ipc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line of {@link SeamControl}; running it against a real data plane is the fast path's
 * {@code SeamSystemTest}.
 */
class SeamControlTest
{
    @TempDir
    Path dir;

    @Test
    void shouldExitWithUsageErrorNamingTheLineOfABadStateFileOrAMissingOption() throws Exception
    {
        final Path config = Files.writeString(dir.resolve("c.properties"), "dmmgw.ipc.aeron.dir=" + dir.resolve("a") + "\n");
        final Path state = Files.writeString(dir.resolve("s.txt"), "address own ::1\nroute dst ::/0 fly\n");
        assertEquals(SeamControl.EXIT_USAGE, run(
            state + ":2: route action must be forward", "--config", config.toString(), "--epoch", "1", "--state",
            state.toString()));
        assertEquals(SeamControl.EXIT_USAGE, run("--config, --epoch and --state are required",
            "--config", config.toString(), "--state", state.toString()));
        assertEquals(SeamControl.EXIT_USAGE, run("--epoch must be at least 1, got 0", "--epoch", "0"));
        final Path badConfig = Files.writeString(dir.resolve("b.properties"), "dmmgw.ipc.to.control.channel=udp://x\n");
        assertEquals(SeamControl.EXIT_USAGE, run("dmmgw.ipc.to.control.channel must be an aeron:ipc or aeron:udp",
            "--config", badConfig.toString(), "--epoch", "1", "--state", state.toString()));
        assertEquals(0, run("route dst|src <prefix>/<len> forward <port> <next-hop>", "--help"));
    }

    private static int run(final String expected, final String... args)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int code = SeamControl.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        final String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(expected), text);
        return code;
    }
}
