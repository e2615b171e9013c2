package net.dmmgw.fastpath.system;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The child JVMs a system test started (register with {@code @RegisterExtension}): their output is printed when
 * the test fails, and {@link #closeAll()} (from the test's {@code @AfterEach}, before files are removed) kills
 * whatever still runs.
 */
public final class ChildProcesses extends ChildGroup implements AfterTestExecutionCallback
{
    /** {@inheritDoc} */
    public void afterTestExecution(final ExtensionContext context)
    {
        context.getExecutionException()
            .ifPresent(ignored -> all().forEach(c -> System.out.println("---- " + c + ":\n" + c.output())));
    }
}
