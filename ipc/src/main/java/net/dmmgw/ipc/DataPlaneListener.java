package net.dmmgw.ipc;

import net.dmmgw.ipc.sbe.AckResult;
import net.dmmgw.ipc.sbe.PuntReason;
import org.agrona.DirectBuffer;

/**
 * What the control side hears from a data plane through {@link DataPlaneClient#poll()}.
 * Every method has an empty default so that a role implements only what it uses.
 */
public interface DataPlaneListener
{
    /**
     * An acknowledgement that {@link DataPlaneClient#awaitAck} was not waiting for.
     *
     * @param reason empty for {@link AckResult#OK}.
     */
    default void onAck(final long correlationId, final AckResult result, final String reason)
    {
    }

    /** A punted frame; the buffer is only valid during the call. */
    default void onPunt(
        final int port, final PuntReason reason, final DirectBuffer frame, final int offset, final int length)
    {
    }

    /** The data plane (re)started or saw a newer epoch and asks for a full snapshot. */
    default void onResyncRequest(final long dataPlaneId, final long lastEpoch)
    {
    }

    /** A data plane heartbeat. */
    default void onHeartbeat(final long dataPlaneId, final long epoch)
    {
    }
}
