package net.dmmgw.control.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Small IPv6 address helpers of the transports (for setup and reports, not per message unless stated). */
final class Addresses
{
    private Addresses()
    {
    }

    /** @return true for fe80::/10 (allocation-free). */
    static boolean isLinkLocal(final byte[] address)
    {
        return (address[0] & 0xFF) == 0xFE && (address[1] & 0xC0) == 0x80;
    }

    /** @return the address as text (allocates). */
    static String text(final byte[] address)
    {
        try
        {
            return InetAddress.getByAddress(address).getHostAddress();
        }
        catch (final UnknownHostException ex)
        {
            return "?";
        }
    }
}
