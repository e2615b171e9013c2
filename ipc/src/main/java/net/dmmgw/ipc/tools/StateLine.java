package net.dmmgw.ipc.tools;

import net.dmmgw.ipc.DataPlaneClient;
import net.dmmgw.ipc.sbe.AddressKind;
import net.dmmgw.ipc.sbe.FlowLabelPolicy;
import net.dmmgw.ipc.sbe.RouteAction;
import net.dmmgw.ipc.sbe.RouteTable;
import net.dmmgw.ipc.sbe.TrafficClassPolicy;

/**
 * One entry of a {@link StateFile}, ready to be programmed through a {@link DataPlaneClient}.
 * Addresses are two big-endian words and MACs 48-bit longs, as the seam carries them.
 */
public sealed interface StateLine
{
    /** Hop limit of the outer header of tunnels set from a state file. */
    int TUNNEL_HOP_LIMIT = 64;

    /** @return the line number in the state file (1-based), for error messages. */
    int lineNumber();

    /**
     * Sends the entry.
     *
     * @return the correlation id of its ack, or {@link DataPlaneClient#NOT_SENT}.
     */
    long send(DataPlaneClient client);

    /** {@code tunnel <id> <port> <mtu> <local> <remote> <mac>}. */
    record Tunnel(int lineNumber, int id, int port, int mtu, long localHi, long localLo, long remoteHi, long remoteLo,
        long nextHopMac) implements StateLine
    {
        /** {@inheritDoc} */
        public long send(final DataPlaneClient client)
        {
            // Traffic class copied and flow label derived from the inner flow: the defaults of RFC 2473 / 6438.
            return client.setTunnel(id, port, mtu, TUNNEL_HOP_LIMIT, TrafficClassPolicy.COPY, 0,
                FlowLabelPolicy.DERIVE, 0, localHi, localLo, remoteHi, remoteLo, nextHopMac);
        }
    }

    /** {@code route dst|src <prefix>/<len> <action> ...}; fields an action does not use are zero. */
    record Route(int lineNumber, RouteTable table, long networkHi, long networkLo, int prefixLength, RouteAction action,
        int port, int tunnelId, long nextHopHi, long nextHopLo) implements StateLine
    {
        /** {@inheritDoc} */
        public long send(final DataPlaneClient client)
        {
            return client.addRoute(table, networkHi, networkLo, prefixLength, action, port, tunnelId, nextHopHi, nextHopLo);
        }
    }

    /** {@code neighbour <port> <ipv6> <mac>}. */
    record Neighbour(int lineNumber, int port, long addressHi, long addressLo, long mac) implements StateLine
    {
        /** {@inheritDoc} */
        public long send(final DataPlaneClient client)
        {
            return client.setNeighbour(port, addressHi, addressLo, mac);
        }
    }

    /** {@code address own|endpoint <ipv6>}. */
    record Address(int lineNumber, AddressKind kind, long addressHi, long addressLo) implements StateLine
    {
        /** {@inheritDoc} */
        public long send(final DataPlaneClient client)
        {
            return client.addOwnAddress(kind, addressHi, addressLo);
        }
    }
}
