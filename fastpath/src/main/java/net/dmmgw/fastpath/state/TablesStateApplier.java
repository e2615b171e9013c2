package net.dmmgw.fastpath.state;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.Route;
import net.dmmgw.fastpath.table.TunnelConfig;
import net.dmmgw.fastpath.table.UpdateResult;
import net.dmmgw.ipc.StateApplier;
import net.dmmgw.ipc.sbe.AckResult;
import net.dmmgw.ipc.sbe.AddressKind;
import net.dmmgw.ipc.sbe.FlowLabelPolicy;
import net.dmmgw.ipc.sbe.IngressFilter;
import net.dmmgw.ipc.sbe.RouteAction;
import net.dmmgw.ipc.sbe.RouteTable;
import net.dmmgw.ipc.sbe.TrafficClassPolicy;
import org.agrona.DirectBuffer;

/**
 * The data plane's side of the Aeron seam: applies control messages to {@link FastPathTables}
 * (the single writer) and remembers, per entry, the epoch it was last written in so that a
 * snapshot of a new control session removes what that session no longer has.
 * <p>
 * Forward routes name (port, next-hop address) on the wire; the tables want a next-hop id, so this
 * class allocates one per distinct (port, address) and frees it when no route uses it any more.
 * Each call takes full effect or none: a next hop created for a route the tables then refuse is
 * removed again.
 */
public final class TablesStateApplier implements StateApplier
{
    private record RouteKey(RouteTable table, Ipv6Address prefix, int length)
    {
    }

    private record NextHopKey(int port, Ipv6Address gateway)
    {
    }

    private record NeighbourKey(int port, Ipv6Address address)
    {
    }

    private record AddressKey(AddressKind kind, Ipv6Address address)
    {
    }

    private final FastPathTables tables;
    private final FrameInjector injector;
    private final Map<RouteKey, Long> routeEpochs = new HashMap<>();
    private final Map<RouteKey, NextHopKey> routeNextHops = new HashMap<>();
    private final Map<NextHopKey, Integer> nextHopIds = new HashMap<>();
    private final Map<NextHopKey, Integer> nextHopUsers = new HashMap<>();
    private final ArrayDeque<Integer> freeNextHopIds = new ArrayDeque<>();
    private final Map<Integer, Long> tunnelEpochs = new HashMap<>();
    private final Map<NeighbourKey, Long> neighbourEpochs = new HashMap<>();
    private final Map<AddressKey, Long> addressEpochs = new HashMap<>();
    private String lastError;
    private UpdateResult nextHopFailure;

    /**
     * @param tables   the tables to program; this applier must be their only writer.
     * @param injector sends injected frames out of a port.
     */
    public TablesStateApplier(final FastPathTables tables, final FrameInjector injector)
    {
        this.tables = tables;
        this.injector = injector;
        for (int id = 0; id < tables.limits().maxNextHops(); id++)
        {
            freeNextHopIds.add(id);
        }
    }

    /** {@inheritDoc} */
    public AckResult addRoute(
        final long epoch, final RouteTable table, final long networkHi, final long networkLo, final int prefixLength,
        final RouteAction action, final int port, final int tunnelId, final long nextHopHi, final long nextHopLo)
    {
        final RouteKey key = new RouteKey(table, new Ipv6Address(networkHi, networkLo), prefixLength);
        NextHopKey nextHop = null;
        final long route;
        switch (action)
        {
            case FORWARD ->
            {
                nextHop = new NextHopKey(port, new Ipv6Address(nextHopHi, nextHopLo));
                final int id = acquireNextHop(nextHop);
                if (id < 0)
                {
                    return result(nextHopFailure, "next hop " + nextHop.gateway() + " on port " + port);
                }
                route = Route.forward(id);
            }
            case DELIVER -> route = Route.deliver(port);
            case TUNNEL -> route = Route.encap(tunnelId);
            case PUNT -> route = Route.punt();
            case DROP -> route = Route.drop();
            default ->
            {
                lastError = "unsupported route action " + action;
                return AckResult.INVALID_ARGUMENT;
            }
        }
        final UpdateResult outcome = table == RouteTable.SOURCE ?
            tables.addSourceRoute(key.prefix(), prefixLength, route) :
            tables.addDestinationRoute(key.prefix(), prefixLength, route);
        if (outcome != UpdateResult.OK)
        {
            if (null != nextHop)
            {
                releaseNextHop(nextHop);
            }
            return result(outcome, "route " + key.prefix() + "/" + prefixLength);
        }
        final NextHopKey previous = null == nextHop ? routeNextHops.remove(key) : routeNextHops.put(key, nextHop);
        if (null != previous)
        {
            releaseNextHop(previous);
        }
        routeEpochs.put(key, epoch);
        return AckResult.OK;
    }

    /** {@inheritDoc} */
    public AckResult removeRoute(final RouteTable table, final long networkHi, final long networkLo, final int prefixLength)
    {
        return removeRoute(new RouteKey(table, new Ipv6Address(networkHi, networkLo), prefixLength));
    }

