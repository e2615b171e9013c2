package net.dmmgw.control.node;

/**
 * An administrative request (list bindings, delete one, …) that another thread hands to the node's agent; it runs
 * on the agent thread between duty-cycle steps, so it may touch the role's state. It reports back by itself, e.g.
 * by completing a future it captured.
 */
@FunctionalInterface
public interface AdminRequest
{
    /** Runs on the agent thread. */
    void execute();
}
