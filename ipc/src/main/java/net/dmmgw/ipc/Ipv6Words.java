package net.dmmgw.ipc;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IPv6 addresses and MACs as the primitive words the seam carries: an address is two big-endian
 * longs ({@code hi} = octets 0–7, {@code lo} = octets 8–15), a MAC the low 48 bits of a long.
 * For the control side and tests; the data plane never needs these conversions.
 */
public final class Ipv6Words
{
    private Ipv6Words()
    {
    }

    /** @return octets 0–7 of an address given in text form. */
    public static long hi(final String address)
    {
        return word(bytes(address), 0);
    }

    /** @return octets 8–15 of an address given in text form. */
    public static long lo(final String address)
    {
        return word(bytes(address), 8);
    }

    /**
     * @param address an IPv6 address in text form.
     * @param prefix a prefix as {@code address/length}.
     * @return whether the address lies in the prefix (false for text that does not parse).
     */
    public static boolean inPrefix(final String address, final String prefix)
    {
        try
        {
            final int slash = prefix.indexOf('/');
            final int bits = Integer.parseInt(prefix.substring(slash + 1));
            final byte[] a = bytes(address);
            final byte[] p = bytes(prefix.substring(0, slash));
            for (int i = 0; i < bits; i++)
            {
                final int mask = 0x80 >>> (i % 8);
                if ((a[i / 8] & mask) != (p[i / 8] & mask))
                {
                    return false;
                }
            }
            return bits >= 0 && bits <= 128;
        }
        catch (final RuntimeException ex)
        {
            return false;
        }
    }

    /** @return the 16 octets of an IPv6 address in text form. */
    public static byte[] bytes(final String address)
    {
        try
        {
            final InetAddress parsed = InetAddress.ofLiteral(address);
            if (!(parsed instanceof Inet6Address))
            {
                throw new IllegalArgumentException("not an IPv6 address: " + address);
            }
            return parsed.getAddress();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("not an IPv6 address: " + address, ex);
        }
    }

    /** @return the address in RFC 5952 text form. */
    public static String text(final long hi, final long lo)
    {
        final byte[] octets = new byte[16];
        for (int i = 0; i < 8; i++)
        {
            octets[i] = (byte)(hi >>> (56 - 8 * i));
            octets[8 + i] = (byte)(lo >>> (56 - 8 * i));
        }
        try
        {
            return InetAddress.getByAddress(octets).getHostAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** @return a MAC such as {@code 02:00:00:00:00:01} as the low 48 bits of a long. */
    public static long mac(final String mac)
    {
        final String[] parts = mac.split(":");
        if (parts.length != 6)
        {
            throw new IllegalArgumentException("not a MAC address: " + mac);
        }
        long value = 0;
        for (final String part : parts)
        {
            if (part.length() != 2)
            {
                throw new IllegalArgumentException("not a MAC address: " + mac);
            }
            value = (value << 8) | Integer.parseInt(part, 16);
        }
        return value;
    }

    /** @return a MAC held as the low 48 bits of a long ({@link #mac}) as its 6 octets on the wire. */
    public static byte[] macOctets(final long mac)
    {
        final byte[] octets = new byte[6];
        for (int i = 0; i < octets.length; i++)
        {
            octets[i] = (byte)(mac >>> (40 - 8 * i));
        }
        return octets;
    }

    /** @return the big-endian word of 8 octets starting at {@code from} (0 for {@code hi}, 8 for {@code lo}). */
    public static long word(final byte[] octets, final int from)
    {
        long value = 0;
        for (int i = from; i < from + 8; i++)
        {
            value = (value << 8) | (octets[i] & 0xFF);
        }
        return value;
    }
}
