package net.dmmgw.fastpath.table;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv6 address as two longs, {@code hi} holding octets 0..7 (network order), {@code lo} octets 8..15.
 * Used on the writer side of the tables; the fast path works on the two longs directly.
 *
 * @param hi octets 0..7.
 * @param lo octets 8..15.
 */
public record Ipv6Address(long hi, long lo)
{
    /** The unspecified address {@code ::}. */
    public static final Ipv6Address UNSPECIFIED = new Ipv6Address(0, 0);

    /**
     * Parse a textual IPv6 address without name resolution.
     *
     * @param text address such as {@code 2001:db8::1}.
     * @return the address.
     * @throws IllegalArgumentException if the text is not an IPv6 literal.
     */
    public static Ipv6Address parse(final String text)
    {
        if (text == null || text.indexOf(':') < 0)
        {
            throw new IllegalArgumentException("not an IPv6 literal: " + text);
        }
        try
        {
            return of(InetAddress.getByName(text).getAddress());
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("not an IPv6 literal: " + text, ex);
        }
    }

    /**
     * @param octets 16 octets in network order.
     * @return the address.
     */
    public static Ipv6Address of(final byte[] octets)
    {
        if (octets.length != 16)
        {
            throw new IllegalArgumentException("IPv6 address needs 16 octets, got " + octets.length);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++)
        {
            hi = (hi << 8) | (octets[i] & 0xFF);
            lo = (lo << 8) | (octets[i + 8] & 0xFF);
        }
        return new Ipv6Address(hi, lo);
    }

    /**
     * @return the 16 octets in network order.
     */
    public byte[] toBytes()
    {
        final byte[] out = new byte[16];
        for (int i = 0; i < 8; i++)
        {
            out[i] = (byte)(hi >>> (56 - 8 * i));
            out[i + 8] = (byte)(lo >>> (56 - 8 * i));
        }
        return out;
    }

    /**
     * @param length prefix length 0..128.
     * @return this address with all bits after {@code length} cleared.
     */
    public Ipv6Address mask(final int length)
    {
        return new Ipv6Address(hi & Prefixes.hiMask(length), lo & Prefixes.loMask(length));
    }

    @Override
    public String toString()
    {
        try
        {
            return InetAddress.getByAddress(toBytes()).getHostAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
