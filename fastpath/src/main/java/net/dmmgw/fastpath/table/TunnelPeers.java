package net.dmmgw.fastpath.table;

/**
 * Encoding of the tunnel-peer table values ({@link FastPathTables#tunnelPeers()}: key the remote address with
 * the endpoint index as tag): the tunnel id and what decapsulation decides on, so that a decapsulated packet
 * needs one probe and no read of the tunnel's record (its seqlocked control word sits on another cache line:
 * a dependent load per packet, ~10 ns of decap's ~75, perf/RESULTS.md session 6).
 * <p>
 * The writer publishes a changed value with one release store ({@link ExactMatchTable#put}): a reader sees the
 * old or the new pair of (tunnel id, ingress filter), never a mix. A present value means the tunnel is
 * configured: the writer puts it after the tunnel's record and removes it before clearing the record.
 */
public final class TunnelPeers
{
    private static final long ID_MASK = 0xFFFF_FFFFL;
    private static final long STRICT_INGRESS = 1L << 32;

    private TunnelPeers()
    {
    }

    /**
     * @param tunnelId tunnel id (non-negative).
     * @param strict   whether the tunnel's ingress filter is {@link TunnelConfig.IngressFilter#STRICT}.
     * @return the value.
     */
    static long value(final int tunnelId, final boolean strict)
    {
        return (tunnelId & ID_MASK) | (strict ? STRICT_INGRESS : 0);
    }

    /**
     * @param value a tunnel-peer value (not {@link ExactMatchTable#MISSING}).
     * @return the tunnel id.
     */
    public static int tunnelId(final long value)
    {
        return (int)(value & ID_MASK);
    }

    /**
     * @param value a tunnel-peer value (not {@link ExactMatchTable#MISSING}).
     * @return whether the inner source must route back into this tunnel (RFC 5213 §4.7).
     */
    public static boolean strictIngressFilter(final long value)
    {
        return (value & STRICT_INGRESS) != 0;
    }
}
