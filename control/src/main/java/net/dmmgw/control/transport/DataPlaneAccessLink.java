package net.dmmgw.control.transport;

import net.dmmgw.control.mag.AccessLink;
import net.dmmgw.ipc.sbe.PuntReason;
import org.agrona.DirectBuffer;

/**
 * The MAG's access links through the data plane: the Neighbour Discovery frames it punts (Router and Neighbour
 * Solicitations of the mobile nodes, reason {@code ICMPV6_ND}) handed to a poller, and frames (Router
 * Advertisements) injected out of an access port: the data-plane {@link AccessLink} of the MAG role. Owned by a
 * {@link DataPlaneTransport}, which routes the ND punts here; same thread, no allocation per frame.
 */
public final class DataPlaneAccessLink implements AccessLink
{
    private final FrameRing ring;
    private FrameInjector injector;
    private long received;
    private long sent;
    private long injectFailures;

    DataPlaneAccessLink(final int slots, final int slotSize)
    {
        this.ring = new FrameRing(slots, slotSize);
    }

    void attach(final FrameInjector frameInjector)
    {
        this.injector = frameInjector;
    }

    void onPunt(final int port, final PuntReason reason, final DirectBuffer buffer, final int offset, final int length)
    {
        ring.offer(port, buffer, offset, length);
    }

    /**
     * Hands up to {@code limit} punted frames to the handler, oldest first.
     *
     * @return frames handed out.
     */
    public int poll(final AccessLink.Handler handler, final int limit)
    {
        int n = 0;
        while (n < limit && !ring.isEmpty())
        {
            final DirectBuffer frame = ring.take();
            received++;
            n++;
            handler.onFrame(ring.port(), frame, 0, ring.length());
        }
        return n;
    }

    /**
     * Injects an Ethernet frame out of an access port.
     *
     * @return false when the data plane could not take it (counted).
     */
    public boolean send(final int port, final DirectBuffer frame, final int offset, final int length)
    {
        if (injector == null || !injector.inject(port, frame, offset, length))
        {
            injectFailures++;
            return false;
        }
        sent++;
        return true;
    }

    /** @return frames handed to the handler. */
    public long received()
    {
        return received;
    }

    /** @return punted frames dropped: the ring was full (the MAG polls too slowly) or the frame too large. */
    public long dropped()
    {
        return ring.full() + ring.tooLarge();
    }

    /** @return frames injected. */
    public long sent()
    {
        return sent;
    }

    /** @return frames the data plane could not take. */
    public long injectFailures()
    {
        return injectFailures;
    }
}
