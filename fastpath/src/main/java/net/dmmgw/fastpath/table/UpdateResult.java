package net.dmmgw.fastpath.table;

/**
 * Outcome of a table update through {@link FastPathTables}. Anything but {@link #OK} means the
 * tables were not changed at all.
 */
public enum UpdateResult
{
    /** Applied. */
    OK("ok"),
    /** Prefix length outside 0..128. */
    BAD_PREFIX_LENGTH("prefix length must be 0..128"),
    /** Address not acceptable here (null, multicast or unspecified where a unicast is needed). */
    BAD_ADDRESS("address not acceptable"),
    /** Port id outside the configured range. */
    BAD_PORT("port id out of range"),
    /** Port not configured, or not of the role the update needs. */
    BAD_PORT_ROLE("port not configured with the required role"),
    /** MAC address outside 48 bits or zero. */
    BAD_MAC("MAC must be a non-zero 48-bit value"),
    /** Route value is not a valid encoded {@link Route}. */
    BAD_ROUTE("invalid route value"),
    /** Tunnel id outside the table. */
    BAD_TUNNEL_ID("tunnel id out of range"),
    /** Next-hop id outside the table. */
    BAD_NEXT_HOP_ID("next-hop id out of range"),
    /** A tunnel parameter (MTU, hop limit, traffic class, flow label, TEL) is out of range. */
    BAD_TUNNEL_PARAMETER("tunnel parameter out of range"),
    /** The route refers to a tunnel that is not configured. */
    UNKNOWN_TUNNEL("unknown tunnel"),
    /** The route names a DLIF slot that is out of range or free. */
    UNKNOWN_DLIF("unknown DLIF slot"),
    /** The route refers to a next hop that is not configured. */
    UNKNOWN_NEXT_HOP("unknown next hop"),
    /** The tunnel's local address is not a configured tunnel endpoint. */
    UNKNOWN_ENDPOINT("local address is not a tunnel endpoint"),
    /** Another tunnel already uses the same (local, remote) pair. */
    DUPLICATE_TUNNEL_ENDPOINTS("another tunnel has the same endpoints"),
    /** The table is at capacity. */
    TABLE_FULL("table full"),
    /** Nothing to remove. */
    NOT_FOUND("not found"),
    /** Still referenced by routes or tunnels. */
    IN_USE("still referenced");

    private final String message;

    UpdateResult(final String message)
    {
        this.message = message;
    }

    /**
     * @return a human-readable message.
     */
    public String message()
    {
        return message;
    }
}
