package net.dmmgw.control.routing;

/**
 * The narrow view of a data plane that mobility routing needs: tunnels, tunnel routes, tunnel endpoints and
 * snapshots, each call answered asynchronously through {@link #poll(AckListener)}. Implemented over the Aeron seam
 * by {@link DataPlaneClientProgrammer} and in memory by {@link InMemoryDataPlane}. Addresses are two big-endian
 * words ({@code net.dmmgw.ipc.Ipv6Words}).
 */
public interface RouteProgrammer
{
    /** Returned instead of a correlation id when the call could not be sent. */
    long NOT_SENT = -1;

    /** Add or update the IPv6-in-IPv6 tunnel {@code tunnelId} from {@code local} to {@code remote}. */
    long setTunnel(int tunnelId, long localHi, long localLo, long remoteHi, long remoteLo);

    /** Remove a tunnel. */
    long removeTunnel(int tunnelId);

    /** Route a destination prefix into a tunnel (add or replace). */
    long addTunnelRoute(long prefixHi, long prefixLo, int prefixLength, int tunnelId);

    /** Remove a destination route. */
    long removeRoute(long prefixHi, long prefixLo, int prefixLength);

    /**
     * Route a source prefix into a tunnel (uplink reverse tunnelling at a MAG: traffic from the mobile node's HNP
     * goes to its LMA). A data plane without a source table answers {@link #NOT_SENT}.
     */
    default long addSourceTunnelRoute(long prefixHi, long prefixLo, int prefixLength, int tunnelId)
    {
        return NOT_SENT;
    }

    /** Remove a source route. */
    default long removeSourceRoute(long prefixHi, long prefixLo, int prefixLength)
    {
        return NOT_SENT;
    }

    /**
     * Route a destination prefix to mobile nodes on an access port (add or replace); the data plane resolves each
     * destination address through the neighbour table of that port.
     */
    default long addDeliverRoute(long prefixHi, long prefixLo, int prefixLength, int port)
    {
        return NOT_SENT;
    }

    /**
     * Route a destination prefix to a gateway on a port (a static route of the node, add or replace); the data
     * plane forwards to the gateway's MAC from its neighbour table, and punts while it has none.
     */
    default long addForwardRoute(long prefixHi, long prefixLo, int prefixLength, int port, long gatewayHi,
        long gatewayLo)
    {
        return NOT_SENT;
    }

    /** Add or update a neighbour (an address on a port and its MAC, the low 48 bits). */
    default long setNeighbour(int port, long addressHi, long addressLo, long mac)
    {
        return NOT_SENT;
    }

    /** Remove a neighbour. */
    default long removeNeighbour(int port, long addressHi, long addressLo)
    {
        return NOT_SENT;
    }

    /**
     * Create or update a DLIF (RFC 8885 §3.6) on an access port: the logical interface of a mobile node toward the
     * MAAR that anchors {@code prefix}. The data plane sources the frames it delivers for that prefix from
     * {@code logicalMac}; Neighbour Solicitations for {@code linkLocal} are punted and answered by the control plane.
     * One DLIF per anchored prefix, named by {@code dlifId} (unique on this data plane). A data plane without DLIF
     * answers {@link #NOT_SENT}.
     */
    default long setDlif(int dlifId, int port, long prefixHi, long prefixLo, int prefixLength, long logicalMac,
        long linkLocalHi, long linkLocalLo)
    {
        return NOT_SENT;
    }

    /** Remove a DLIF: the prefix's frames are sourced from the port's own MAC again. */
    default long removeDlif(int dlifId)
    {
        return NOT_SENT;
    }

    /** Declare an own tunnel endpoint address (the LMA address). */
    long addTunnelEndpoint(long hi, long lo);

    /** Start a full snapshot in a new epoch; entries not re-sent before {@link #endSnapshot} are removed. */
    long beginSnapshot(long epoch);

    /** End the snapshot. */
    long endSnapshot(long entryCount);

    /**
     * Delivers the acks that arrived.
     *
     * @return work done.
     */
    int poll(AckListener listener);
}
