package net.dmmgw.fastpath.state;

import java.nio.ByteBuffer;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Frames the control plane injects, on their way from the state agent to the one worker that
 * transmits them: a single-producer, single-consumer ring in direct memory, so the agent never
 * touches a worker's transmit queue and a worker never waits for the agent. The message type of
 * each record is the egress port.
 */
public final class InjectQueue implements FrameInjector
{
    private final OneToOneRingBuffer ring;

    /**
     * @param capacity octets of ring space, a power of two.
     */
    public InjectQueue(final int capacity)
    {
        if (!BitUtil.isPowerOfTwo(capacity))
        {
            throw new IllegalArgumentException("inject queue capacity must be a power of two: " + capacity);
        }
        ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /** Agent side: queue a frame for {@code port}; false when the queue is full or the frame too long. */
    public boolean inject(final int port, final DirectBuffer frame, final int offset, final int length)
    {
        // Message type ids must be positive: port + 1.
        return length > 0 && length <= ring.maxMsgLength() && ring.write(port + 1, frame, offset, length);
    }

    /**
     * Worker side: hand up to {@code limit} frames to the handler, whose message type id is the
     * egress port + 1 (use {@link #portOf(int)}).
     *
     * @return frames handed over.
     */
    public int drain(final MessageHandler handler, final int limit)
    {
        return ring.read(handler, limit);
    }

    /** @return the egress port of a record's message type id. */
    public static int portOf(final int msgTypeId)
    {
        return msgTypeId - 1;
    }
}
