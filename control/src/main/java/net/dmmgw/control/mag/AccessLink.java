package net.dmmgw.control.mag;

import org.agrona.DirectBuffer;

/**
 * The MAG's access links as the role needs them: Ethernet frames the data plane punts from an access port
 * (ICMPv6 Router Solicitations and Neighbour Discovery from the mobile nodes), and frames the MAG sends out of
 * one (Router Advertisements). The data-plane implementation sits on the seam's punt / inject; tests use
 * {@link InMemoryAccessLink}.
 */
public interface AccessLink
{
    /** Receives a punted frame. */
    @FunctionalInterface
    interface Handler
    {
        /**
         * @param port the access port it came in on.
         * @param frame the Ethernet frame (valid only during the call).
         * @param offset where it starts.
         * @param length its length.
         */
        void onFrame(int port, DirectBuffer frame, int offset, int length);
    }

    /**
     * Hands up to {@code limit} received frames to the handler.
     *
     * @return frames handed out.
     */
    int poll(Handler handler, int limit);

    /**
     * Sends an Ethernet frame out of an access port.
     *
     * @return false when it could not be queued (counted by the caller).
     */
    boolean send(int port, DirectBuffer frame, int offset, int length);
}
