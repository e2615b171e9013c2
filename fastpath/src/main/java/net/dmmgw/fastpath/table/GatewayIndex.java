package net.dmmgw.fastpath.table;

import java.util.Arrays;

/**
 * Writer-side index of next hops by their gateway: which next-hop records a neighbour entry
 * (port, address) resolves, so that {@link FastPathTables#setNeighbour} can copy the MAC into each.
 * <p>
 * Primitive and allocation-free after construction: a hash from (gateway address, tag = port) to
 * the first next-hop id of the gateway, and per next-hop id a doubly linked list of the other ids
 * on the same gateway. Never read by workers; single writer.
 */
final class GatewayIndex
{
    /** No next hop: end of a list, or a gateway without next hops. */
    static final int NONE = -1;

    private final ExactMatchTable heads;
    private final int[] next;
    private final int[] previous;
    private final int[] ports;
    private final long[] gatewayHis;
    private final long[] gatewayLos;
    private final boolean[] indexed;

    /**
     * @param maxNextHops next-hop ids 0..maxNextHops-1.
     */
    GatewayIndex(final int maxNextHops)
    {
        heads = new ExactMatchTable(maxNextHops);
        next = new int[maxNextHops];
        previous = new int[maxNextHops];
        Arrays.fill(next, NONE);
        Arrays.fill(previous, NONE);
        ports = new int[maxNextHops];
        gatewayHis = new long[maxNextHops];
        gatewayLos = new long[maxNextHops];
        indexed = new boolean[maxNextHops];
    }

    /**
     * Index a next hop under its gateway; the id must not be indexed (see {@link #remove}).
     *
     * @param id        next-hop id.
     * @param port      its egress port (the neighbour entry's port).
     * @param gatewayHi upper 64 bits of the gateway address.
     * @param gatewayLo lower 64 bits of the gateway address.
     */
    void add(final int id, final int port, final long gatewayHi, final long gatewayLo)
    {
        final int head = first(port, gatewayHi, gatewayLo);
        next[id] = head;
        previous[id] = NONE;
        if (head != NONE)
        {
            previous[head] = id;
        }
        // Never full: there are at most as many gateways as next-hop ids.
        heads.put(gatewayHi, gatewayLo, port, id);
        ports[id] = port;
        gatewayHis[id] = gatewayHi;
        gatewayLos[id] = gatewayLo;
        indexed[id] = true;
    }

    /**
     * Take a next hop out of its gateway's list; nothing when it is not indexed.
     *
     * @param id next-hop id.
     */
    void remove(final int id)
    {
        if (!indexed[id])
        {
            return;
        }
        final int after = next[id];
        final int before = previous[id];
        if (before != NONE)
        {
            next[before] = after;
        }
        else if (after != NONE)
        {
            heads.put(gatewayHis[id], gatewayLos[id], ports[id], after);
        }
        else
        {
            heads.remove(gatewayHis[id], gatewayLos[id], ports[id]);
        }
        if (after != NONE)
        {
            previous[after] = before;
        }
        next[id] = NONE;
        previous[id] = NONE;
        indexed[id] = false;
    }

    /**
     * @param port      port of the neighbour entry.
     * @param gatewayHi upper 64 bits of its address.
     * @param gatewayLo lower 64 bits of its address.
     * @return the first next-hop id on that gateway, or {@link #NONE}.
     */
    int first(final int port, final long gatewayHi, final long gatewayLo)
    {
        final long head = heads.find(gatewayHi, gatewayLo, port);
        return head == ExactMatchTable.MISSING ? NONE : (int)head;
    }

    /**
     * @param id a next-hop id from {@link #first} or this method.
     * @return the next id on the same gateway, or {@link #NONE}.
     */
    int next(final int id)
    {
        return next[id];
    }
}
