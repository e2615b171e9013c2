package net.dmmgw.control.neighbour;

import net.dmmgw.control.routing.AckListener;
import net.dmmgw.control.routing.RouteProgrammer;

/**
 * The role's {@link RouteProgrammer} with the node's own state added to every snapshot: before a snapshot ends, the
 * {@link NeighbourResolver}'s static routes and resolved gateways are sent in its epoch, so that a role's
 * resynchronisation (which removes whatever its epoch did not re-send) keeps them. Every other call goes straight
 * through.
 */
public final class ResolvedStateProgrammer implements RouteProgrammer
{
    private final RouteProgrammer delegate;
    private final NeighbourResolver resolver;

    /**
     * @param delegate the data plane.
     * @param resolver whose state joins every snapshot.
     */
    public ResolvedStateProgrammer(final RouteProgrammer delegate, final NeighbourResolver resolver)
    {
        this.delegate = delegate;
        this.resolver = resolver;
    }

    /** {@inheritDoc} */
    public long endSnapshot(final long entryCount)
    {
        final int added = resolver.program(delegate);
        return delegate.endSnapshot(entryCount + added);
    }

    /** {@inheritDoc} */
    public long beginSnapshot(final long epoch)
    {
        return delegate.beginSnapshot(epoch);
    }

    /** {@inheritDoc} */
    public long setTunnel(final int tunnelId, final long localHi, final long localLo, final long remoteHi,
        final long remoteLo)
    {
        return delegate.setTunnel(tunnelId, localHi, localLo, remoteHi, remoteLo);
    }

    /** {@inheritDoc} */
    public long removeTunnel(final int tunnelId)
    {
        return delegate.removeTunnel(tunnelId);
    }

    /** {@inheritDoc} */
    public long addTunnelRoute(final long prefixHi, final long prefixLo, final int prefixLength, final int tunnelId)
    {
        return delegate.addTunnelRoute(prefixHi, prefixLo, prefixLength, tunnelId);
    }

    /** {@inheritDoc} */
    public long removeRoute(final long prefixHi, final long prefixLo, final int prefixLength)
    {
        return delegate.removeRoute(prefixHi, prefixLo, prefixLength);
    }

    /** {@inheritDoc} */
    public long addSourceTunnelRoute(final long prefixHi, final long prefixLo, final int prefixLength,
        final int tunnelId)
    {
        return delegate.addSourceTunnelRoute(prefixHi, prefixLo, prefixLength, tunnelId);
    }

    /** {@inheritDoc} */
    public long removeSourceRoute(final long prefixHi, final long prefixLo, final int prefixLength)
    {
        return delegate.removeSourceRoute(prefixHi, prefixLo, prefixLength);
    }

    /** {@inheritDoc} */
    public long addDeliverRoute(final long prefixHi, final long prefixLo, final int prefixLength, final int port)
    {
        return delegate.addDeliverRoute(prefixHi, prefixLo, prefixLength, port);
    }

    /** {@inheritDoc} */
    public long addForwardRoute(final long prefixHi, final long prefixLo, final int prefixLength, final int port,
        final long gatewayHi, final long gatewayLo)
    {
        return delegate.addForwardRoute(prefixHi, prefixLo, prefixLength, port, gatewayHi, gatewayLo);
    }

    /** {@inheritDoc} */
    public long setNeighbour(final int port, final long addressHi, final long addressLo, final long mac)
    {
        return delegate.setNeighbour(port, addressHi, addressLo, mac);
    }

    /** {@inheritDoc} */
    public long removeNeighbour(final int port, final long addressHi, final long addressLo)
    {
        return delegate.removeNeighbour(port, addressHi, addressLo);
    }

    /** {@inheritDoc} */
    public long setDlif(final int dlifId, final int port, final long prefixHi, final long prefixLo,
        final int prefixLength, final long logicalMac, final long linkLocalHi, final long linkLocalLo)
    {
        return delegate.setDlif(dlifId, port, prefixHi, prefixLo, prefixLength, logicalMac, linkLocalHi, linkLocalLo);
    }

    /** {@inheritDoc} */
    public long removeDlif(final int dlifId)
    {
        return delegate.removeDlif(dlifId);
    }

    /** {@inheritDoc} */
    public long addTunnelEndpoint(final long hi, final long lo)
    {
        return delegate.addTunnelEndpoint(hi, lo);
    }

    /** {@inheritDoc} */
    public int poll(final AckListener listener)
    {
        return delegate.poll(listener);
    }
}
