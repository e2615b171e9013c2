package net.dmmgw.fastpath.system;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * This JVM's class path with every directory entry (the modules' {@code target/classes}) copied
 * once, for the child JVMs: they load classes lazily, and a rebuild of the module while they run
 * (engineers share the working tree) would otherwise take classes away under them. Jars are used
 * as they are.
 */
public final class ClassPathSnapshot implements AutoCloseable
{
    private final Path root;
    private final String classPath;

    private ClassPathSnapshot(final Path root, final String classPath)
    {
        this.root = root;
        this.classPath = classPath;
    }

    public static ClassPathSnapshot take(final String prefix)
    {
        try
        {
            final Path root = Files.createTempDirectory(prefix);
            final List<String> entries = new ArrayList<>();
            int n = 0;
            for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator))
            {
                final Path source = Path.of(entry);
                if (Files.isDirectory(source))
                {
                    final Path copy = root.resolve(Integer.toString(n++));
                    copyTree(source, copy);
                    entries.add(copy.toString());
                }
                else
                {
                    entries.add(entry);
                }
            }
            return new ClassPathSnapshot(root, String.join(File.pathSeparator, entries));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public String classPath()
    {
        return classPath;
    }

    private static void copyTree(final Path source, final Path target) throws IOException
    {
        try (Stream<Path> walk = Files.walk(source))
        {
            for (final Path p : (Iterable<Path>)walk::iterator)
            {
                final Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p))
                {
                    Files.createDirectories(to);
                }
                else
                {
                    Files.copy(p, to);
                }
            }
        }
    }

    /** Deletes the copies. */
    public void close()
    {
        Trees.delete(root);
    }
}
