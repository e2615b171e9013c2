package net.dmmgw.control.mag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An {@link AccessLink} in memory: tests {@link #deliver} frames (as if punted from a port) and read what the MAG
 * {@link #sent}. Single-threaded. A non-recording link only counts what is sent (allocation measurements).
 */
public final class InMemoryAccessLink implements AccessLink
{
    /** A frame and its port. */
    public record Frame(int port, byte[] bytes)
    {
    }

    private final ArrayDeque<Frame> inbound = new ArrayDeque<>();
    private final List<Frame> sent = new ArrayList<>();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private final boolean recording;
    private long sentCount;

    /** A recording link. */
    public InMemoryAccessLink()
    {
        this(true);
    }

    /** @param recording false to only count what is sent. */
    public InMemoryAccessLink(final boolean recording)
    {
        this.recording = recording;
    }

    /** Queues a frame for the next {@link #poll}. */
    public void deliver(final int port, final byte[] frame)
    {
        inbound.add(new Frame(port, frame.clone()));
    }

    /** {@inheritDoc} */
    public int poll(final Handler handler, final int limit)
    {
        int n = 0;
        Frame f;
        while (n < limit && (f = inbound.poll()) != null)
        {
            view.wrap(f.bytes());
            handler.onFrame(f.port(), view, 0, f.bytes().length);
            n++;
        }
        return n;
    }

    /** {@inheritDoc} */
    public boolean send(final int port, final DirectBuffer frame, final int offset, final int length)
    {
        sentCount++;
        if (recording)
        {
            final byte[] copy = new byte[length];
            frame.getBytes(offset, copy);
            sent.add(new Frame(port, copy));
        }
        return true;
    }

    /** @return frames sent so far (recording links). */
    public List<Frame> sent()
    {
        return sent;
    }

    /** @return frames sent. */
    public long sentCount()
    {
        return sentCount;
    }

    /** Forgets the recorded frames. */
    public void clearSent()
    {
        sent.clear();
    }
}
