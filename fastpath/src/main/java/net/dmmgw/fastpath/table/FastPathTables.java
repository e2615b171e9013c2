package net.dmmgw.fastpath.table;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * All fast-path tables plus the validated writer API that programs them.
 * <p>
 * Exactly one thread (the state agent) may call the mutating methods; any number of workers read
 * the tables concurrently through the accessors. Every update is validated first and either
 * applied completely or not at all: a result other than {@link UpdateResult#OK} leaves every
 * table unchanged.
 */
public final class FastPathTables
{
    /**
     * Table capacities.
     *
     * @param maxPorts               port ids 0..maxPorts-1 (at most 65536).
     * @param maxNextHops            next-hop ids.
     * @param maxTunnels             tunnel ids.
     * @param maxDestinationPrefixes destination (downlink) prefixes.
     * @param maxSourcePrefixes      source (uplink, reverse tunnel) prefixes.
     * @param maxNeighbours          neighbour entries over all ports.
     * @param maxLocalAddresses      own addresses plus tunnel endpoints.
     * @param lpmFirstLevelBits      first-level width of both prefix tables: 16, 24 or {@link Ipv6Lpm#FIRST_LEVEL_AUTO}
     *                               (by size, see {@link Ipv6Lpm}).
     */
    public record Limits(
        int maxPorts,
        int maxNextHops,
        int maxTunnels,
        int maxDestinationPrefixes,
        int maxSourcePrefixes,
        int maxNeighbours,
        int maxLocalAddresses,
        int lpmFirstLevelBits)
    {
        /**
         * Limits whose prefix tables choose their first level's width by size.
         *
         * @param maxPorts               port ids 0..maxPorts-1 (at most 65536).
         * @param maxNextHops            next-hop ids.
         * @param maxTunnels             tunnel ids.
         * @param maxDestinationPrefixes destination (downlink) prefixes.
         * @param maxSourcePrefixes      source (uplink, reverse tunnel) prefixes.
         * @param maxNeighbours          neighbour entries over all ports.
         * @param maxLocalAddresses      own addresses plus tunnel endpoints.
         */
        public Limits(
            final int maxPorts,
            final int maxNextHops,
            final int maxTunnels,
            final int maxDestinationPrefixes,
            final int maxSourcePrefixes,
            final int maxNeighbours,
            final int maxLocalAddresses)
        {
            this(maxPorts, maxNextHops, maxTunnels, maxDestinationPrefixes, maxSourcePrefixes, maxNeighbours,
                maxLocalAddresses, Ipv6Lpm.FIRST_LEVEL_AUTO);
        }

        /**
         * @return small limits for tests and tools.
         */
        public static Limits small()
        {
            return new Limits(16, 1024, 1024, 65536, 65536, 65536, 1024);
        }
    }

    private final Limits limits;
    private final PortTable ports;
    private final NextHopTable nextHops;
    private final TunnelTable tunnels;
    private final ReaderEpochs readers = new ReaderEpochs();
    private final Ipv6Lpm destinations;
    private final Ipv6Lpm sources;
    private final ExactMatchTable neighbours;
    private final ExactMatchTable localAddresses;
    private final ExactMatchTable tunnelPeers;
    private final TunnelEndpoints tunnelEndpoints = new TunnelEndpoints();
    private final DlifTable dlifs;

    // Writer-side bookkeeping, never read by workers.
    private final int[] nextHopRefs;
    private final int[] tunnelRefs;
    private final TunnelConfig[] tunnelConfigs;
    private final Set<Ipv6Address> ownAddresses = new HashSet<>();
    /** Next-hop ids by (port, gateway), to copy a neighbour's MAC into their records. */
    private final GatewayIndex gatewayIndex;
    private final Map<Ipv6Address, Integer> endpointIndexes = new HashMap<>();
    private final Map<Ipv6Address, Integer> endpointUsers = new HashMap<>();
    private int nextEndpointIndex;

    /**
     * @param limits capacities.
     */
    public FastPathTables(final Limits limits)
    {
        if (limits.maxPorts() < 1 || limits.maxPorts() > 65536)
        {
            throw new IllegalArgumentException("maxPorts must be 1..65536: " + limits.maxPorts());
        }
        this.limits = limits;
        ports = new PortTable(limits.maxPorts());
        nextHops = new NextHopTable(limits.maxNextHops());
        tunnels = new TunnelTable(limits.maxTunnels());
        destinations = new Ipv6Lpm(limits.maxDestinationPrefixes(), readers, limits.lpmFirstLevelBits());
        sources = new Ipv6Lpm(limits.maxSourcePrefixes(), readers, limits.lpmFirstLevelBits());
        // Workers read these in their bursts: removed slots are reused after the readers' grace period.
        neighbours = new ExactMatchTable(limits.maxNeighbours(), readers, false);
        // Keys the configuration chooses (own addresses, tunnel peers): the multiply-free placement.
        localAddresses = new ExactMatchTable(limits.maxLocalAddresses(), readers, true);
        tunnelPeers = new ExactMatchTable(limits.maxTunnels(), readers, true);
        dlifs = new DlifTable(readers);
        gatewayIndex = new GatewayIndex(limits.maxNextHops());
        nextHopRefs = new int[limits.maxNextHops()];
        tunnelRefs = new int[limits.maxTunnels()];
        tunnelConfigs = new TunnelConfig[limits.maxTunnels()];
    }

    /** @return the capacities. */
    public Limits limits()
    {
        return limits;
    }

    /** @return port records (reader side). */
    public PortTable ports()
    {
        return ports;
    }

    /** @return next-hop records (reader side). */
    public NextHopTable nextHops()
    {
        return nextHops;
    }

    /** @return tunnel records (reader side). */
    public TunnelTable tunnels()
    {
        return tunnels;
    }

    /**
     * @return the registry a worker registers its reader with, so that prefix-table memory it may
     * still read is not reused under it (see {@link ReaderEpochs}).
     */
    public ReaderEpochs readers()
    {
        return readers;
    }

    /** @return DLIF logical MACs by slot (reader side). */
    public DlifTable dlifs()
    {
        return dlifs;
    }

    /**
     * Writes the logical MAC of a DLIF slot (RFC 8885 §3.6), before a DELIVER route names it.
     *
     * @param slot 1 .. {@link DlifTable#CAPACITY} - 1.
     * @param mac  unicast MAC in the low 48 bits (group bit clear).
     * @return OK, or why not.
     */
    public UpdateResult setDlif(final int slot, final long mac)
    {
        if (!DlifTable.isValidSlot(slot))
        {
            return UpdateResult.UNKNOWN_DLIF;
        }
        if (!isValidMac(mac) || (mac >>> 40 & 1) != 0)
        {
            return UpdateResult.BAD_MAC;
        }
        dlifs.write(slot, mac);
        return UpdateResult.OK;
    }

    /**
     * Frees a DLIF slot. The caller first rewrites every route that names it (the applier does); the slot is
     * handed out again by {@link #allocateDlifSlot()} only after the readers' grace period.
     *
     * @param slot the slot.
     * @return OK or NOT_FOUND.
     */
    public UpdateResult removeDlif(final int slot)
    {
        if (!DlifTable.isValidSlot(slot) || !dlifs.isPresent(slot))
        {
            return UpdateResult.NOT_FOUND;
        }
        dlifs.retire(slot);
        return UpdateResult.OK;
    }

    /**
     * Writer: a DLIF slot for a new DLIF ({@link #setDlif} then fills it): never one removed while a reader may
     * still be in the burst that saw it.
     *
     * @return the slot, or {@link DlifTable#NONE} when none is free.
     */
    public int allocateDlifSlot()
    {
        return dlifs.allocate();
    }

    /**
     * Writer: gives back a slot from {@link #allocateDlifSlot()} that was never set (its DLIF was refused).
     *
     * @param slot the slot.
     */
    public void unallocateDlifSlot(final int slot)
    {
        dlifs.unallocate(slot);
    }

    /** @return destination prefix table (downlink / forwarding). */
    public Ipv6Lpm destinations()
    {
        return destinations;
    }

    /** @return source prefix table (uplink reverse tunnelling from access ports). */
    public Ipv6Lpm sources()
    {
        return sources;
    }

    /** @return neighbours: key (address, tag = port), value MAC. */
    public ExactMatchTable neighbours()
    {
        return neighbours;
    }

    /** @return local addresses: key (address, tag 0), value per {@link LocalAddresses}. */
    public ExactMatchTable localAddresses()
    {
        return localAddresses;
    }

    /** @return tunnel peers: key (remote address, tag = endpoint index), value per {@link TunnelPeers}. */
    public ExactMatchTable tunnelPeers()
    {
        return tunnelPeers;
    }

    /** @return the first few tunnel endpoints, a shortcut in front of {@link #localAddresses()} for decapsulation. */
    public TunnelEndpoints tunnelEndpoints()
    {
        return tunnelEndpoints;
    }

    /**
     * Configure a port.
     *
     * @param port    port id.
     * @param role    access or core.
     * @param mac     the port's MAC (source of frames sent from it).
     * @param address the port's IPv6 address (source of ICMPv6 errors it originates).
     * @return the outcome.
     */
    public UpdateResult configurePort(final int port, final PortRole role, final long mac, final Ipv6Address address)
    {
        if (!ports.isValidId(port))
        {
            return UpdateResult.BAD_PORT;
        }
        if (!isValidMac(mac))
        {
            return UpdateResult.BAD_MAC;
        }
        if (role == null || !isUnicast(address))
        {
            return role == null ? UpdateResult.BAD_PORT_ROLE : UpdateResult.BAD_ADDRESS;
        }
        if (role != PortRole.ACCESS && usedAsDeliveryPort(port))
        {
            return UpdateResult.IN_USE;
        }
        ports.write(port, role.code(), mac, address);
        for (int id = 0; id < tunnelConfigs.length; id++)
        {
            // The tunnels' header templates carry their port's MAC.
            if (tunnelConfigs[id] != null && tunnelConfigs[id].port() == port)
            {
                tunnels.write(id, tunnelConfigs[id], mac);
            }
        }
        return UpdateResult.OK;
    }

    /**
     * Add or replace a next hop.
     *
     * @param id      next-hop id.
     * @param port    egress port (configured).
     * @param gateway gateway address; its MAC comes from {@link #setNeighbour}.
     * @return the outcome.
     */
    public UpdateResult addNextHop(final int id, final int port, final Ipv6Address gateway)
    {
        return null == gateway ? nullGateway(id, port) : addNextHop(id, port, gateway.hi(), gateway.lo());
    }

    /**
     * {@link #addNextHop(int, int, Ipv6Address)} without an address object (the state agent's
     * allocation-free path).
     *
     * @param id        next-hop id.
     * @param port      egress port (configured).
     * @param gatewayHi upper 64 bits of the gateway address.
     * @param gatewayLo lower 64 bits of the gateway address.
     * @return the outcome.
     */
    public UpdateResult addNextHop(final int id, final int port, final long gatewayHi, final long gatewayLo)
    {
        if (!nextHops.isValidId(id))
        {
            return UpdateResult.BAD_NEXT_HOP_ID;
        }
        if (ports.role(port) == PortTable.ROLE_NONE)
        {
            return ports.isValidId(port) ? UpdateResult.BAD_PORT_ROLE : UpdateResult.BAD_PORT;
        }
        if (!isUnicast(gatewayHi, gatewayLo))
        {
            return UpdateResult.BAD_ADDRESS;
        }
        final long mac = neighbours.find(gatewayHi, gatewayLo, port);
        nextHops.write(id, port, gatewayHi, gatewayLo, mac == ExactMatchTable.MISSING ? NextHopTable.UNRESOLVED : mac);
        gatewayIndex.remove(id);
        gatewayIndex.add(id, port, gatewayHi, gatewayLo);
        return UpdateResult.OK;
    }

    /** The checks before the gateway's, in their order, for a missing gateway. */
    private UpdateResult nullGateway(final int id, final int port)
    {
        if (!nextHops.isValidId(id))
        {
            return UpdateResult.BAD_NEXT_HOP_ID;
        }
        if (ports.role(port) == PortTable.ROLE_NONE)
        {
            return ports.isValidId(port) ? UpdateResult.BAD_PORT_ROLE : UpdateResult.BAD_PORT;
        }
        return UpdateResult.BAD_ADDRESS;
    }

    /**
     * @param id next-hop id.
     * @return the outcome ({@link UpdateResult#IN_USE} while routes refer to it).
     */
    public UpdateResult removeNextHop(final int id)
    {
        if (!nextHops.isValidId(id))
        {
            return UpdateResult.BAD_NEXT_HOP_ID;
        }
        if (!nextHops.isPresent(id))
        {
            return UpdateResult.NOT_FOUND;
        }
        if (nextHopRefs[id] > 0)
        {
            return UpdateResult.IN_USE;
        }
        nextHops.clear(id);
        gatewayIndex.remove(id);
        return UpdateResult.OK;
    }

    /**
     * Add or replace a destination route (downlink / forwarding).
     *
     * @param prefix prefix (bits after the length are ignored).
     * @param length prefix length 0..128.
     * @param route  a {@link Route} value.
     * @return the outcome.
     */
    public UpdateResult addDestinationRoute(final Ipv6Address prefix, final int length, final long route)
    {
        return null == prefix ? nullPrefix(length) : addRoute(destinations, prefix.hi(), prefix.lo(), length, route);
    }

    /**
     * {@link #addDestinationRoute(Ipv6Address, int, long)} without an address object (the state agent's
     * allocation-free path).
     *
     * @param prefixHi upper 64 bits of the prefix.
     * @param prefixLo lower 64 bits of the prefix.
     * @param length   prefix length 0..128.
     * @param route    a {@link Route} value.
     * @return the outcome.
     */
    public UpdateResult addDestinationRoute(final long prefixHi, final long prefixLo, final int length, final long route)
    {
        return addRoute(destinations, prefixHi, prefixLo, length, route);
    }

    /**
     * @param prefix prefix.
     * @param length prefix length.
     * @return the outcome.
     */
    public UpdateResult removeDestinationRoute(final Ipv6Address prefix, final int length)
    {
        return null == prefix ? nullPrefix(length) : removeRoute(destinations, prefix.hi(), prefix.lo(), length);
    }

    /**
     * @param prefixHi upper 64 bits of the prefix.
     * @param prefixLo lower 64 bits of the prefix.
     * @param length   prefix length.
     * @return the outcome.
     */
    public UpdateResult removeDestinationRoute(final long prefixHi, final long prefixLo, final int length)
    {
        return removeRoute(destinations, prefixHi, prefixLo, length);
    }

    /**
     * Add or replace a source route: traffic arriving on an access port whose source lies in the
     * prefix takes this route (typically {@link Route#encap} into the reverse tunnel to its anchor)
     * instead of the destination lookup.
     *
     * @param prefix prefix.
     * @param length prefix length 0..128.
     * @param route  a {@link Route} value.
     * @return the outcome.
     */
    public UpdateResult addSourceRoute(final Ipv6Address prefix, final int length, final long route)
    {
        return null == prefix ? nullPrefix(length) : addRoute(sources, prefix.hi(), prefix.lo(), length, route);
    }

    /**
     * @param prefixHi upper 64 bits of the prefix.
     * @param prefixLo lower 64 bits of the prefix.
     * @param length   prefix length 0..128.
     * @param route    a {@link Route} value.
     * @return the outcome.
     */
    public UpdateResult addSourceRoute(final long prefixHi, final long prefixLo, final int length, final long route)
    {
        return addRoute(sources, prefixHi, prefixLo, length, route);
    }

    /**
     * @param prefix prefix.
     * @param length prefix length.
     * @return the outcome.
     */
    public UpdateResult removeSourceRoute(final Ipv6Address prefix, final int length)
    {
        return null == prefix ? nullPrefix(length) : removeRoute(sources, prefix.hi(), prefix.lo(), length);
    }

    /**
     * @param prefixHi upper 64 bits of the prefix.
     * @param prefixLo lower 64 bits of the prefix.
     * @param length   prefix length.
     * @return the outcome.
     */
    public UpdateResult removeSourceRoute(final long prefixHi, final long prefixLo, final int length)
    {
        return removeRoute(sources, prefixHi, prefixLo, length);
    }

    /**
     * Add a tunnel endpoint address: an own address where IPv6-in-IPv6 from configured peers is
     * decapsulated.
     *
     * @param address unicast address.
     * @return the outcome.
     */
    public UpdateResult addTunnelEndpoint(final Ipv6Address address)
    {
        if (!isUnicast(address))
        {
            return UpdateResult.BAD_ADDRESS;
        }
        if (endpointIndexes.containsKey(address))
        {
            return UpdateResult.OK;
        }
        if (nextEndpointIndex > ExactMatchTable.MAX_TAG)
        {
            return UpdateResult.TABLE_FULL;
        }
        final int index = nextEndpointIndex;
        if (!localAddresses.put(address.hi(), address.lo(), 0, LocalAddresses.endpoint(index)))
        {
            return UpdateResult.TABLE_FULL;
        }
        nextEndpointIndex++;
        endpointIndexes.put(address, index);
        tunnelEndpoints.add(address.hi(), address.lo(), index); // after its local-address entry
        return UpdateResult.OK;
    }

    /**
     * @param address endpoint address.
     * @return the outcome ({@link UpdateResult#IN_USE} while tunnels use it).
     */
    public UpdateResult removeTunnelEndpoint(final Ipv6Address address)
    {
        if (address == null || !endpointIndexes.containsKey(address))
        {
            return UpdateResult.NOT_FOUND;
        }
        if (endpointUsers.getOrDefault(address, 0) > 0)
        {
            return UpdateResult.IN_USE;
        }
        endpointIndexes.remove(address);
        tunnelEndpoints.remove(address.hi(), address.lo()); // before its local-address entry changes
        if (ownAddresses.contains(address))
        {
            localAddresses.put(address.hi(), address.lo(), 0, LocalAddresses.OWN);
        }
        else
        {
            localAddresses.remove(address.hi(), address.lo(), 0);
        }
        return UpdateResult.OK;
    }

    /**
     * Add an address of this node: packets to it are punted to the control plane.
     *
     * @param address unicast address.
     * @return the outcome.
     */
    public UpdateResult addOwnAddress(final Ipv6Address address)
    {
        if (!isUnicast(address))
        {
            return UpdateResult.BAD_ADDRESS;
        }
        if (!endpointIndexes.containsKey(address)
            && !localAddresses.put(address.hi(), address.lo(), 0, LocalAddresses.OWN))
        {
            return UpdateResult.TABLE_FULL;
        }
        ownAddresses.add(address);
        return UpdateResult.OK;
    }

    /**
     * @param address own address.
     * @return the outcome.
     */
    public UpdateResult removeOwnAddress(final Ipv6Address address)
    {
        if (address == null || !ownAddresses.remove(address))
        {
            return UpdateResult.NOT_FOUND;
        }
        if (!endpointIndexes.containsKey(address))
        {
            localAddresses.remove(address.hi(), address.lo(), 0);
        }
        return UpdateResult.OK;
    }

    /**
     * Add or replace a tunnel.
     *
     * @param id     tunnel id.
     * @param config configuration; its local address must be a tunnel endpoint.
     * @return the outcome.
     */
    public UpdateResult addTunnel(final int id, final TunnelConfig config)
    {
        final UpdateResult invalid = validateTunnel(id, config);
        if (invalid != UpdateResult.OK)
        {
            return invalid;
        }
        final int endpoint = endpointIndexes.get(config.local());
        final long peer = tunnelPeers.find(config.remote().hi(), config.remote().lo(), endpoint);
        if (peer != ExactMatchTable.MISSING && TunnelPeers.tunnelId(peer) != id)
        {
            return UpdateResult.DUPLICATE_TUNNEL_ENDPOINTS;
        }
        final TunnelConfig old = tunnelConfigs[id];
        if (peer == ExactMatchTable.MISSING && old == null && tunnelPeers.size() >= tunnelPeers.maxEntries())
        {
            return UpdateResult.TABLE_FULL;
        }
        // Record first, then the peer key: a decapsulating reader that finds the peer finds the record.
        tunnels.write(id, config, ports.mac(config.port()));
        if (old != null && !(old.local().equals(config.local()) && old.remote().equals(config.remote())))
        {
            tunnelPeers.remove(old.remote().hi(), old.remote().lo(), endpointIndexes.get(old.local()));
            endpointUsers.merge(old.local(), -1, Integer::sum);
        }
        // The value carries the ingress filter too: put (one release store) even when the key stays.
        tunnelPeers.put(config.remote().hi(), config.remote().lo(), endpoint,
            TunnelPeers.value(id, config.ingressFilter() == TunnelConfig.IngressFilter.STRICT));
        if (old == null || !(old.local().equals(config.local()) && old.remote().equals(config.remote())))
        {
            endpointUsers.merge(config.local(), 1, Integer::sum);
        }
        tunnelConfigs[id] = config;
        return UpdateResult.OK;
    }

    /**
     * @param id tunnel id.
     * @return the outcome ({@link UpdateResult#IN_USE} while routes refer to it).
     */
    public UpdateResult removeTunnel(final int id)
    {
        if (!tunnels.isValidId(id))
        {
            return UpdateResult.BAD_TUNNEL_ID;
        }
        final TunnelConfig old = tunnelConfigs[id];
        if (old == null)
        {
            return UpdateResult.NOT_FOUND;
        }
        if (tunnelRefs[id] > 0)
        {
            return UpdateResult.IN_USE;
        }
        // Peer key first, so that no reader reaches a cleared record through it.
        tunnelPeers.remove(old.remote().hi(), old.remote().lo(), endpointIndexes.get(old.local()));
        endpointUsers.merge(old.local(), -1, Integer::sum);
        tunnels.clear(id);
        tunnelConfigs[id] = null;
        return UpdateResult.OK;
    }

    /**
     * @param id tunnel id.
     * @return its configuration, or null.
     */
    public TunnelConfig tunnel(final int id)
    {
        return tunnels.isValidId(id) ? tunnelConfigs[id] : null;
    }

    /**
     * Set the MAC of a neighbour on a port.
     *
     * @param port    port id (configured).
     * @param address neighbour address.
     * @param mac     its MAC.
     * @return the outcome.
     */
    public UpdateResult setNeighbour(final int port, final Ipv6Address address, final long mac)
    {
        if (ports.role(port) == PortTable.ROLE_NONE)
        {
            return ports.isValidId(port) ? UpdateResult.BAD_PORT_ROLE : UpdateResult.BAD_PORT;
        }
        return null == address ? UpdateResult.BAD_ADDRESS : setNeighbour(port, address.hi(), address.lo(), mac);
    }

    /**
     * {@link #setNeighbour(int, Ipv6Address, long)} without an address object: allocation-free for
     * a neighbour that is no next hop's gateway.
     *
     * @param port      port the neighbour is on.
     * @param addressHi upper 64 bits of its address.
     * @param addressLo lower 64 bits of its address.
     * @param mac       its MAC.
     * @return the outcome.
     */
    public UpdateResult setNeighbour(final int port, final long addressHi, final long addressLo, final long mac)
    {
        if (ports.role(port) == PortTable.ROLE_NONE)
        {
            return ports.isValidId(port) ? UpdateResult.BAD_PORT_ROLE : UpdateResult.BAD_PORT;
        }
        if (!isUnicast(addressHi, addressLo))
        {
            return UpdateResult.BAD_ADDRESS;
        }
        if (!isValidMac(mac))
        {
            return UpdateResult.BAD_MAC;
        }
        if (!neighbours.put(addressHi, addressLo, port, mac))
        {
            return UpdateResult.TABLE_FULL;
        }
        resolveNextHops(port, addressHi, addressLo, mac);
        return UpdateResult.OK;
    }

    /**
     * @param port    port id.
     * @param address neighbour address.
     * @return the outcome.
     */
    public UpdateResult removeNeighbour(final int port, final Ipv6Address address)
    {
        if (!ports.isValidId(port))
        {
            return UpdateResult.BAD_PORT;
        }
        return null == address ? UpdateResult.BAD_ADDRESS : removeNeighbour(port, address.hi(), address.lo());
    }

    /**
     * @param port      port the neighbour is on.
     * @param addressHi upper 64 bits of its address.
     * @param addressLo lower 64 bits of its address.
     * @return the outcome.
     */
    public UpdateResult removeNeighbour(final int port, final long addressHi, final long addressLo)
    {
        if (!ports.isValidId(port))
        {
            return UpdateResult.BAD_PORT;
        }
        if (!neighbours.remove(addressHi, addressLo, port))
        {
            return UpdateResult.NOT_FOUND;
        }
        resolveNextHops(port, addressHi, addressLo, NextHopTable.UNRESOLVED);
        return UpdateResult.OK;
    }

    private void resolveNextHops(final int port, final long addressHi, final long addressLo, final long mac)
    {
        for (int id = gatewayIndex.first(port, addressHi, addressLo); id != GatewayIndex.NONE; id = gatewayIndex.next(id))
        {
            nextHops.writeMac(id, mac);
        }
    }

    private UpdateResult addRoute(
        final Ipv6Lpm table, final long prefixHi, final long prefixLo, final int length, final long route)
    {
        if (!Prefixes.isValidLength(length))
        {
            return UpdateResult.BAD_PREFIX_LENGTH;
        }
        final UpdateResult invalid = validateRoute(route);
        if (invalid != UpdateResult.OK)
        {
            return invalid;
        }
        final long old = table.get(prefixHi, prefixLo, length);
        if (!table.put(prefixHi, prefixLo, length, route))
        {
            return UpdateResult.TABLE_FULL;
        }
        reference(route, 1);
        if (old != Ipv6Lpm.NO_MATCH)
        {
            reference(old, -1);
        }
        return UpdateResult.OK;
    }

    private UpdateResult removeRoute(final Ipv6Lpm table, final long prefixHi, final long prefixLo, final int length)
    {
        if (!Prefixes.isValidLength(length))
        {
            return UpdateResult.BAD_PREFIX_LENGTH;
        }
        final long old = table.get(prefixHi, prefixLo, length);
        if (old == Ipv6Lpm.NO_MATCH || !table.remove(prefixHi, prefixLo, length))
        {
            return UpdateResult.NOT_FOUND;
        }
        reference(old, -1);
        return UpdateResult.OK;
    }

    /** A missing prefix is reported after a bad length, as the checks run in that order. */
    private static UpdateResult nullPrefix(final int length)
    {
        return Prefixes.isValidLength(length) ? UpdateResult.BAD_ADDRESS : UpdateResult.BAD_PREFIX_LENGTH;
    }

    private UpdateResult validateRoute(final long route)
    {
        if (route < 0)
        {
            return UpdateResult.BAD_ROUTE;
        }
        final int arg = Route.argument(route);
        return switch (Route.kind(route))
        {
            case Route.FORWARD -> !nextHops.isValidId(arg) ? UpdateResult.BAD_NEXT_HOP_ID
                : nextHops.isPresent(arg) ? UpdateResult.OK : UpdateResult.UNKNOWN_NEXT_HOP;
            case Route.DELIVER -> validateDelivery(Route.deliverPort(route), Route.deliverDlif(route));
            case Route.ENCAP -> !tunnels.isValidId(arg) ? UpdateResult.BAD_TUNNEL_ID
                : tunnelConfigs[arg] != null ? UpdateResult.OK : UpdateResult.UNKNOWN_TUNNEL;
            case Route.PUNT, Route.DROP -> arg == 0 ? UpdateResult.OK : UpdateResult.BAD_ROUTE;
            default -> UpdateResult.BAD_ROUTE;
        };
    }

    private UpdateResult validateDelivery(final int port, final int dlif)
    {
        if (!ports.isValidId(port))
        {
            return UpdateResult.BAD_PORT;
        }
        if (ports.role(port) != PortTable.ROLE_ACCESS)
        {
            return UpdateResult.BAD_PORT_ROLE;
        }
        return dlif == DlifTable.NONE || (DlifTable.isValidSlot(dlif) && dlifs.isPresent(dlif)) ? UpdateResult.OK
            : UpdateResult.UNKNOWN_DLIF;
    }

    private void reference(final long route, final int delta)
    {
        final int kind = Route.kind(route);
        if (kind == Route.FORWARD)
        {
            nextHopRefs[Route.argument(route)] += delta;
        }
        else if (kind == Route.ENCAP)
        {
            tunnelRefs[Route.argument(route)] += delta;
        }
    }

    private boolean usedAsDeliveryPort(final int port)
    {
        final boolean[] used = {false};
        destinations.forEach((hi, lo, len, value) -> used[0] |= isDeliveryTo(value, port));
        sources.forEach((hi, lo, len, value) -> used[0] |= isDeliveryTo(value, port));
        return used[0];
    }

    private static boolean isDeliveryTo(final long route, final int port)
    {
        return Route.kind(route) == Route.DELIVER && Route.deliverPort(route) == port;
    }

    private UpdateResult validateTunnel(final int id, final TunnelConfig c)
    {
        if (!tunnels.isValidId(id))
        {
            return UpdateResult.BAD_TUNNEL_ID;
        }
        if (c == null || !isUnicast(c.local()) || !isUnicast(c.remote()) || c.flowLabelPolicy() == null
            || c.ingressFilter() == null)
        {
            return UpdateResult.BAD_ADDRESS;
        }
        if (!endpointIndexes.containsKey(c.local()))
        {
            return UpdateResult.UNKNOWN_ENDPOINT;
        }
        if (!ports.isValidId(c.port()))
        {
            return UpdateResult.BAD_PORT;
        }
        if (ports.role(c.port()) == PortTable.ROLE_NONE)
        {
            return UpdateResult.BAD_PORT_ROLE;
        }
        if (!isValidMac(c.nextHopMac()))
        {
            return UpdateResult.BAD_MAC;
        }
        final boolean ok = c.mtu() >= TunnelConfig.MIN_MTU && c.mtu() <= TunnelConfig.MAX_MTU
            && c.hopLimit() >= 1 && c.hopLimit() <= 255
            && c.trafficClass() >= 0 && c.trafficClass() <= 255
            && c.flowLabel() >= 0 && c.flowLabel() <= 0xFFFFF
            && c.encapsulationLimit() >= -1 && c.encapsulationLimit() <= 255;
        return ok ? UpdateResult.OK : UpdateResult.BAD_TUNNEL_PARAMETER;
    }

    private static boolean isValidMac(final long mac)
    {
        return mac > 0 && mac <= 0xFFFF_FFFF_FFFFL;
    }

    private static boolean isUnicast(final Ipv6Address address)
    {
        return address != null && isUnicast(address.hi(), address.lo());
    }

    private static boolean isUnicast(final long hi, final long lo)
    {
        return (hi >>> 56) != 0xFF && (hi | lo) != 0;
    }
}
