package net.dmmgw.control.node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A {@link SignallingTransport} in memory: tests {@link #deliver} messages and read what the role {@link #sent}.
 * Single-threaded. Sent messages are kept until {@link #clearSent()} unless recording is off.
 */
public final class InMemorySignallingTransport implements SignallingTransport
{
    /** A message with its addresses. */
    public record Message(byte[] source, byte[] destination, byte[] mh)
    {
    }

    private final ArrayDeque<Message> inbound = new ArrayDeque<>();
    private final List<Message> sent = new ArrayList<>();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private final boolean recording;
    private long sentCount;

    /** A recording transport. */
    public InMemorySignallingTransport()
    {
        this(true);
    }

    /** @param recording false to only count what is sent (benchmarks). */
    public InMemorySignallingTransport(final boolean recording)
    {
        this.recording = recording;
    }

    /** Queues a message for the next {@link #poll}. */
    public void deliver(final byte[] source, final byte[] destination, final byte[] mh)
    {
        inbound.add(new Message(source.clone(), destination.clone(), mh.clone()));
    }

    /** {@inheritDoc} */
    public int poll(final SignallingHandler handler, final int limit)
    {
        int n = 0;
        Message m;
        while (n < limit && (m = inbound.poll()) != null)
        {
            view.wrap(m.mh());
            handler.onSignalling(m.source(), m.destination(), view, 0, m.mh().length);
            n++;
        }
        return n;
    }

    /** {@inheritDoc} */
    public boolean send(final byte[] source, final byte[] destination, final DirectBuffer mh, final int offset,
        final int length)
    {
        sentCount++;
        if (recording)
        {
            final byte[] copy = new byte[length];
            mh.getBytes(offset, copy);
            sent.add(new Message(source.clone(), destination.clone(), copy));
        }
        return true;
    }

    /** @return messages sent so far (recording transports). */
    public List<Message> sent()
    {
        return sent;
    }

    /** @return number of messages sent. */
    public long sentCount()
    {
        return sentCount;
    }

    /** Forgets the recorded messages. */
    public void clearSent()
    {
        sent.clear();
    }
}
