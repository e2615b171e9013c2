package net.dmmgw.control.ha;

import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;

/**
 * A home prefix: whether an address lies in it (RFC 6275 §10.3.1: else 132, not home subnet), and its parsing
 * from a configuration value ({@code address/length}) with errors naming the key.
 */
public final class HomePrefix
{
    private final byte[] prefix;
    private final int length;
    private final long hi;
    private final long lo;
    private final long maskHi;
    private final long maskLo;

    /**
     * @param prefix 16 octets.
     * @param length 0–128.
     */
    public HomePrefix(final byte[] prefix, final int length)
    {
        this.prefix = prefix.clone();
        this.length = length;
        maskHi = length >= 64 ? -1L : (length == 0 ? 0 : -1L << (64 - length));
        maskLo = length <= 64 ? 0 : (length == 128 ? -1L : -1L << (128 - length));
        hi = word(prefix, 0) & maskHi;
        lo = word(prefix, 8) & maskLo;
    }

    /**
     * Parses {@code address/length}.
     *
     * @param key the configuration key (named in errors).
     * @param text the value.
     * @param maxLength the longest prefix allowed (shortest: 8).
     * @return the prefix.
     * @throws ConfigException naming the key.
     */
    public static HomePrefix parse(final String key, final String text, final int maxLength)
    {
        final int slash = text.indexOf('/');
        if (slash < 0)
        {
            throw new ConfigException(key, "expected address/length, got '" + text + "'");
        }
        final byte[] prefix = NodeConfig.parseIpv6(key, text.substring(0, slash));
        final int length;
        try
        {
            length = Integer.parseInt(text.substring(slash + 1).trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigException(key, "bad prefix length in '" + text + "'");
        }
        if (length < 8 || length > maxLength)
        {
            throw new ConfigException(key, "prefix length must be 8.." + maxLength + ", got " + length);
        }
        return new HomePrefix(prefix, length);
    }

    /** @return true when the address (two big-endian words) lies in the prefix. */
    public boolean contains(final long addressHi, final long addressLo)
    {
        return (addressHi & maskHi) == hi && (addressLo & maskLo) == lo;
    }

    /** @return true when the 16-octet address lies in the prefix. */
    public boolean contains(final byte[] address)
    {
        return contains(word(address, 0), word(address, 8));
    }

    /** @return a copy of the prefix octets. */
    public byte[] prefix()
    {
        return prefix.clone();
    }

    /** @return the prefix length. */
    public int length()
    {
        return length;
    }

    static boolean contains(final byte[] prefix, final int length, final byte[] address)
    {
        return new HomePrefix(prefix, length).contains(address);
    }

    private static long word(final byte[] b, final int at)
    {
        return net.dmmgw.control.anchor.BindingUpdateMessage.word(b, at);
    }
}
