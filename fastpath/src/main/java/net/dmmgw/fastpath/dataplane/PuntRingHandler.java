package net.dmmgw.fastpath.dataplane;

import net.dmmgw.fastpath.pipeline.PuntHandler;
import net.dmmgw.fastpath.pipeline.PuntReason;
import net.dmmgw.ipc.PuntRing;

/**
 * Hands punted frames to the control side: copies each into this worker's {@link PuntRing}
 * (single producer, never blocks). When the ring is full the punt is refused: the pipeline then
 * drops the packet and counts it ({@code PUNT_REJECTED}), and the ring counts it too
 * ({@link PuntRing#dropped()}). The ring's record carries the reason as the ipc schema's
 * {@code PuntReason} value ({@link #wireReason}).
 */
public final class PuntRingHandler implements PuntHandler
{
    /** ipc schema values (dataplane-schema.xml {@code PuntReason}) by fastpath reason ordinal. */
    private static final int[] WIRE_REASONS = new int[PuntReason.values().length];

    static
    {
        for (final PuntReason r : PuntReason.values())
        {
            WIRE_REASONS[r.ordinal()] = switch (r)
            {
                case MOBILITY_HEADER -> 0;
                case NEIGHBOUR_DISCOVERY -> 1;
                case OWN_ADDRESS -> 2;
                case NEIGHBOUR_UNRESOLVED -> 3;
                case ROUTE -> 4;
                default -> 5; // OTHER (multicast listener discovery has no value of its own)
            };
        }
    }

    private final PuntRing ring;

    /**
     * @param ring the worker's ring (one producer: this worker).
     */
    public PuntRingHandler(final PuntRing ring)
    {
        this.ring = ring;
    }

    @Override
    public boolean onPunt(final long frame, final int length, final int port, final PuntReason reason)
    {
        return ring.offer(port, WIRE_REASONS[reason.ordinal()], frame, length);
    }

    /**
     * @param reason fastpath punt reason.
     * @return its value in the ipc schema's {@code PuntReason} enum.
     */
    public static int wireReason(final PuntReason reason)
    {
        return WIRE_REASONS[reason.ordinal()];
    }

    /** @return the ring. */
    public PuntRing ring()
    {
        return ring;
    }
}
