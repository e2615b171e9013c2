package net.dmmgw.control.routing;

import java.util.HashMap;
import java.util.Map;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * A {@link RouteProgrammer} that keeps the programmed state in maps and acknowledges every call on the next
 * {@link #poll}. It stands in for a data plane where none is wanted (unit tests, the control benchmarks, a dry
 * run); {@link #refuseNext(int)} makes it refuse calls so that rollbacks can be exercised.
 */
public final class InMemoryDataPlane implements RouteProgrammer
{
    private final Long2LongHashMap routes = new Long2LongHashMap(-1);
    private final Long2ObjectHashMap<Long2LongHashMap> hostRoutes = new Long2ObjectHashMap<>(); // /128: hi → lo → id
    private int hostRouteCount;
    private final Int2ObjectHashMap<long[]> tunnels = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<long[]> tunnelLocals = new Int2ObjectHashMap<>();
    private final java.util.Set<Address> endpoints = new java.util.HashSet<>();
    private final Long2LongHashMap sourceRoutes = new Long2LongHashMap(-1);
    private final Long2LongHashMap deliveries = new Long2LongHashMap(-1);
    private final Long2ObjectHashMap<long[]> forwards = new Long2ObjectHashMap<>(); // prefix hi → port, gateway
    private final Map<Neighbour, Long> neighbours = new HashMap<>();
    /** DLIF id → port, prefix hi, prefix lo, prefix length, logical MAC, link-local hi, link-local lo. */
    private final Int2ObjectHashMap<long[]> dlifs = new Int2ObjectHashMap<>();
    private long[] pending = new long[1024];
    private int pendingCount;
    private long nextCorrelationId = 1;
    private int refuse;
    private long calls;
    private long epoch;

    private boolean silent;

    /** While silent, calls take effect but no ack is delivered (a data plane that stopped answering). */
    public void silent(final boolean value)
    {
        silent = value;
    }

    /** The next {@code count} calls are refused (acked not OK) and change nothing. */
    public void refuseNext(final int count)
    {
        refuse = count;
    }

    /** @return tunnel id a /64 (or any prefix other than a /128, by its upper word) routes into, or -1. */
    public int routeOf(final long prefixHi)
    {
        return (int)routes.get(prefixHi);
    }

    /** @return tunnel id a /128 (a home address) routes into, or -1. */
    public int hostRouteOf(final long hi, final long lo)
    {
        final Long2LongHashMap byLo = hostRoutes.get(hi);
        return byLo == null ? -1 : (int)byLo.get(lo);
    }

    /** @return number of routes (prefix routes and /128 routes). */
    public int routeCount()
    {
        return routes.size() + hostRouteCount;
    }

    /** @return tunnel id the source /64 routes into (uplink), or -1. */
    public int sourceRouteOf(final long prefixHi)
    {
        return (int)sourceRoutes.get(prefixHi);
    }

    /** @return number of source routes. */
    public int sourceRouteCount()
    {
        return sourceRoutes.size();
    }

    /** @return access port a destination /64 is delivered on, or -1 (a tunnel route or none). */
    public int deliveryPortOf(final long prefixHi)
    {
        return (int)deliveries.get(prefixHi);
    }

    /** @return the MAC of a neighbour, or -1. */
    public long neighbourMac(final int port, final long addressHi, final long addressLo)
    {
        final Long mac = neighbours.get(new Neighbour(port, addressHi, addressLo));
        return mac == null ? -1 : mac;
    }

    /** @return number of neighbours. */
    public int neighbourCount()
    {
        return neighbours.size();
    }

    /** @return the remote endpoint {hi, lo} of a tunnel, or null. */
    public long[] tunnelRemote(final int tunnelId)
    {
        return tunnels.get(tunnelId);
    }

    /** @return {local hi, local lo} of a tunnel, or null. */
    public long[] tunnelLocal(final int tunnelId)
    {
        return tunnelLocals.get(tunnelId);
    }

    /** @return true when the address was declared a tunnel endpoint (in the current epoch). */
    public boolean hasTunnelEndpoint(final long hi, final long lo)
    {
        return endpoints.contains(new Address(hi, lo));
    }

    /** @return number of tunnels. */
    public int tunnelCount()
    {
        return tunnels.size();
    }

    /** @return programming calls received. */
    public long calls()
    {
        return calls;
    }

    /** @return epoch of the last snapshot. */
    public long epoch()
    {
        return epoch;
    }

    /** {@inheritDoc} */
    public long setTunnel(final int tunnelId, final long localHi, final long localLo, final long remoteHi,
        final long remoteLo)
    {
        if (accept())
        {
            tunnels.put(tunnelId, new long[]{ remoteHi, remoteLo });
            tunnelLocals.put(tunnelId, new long[]{ localHi, localLo });
        }
        return enqueue();
    }

    /** {@inheritDoc} */
    public long removeTunnel(final int tunnelId)
    {
        if (accept())
        {
            tunnels.remove(tunnelId);
            tunnelLocals.remove(tunnelId);
        }
        return enqueue();
    }

    /** {@inheritDoc} */
    public long addTunnelRoute(final long prefixHi, final long prefixLo, final int prefixLength, final int tunnelId)
    {
        if (accept())
        {
            if (prefixLength == 128)
            {
                Long2LongHashMap byLo = hostRoutes.get(prefixHi);
                if (byLo == null)
                {
                    byLo = new Long2LongHashMap(-1);
                    hostRoutes.put(prefixHi, byLo);
                }
                if (byLo.put(prefixLo, tunnelId) == -1)
                {
                    hostRouteCount++;
                }
            }
            else
            {
                deliveries.remove(prefixHi);
                routes.put(prefixHi, tunnelId);
            }
        }
        return enqueue();
    }

    /** {@inheritDoc} */
    public long addSourceTunnelRoute(final long prefixHi, final long prefixLo, final int prefixLength,
        final int tunnelId)
    {
        if (accept())
        {
            sourceRoutes.put(prefixHi, tunnelId);
        }
        return enqueue();
    }

    /** {@inheritDoc} */
    public long removeSourceRoute(final long prefixHi, final long prefixLo, final int prefixLength)
    {
        if (accept())
        {
            sourceRoutes.remove(prefixHi);
        }
        return enqueue();
    }

    /** {@inheritDoc} */
    public long setDlif(final int dlifId, final int port, final long prefixHi, final long prefixLo,
        final int prefixLength, final long logicalMac, final long linkLocalHi, final long linkLocalLo)
    {
        if (accept())
        {
            dlifs.put(dlifId, new long[] {port, prefixHi, prefixLo, prefixLength, logicalMac, linkLocalHi, linkLocalLo});
        }
        return enqueue();
    }

    /** {@inheritDoc} */
    public long removeDlif(final int dlifId)
    {
        if (accept())
        {
            dlifs.remove(dlifId);
        }
        return enqueue();
    }

    /** @return number of DLIFs programmed. */
    public int dlifCount()
    {
        return dlifs.size();
    }

    /** @return logical MAC of the DLIF whose anchored prefix has this upper word, or -1 (none). */
    public long dlifMacOf(final long prefixHi)
    {
        for (final long[] d : dlifs.values())
        {
            if (d[1] == prefixHi)
            {
                return d[4];
            }
        }
        return -1;
    }

    /** {@inheritDoc} */
    public long addDeliverRoute(final long prefixHi, final long prefixLo, final int prefixLength, final int port)
    {
        if (accept())
        {
            routes.remove(prefixHi);
            deliveries.put(prefixHi, port);
        }
        return enqueue();
    }

    /** {@inheritDoc} */
    public long addForwardRoute(final long prefixHi, final long prefixLo, final int prefixLength, final int port,
        final long gatewayHi, final long gatewayLo)
    {
        if (accept())
        {
            routes.remove(prefixHi);
            deliveries.remove(prefixHi);
            forwards.put(prefixHi, new long[] { port, gatewayHi, gatewayLo });
        }
        return enqueue();
    }

    /** @return {port, gateway hi, gateway lo} of the forward route of this prefix (by its upper word), or null. */
    public long[] forwardRouteOf(final long prefixHi)
    {
        return forwards.get(prefixHi);
    }

    /** {@inheritDoc} */
    public long setNeighbour(final int port, final long addressHi, final long addressLo, final long mac)
    {
        if (accept())
        {
            neighbours.put(new Neighbour(port, addressHi, addressLo), mac);
        }
        return enqueue();
    }

    /** {@inheritDoc} */
    public long removeNeighbour(final int port, final long addressHi, final long addressLo)
    {
        if (accept())
        {
            neighbours.remove(new Neighbour(port, addressHi, addressLo));
        }
        return enqueue();
    }

    /** {@inheritDoc} */
    public long removeRoute(final long prefixHi, final long prefixLo, final int prefixLength)
    {
        if (accept())
        {
            if (prefixLength == 128)
            {
                final Long2LongHashMap byLo = hostRoutes.get(prefixHi);
                if (byLo != null && byLo.remove(prefixLo) != -1)
                {
                    hostRouteCount--;
                }
            }
            else
            {
                routes.remove(prefixHi);
                deliveries.remove(prefixHi);
                forwards.remove(prefixHi);
            }
        }
        return enqueue();
    }

    /** {@inheritDoc} */
    public long addTunnelEndpoint(final long hi, final long lo)
    {
        if (accept())
        {
            endpoints.add(new Address(hi, lo));
        }
        return enqueue();
    }

    /** {@inheritDoc} */
    public long beginSnapshot(final long newEpoch)
    {
        if (accept())
        {
            // A snapshot replaces everything: the applier sweeps what the new epoch does not re-send.
            epoch = newEpoch;
            routes.clear();
            hostRoutes.clear();
            hostRouteCount = 0;
            tunnels.clear();
            tunnelLocals.clear();
            endpoints.clear();
            sourceRoutes.clear();
            deliveries.clear();
            forwards.clear();
            neighbours.clear();
            dlifs.clear(); // the data plane's endSnapshot removes the DLIFs the new epoch did not re-send too
        }
        return enqueue();
    }

    /** {@inheritDoc} */
    public long endSnapshot(final long entryCount)
    {
        accept();
        return enqueue();
    }

    /** {@inheritDoc} */
    public int poll(final AckListener listener)
    {
        if (silent)
        {
            pendingCount = 0;
            return 0;
        }
        final int n = pendingCount;
        pendingCount = 0;
        for (int i = 0; i < n; i++)
        {
            final long v = pending[i];
            listener.onAck(v >>> 1, (v & 1) == 0);
        }
        return n;
    }

    private boolean accept()
    {
        calls++;
        if (refuse > 0)
        {
            refuse--;
            lastRefused = true;
            return false;
        }
        lastRefused = false;
        return true;
    }

    private boolean lastRefused;

    private record Neighbour(int port, long hi, long lo)
    {
    }

    private record Address(long hi, long lo)
    {
    }

    private long enqueue()
    {
        final long id = nextCorrelationId++;
        if (pendingCount == pending.length)
        {
            pending = java.util.Arrays.copyOf(pending, pending.length * 2);
        }
        pending[pendingCount++] = (id << 1) | (lastRefused ? 1 : 0);
        return id;
    }
}
