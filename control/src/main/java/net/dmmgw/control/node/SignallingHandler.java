package net.dmmgw.control.node;

import org.agrona.DirectBuffer;

/** Receives one Mobility Header message with its IPv6 source and destination. */
@FunctionalInterface
public interface SignallingHandler
{
    /**
     * @param source 16-octet IPv6 source (valid during the call only).
     * @param destination 16-octet IPv6 destination (valid during the call only).
     * @param mh buffer holding the MH (from the Payload Proto octet).
     * @param offset first octet.
     * @param length octets.
     */
    void onSignalling(byte[] source, byte[] destination, DirectBuffer mh, int offset, int length);
}
