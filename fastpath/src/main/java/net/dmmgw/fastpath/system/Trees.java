package net.dmmgw.fastpath.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes what the system tests leave on disk; for cleanup, so it reports instead of throwing. */
public final class Trees
{
    private Trees()
    {
    }

    /** Deletes a file or a directory with everything under it; nothing when absent. */
    public static void delete(final Path path)
    {
        if (!Files.exists(path))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(path))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ex)
        {
            System.err.println("cannot delete " + path + ": " + ex);
        }
    }
}
