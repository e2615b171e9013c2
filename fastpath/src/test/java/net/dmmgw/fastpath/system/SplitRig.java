package net.dmmgw.fastpath.system;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;

/**
 * What a split system-test class builds once: the {@link SplitLab} namespaces, the class-path copy its child JVMs
 * run from, and {@code system/traffic.py}. Skips the class (assumption) when not root; {@link #close()} removes it
 * all, also after a partial start.
 */
public final class SplitRig implements AutoCloseable
{
    /** The namespaces. */
    public final SplitLab lab;
    /** The child JVMs' class path. */
    public final ClassPathSnapshot classPath;
    /** {@code system/traffic.py}. */
    public final Path trafficScript;

    private SplitRig(final SplitLab lab, final ClassPathSnapshot classPath, final Path trafficScript)
    {
        this.lab = lab;
        this.classPath = classPath;
        this.trafficScript = trafficScript;
    }

    /**
     * @param suffix unique namespace suffix.
     * @param classPathPrefix temporary directory prefix of the class-path copy.
     */
    public static SplitRig create(final String suffix, final String classPathPrefix)
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        final SplitLab lab = SplitLab.create(suffix);
        try
        {
            // Copied out: in another module's tests this class comes from fastpath's test jar, not a directory.
            final Path script = Files.createTempFile("dmmgw-traffic-", ".py");
            try (InputStream in = SplitRig.class.getResourceAsStream("/system/traffic.py"))
            {
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            return new SplitRig(lab, ClassPathSnapshot.take(classPathPrefix), script);
        }
        catch (final IOException | RuntimeException ex)
        {
            lab.close();
            throw new IllegalStateException(ex);
        }
    }

    /** Deletes the namespaces and the class-path copy. */
    public void close()
    {
        lab.close();
        classPath.close();
        try
        {
            Files.deleteIfExists(trafficScript);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
