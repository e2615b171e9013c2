package net.dmmgw.ipc;

import io.aeron.Publication;
import org.agrona.DirectBuffer;

/**
 * Offers to a publication with a bounded retry on back pressure: the caller learns whether the
 * message went out, never waits without end, and nothing is allocated.
 */
final class Publisher
{
    private static final int MAX_ATTEMPTS = 1_000;

    private Publisher()
    {
    }

    /**
     * @return true when the message was published; false when nobody is connected or the
     * publication stayed back-pressured for every attempt.
     */
    static boolean offer(final Publication publication, final DirectBuffer buffer, final int length)
    {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++)
        {
            final long result = publication.offer(buffer, 0, length);
            if (result > 0)
            {
                return true;
            }
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                return false;
            }
            Thread.onSpinWait();
        }
        return false;
    }
}
