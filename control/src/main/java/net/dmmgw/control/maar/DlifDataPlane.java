package net.dmmgw.control.maar;

import net.dmmgw.control.routing.RouteProgrammer;

/**
 * What a data plane must offer for DLIF (draft-ietf-dmm-pmipv6-dlif §3.6), not available yet (the seam refuses DLIF
 * messages today): on an access port, a logical interface per (mobile node, anchoring MAAR) that
 * <ul>
 * <li>answers Neighbour Solicitations for its link-local address with its logical MAC, and</li>
 * <li>sources the frames it delivers to the node for the anchoring MAAR's prefix (decapsulated downlink) from that
 * logical MAC, so that the node's neighbour cache keeps one router per prefix;</li>
 * <li>accepts the node's frames addressed to the logical MAC as its own (uplink; routed by source prefix).</li>
 * </ul>
 * The MAAR calls it when DLIF is on and counts the refusals; the RAs per DLIF are sent by the control plane
 * regardless.
 */
public interface DlifDataPlane
{
    /** A data plane without DLIF: every call answers {@link RouteProgrammer#NOT_SENT}. */
    DlifDataPlane UNSUPPORTED = new DlifDataPlane()
    {
    };

    /**
     * Creates or updates the logical interface for a node on a port.
     *
     * @return correlation id, or {@link RouteProgrammer#NOT_SENT}.
     */
    default long setLogicalInterface(final int port, final long nodeMac, final long logicalMac,
        final long linkLocalHi, final long linkLocalLo)
    {
        return RouteProgrammer.NOT_SENT;
    }

    /**
     * Removes it.
     *
     * @return correlation id, or {@link RouteProgrammer#NOT_SENT}.
     */
    default long removeLogicalInterface(final int port, final long nodeMac, final long logicalMac)
    {
        return RouteProgrammer.NOT_SENT;
    }
}
