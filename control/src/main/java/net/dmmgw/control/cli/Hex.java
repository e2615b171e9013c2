package net.dmmgw.control.cli;

/** Hex text to octets and back, tolerant of the usual separators (spaces, colons, dashes, "0x"). */
public final class Hex
{
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex()
    {
    }

    /**
     * @param text hex digits, optionally separated by whitespace, ':' or '-', optionally prefixed by 0x.
     * @return the octets.
     * @throws IllegalArgumentException naming the first bad character or an odd digit count.
     */
    public static byte[] decode(final String text)
    {
        final String s = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        final byte[] out = new byte[s.length() / 2 + 1];
        int count = 0;
        int high = -1;
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == ':' || c == '-')
            {
                continue;
            }
            final int digit = Character.digit(c, 16);
            if (digit < 0)
            {
                throw new IllegalArgumentException("not a hex digit: '" + c + "' at position " + i);
            }
            if (high < 0)
            {
                high = digit;
            }
            else
            {
                out[count++] = (byte)((high << 4) | digit);
                high = -1;
            }
        }
        if (high >= 0)
        {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        return java.util.Arrays.copyOf(out, count);
    }

    /**
     * @param bytes source.
     * @param offset first octet.
     * @param length octets.
     * @return lower-case hex, no separators.
     */
    public static String encode(final byte[] bytes, final int offset, final int length)
    {
        final StringBuilder sb = new StringBuilder(length * 2);
        for (int i = offset; i < offset + length; i++)
        {
            sb.append(DIGITS[(bytes[i] >> 4) & 0xF]).append(DIGITS[bytes[i] & 0xF]);
        }
        return sb.toString();
    }

    /**
     * @param bytes source.
     * @return lower-case hex, no separators.
     */
    public static String encode(final byte[] bytes)
    {
        return encode(bytes, 0, bytes.length);
    }
}
