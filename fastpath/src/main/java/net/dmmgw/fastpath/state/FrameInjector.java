package net.dmmgw.fastpath.state;

import org.agrona.DirectBuffer;

/**
 * Sends a frame that the control plane built (a PBA, an RA, an NA) out of a data-plane port.
 * The data-plane process implements it by handing the frame to the worker that owns the port's
 * transmit queue.
 */
@FunctionalInterface
public interface FrameInjector
{
    /**
     * @return true when the frame was queued for transmission.
     */
    boolean inject(int port, DirectBuffer frame, int offset, int length);
}
