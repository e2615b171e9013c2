package net.dmmgw.fastpath.pipeline;

/**
 * Why a packet was sent to the control plane; one counter per value per worker.
 */
public enum PuntReason
{
    /** Mobility Header (IPv6 next header 135). */
    MOBILITY_HEADER("mobility header"),
    /** ICMPv6 RS, RA, NS, NA or Redirect. */
    NEIGHBOUR_DISCOVERY("neighbour discovery"),
    /** ICMPv6 MLD to a multicast group. */
    MULTICAST_LISTENER("multicast listener discovery"),
    /** Addressed to one of the node's own addresses. */
    OWN_ADDRESS("own address"),
    /** Next hop or mobile node without a MAC: the control plane resolves it. */
    NEIGHBOUR_UNRESOLVED("neighbour unresolved"),
    /** Matched a punt route. */
    ROUTE("punt route");

    private final String label;

    PuntReason(final String label)
    {
        this.label = label;
    }

    /**
     * @return counter label.
     */
    public String label()
    {
        return label;
    }
}