    private AckResult removeRoute(final RouteKey key)
    {
        final UpdateResult outcome = key.table() == RouteTable.SOURCE ?
            tables.removeSourceRoute(key.prefix(), key.length()) :
            tables.removeDestinationRoute(key.prefix(), key.length());
        if (outcome != UpdateResult.OK)
        {
            return result(outcome, "route " + key.prefix() + "/" + key.length());
        }
        routeEpochs.remove(key);
        final NextHopKey nextHop = routeNextHops.remove(key);
        if (null != nextHop)
        {
            releaseNextHop(nextHop);
        }
        return AckResult.OK;
    }

    /** {@inheritDoc} */
    public AckResult setTunnel(
        final long epoch, final int tunnelId, final int egressPort, final int mtu, final int hopLimit,
        final TrafficClassPolicy trafficClassPolicy, final int trafficClass, final FlowLabelPolicy flowLabelPolicy,
        final int flowLabel, final long localHi, final long localLo, final long remoteHi, final long remoteLo,
        final long nextHopMac, final IngressFilter ingressFilter)
    {
        TunnelConfig config = TunnelConfig.of(
            new Ipv6Address(localHi, localLo), new Ipv6Address(remoteHi, remoteLo), egressPort, nextHopMac, mtu)
            .withHopLimit(hopLimit).withIngressFilter(ingressFilter == IngressFilter.OUTER_ONLY ?
                TunnelConfig.IngressFilter.ANY : TunnelConfig.IngressFilter.STRICT);
        if (trafficClassPolicy == TrafficClassPolicy.SET)
        {
            config = config.withFixedTrafficClass(trafficClass);
        }
        config = switch (flowLabelPolicy)
        {
            case COPY -> config.withFlowLabel(TunnelConfig.FlowLabelPolicy.COPY, 0);
            case SET -> config.withFlowLabel(TunnelConfig.FlowLabelPolicy.FIXED, flowLabel);
            default -> config.withFlowLabel(TunnelConfig.FlowLabelPolicy.DERIVE, 0);
        };
        final UpdateResult outcome = tables.addTunnel(tunnelId, config);
        if (outcome != UpdateResult.OK)
        {
            return result(outcome, "tunnel " + tunnelId);
        }
        tunnelEpochs.put(tunnelId, epoch);
        return AckResult.OK;
    }

    /** {@inheritDoc} */
    public AckResult removeTunnel(final int tunnelId)
    {
        final UpdateResult outcome = tables.removeTunnel(tunnelId);
        if (outcome != UpdateResult.OK)
        {
            return result(outcome, "tunnel " + tunnelId);
        }
        tunnelEpochs.remove(tunnelId);
        return AckResult.OK;
    }

    /** {@inheritDoc} */
    public AckResult setNeighbour(final long epoch, final int port, final long addressHi, final long addressLo, final long mac)
    {
        final NeighbourKey key = new NeighbourKey(port, new Ipv6Address(addressHi, addressLo));
        final UpdateResult outcome = tables.setNeighbour(port, key.address(), mac);
        if (outcome != UpdateResult.OK)
        {
            return result(outcome, "neighbour " + key.address() + " on port " + port);
        }
        neighbourEpochs.put(key, epoch);
        return AckResult.OK;
    }

    /** {@inheritDoc} */
    public AckResult removeNeighbour(final int port, final long addressHi, final long addressLo)
    {
        return removeNeighbour(new NeighbourKey(port, new Ipv6Address(addressHi, addressLo)));
    }

    private AckResult removeNeighbour(final NeighbourKey key)
    {
        final UpdateResult outcome = tables.removeNeighbour(key.port(), key.address());
        if (outcome != UpdateResult.OK)
        {
            return result(outcome, "neighbour " + key.address() + " on port " + key.port());
        }
        neighbourEpochs.remove(key);
        return AckResult.OK;
    }

    /** {@inheritDoc} */
    public AckResult addOwnAddress(final long epoch, final AddressKind kind, final long addressHi, final long addressLo)
    {
        final AddressKey key = new AddressKey(kind, new Ipv6Address(addressHi, addressLo));
        final UpdateResult outcome = kind == AddressKind.TUNNEL_ENDPOINT ?
            tables.addTunnelEndpoint(key.address()) : tables.addOwnAddress(key.address());
        if (outcome != UpdateResult.OK)
        {
            return result(outcome, kind + " address " + key.address());
        }
        addressEpochs.put(key, epoch);
        return AckResult.OK;
    }

    /** {@inheritDoc} */
    public AckResult removeOwnAddress(final AddressKind kind, final long addressHi, final long addressLo)
    {
        return removeOwnAddress(new AddressKey(kind, new Ipv6Address(addressHi, addressLo)));
    }

