package net.dmmgw.control.transport;

import org.agrona.DirectBuffer;

/**
 * Hands a whole Ethernet frame to the data plane to send out of a port: {@code DataPlaneClient::inject} in the
 * control process, a recorder in tests.
 */
@FunctionalInterface
public interface FrameInjector
{
    /** @return false when the frame could not be handed over (not connected, back-pressure). */
    boolean inject(int port, DirectBuffer frame, int offset, int length);
}
