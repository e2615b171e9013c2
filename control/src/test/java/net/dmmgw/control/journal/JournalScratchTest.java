package net.dmmgw.control.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.dmmgw.control.location.BindingCacheEntry;

/**
 * A process that keeps a journal creates nothing outside the journal's directory: not in its working directory,
 * not in its temporary directory (Chronicle's fallback scratch {@code <java.io.tmpdir>/target} when no Maven
 * {@code target} lies above the working directory, as for a control process started by systemd from {@code /}).
 * A child JVM, because Chronicle decides once per process.
 */
class JournalScratchTest
{
    @TempDir
    Path root;

    @Test
    void aJournalProcessLeavesNothingInItsWorkingOrTemporaryDirectory() throws Exception
    {
        final Path cwd = Files.createDirectories(root.resolve("cwd"));
        final Path tmp = Files.createDirectories(root.resolve("tmp"));
        final Path journal = root.resolve("journal");
        final Path out = root.resolve("child.out");
        final List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true", "-Djava.io.tmpdir=" + tmp, "-Djna.tmpdir=" + root.resolve("jna"),
            "-cp", System.getProperty("java.class.path"), JournalChild.class.getName(), journal.toString());
        final Process child = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
            .redirectOutput(out.toFile()).start();
        try
        {
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child still running");
        }
        finally
        {
            child.destroyForcibly();
        }
        final String output = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("scratch=" + journal.toAbsolutePath() + "\n"), output);
        assertTrue(output.contains("replayed=2\n"), output);
        assertEquals(List.of(), entries(cwd), "working directory");
        assertEquals(List.of(), entries(tmp), "temporary directory");
    }

    private static List<String> entries(final Path dir) throws IOException
    {
        try (Stream<Path> s = Files.list(dir))
        {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** The child: opens a journal, appends, reopens and replays; prints where Chronicle put its scratch. */
    public static final class JournalChild
    {
        public static void main(final String[] args)
        {
            final Path dir = Path.of(args[0]);
            try (BindingJournal journal = new BindingJournal(dir, 1000))
            {
                journal.appendUpsert(new BindingCacheEntry(1, "mn1@example.com".getBytes(StandardCharsets.US_ASCII)));
                journal.appendDelete(1);
            }
            final long[] replayed = new long[1];
            try (BindingJournal journal = new BindingJournal(dir, 1000))
            {
                replayed[0] = journal.replay(new JournalReplayHandler()
                {
                    public void onUpsert(final BindingRecord record)
                    {
                    }

                    public void onDelete(final int id)
                    {
                    }
                });
            }
            System.out.println("scratch=" + net.openhft.chronicle.core.OS.getTarget());
            System.out.println("replayed=" + replayed[0]);
        }
    }
}
