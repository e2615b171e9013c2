package net.dmmgw.control.transport;

import org.agrona.DirectBuffer;

/**
 * Receives the ICMPv6 Router and Neighbour Solicitations that the data plane punts from its ports (the MAG's
 * attachment detection, RFC 5213 §6.9). A minimal hook: the MAG role defines what it does with them. Called on
 * the node agent's thread from {@link DataPlaneTransport#poll}; the buffer is valid during the call only.
 */
@FunctionalInterface
public interface AccessLinkListener
{
    /**
     * @param port data-plane port the frame arrived on.
     * @param icmpType 133 (RS) or 135 (NS).
     * @param frame the whole Ethernet frame.
     * @param offset first octet of the frame.
     * @param length frame length.
     * @param icmpOffset offset of the ICMPv6 header in {@code frame}.
     */
    void onSolicitation(int port, int icmpType, DirectBuffer frame, int offset, int length, int icmpOffset);
}
