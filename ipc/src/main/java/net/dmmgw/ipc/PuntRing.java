package net.dmmgw.ipc;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The hand-off of punted frames from one worker to the {@link StateAgent}: a single-producer
 * ring in direct memory. A worker never blocks on it: when the ring is full (the control side is
 * slow) the punt is dropped and counted, and forwarding goes on.
 * <p>
 * Record layout: port (uint16, native order), reason (uint8), one spare octet, then the frame.
 */
public final class PuntRing
{
    /** Octets in front of the frame in each record. */
    public static final int RECORD_HEADER_LENGTH = 4;
    private static final int MSG_TYPE_PUNT = 1;

    private final OneToOneRingBuffer ring;
    private final UnsafeBuffer frameView = new UnsafeBuffer(0, 0);
    private final AtomicLong dropped = new AtomicLong();
    private final int maxFrameLength;

    /**
     * @param capacity octets of ring space, a power of two (for example 1 MiB).
     */
    public PuntRing(final int capacity)
    {
        if (!BitUtil.isPowerOfTwo(capacity))
        {
            throw new IllegalArgumentException("punt ring capacity must be a power of two: " + capacity);
        }
        ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
        maxFrameLength = ring.maxMsgLength() - RECORD_HEADER_LENGTH;
    }

    /**
     * Worker side: copy a frame at an absolute native address into the ring.
     *
     * @return true when queued, false when dropped (ring full or frame too long; counted).
     */
    public boolean offer(final int port, final int reason, final long frameAddress, final int length)
    {
        frameView.wrap(frameAddress, length);
        return offer(port, reason, frameView, 0, length);
    }

    /**
     * Worker side: copy a frame from a buffer into the ring.
     *
     * @return true when queued, false when dropped (ring full or frame too long; counted).
     */
    public boolean offer(final int port, final int reason, final DirectBuffer frame, final int offset, final int length)
    {
        if (length < 0 || length > maxFrameLength)
        {
            dropped.lazySet(dropped.get() + 1);
            return false;
        }
        final int index = ring.tryClaim(MSG_TYPE_PUNT, RECORD_HEADER_LENGTH + length);
        if (index <= 0)
        {
            dropped.lazySet(dropped.get() + 1);
            return false;
        }
        final UnsafeBuffer buffer = (UnsafeBuffer)ring.buffer();
        buffer.putShort(index, (short)port);
        buffer.putByte(index + 2, (byte)reason);
        buffer.putByte(index + 3, (byte)0);
        buffer.putBytes(index + RECORD_HEADER_LENGTH, frame, offset, length);
        ring.commit(index);
        return true;
    }

    /**
     * Agent side (the single consumer): hand up to {@code limit} records to the handler. A record
     * is port (uint16, native order), reason (uint8), one spare octet, then the frame.
     *
     * @return records handed over.
     */
    public int drain(final MessageHandler handler, final int limit)
    {
        return ring.read(handler, limit);
    }

    /** @return punts dropped because the ring was full or the frame too long. */
    public long dropped()
    {
        return dropped.get();
    }

    /** @return the longest frame a record can carry. */
    public int maxFrameLength()
    {
        return maxFrameLength;
    }
}
