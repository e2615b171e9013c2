package net.dmmgw.control.codec;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Test helper: address literals to octets. */
final class Addr
{
    private Addr()
    {
    }

    static byte[] v6(final String literal)
    {
        try
        {
            final byte[] a = InetAddress.getByName(literal).getAddress();
            if (a.length != 16)
            {
                throw new IllegalArgumentException(literal);
            }
            return a;
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException(literal, ex);
        }
    }

    static long v4(final String literal)
    {
        final String[] p = literal.split("\\.");
        return (Long.parseLong(p[0]) << 24) | (Long.parseLong(p[1]) << 16) | (Long.parseLong(p[2]) << 8) |
            Long.parseLong(p[3]);
    }
}
