package net.dmmgw.fastpath.state;

import net.dmmgw.fastpath.table.DlifTable;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.PortTable;
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
 * <p>
 * The bookkeeping is primitive ({@link AddressKeyedEntries}, an array stack of free next-hop ids)
 * and routes reach the tables as (hi, lo): a route add or remove allocates nothing in steady state,
 * so a high update rate makes no garbage in the data-plane process. The snapshot sweep allocates.
 */
public final class TablesStateApplier implements StateApplier
{
    private static final int NO_NEXT_HOP = -1;
    private static final int TUNNEL_KEY = 0;

    private final FastPathTables tables;
    private final FrameInjector injector;
    /** (prefix, table << 8 | length) → epoch, next-hop id or {@link #NO_NEXT_HOP}. */
    private final AddressKeyedEntries routes;
    /** (gateway, port) → users, next-hop id. */
    private final AddressKeyedEntries nextHops;
    private final int[] nextHopPorts;
    private final long[] nextHopHis;
    private final long[] nextHopLos;
    /** Free next-hop ids, a stack: the lowest first, a freed id reused first. */
    private final int[] freeNextHopIds;
    private int freeNextHopCount;
    /** (0, 0, tunnel id) → epoch. */
    private final AddressKeyedEntries tunnelEpochs = new AddressKeyedEntries(1024);
    /** (address, port) → epoch. */
    private final AddressKeyedEntries neighbourEpochs = new AddressKeyedEntries(1024);
    /** (address, kind) → epoch. */
    private final AddressKeyedEntries addressEpochs = new AddressKeyedEntries(64);
    /** (0, 0, DLIF id) → epoch, DLIF slot. */
    private final AddressKeyedEntries dlifsById = new AddressKeyedEntries(256);
    /** (anchored prefix, length) → DLIF slot. */
    private final AddressKeyedEntries dlifByPrefix = new AddressKeyedEntries(256);
    /** Destination DELIVER routes: (prefix, length) → port. */
    private final AddressKeyedEntries deliveries = new AddressKeyedEntries(256);
    private final int[] slotDlifIds = new int[DlifTable.CAPACITY];
    private final int[] slotPorts = new int[DlifTable.CAPACITY];
    private final long[] slotPrefixHis = new long[DlifTable.CAPACITY];
    private final long[] slotPrefixLos = new long[DlifTable.CAPACITY];
    private final int[] slotPrefixLengths = new int[DlifTable.CAPACITY];
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
        final int maxNextHops = tables.limits().maxNextHops();
        routes = new AddressKeyedEntries(1024);
        nextHops = new AddressKeyedEntries(Math.min(maxNextHops, 1024));
        nextHopPorts = new int[maxNextHops];
        nextHopHis = new long[maxNextHops];
        nextHopLos = new long[maxNextHops];
        freeNextHopIds = new int[maxNextHops];
        for (int id = maxNextHops - 1; id >= 0; id--)
        {
            freeNextHopIds[freeNextHopCount++] = id;
        }
    }

    /** {@inheritDoc} */
    public AckResult addRoute(
        final long epoch, final RouteTable table, final long networkHi, final long networkLo, final int prefixLength,
        final RouteAction action, final int port, final int tunnelId, final long nextHopHi, final long nextHopLo)
    {
        int nextHopId = NO_NEXT_HOP;
        final long route;
        switch (action)
        {
            case FORWARD ->
            {
                nextHopId = acquireNextHop(port, nextHopHi, nextHopLo);
                if (nextHopId < 0)
                {
                    return result(nextHopFailure, "next hop " + new Ipv6Address(nextHopHi, nextHopLo) + " on port " + port);
                }
                route = Route.forward(nextHopId);
            }
            case DELIVER -> route = table == RouteTable.SOURCE ? Route.deliver(port)
                : deliverRoute(port, networkHi, networkLo, prefixLength);
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
            tables.addSourceRoute(networkHi, networkLo, prefixLength, route) :
            tables.addDestinationRoute(networkHi, networkLo, prefixLength, route);
        if (outcome != UpdateResult.OK)
        {
            if (nextHopId != NO_NEXT_HOP)
            {
                releaseNextHop(nextHopId);
            }
            return result(outcome, "route " + new Ipv6Address(networkHi, networkLo) + "/" + prefixLength);
        }
        final int tag = routeTag(table, prefixLength);
        trackDelivery(table, networkHi, networkLo, prefixLength, action == RouteAction.DELIVER ? port : -1);
        final int existing = routes.find(networkHi, networkLo, tag);
        final int previous = existing == AddressKeyedEntries.ABSENT ? NO_NEXT_HOP : routes.intValue(existing);
        routes.put(networkHi, networkLo, tag, epoch, nextHopId);
        if (previous != NO_NEXT_HOP)
        {
            releaseNextHop(previous);
        }
        return AckResult.OK;
    }

    /** {@inheritDoc} */
    public AckResult removeRoute(final RouteTable table, final long networkHi, final long networkLo, final int prefixLength)
    {
        final UpdateResult outcome = table == RouteTable.SOURCE ?
            tables.removeSourceRoute(networkHi, networkLo, prefixLength) :
            tables.removeDestinationRoute(networkHi, networkLo, prefixLength);
        if (outcome != UpdateResult.OK)
        {
            return result(outcome, "route " + new Ipv6Address(networkHi, networkLo) + "/" + prefixLength);
        }
        final int tag = routeTag(table, prefixLength);
        trackDelivery(table, networkHi, networkLo, prefixLength, -1);
        final int slot = routes.find(networkHi, networkLo, tag);
        if (slot != AddressKeyedEntries.ABSENT)
        {
            final int nextHopId = routes.intValue(slot);
            routes.remove(networkHi, networkLo, tag);
            if (nextHopId != NO_NEXT_HOP)
            {
                releaseNextHop(nextHopId);
            }
        }
        return AckResult.OK;
    }

    /** Remembers the destination DELIVER routes (prefix → port), which a DLIF of the prefix rewrites. */
    private void trackDelivery(
        final RouteTable table, final long networkHi, final long networkLo, final int prefixLength, final int port)
    {
        if (table == RouteTable.SOURCE)
        {
            return;
        }
        if (port >= 0)
        {
            deliveries.put(networkHi, networkLo, prefixLength, 0, port);
        }
        else
        {
            deliveries.remove(networkHi, networkLo, prefixLength);
        }
    }

    private static int routeTag(final RouteTable table, final int prefixLength)
    {
        return (table == RouteTable.SOURCE ? 1 << 8 : 0) | prefixLength;
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
        tunnelEpochs.put(0, 0, tunnelId, epoch, TUNNEL_KEY);
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
        tunnelEpochs.remove(0, 0, tunnelId);
        return AckResult.OK;
    }

    /** {@inheritDoc} */
    public AckResult setNeighbour(final long epoch, final int port, final long addressHi, final long addressLo, final long mac)
    {
        final UpdateResult outcome = tables.setNeighbour(port, addressHi, addressLo, mac);
        if (outcome != UpdateResult.OK)
        {
            return result(outcome, "neighbour " + new Ipv6Address(addressHi, addressLo) + " on port " + port);
        }
        neighbourEpochs.put(addressHi, addressLo, port, epoch, 0);
        return AckResult.OK;
    }

    /** {@inheritDoc} */
    public AckResult removeNeighbour(final int port, final long addressHi, final long addressLo)
    {
        final UpdateResult outcome = tables.removeNeighbour(port, addressHi, addressLo);
        if (outcome != UpdateResult.OK)
        {
            return result(outcome, "neighbour " + new Ipv6Address(addressHi, addressLo) + " on port " + port);
        }
        neighbourEpochs.remove(addressHi, addressLo, port);
        return AckResult.OK;
    }

    /** {@inheritDoc} */
    public AckResult addOwnAddress(final long epoch, final AddressKind kind, final long addressHi, final long addressLo)
    {
        final Ipv6Address address = new Ipv6Address(addressHi, addressLo);
        final UpdateResult outcome = kind == AddressKind.TUNNEL_ENDPOINT ?
            tables.addTunnelEndpoint(address) : tables.addOwnAddress(address);
        if (outcome != UpdateResult.OK)
        {
            return result(outcome, kind + " address " + address);
        }
        addressEpochs.put(addressHi, addressLo, addressTag(kind), epoch, 0);
        return AckResult.OK;
    }

    /** {@inheritDoc} */
    public AckResult removeOwnAddress(final AddressKind kind, final long addressHi, final long addressLo)
    {
        final Ipv6Address address = new Ipv6Address(addressHi, addressLo);
        final UpdateResult outcome = kind == AddressKind.TUNNEL_ENDPOINT ?
            tables.removeTunnelEndpoint(address) : tables.removeOwnAddress(address);
        if (outcome != UpdateResult.OK)
        {
            return result(outcome, kind + " address " + address);
        }
        addressEpochs.remove(addressHi, addressLo, addressTag(kind));
        return AckResult.OK;
    }

    private static int addressTag(final AddressKind kind)
    {
        return kind == AddressKind.TUNNEL_ENDPOINT ? 1 : 0;
    }

    /**
     * Creates or updates a DLIF (RFC 8885 §3.6): its logical MAC goes into a {@link DlifTable} slot and
     * the destination DELIVER route of its anchored prefix on the same port (now or when it comes) names
     * that slot, so the frames delivered for the prefix are sourced from the logical MAC. One DLIF per
     * anchored prefix; repeating a set is harmless. The link-local address is checked but not kept: the
     * data plane punts every Neighbour Solicitation, the control plane answers for it.
     */
    public AckResult setDlif(
        final long epoch, final int dlifId, final int port, final long prefixHi, final long prefixLo,
        final int prefixLength, final long linkLocalHi, final long linkLocalLo, final long logicalMac)
    {
        if (!tables.ports().isValidId(port) || tables.ports().role(port) != PortTable.ROLE_ACCESS)
        {
            lastError = "DLIF " + Integer.toUnsignedString(dlifId) + ": port " + port + " is not an access port";
            return AckResult.UNKNOWN_PORT;
        }
        if (prefixLength < 1 || prefixLength > 128 || (linkLocalHi >>> 54) != 0x3FA)
        {
            lastError = "DLIF " + Integer.toUnsignedString(dlifId) + ": prefix length " + prefixLength +
                " must be 1..128 and " + new Ipv6Address(linkLocalHi, linkLocalLo) + " link-local";
            return AckResult.INVALID_ARGUMENT;
        }
        final int existing = dlifsById.find(0, 0, dlifId);
        final int owner = dlifByPrefix.find(prefixHi, prefixLo, prefixLength);
        final int ownerSlot = owner == AddressKeyedEntries.ABSENT ? DlifTable.NONE : dlifByPrefix.intValue(owner);
        if (ownerSlot != DlifTable.NONE && slotDlifIds[ownerSlot] != dlifId)
        {
            lastError = "DLIF " + Integer.toUnsignedString(dlifId) + ": prefix " + new Ipv6Address(prefixHi, prefixLo) +
                "/" + prefixLength + " already has DLIF " + Integer.toUnsignedString(slotDlifIds[ownerSlot]);
            return AckResult.INVALID_ARGUMENT;
        }
        final boolean created = existing == AddressKeyedEntries.ABSENT;
        // A new DLIF never gets a slot removed while a worker may still be in the burst that read it.
        final int slot = created ? tables.allocateDlifSlot() : dlifsById.intValue(existing);
        if (slot == DlifTable.NONE)
        {
            lastError = "DLIF " + Integer.toUnsignedString(dlifId) + ": " + UpdateResult.TABLE_FULL.message();
            return AckResult.TABLE_FULL;
        }
        final UpdateResult outcome = tables.setDlif(slot, logicalMac);
        if (outcome != UpdateResult.OK)
        {
            if (created)
            {
                tables.unallocateDlifSlot(slot);
            }
            return result(outcome, "DLIF " + Integer.toUnsignedString(dlifId));
        }
        if (!created && (slotPorts[slot] != port || slotPrefixHis[slot] != prefixHi ||
            slotPrefixLos[slot] != prefixLo || slotPrefixLengths[slot] != prefixLength))
        {
            unlinkDlif(slot);
        }
        dlifsById.put(0, 0, dlifId, epoch, slot);
        slotDlifIds[slot] = dlifId;
        slotPorts[slot] = port;
        slotPrefixHis[slot] = prefixHi;
        slotPrefixLos[slot] = prefixLo;
        slotPrefixLengths[slot] = prefixLength;
        dlifByPrefix.put(prefixHi, prefixLo, prefixLength, 0, slot);
        relinkDelivery(prefixHi, prefixLo, prefixLength);
        return AckResult.OK;
    }

    /**
     * Removes a DLIF: the route of its prefix goes back to the port's own MAC first, then the slot is
     * freed. Removing an absent DLIF is OK (idempotent: a repeated remove after a lost ack).
     */
    public AckResult removeDlif(final int dlifId)
    {
        final int existing = dlifsById.find(0, 0, dlifId);
        if (existing == AddressKeyedEntries.ABSENT)
        {
            return AckResult.OK;
        }
        final int slot = dlifsById.intValue(existing);
        dlifsById.remove(0, 0, dlifId);
        unlinkDlif(slot);
        tables.removeDlif(slot); // the slot is reused after the readers' grace period
        return AckResult.OK;
    }

    /** @return DLIFs currently installed through this applier. */
    public int dlifCount()
    {
        return dlifsById.size();
    }

    private void unlinkDlif(final int slot)
    {
        final long hi = slotPrefixHis[slot];
        final long lo = slotPrefixLos[slot];
        final int length = slotPrefixLengths[slot];
        dlifByPrefix.remove(hi, lo, length);
        relinkDelivery(hi, lo, length);
    }

    /** Rewrites the destination DELIVER route of a prefix, if there is one, with its DLIF slot or none. */
    private void relinkDelivery(final long prefixHi, final long prefixLo, final int prefixLength)
    {
        final int delivery = deliveries.find(prefixHi, prefixLo, prefixLength);
        if (delivery != AddressKeyedEntries.ABSENT)
        {
            final int port = deliveries.intValue(delivery);
            // Replacing an existing prefix's value cannot fail for capacity; the route was valid before.
            tables.addDestinationRoute(prefixHi, prefixLo, prefixLength, deliverRoute(port, prefixHi, prefixLo, prefixLength));
        }
    }

    /** A DELIVER route to the port, through the DLIF of the prefix when it has one on that port. */
    private long deliverRoute(final int port, final long prefixHi, final long prefixLo, final int prefixLength)
    {
        final int owner = dlifByPrefix.find(prefixHi, prefixLo, prefixLength);
        final int slot = owner == AddressKeyedEntries.ABSENT ? DlifTable.NONE : dlifByPrefix.intValue(owner);
        return slot != DlifTable.NONE && slotPorts[slot] == port ? Route.deliver(port, slot) : Route.deliver(port);
    }

    /** {@inheritDoc} */
    public void beginSnapshot(final long epoch)
    {
        // Nothing to prepare: entries are re-stamped as the snapshot rewrites them.
    }

    /**
     * Removes, in dependency order (routes, then DLIFs, tunnels and neighbours, then addresses), every
     * entry last written before {@code epoch}.
     */
    public long endSnapshot(final long epoch)
    {
        long removed = 0;
        final long[][] staleRoutes = routes.keysWithLongValueBelow(epoch);
        for (int i = 0; i < staleRoutes[0].length; i++)
        {
            final int tag = (int)staleRoutes[2][i];
            final RouteTable table = (tag >>> 8) == 1 ? RouteTable.SOURCE : RouteTable.DESTINATION;
            removed += removeRoute(table, staleRoutes[0][i], staleRoutes[1][i], tag & 0xFF) == AckResult.OK ? 1 : 0;
        }
        final long[][] staleDlifs = dlifsById.keysWithLongValueBelow(epoch);
        for (int i = 0; i < staleDlifs[0].length; i++)
        {
            removed += removeDlif((int)staleDlifs[2][i]) == AckResult.OK ? 1 : 0;
        }
        final long[][] staleTunnels = tunnelEpochs.keysWithLongValueBelow(epoch);
        for (int i = 0; i < staleTunnels[0].length; i++)
        {
            removed += removeTunnel((int)staleTunnels[2][i]) == AckResult.OK ? 1 : 0;
        }
        final long[][] staleNeighbours = neighbourEpochs.keysWithLongValueBelow(epoch);
        for (int i = 0; i < staleNeighbours[0].length; i++)
        {
            removed += removeNeighbour((int)staleNeighbours[2][i], staleNeighbours[0][i], staleNeighbours[1][i]) ==
                AckResult.OK ? 1 : 0;
        }
        final long[][] staleAddresses = addressEpochs.keysWithLongValueBelow(epoch);
        for (int i = 0; i < staleAddresses[0].length; i++)
        {
            final AddressKind kind = staleAddresses[2][i] == 1 ? AddressKind.TUNNEL_ENDPOINT : AddressKind.OWN;
            removed += removeOwnAddress(kind, staleAddresses[0][i], staleAddresses[1][i]) == AckResult.OK ? 1 : 0;
        }
        return removed;
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
        return routes.size();
    }

    private int acquireNextHop(final int port, final long gatewayHi, final long gatewayLo)
    {
        final int existing = nextHops.find(gatewayHi, gatewayLo, port);
        if (existing != AddressKeyedEntries.ABSENT)
        {
            nextHops.longValue(existing, nextHops.longValue(existing) + 1);
            return nextHops.intValue(existing);
        }
        if (freeNextHopCount == 0)
        {
            nextHopFailure = UpdateResult.TABLE_FULL;
            return -1;
        }
        final int id = freeNextHopIds[--freeNextHopCount];
        final UpdateResult outcome = tables.addNextHop(id, port, gatewayHi, gatewayLo);
        if (outcome != UpdateResult.OK)
        {
            freeNextHopIds[freeNextHopCount++] = id;
            nextHopFailure = outcome;
            return -1;
        }
        nextHops.put(gatewayHi, gatewayLo, port, 1, id);
        nextHopPorts[id] = port;
        nextHopHis[id] = gatewayHi;
        nextHopLos[id] = gatewayLo;
        return id;
    }

    private void releaseNextHop(final int id)
    {
        final int slot = nextHops.find(nextHopHis[id], nextHopLos[id], nextHopPorts[id]);
        final long users = nextHops.longValue(slot) - 1;
        if (users > 0)
        {
            nextHops.longValue(slot, users);
            return;
        }
        nextHops.remove(nextHopHis[id], nextHopLos[id], nextHopPorts[id]);
        // The tables' own reference count already dropped with the route: removal succeeds.
        tables.removeNextHop(id);
        freeNextHopIds[freeNextHopCount++] = id;
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
