package net.dmmgw.control.system;

import java.nio.file.Path;
import java.util.List;

import net.dmmgw.control.app.ControlJvm;
import net.dmmgw.control.app.ControlMain;
import net.dmmgw.fastpath.system.ChildJvm;
import net.dmmgw.fastpath.system.ChildGroup;

/** Starts {@link ControlMain} ({@code control run --config FILE}) as a child JVM in a namespace, with Chronicle's flags. */
final class ControlProcess
{
    /** The JVM options of {@code scripts/control} (Chronicle Queue on Java 25). */
    static final List<String> JVM_OPTIONS = ControlJvm.OPTIONS;

    private ControlProcess()
    {
    }

    /**
     * Starts the process and waits for its "control running" line.
     *
     * @param children the test's child list (the process is added first, so that the test's cleanup kills it).
     */
    static ChildJvm start(final ChildGroup children, final String name, final String namespace,
        final String classPath, final Path output, final Path config) throws InterruptedException
    {
        final ChildJvm control = ChildJvm.start(name, namespace, classPath, output, JVM_OPTIONS, ControlMain.class,
            "run", "--config", config.toString());
        children.add(control);
        control.await("control running", 0, 30_000);
        return control;
    }

    /** @return the LMA keys both system tests use (heartbeats off, MN-IDs of example.com, one MAG). */
    static String lmaKeys(final String lma, final String mag, final String pool, final Path journal)
    {
        return """
            node.role=lma
            lma.address=%s
            lma.hnp-pool=%s
            lma.served-domains=example.com
            lma.heartbeat-interval-ms=0
            peer.mag1.address=%s
            journal.dir=%s
            admin.run-dir=%s
            """.formatted(lma, pool, mag, journal, journal.resolveSibling(journal.getFileName() + "-run"));
    }
}
