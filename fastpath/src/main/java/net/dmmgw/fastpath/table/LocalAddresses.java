package net.dmmgw.fastpath.table;

/**
 * Encoding of the local-address table values: the node's own addresses and tunnel endpoints.
 */
public final class LocalAddresses
{
    /** Flag: an address of this node (traffic to it is punted). */
    public static final long OWN = 1;
    /** Flag: a tunnel endpoint (IPv6-in-IPv6 to it is decapsulated). */
    public static final long ENDPOINT = 2;
    private static final int INDEX_SHIFT = 8;

    private LocalAddresses()
    {
    }

    /**
     * @param value local-address value.
     * @return the endpoint index, the tag of this endpoint's peers in the tunnel-peer table.
     */
    public static int endpointIndex(final long value)
    {
        return (int)(value >>> INDEX_SHIFT);
    }

    static long endpoint(final int index)
    {
        return OWN | ENDPOINT | ((long)index << INDEX_SHIFT);
    }
}
