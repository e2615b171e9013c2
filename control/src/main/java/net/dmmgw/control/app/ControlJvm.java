package net.dmmgw.control.app;

import java.util.List;

/**
 * How a control process's JVM is started ({@code scripts/control}): the options after the native-access flags that
 * Chronicle Queue needs on Java 25, for the launchers that start {@link ControlMain} as a child JVM (system tests,
 * the DMM lab).
 */
public final class ControlJvm
{
    /** Heap, the Chronicle Queue exports / opens, analytics off. */
    public static final List<String> OPTIONS = List.of("-Xmx512m", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true");

    private ControlJvm()
    {
    }
}
