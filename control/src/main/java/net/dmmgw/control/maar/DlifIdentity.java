package net.dmmgw.control.maar;

/**
 * The router identity of one Distributed Logical Interface (draft-ietf-dmm-pmipv6-dlif §3.6): per (mobile node,
 * anchoring MAAR) a logical MAC and the link-local address derived from it. Derived deterministically from the
 * MN-ID and the anchoring MAAR's address (FNV-1a, locally administered unicast MAC, modified EUI-64 link-local), so
 * every MAAR that serves the node computes the same identity without state: the node sees the same router for a
 * prefix whichever MAAR serves it. The same values go in the DLIF Link-local / Link-layer options.
 */
public final class DlifIdentity
{
    private static final long FNV_OFFSET = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;
    private static final long LINK_LOCAL_HI = 0xFE80_0000_0000_0000L;

    private DlifIdentity()
    {
    }

    /** @return the logical MAC (low 48 bits; locally administered, unicast). */
    public static long mac(final byte[] mnId, final int mnIdLength, final long anchorHi, final long anchorLo)
    {
        long h = FNV_OFFSET;
        for (int i = 0; i < mnIdLength; i++)
        {
            h = (h ^ (mnId[i] & 0xFF)) * FNV_PRIME;
        }
        for (int i = 56; i >= 0; i -= 8)
        {
            h = (h ^ ((anchorHi >>> i) & 0xFF)) * FNV_PRIME;
        }
        for (int i = 56; i >= 0; i -= 8)
        {
            h = (h ^ ((anchorLo >>> i) & 0xFF)) * FNV_PRIME;
        }
        final long mac = (h ^ (h >>> 48)) & 0xFFFF_FFFF_FFFFL;
        return (mac & ~0x0100_0000_0000L) | 0x0200_0000_0000L;
    }

    /** @return upper word of the link-local address (fe80::/64). */
    public static long linkLocalHi()
    {
        return LINK_LOCAL_HI;
    }

    /** @return lower word of the link-local address: the modified EUI-64 of the MAC (RFC 4291 Appendix A). */
    public static long linkLocalLo(final long mac)
    {
        return eui64(mac);
    }

    /** @return the modified EUI-64 interface identifier of a MAC. */
    public static long eui64(final long mac)
    {
        final long upper = (mac >>> 24) ^ 0x02_0000L;
        return (upper << 40) | (0xFFFEL << 24) | (mac & 0xFF_FFFFL);
    }
}