    private AckResult removeOwnAddress(final AddressKey key)
    {
        final UpdateResult outcome = key.kind() == AddressKind.TUNNEL_ENDPOINT ?
            tables.removeTunnelEndpoint(key.address()) : tables.removeOwnAddress(key.address());
        if (outcome != UpdateResult.OK)
        {
            return result(outcome, key.kind() + " address " + key.address());
        }
        addressEpochs.remove(key);
        return AckResult.OK;
    }

    /**
     * DLIF frames (logical MAC and link-local per mobile node and anchor) are not sourced or
     * answered by the data plane yet: refused as unsupported rather than acknowledged and ignored.
     */
    public AckResult setDlif(
        final long epoch, final int dlifId, final int port, final long prefixHi, final long prefixLo,
        final int prefixLength, final long linkLocalHi, final long linkLocalLo, final long logicalMac)
    {
        lastError = "DLIF is not supported by this data plane yet";
        return AckResult.UNSUPPORTED;
    }

    /** {@inheritDoc} */
    public AckResult removeDlif(final int dlifId)
    {
        lastError = "DLIF is not supported by this data plane yet";
        return AckResult.UNSUPPORTED;
    }

    /** {@inheritDoc} */
    public void beginSnapshot(final long epoch)
    {
        // Nothing to prepare: entries are re-stamped as the snapshot rewrites them.
    }

    /**
     * Removes, in dependency order (routes, then tunnels and neighbours, then addresses), every
     * entry last written before {@code epoch}.
     */
    public long endSnapshot(final long epoch)
    {
        long removed = 0;
        for (final RouteKey key : stale(routeEpochs, epoch))
        {
            removed += removeRoute(key) == AckResult.OK ? 1 : 0;
        }
        for (final Integer tunnelId : stale(tunnelEpochs, epoch))
        {
            removed += removeTunnel(tunnelId) == AckResult.OK ? 1 : 0;
        }
        for (final NeighbourKey key : stale(neighbourEpochs, epoch))
        {
            removed += removeNeighbour(key) == AckResult.OK ? 1 : 0;
        }
        for (final AddressKey key : stale(addressEpochs, epoch))
        {
            removed += removeOwnAddress(key) == AckResult.OK ? 1 : 0;
        }
        return removed;
    }

    private static <K> List<K> stale(final Map<K, Long> epochs, final long epoch)
    {
        final List<K> keys = new ArrayList<>();
        for (final Map.Entry<K, Long> entry : epochs.entrySet())
        {
            if (entry.getValue() < epoch)
            {
                keys.add(entry.getKey());
            }
        }
        return keys;
    }

    /** {@inheritDoc} */
    public AckResult inject(final int port, final DirectBuffer frame, final int offset, final int length)
    {
        if (!tables.ports().isValidId(port))
        {
            lastError = "no port " + port;
            return AckResult.UNKNOWN_PORT;
        }
        if (!injector.inject(port, frame, offset, length))
        {
            lastError = "inject queue of port " + port + " is full";
            return AckResult.TABLE_FULL;
        }
        return AckResult.OK;
    }

    /** {@inheritDoc} */
    public String lastError()
    {
        return lastError;
    }

    /** @return routes currently installed through this applier. */
    public int routeCount()
    {
        return routeEpochs.size();
    }

    private int acquireNextHop(final NextHopKey key)
    {
        final Integer existing = nextHopIds.get(key);
        if (null != existing)
        {
            nextHopUsers.merge(key, 1, Integer::sum);
            return existing;
        }
        final Integer id = freeNextHopIds.poll();
        if (null == id)
        {
            nextHopFailure = UpdateResult.TABLE_FULL;
            return -1;
        }
        final UpdateResult outcome = tables.addNextHop(id, key.port(), key.gateway());
        if (outcome != UpdateResult.OK)
        {
            freeNextHopIds.push(id);
            nextHopFailure = outcome;
            return -1;
        }
        nextHopIds.put(key, id);
        nextHopUsers.put(key, 1);
        return id;
    }

    private void releaseNextHop(final NextHopKey key)
    {
        final int users = nextHopUsers.merge(key, -1, Integer::sum);
        if (users <= 0)
        {
            final int id = nextHopIds.remove(key);
            nextHopUsers.remove(key);
            // The tables' own reference count already dropped with the route: removal succeeds.
            tables.removeNextHop(id);
            freeNextHopIds.push(id);
        }
    }

    private AckResult result(final UpdateResult outcome, final String what)
    {
        lastError = what + ": " + outcome.message();
        return switch (outcome)
        {
            case OK -> AckResult.OK;
            case UNKNOWN_TUNNEL -> AckResult.UNKNOWN_TUNNEL;
            case BAD_PORT -> AckResult.UNKNOWN_PORT;
            case TABLE_FULL -> AckResult.TABLE_FULL;
            case NOT_FOUND -> AckResult.NOT_FOUND;
            default -> AckResult.INVALID_ARGUMENT;
        };
    }
}
