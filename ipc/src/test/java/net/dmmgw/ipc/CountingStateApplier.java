package net.dmmgw.ipc;

import net.dmmgw.ipc.sbe.AckResult;
import net.dmmgw.ipc.sbe.AddressKind;
import net.dmmgw.ipc.sbe.FlowLabelPolicy;
import net.dmmgw.ipc.sbe.RouteAction;
import net.dmmgw.ipc.sbe.RouteTable;
import net.dmmgw.ipc.sbe.TrafficClassPolicy;
import org.agrona.DirectBuffer;

/**
 * A {@link StateApplier} that accepts everything and only counts route adds and removes, allocating
 * nothing: what an allocation measurement of the seam needs on the data plane's side.
 */
final class CountingStateApplier implements StateApplier
{
    long routesAdded;
    long routesRemoved;

    public AckResult addRoute(
        final long epoch, final RouteTable table, final long networkHi, final long networkLo, final int prefixLength,
        final RouteAction action, final int port, final int tunnelId, final long nextHopHi, final long nextHopLo)
    {
        routesAdded++;
        return AckResult.OK;
    }

    public AckResult removeRoute(final RouteTable table, final long networkHi, final long networkLo, final int prefixLength)
    {
        routesRemoved++;
        return AckResult.OK;
    }

    public AckResult setTunnel(
        final long epoch, final int tunnelId, final int egressPort, final int mtu, final int hopLimit,
        final TrafficClassPolicy trafficClassPolicy, final int trafficClass, final FlowLabelPolicy flowLabelPolicy,
        final int flowLabel, final long localHi, final long localLo, final long remoteHi, final long remoteLo,
        final long nextHopMac, final net.dmmgw.ipc.sbe.IngressFilter ingressFilter)
    {
        return AckResult.OK;
    }

    public AckResult removeTunnel(final int tunnelId)
    {
        return AckResult.OK;
    }

    public AckResult setNeighbour(final long epoch, final int port, final long addressHi, final long addressLo, final long mac)
    {
        return AckResult.OK;
    }

    public AckResult removeNeighbour(final int port, final long addressHi, final long addressLo)
    {
        return AckResult.OK;
    }

    public AckResult addOwnAddress(final long epoch, final AddressKind kind, final long addressHi, final long addressLo)
    {
        return AckResult.OK;
    }

    public AckResult removeOwnAddress(final AddressKind kind, final long addressHi, final long addressLo)
    {
        return AckResult.OK;
    }

    public AckResult setDlif(
        final long epoch, final int dlifId, final int port, final long prefixHi, final long prefixLo,
        final int prefixLength, final long linkLocalHi, final long linkLocalLo, final long logicalMac)
    {
        return AckResult.OK;
    }

    public AckResult removeDlif(final int dlifId)
    {
        return AckResult.OK;
    }

    public void beginSnapshot(final long epoch)
    {
    }

    public long endSnapshot(final long epoch)
    {
        return 0;
    }

    public AckResult inject(final int port, final DirectBuffer frame, final int offset, final int length)
    {
        return AckResult.OK;
    }

    public String lastError()
    {
        return null;
    }
}
