package net.dmmgw.control.journal;

import java.nio.file.Path;

/**
 * Where Chronicle keeps its scratch directory ({@code project.build.directory}, read once when Chronicle's
 * {@code OS} class initialises). Unset, Chronicle looks for a Maven {@code target} (or Gradle {@code build})
 * directory above the working directory and, finding none, creates {@code <java.io.tmpdir>/target}: a
 * control process started from {@code /} (systemd) or from the repository root left an empty {@code /tmp/target}
 * behind on every start. Pointed at the journal's own directory, which exists, it creates nothing.
 */
final class ChronicleScratch
{
    static final String PROPERTY = "project.build.directory";

    private ChronicleScratch()
    {
    }

    /**
     * Points Chronicle's scratch directory at {@code directory} unless it is set already (by the user, or by an
     * earlier journal of this process). Call before the first use of a Chronicle class.
     *
     * @param directory an existing directory this process keeps for its lifetime.
     */
    static void keepIn(final Path directory)
    {
        if (System.getProperty(PROPERTY) == null)
        {
            System.setProperty(PROPERTY, directory.toAbsolutePath().toString());
        }
    }
}
