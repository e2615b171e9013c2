package net.dmmgw.control.ha;

/** Whether an address lies in the home prefix (RFC 6275 §10.3.1: else 132, not home subnet). */
final class HomePrefix
{
    private final long hi;
    private final long lo;
    private final long maskHi;
    private final long maskLo;

    HomePrefix(final byte[] prefix, final int length)
    {
        maskHi = length >= 64 ? -1L : (length == 0 ? 0 : -1L << (64 - length));
        maskLo = length <= 64 ? 0 : (length == 128 ? -1L : -1L << (128 - length));
        hi = word(prefix, 0) & maskHi;
        lo = word(prefix, 8) & maskLo;
    }

    boolean contains(final long addressHi, final long addressLo)
    {
        return (addressHi & maskHi) == hi && (addressLo & maskLo) == lo;
    }

    static boolean contains(final byte[] prefix, final int length, final byte[] address)
    {
        return new HomePrefix(prefix, length).contains(word(address, 0), word(address, 8));
    }

    private static long word(final byte[] b, final int at)
    {
        return net.dmmgw.control.anchor.BindingUpdateMessage.word(b, at);
    }
}
