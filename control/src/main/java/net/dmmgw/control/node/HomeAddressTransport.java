package net.dmmgw.control.node;

import org.agrona.DirectBuffer;

/**
 * A {@link SignallingTransport} that can send with a type 2 Routing header (RFC 6275 §6.4): the packet goes to the
 * mobile node's care-of address and names its home address as the final destination, as a home agent's Binding
 * Acknowledgement must (RFC 6275 §9.5.4, §10.3.1).
 */
public interface HomeAddressTransport extends SignallingTransport
{
    /**
     * Sends a Mobility Header to a care-of address with a type 2 Routing header holding the home address (the
     * checksum is computed over source and the home address, the final destination).
     *
     * @return false when it could not be sent (the peer retransmits).
     */
    boolean sendViaCareOf(byte[] source, byte[] careOf, byte[] homeAddress, DirectBuffer mh, int offset, int length);
}
