package net.dmmgw.control.interop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A missing oracle makes the interop tests fail with a message naming it; they never skip. */
class ExternalToolTest
{
    @Test
    void shouldFailNamingTheMissingTool(@TempDir final Path dir)
    {
        final AssertionFailedError error = assertThrows(AssertionFailedError.class,
            () -> ExternalTool.run(List.of("tshark-not-installed-here", "-v"), dir));
        assertTrue(error.getMessage().contains("tshark-not-installed-here is not installed"), error.getMessage());
    }

    @Test
    void shouldFailOnANonZeroExit(@TempDir final Path dir)
    {
        final AssertionFailedError error = assertThrows(AssertionFailedError.class,
            () -> ExternalTool.run(List.of("tshark", "-r", "no-such-file.pcap"), dir));
        assertTrue(error.getMessage().contains("exited"), error.getMessage());
    }
}
