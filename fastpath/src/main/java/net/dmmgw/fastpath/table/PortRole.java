package net.dmmgw.fastpath.table;

/**
 * Role of a data-plane port.
 */
public enum PortRole
{
    /** Toward mobile nodes: their uplink traffic is subject to source-prefix (reverse tunnel) lookup. */
    ACCESS(PortTable.ROLE_ACCESS),
    /** Toward the network and other anchors. */
    CORE(PortTable.ROLE_CORE);

    private final int code;

    PortRole(final int code)
    {
        this.code = code;
    }

    /**
     * @return the value stored in the port table.
     */
    public int code()
    {
        return code;
    }
}
