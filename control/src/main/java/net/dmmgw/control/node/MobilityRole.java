package net.dmmgw.control.node;

import net.dmmgw.control.routing.AckListener;

/** A role's logic as the node agent drives it: signalling in, data-plane acks in, timers. */
public interface MobilityRole extends SignallingHandler, AckListener
{
    /**
     * Fires due timers.
     *
     * @param nowMs wall-clock ms.
     * @return work done.
     */
    int onTick(long nowMs);
}
