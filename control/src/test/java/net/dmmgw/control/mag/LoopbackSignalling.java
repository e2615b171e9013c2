package net.dmmgw.control.mag;

import net.dmmgw.control.node.SignallingHandler;
import net.dmmgw.control.node.SignallingTransport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Two signalling endpoints joined back to back through preallocated rings: what one sends the other polls. Nothing
 * allocates after construction, so allocation measurements see only the roles.
 */
final class LoopbackSignalling
{
    private static final int SLOTS = 256;
    private static final int SLOT_SIZE = 2048;

    final Endpoint a = new Endpoint();
    final Endpoint b = new Endpoint();

    LoopbackSignalling()
    {
        a.peer = b;
        b.peer = a;
    }

    /** One side. */
    static final class Endpoint implements SignallingTransport
    {
        private final byte[][] mh = new byte[SLOTS][SLOT_SIZE];
        private final byte[][] source = new byte[SLOTS][16];
        private final byte[][] destination = new byte[SLOTS][16];
        private final int[] length = new int[SLOTS];
        private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
        private Endpoint peer;
        private long head;
        private long tail;
        long sent;

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

        public boolean send(final byte[] src, final byte[] dst, final DirectBuffer buffer, final int offset,
            final int len)
        {
            if (peer.tail - peer.head == SLOTS || len > SLOT_SIZE)
            {
                return false;
            }
            final int i = (int)(peer.tail++ % SLOTS);
            System.arraycopy(src, 0, peer.source[i], 0, 16);
            System.arraycopy(dst, 0, peer.destination[i], 0, 16);
            buffer.getBytes(offset, peer.mh[i], 0, len);
            peer.length[i] = len;
            sent++;
            return true;
        }
    }
}
