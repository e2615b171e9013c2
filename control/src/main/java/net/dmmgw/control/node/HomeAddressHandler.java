package net.dmmgw.control.node;

import org.agrona.DirectBuffer;

/**
 * A {@link SignallingHandler} that also takes the address of a received message's Home Address destination option
 * (RFC 6275 §6.3): a mobile node away from home sends its Binding Update from its care-of address with the home
 * address in that option. A transport that parsed the option calls this method instead of {@link
 * #onSignalling(byte[], byte[], DirectBuffer, int, int)} when the handler implements it.
 */
public interface HomeAddressHandler extends SignallingHandler
{
    /**
     * @param source 16-octet IPv6 source as received (the care-of address).
     * @param homeAddress 16-octet address of the Home Address option (the MH checksum's pseudo-header source).
     * @param destination 16-octet IPv6 destination.
     * @param mh buffer holding the MH (from the Payload Proto octet).
     * @param offset first octet.
     * @param length octets.
     */
    void onSignalling(byte[] source, byte[] homeAddress, byte[] destination, DirectBuffer mh, int offset,
        int length);
}
