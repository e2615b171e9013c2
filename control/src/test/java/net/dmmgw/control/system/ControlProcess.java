package net.dmmgw.control.system;

import java.nio.file.Path;
import java.util.List;

import net.dmmgw.control.app.ControlMain;
import net.dmmgw.fastpath.system.ChildJvm;

/** Starts {@link ControlMain} ({@code control run --config FILE}) as a child JVM in a namespace, with Chronicle's flags. */
final class ControlProcess
{
    /** The JVM options of {@code scripts/control} (Chronicle Queue on Java 25). */
    static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true");

    private ControlProcess()
    {
    }

    static ChildJvm start(final String name, final String namespace, final String classPath, final Path output,
        final Path config)
    {
        return ChildJvm.start(name, namespace, classPath, output, JVM_OPTIONS, ControlMain.class,
            "run", "--config", config.toString());
    }
}
