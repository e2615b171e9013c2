package net.dmmgw.control.admin;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import net.dmmgw.control.node.NodeAgent;

/**
 * Runs a read or an administrative action on the node's agent thread ({@link NodeAgent#submit}) and waits, bounded,
 * for its result: the role's structures are only ever touched by their own thread. A full queue or a result that
 * does not come within the wait is {@link AdminException#BUSY}; an exception thrown on the agent thread is handed back.
 */
public final class AgentCall
{
    private final NodeAgent agent;
    private final long waitMs;

    /**
     * @param agent the node's agent.
     * @param waitMs how long a caller waits for the agent.
     */
    public AgentCall(final NodeAgent agent, final long waitMs)
    {
        this.agent = agent;
        this.waitMs = waitMs;
    }

    /**
     * @param work what to run on the agent thread.
     * @return its result.
     * @throws AdminException BUSY when the agent did not run it in time; the exception it threw otherwise.
     */
    public <T> T call(final Supplier<T> work)
    {
        final CompletableFuture<T> result = new CompletableFuture<>();
        final boolean queued = agent.submit(() ->
        {
            if (result.isDone())
            {
                return; // the caller gave up: do not act on a request nobody waits for any more
            }
            try
            {
                result.complete(work.get());
            }
            catch (final RuntimeException ex)
            {
                result.completeExceptionally(ex);
            }
        });
        if (!queued)
        {
            throw new AdminException(AdminException.BUSY, "the node agent is busy (admin queue full); try again");
        }
        try
        {
            return result.get(waitMs, TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException ex)
        {
            result.cancel(false);
            throw new AdminException(AdminException.BUSY, "the node agent did not answer within " + waitMs + " ms");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AdminException(AdminException.BUSY, "interrupted while waiting for the node agent");
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof AdminException a)
            {
                throw a;
            }
            throw new IllegalStateException(String.valueOf(ex.getCause()), ex.getCause());
        }
    }
}
