package net.dmmgw.control.node;

import org.agrona.DirectBuffer;

/**
 * Where a role's Mobility Header messages come from and go to. Implementations: {@link
 * InMemorySignallingTransport} (tests, benchmarks), {@code transport.RawSocketTransport} (a raw IPv6 socket for
 * protocol 135) and {@code transport.DataPlaneTransport} (punt / inject through the data plane).
 */
public interface SignallingTransport
{
    /**
     * Hands received messages to the handler.
     *
     * @return messages delivered.
     */
    int poll(SignallingHandler handler, int limit);

    /**
     * Sends a Mobility Header (checksum already computed over these addresses).
     *
     * @return false when it could not be sent (the peer retransmits).
     */
    boolean send(byte[] source, byte[] destination, DirectBuffer mh, int offset, int length);
}
