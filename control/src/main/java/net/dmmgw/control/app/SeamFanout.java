package net.dmmgw.control.app;

import net.dmmgw.control.routing.DataPlaneClientProgrammer;
import net.dmmgw.control.transport.DataPlaneTransport;
import net.dmmgw.ipc.DataPlaneListener;
import net.dmmgw.ipc.sbe.AckResult;
import net.dmmgw.ipc.sbe.PuntReason;
import org.agrona.DirectBuffer;

/**
 * The data-plane client's one listener, split: acks and resync requests to the role's programmer, punts to the
 * data-plane signalling transport (when the node uses it). Set both before the agent runs.
 */
final class SeamFanout implements DataPlaneListener
{
    private DataPlaneClientProgrammer programmer;
    private DataPlaneTransport transport;
    private long puntsIgnored;

    void programmer(final DataPlaneClientProgrammer value)
    {
        programmer = value;
    }

    void transport(final DataPlaneTransport value)
    {
        transport = value;
    }

    long puntsIgnored()
    {
        return puntsIgnored;
    }

    public void onAck(final long correlationId, final AckResult result, final String reason)
    {
        if (programmer != null)
        {
            programmer.onAck(correlationId, result, reason);
        }
    }

    public void onResyncRequest(final long dataPlaneId, final long lastEpoch)
    {
        if (programmer != null)
        {
            programmer.onResyncRequest(dataPlaneId, lastEpoch);
        }
    }

    public void onPunt(final int port, final PuntReason reason, final DirectBuffer frame, final int offset,
        final int length)
    {
        if (transport != null)
        {
            transport.onPunt(port, reason, frame, offset, length);
        }
        else
        {
            puntsIgnored++;
        }
    }
}
