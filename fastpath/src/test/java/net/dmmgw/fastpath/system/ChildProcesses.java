package net.dmmgw.fastpath.system;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The child JVMs a system test started (register with {@code @RegisterExtension}): their output is printed when
 * the test fails, and {@link #closeAll()} (from the test's {@code @AfterEach}, before files are removed) kills
 * whatever still runs.
 */
public final class ChildProcesses implements AfterTestExecutionCallback
{
    private final List<ChildJvm> children = new ArrayList<>();

    /** Tracks a child (add it before waiting on it, so that a failed wait still kills it). */
    public ChildJvm add(final ChildJvm child)
    {
        children.add(child);
        return child;
    }

    /** @return the n-th child started. */
    public ChildJvm get(final int index)
    {
        return children.get(index);
    }

    /** Kills every child still running. */
    public void closeAll()
    {
        children.forEach(ChildJvm::close);
    }

    /** {@inheritDoc} */
    public void afterTestExecution(final ExtensionContext context)
    {
        context.getExecutionException()
            .ifPresent(ignored -> children.forEach(c -> System.out.println("---- " + c + ":\n" + c.output())));
    }
}
