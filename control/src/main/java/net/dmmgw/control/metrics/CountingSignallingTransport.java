package net.dmmgw.control.metrics;

import net.dmmgw.control.node.SignallingHandler;
import net.dmmgw.control.node.SignallingTransport;
import org.agrona.DirectBuffer;

/**
 * A {@link SignallingTransport} that counts every message in and out ({@link SignallingCounters}) and hands it on
 * unchanged: wrap the real transport once, before the role is built. No allocation per message (the handler seen
 * by the inner transport is one pre-built object). Not for a home agent: it does not carry the
 * {@code HomeAddressTransport} extension.
 */
public final class CountingSignallingTransport implements SignallingTransport
{
    private final SignallingTransport inner;
    private final SignallingCounters counters;
    private final Counting counting = new Counting();

    /**
     * @param inner the real transport.
     * @param counters where counts go.
     */
    public CountingSignallingTransport(final SignallingTransport inner, final SignallingCounters counters)
    {
        this.inner = inner;
        this.counters = counters;
    }

    /** @return the counters. */
    public SignallingCounters counters()
    {
        return counters;
    }

    /** {@inheritDoc} */
    public int poll(final SignallingHandler handler, final int limit)
    {
        counting.target = handler;
        return inner.poll(counting, limit);
    }

    /** {@inheritDoc} */
    public boolean send(final byte[] source, final byte[] destination, final DirectBuffer mh, final int offset,
        final int length)
    {
        final boolean sent = inner.send(source, destination, mh, offset, length);
        if (sent)
        {
            counters.count(SignallingCounters.SENT, mh, offset, length);
        }
        return sent;
    }

    private final class Counting implements SignallingHandler
    {
        SignallingHandler target;

        public void onSignalling(final byte[] source, final byte[] destination, final DirectBuffer mh,
            final int offset, final int length)
        {
            counters.count(SignallingCounters.RECEIVED, mh, offset, length);
            target.onSignalling(source, destination, mh, offset, length);
        }
    }

    /** @return the transport it counts for (a role may need its other faces, e.g. a MAG's access link). */
    public SignallingTransport inner()
    {
        return inner;
    }
}
