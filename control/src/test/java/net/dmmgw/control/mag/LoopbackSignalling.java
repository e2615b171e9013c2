package net.dmmgw.control.mag;

import net.dmmgw.control.node.RingTransport;
import org.agrona.DirectBuffer;

/**
 * Two signalling endpoints joined back to back through preallocated rings: what one sends the other polls. Nothing
 * allocates after construction, so allocation measurements see only the roles.
 */
final class LoopbackSignalling
{
    final Endpoint a = new Endpoint();
    final Endpoint b = new Endpoint();

    LoopbackSignalling()
    {
        a.peer = b;
        b.peer = a;
    }

    /** One side. */
    static final class Endpoint extends RingTransport
    {
        private Endpoint peer;

        public boolean send(final byte[] src, final byte[] dst, final DirectBuffer buffer, final int offset,
            final int len)
        {
            if (!peer.offer(src, dst, buffer, offset, len))
            {
                return false;
            }
            sent++;
            return true;
        }
    }
}
