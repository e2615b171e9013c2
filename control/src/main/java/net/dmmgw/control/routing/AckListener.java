package net.dmmgw.control.routing;

/** Receives the data plane's answers. */
public interface AckListener
{
    /**
     * @param correlationId what the programming call returned.
     * @param ok true when the change took effect.
     */
    void onAck(long correlationId, boolean ok);

    /** The data plane (re)started or lost state and asks for a full snapshot. */
    default void onResyncRequest()
    {
    }
}
