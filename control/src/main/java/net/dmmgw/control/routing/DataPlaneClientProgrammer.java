package net.dmmgw.control.routing;

import net.dmmgw.ipc.DataPlaneClient;
import net.dmmgw.ipc.DataPlaneListener;
import net.dmmgw.ipc.sbe.AckResult;
import net.dmmgw.ipc.sbe.AddressKind;
import net.dmmgw.ipc.sbe.FlowLabelPolicy;
import net.dmmgw.ipc.sbe.IngressFilter;
import net.dmmgw.ipc.sbe.RouteAction;
import net.dmmgw.ipc.sbe.RouteTable;
import net.dmmgw.ipc.sbe.TrafficClassPolicy;

/**
 * {@link RouteProgrammer} over the Aeron seam. Create it first, pass it as the client's {@link DataPlaneListener},
 * then {@link #attach} the client. Tunnels use the configured egress port, MTU, hop limit and next-hop MAC, copy
 * the inner traffic class and derive the flow label. The decapsulation ingress filter is a setting of the node: an
 * anchor (LMA, HA) keeps {@link IngressFilter#STRICT} (RFC 5213 §4.7: an uplink's inner source must be a prefix bound
 * to that MAG); a MAG uses {@link IngressFilter#OUTER_ONLY}, since its downlink from the LMA carries any
 * correspondent's source.
 */
public final class DataPlaneClientProgrammer implements RouteProgrammer, DataPlaneListener
{
    private final int egressPort;
    private final int mtu;
    private final int hopLimit;
    private final long nextHopMac;
    private final IngressFilter ingressFilter;
    private DataPlaneClient client;
    private AckListener listener;

    /**
     * @param egressPort data-plane port towards the MAGs.
     * @param mtu tunnel path MTU (≥ 1328).
     * @param hopLimit outer hop limit.
     * @param nextHopMac MAC of the next hop towards the MAGs.
     */
    public DataPlaneClientProgrammer(final int egressPort, final int mtu, final int hopLimit, final long nextHopMac)
    {
        this(egressPort, mtu, hopLimit, nextHopMac, IngressFilter.STRICT);
    }

    /**
     * @param egressPort data-plane port towards the peers.
     * @param mtu tunnel path MTU (≥ 1328).
     * @param hopLimit outer hop limit.
     * @param nextHopMac MAC of the next hop towards the peers.
     * @param ingressFilter decapsulation check of every tunnel this programmer sets.
     */
    public DataPlaneClientProgrammer(final int egressPort, final int mtu, final int hopLimit, final long nextHopMac,
        final IngressFilter ingressFilter)
    {
        this.egressPort = egressPort;
        this.mtu = mtu;
        this.hopLimit = hopLimit;
        this.nextHopMac = nextHopMac;
        this.ingressFilter = ingressFilter;
    }

    /** @param dataPlaneClient the client this programmer sends through. */
    public void attach(final DataPlaneClient dataPlaneClient)
    {
        this.client = dataPlaneClient;
    }

    /** {@inheritDoc} */
    public long setTunnel(final int tunnelId, final long localHi, final long localLo, final long remoteHi,
        final long remoteLo)
    {
        return client.setTunnel(tunnelId, egressPort, mtu, hopLimit, TrafficClassPolicy.COPY, 0,
            FlowLabelPolicy.DERIVE, 0, localHi, localLo, remoteHi, remoteLo, nextHopMac, ingressFilter);
    }

    /** {@inheritDoc} */
    public long removeTunnel(final int tunnelId)
    {
        return client.removeTunnel(tunnelId);
    }

    /** {@inheritDoc} */
    public long addTunnelRoute(final long prefixHi, final long prefixLo, final int prefixLength, final int tunnelId)
    {
        return client.addRoute(RouteTable.DESTINATION, prefixHi, prefixLo, prefixLength, RouteAction.TUNNEL,
            egressPort, tunnelId, 0, 0);
    }

    /** {@inheritDoc} */
    public long removeRoute(final long prefixHi, final long prefixLo, final int prefixLength)
    {
        return client.removeRoute(RouteTable.DESTINATION, prefixHi, prefixLo, prefixLength);
    }

    /** {@inheritDoc} */
    public long addSourceTunnelRoute(final long prefixHi, final long prefixLo, final int prefixLength,
        final int tunnelId)
    {
        return client.addRoute(RouteTable.SOURCE, prefixHi, prefixLo, prefixLength, RouteAction.TUNNEL,
            egressPort, tunnelId, 0, 0);
    }

    /** {@inheritDoc} */
    public long removeSourceRoute(final long prefixHi, final long prefixLo, final int prefixLength)
    {
        return client.removeRoute(RouteTable.SOURCE, prefixHi, prefixLo, prefixLength);
    }

    /** {@inheritDoc} */
    public long addDeliverRoute(final long prefixHi, final long prefixLo, final int prefixLength, final int port)
    {
        return client.addRoute(RouteTable.DESTINATION, prefixHi, prefixLo, prefixLength, RouteAction.DELIVER,
            port, 0, 0, 0);
    }

    /** {@inheritDoc} */
    public long addForwardRoute(final long prefixHi, final long prefixLo, final int prefixLength, final int port,
        final long gatewayHi, final long gatewayLo)
    {
        return client.addRoute(RouteTable.DESTINATION, prefixHi, prefixLo, prefixLength, RouteAction.FORWARD,
            port, 0, gatewayHi, gatewayLo);
    }

    /** {@inheritDoc} */
    public long setNeighbour(final int port, final long addressHi, final long addressLo, final long mac)
    {
        return client.setNeighbour(port, addressHi, addressLo, mac);
    }

    /** {@inheritDoc} */
    public long removeNeighbour(final int port, final long addressHi, final long addressLo)
    {
        return client.removeNeighbour(port, addressHi, addressLo);
    }

    /** {@inheritDoc} */
    public long setDlif(final int dlifId, final int port, final long prefixHi, final long prefixLo,
        final int prefixLength, final long logicalMac, final long linkLocalHi, final long linkLocalLo)
    {
        return client.setDlif(dlifId, port, prefixHi, prefixLo, prefixLength, linkLocalHi, linkLocalLo, logicalMac);
    }

    /** {@inheritDoc} */
    public long removeDlif(final int dlifId)
    {
        return client.removeDlif(dlifId);
    }

    /** {@inheritDoc} */
    public long addTunnelEndpoint(final long hi, final long lo)
    {
        return client.addOwnAddress(AddressKind.TUNNEL_ENDPOINT, hi, lo);
    }

    /** {@inheritDoc} */
    public long beginSnapshot(final long epoch)
    {
        client.epoch(epoch);
        return client.beginSnapshot();
    }

    /** {@inheritDoc} */
    public long endSnapshot(final long entryCount)
    {
        return client.endSnapshot(entryCount);
    }

    /** {@inheritDoc} */
    public int poll(final AckListener ackListener)
    {
        this.listener = ackListener;
        return client.poll();
    }

    /** {@inheritDoc} */
    public void onAck(final long correlationId, final AckResult result, final String reason)
    {
        if (listener != null)
        {
            listener.onAck(correlationId, result == AckResult.OK);
        }
    }

    /** {@inheritDoc} */
    public void onResyncRequest(final long dataPlaneId, final long lastEpoch)
    {
        if (listener != null)
        {
            listener.onResyncRequest();
        }
    }
}
