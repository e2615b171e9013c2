package net.dmmgw.control.app;

import net.dmmgw.control.admin.AdminTarget;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.node.MobilityRole;

/** A built role as the launcher runs it: the logic for the node agent, start (replay, resync), status, close. */
public interface RunningRole extends AutoCloseable
{
    /** @return the logic the node agent drives. */
    MobilityRole logic();

    /**
     * Restores durable state and resynchronises the data plane (before the agent runs).
     *
     * @return bindings restored.
     */
    int start();

    /** @return one line of counters for the stop report (may allocate: called once). */
    String status();

    /** @return the role's view for the admin API and metrics. */
    AdminTarget admin();

    /** @return the role's binding journal (for {@code journal tail}), or null when it keeps none. */
    default BindingJournal journal()
    {
        return null;
    }

    /** Closes what the role opened (its journal); the agent is stopped already. */
    void close();
}
