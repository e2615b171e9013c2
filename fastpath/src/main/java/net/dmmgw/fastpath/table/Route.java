package net.dmmgw.fastpath.table;

/**
 * A route value stored in the prefix tables: what to do with a packet that matches.
 * Encoded in one non-negative long, so that a lookup returns it without allocation and it is
 * published by one atomic store: kind in bits 56..62, argument in bits 0..31.
 */
public final class Route
{
    /** Forward to a next hop (argument: next-hop id) through its port, resolving its MAC. */
    public static final int FORWARD = 1;
    /**
     * Deliver to a mobile node on-link on an access port (argument: port in bits 0..15, DLIF slot in
     * bits 16..31, {@link DlifTable#NONE} for the port's own MAC as the frame's source).
     */
    public static final int DELIVER = 2;
    /** Encapsulate into a tunnel (argument: tunnel id). */
    public static final int ENCAP = 3;
    /** Punt to the control plane. */
    public static final int PUNT = 4;
    /** Drop (blackhole), counted. */
    public static final int DROP = 5;

    private static final int KIND_SHIFT = 56;

    private Route()
    {
    }

    /**
     * @param nextHopId next-hop table id.
     * @return the route.
     */
    public static long forward(final int nextHopId)
    {
        return make(FORWARD, nextHopId);
    }

    /**
     * @param port access port.
     * @return the route.
     */
    public static long deliver(final int port)
    {
        return make(DELIVER, port);
    }

    /**
     * @param port     access port.
     * @param dlifSlot {@link DlifTable} slot whose logical MAC sources the frames, or {@link DlifTable#NONE}.
     * @return the route.
     */
    public static long deliver(final int port, final int dlifSlot)
    {
        return make(DELIVER, (port & 0xFFFF) | dlifSlot << 16);
    }

    /**
     * @param route a DELIVER route.
     * @return its port.
     */
    public static int deliverPort(final long route)
    {
        return (int)route & 0xFFFF;
    }

    /**
     * @param route a DELIVER route.
     * @return its DLIF slot, {@link DlifTable#NONE} without one.
     */
    public static int deliverDlif(final long route)
    {
        return (int)route >>> 16;
    }

    /**
     * @param tunnelId tunnel table id.
     * @return the route.
     */
    public static long encap(final int tunnelId)
    {
        return make(ENCAP, tunnelId);
    }

    /**
     * @return a punt route.
     */
    public static long punt()
    {
        return make(PUNT, 0);
    }

    /**
     * @return a blackhole route.
     */
    public static long drop()
    {
        return make(DROP, 0);
    }

    /**
     * @param route encoded route.
     * @return its kind ({@link #FORWARD} ... {@link #DROP}).
     */
    public static int kind(final long route)
    {
        return (int)(route >>> KIND_SHIFT);
    }

    /**
     * @param route encoded route.
     * @return its argument (next-hop id, port or tunnel id).
     */
    public static int argument(final long route)
    {
        return (int)route;
    }

    /**
     * @param route encoded route.
     * @return a readable form, for tests and tools.
     */
    public static String toString(final long route)
    {
        return switch (kind(route))
        {
            case FORWARD -> "forward(nh=" + argument(route) + ")";
            case DELIVER -> deliverDlif(route) == DlifTable.NONE ? "deliver(port=" + deliverPort(route) + ")"
                : "deliver(port=" + deliverPort(route) + ", dlif=" + deliverDlif(route) + ")";
            case ENCAP -> "encap(tunnel=" + argument(route) + ")";
            case PUNT -> "punt";
            case DROP -> "drop";
            default -> "invalid(" + Long.toHexString(route) + ")";
        };
    }

    private static long make(final int kind, final int argument)
    {
        return ((long)kind << KIND_SHIFT) | (argument & 0xFFFF_FFFFL);
    }
}
