package net.dmmgw.control.cli;

/** Text forms of addresses: IPv6 in RFC 5952 canonical form, IPv4 dotted quad, link-layer as colon hex. */
public final class AddressFormat
{
    private AddressFormat()
    {
    }

    /**
     * @param a at least offset + 16 octets.
     * @param offset first octet of the address.
     * @return RFC 5952 text (lower case, longest run of two or more zero groups as "::").
     */
    public static String ipv6(final byte[] a, final int offset)
    {
        final int[] groups = new int[8];
        for (int i = 0; i < 8; i++)
        {
            groups[i] = ((a[offset + 2 * i] & 0xFF) << 8) | (a[offset + 2 * i + 1] & 0xFF);
        }
        return ipv6(groups);
    }

    /** @return the RFC 5952 text of an address given as two big-endian words. */
    public static String ipv6(final long hi, final long lo)
    {
        final int[] groups = new int[8];
        for (int i = 0; i < 4; i++)
        {
            groups[i] = (int)(hi >>> (48 - 16 * i)) & 0xFFFF;
            groups[4 + i] = (int)(lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        return ipv6(groups);
    }

    private static String ipv6(final int[] groups)
    {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; )
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0)
            {
                j++;
            }
            if (j - i > bestLength)
            {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        final StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':')
            {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /**
     * @param address IPv4 address as an unsigned 32-bit value.
     * @return dotted quad.
     */
    public static String ipv4(final long address)
    {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." +
            (address & 0xFF);
    }

    /**
     * @param a source.
     * @param offset first octet.
     * @param length octets.
     * @return colon-separated lower-case hex, e.g. 00:11:22:33:44:55.
     */
    public static String linkLayer(final byte[] a, final int offset, final int length)
    {
        final StringBuilder sb = new StringBuilder(length * 3);
        for (int i = 0; i < length; i++)
        {
            if (i > 0)
            {
                sb.append(':');
            }
            sb.append(Hex.encode(a, offset + i, 1));
        }
        return sb.toString();
    }
}
