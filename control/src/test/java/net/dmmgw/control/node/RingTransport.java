package net.dmmgw.control.node;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A signalling endpoint whose inbound messages sit in preallocated slots: {@link #offer} copies a message in, {@link
 * #poll} hands them out. Nothing allocates after construction, so allocation measurements see only the roles.
 * Subclasses decide where {@link #send} goes (a fixed peer, or the peer named by the destination).
 */
public abstract class RingTransport implements SignallingTransport
{
    private static final int SLOTS = 256;
    private static final int SLOT_SIZE = 2048;

    private final byte[][] mh = new byte[SLOTS][SLOT_SIZE];
    private final byte[][] source = new byte[SLOTS][16];
    private final byte[][] destination = new byte[SLOTS][16];
    private final int[] length = new int[SLOTS];
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private long head;
    private long tail;
    /** Messages sent through this endpoint. */
    public long sent;

    /** {@inheritDoc} */
    public int poll(final SignallingHandler handler, final int limit)
    {
        int n = 0;
        while (n < limit && head < tail)
        {
            final int i = (int)(head++ % SLOTS);
            view.wrap(mh[i], 0, length[i]);
            handler.onSignalling(source[i], destination[i], view, 0, length[i]);
            n++;
        }
        return n;
    }

    /** @return false when the ring is full or the message too long. */
    public boolean offer(final byte[] src, final byte[] dst, final DirectBuffer buffer, final int offset, final int len)
    {
        if (tail - head == SLOTS || len > SLOT_SIZE)
        {
            return false;
        }
        final int i = (int)(tail++ % SLOTS);
        System.arraycopy(src, 0, source[i], 0, 16);
        System.arraycopy(dst, 0, destination[i], 0, 16);
        buffer.getBytes(offset, mh[i], 0, len);
        length[i] = len;
        return true;
    }
}
