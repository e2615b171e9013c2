package net.dmmgw.fastpath.dataplane;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/** What a worker does when a poll found no packet ({@code idle.strategy}). */
public enum IdleMode
{
    /** Spin (bare metal, a dedicated core): lowest latency, 100 % CPU. */
    BUSY_SPIN("busy-spin"),
    /** Spin, yield, then park up to 1 ms (lab, shared cores). */
    BACKOFF("backoff");

    private final String label;

    IdleMode(final String label)
    {
        this.label = label;
    }

    /** @return the configuration value. */
    public String label()
    {
        return label;
    }

    /** @return a new idle strategy of this kind (one per worker: they hold state). */
    public IdleStrategy newStrategy()
    {
        return this == BUSY_SPIN ? new BusySpinIdleStrategy()
            : new BackoffIdleStrategy(100, 10, 1_000, 1_000_000);
    }

    /**
     * @param label configuration value.
     * @return the mode, or null if unknown.
     */
    public static IdleMode ofLabel(final String label)
    {
        for (final IdleMode m : values())
        {
            if (m.label.equals(label))
            {
                return m;
            }
        }
        return null;
    }
}
