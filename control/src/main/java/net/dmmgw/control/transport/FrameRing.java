package net.dmmgw.control.transport;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Punted frames kept between the data-plane client's poll (which hands them over) and the consumer's poll, on the
 * same thread: fixed slots, copied in, no allocation. A frame is refused (and counted) when the ring is full or the
 * frame larger than a slot.
 */
final class FrameRing
{
    private final int slots;
    private final int slotSize;
    private final UnsafeBuffer ring;
    private final int[] length;
    private final int[] port;
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private long head;
    private long tail;
    private int takenPort;
    private int takenLength;
    private long full;
    private long tooLarge;

    /** @param slots a power of two. @param slotSize largest frame. */
    FrameRing(final int slots, final int slotSize)
    {
        if (Integer.bitCount(slots) != 1)
        {
            throw new IllegalArgumentException("slots must be a power of two");
        }
        this.slots = slots;
        this.slotSize = slotSize;
        this.ring = new UnsafeBuffer(new byte[slots * slotSize]);
        this.length = new int[slots];
        this.port = new int[slots];
    }

    /** @return false when refused (counted in {@link #full()} or {@link #tooLarge()}). */
    boolean offer(final int framePort, final DirectBuffer buffer, final int offset, final int frameLength)
    {
        if (frameLength > slotSize)
        {
            tooLarge++;
            return false;
        }
        if (head - tail >= slots)
        {
            full++;
            return false;
        }
        final int slot = (int)(head & (slots - 1));
        ring.putBytes(slot * slotSize, buffer, offset, frameLength);
        length[slot] = frameLength;
        port[slot] = framePort;
        head++;
        return true;
    }

    /** @return frames refused because every slot was taken. */
    long full()
    {
        return full;
    }

    /** @return frames refused because they were larger than a slot. */
    long tooLarge()
    {
        return tooLarge;
    }

    boolean isEmpty()
    {
        return tail == head;
    }

    /**
     * Takes the oldest frame: the returned view (offset 0) is valid until the next {@link #offer} into its slot;
     * {@link #port()} and {@link #length()} describe it.
     */
    DirectBuffer take()
    {
        final int slot = (int)(tail & (slots - 1));
        tail++;
        takenPort = port[slot];
        takenLength = length[slot];
        view.wrap(ring, slot * slotSize, takenLength);
        return view;
    }

    /** @return the port of the frame last taken. */
    int port()
    {
        return takenPort;
    }

    /** @return the length of the frame last taken. */
    int length()
    {
        return takenLength;
    }
}
