package net.dmmgw.control.metrics;

import net.dmmgw.control.node.HomeAddressHandler;
import net.dmmgw.control.node.HomeAddressTransport;
import net.dmmgw.control.node.SignallingHandler;
import net.dmmgw.control.node.SignallingTransport;
import org.agrona.DirectBuffer;

/**
 * A {@link SignallingTransport} that counts every message in and out ({@link SignallingCounters}) and hands it on
 * unchanged: wrap the real transport once, before the role is built. No allocation per message (the handler seen
 * by the inner transport is one pre-built object). {@link #wrap} keeps the Home Address extensions of a {@link
 * HomeAddressTransport} (a home agent's or DAR's Home Address option in, type 2 Routing header out).
 */
public class CountingSignallingTransport implements SignallingTransport
{
    private final SignallingTransport inner;
    private final SignallingCounters counters;
    private final Counting counting = new Counting();
    private final CountingHome countingHome = new CountingHome();

    /**
     * @param inner the real transport.
     * @param counters where counts go.
     */
    public CountingSignallingTransport(final SignallingTransport inner, final SignallingCounters counters)
    {
        this.inner = inner;
        this.counters = counters;
    }

    /**
     * @param inner the real transport.
     * @param counters where counts go.
     * @return a counting transport that is a {@link HomeAddressTransport} when {@code inner} is one.
     */
    public static CountingSignallingTransport wrap(final SignallingTransport inner, final SignallingCounters counters)
    {
        return inner instanceof HomeAddressTransport routed ? new Routed(routed, counters) :
            new CountingSignallingTransport(inner, counters);
    }

    /** @return the counters. */
    public SignallingCounters counters()
    {
        return counters;
    }

    /** {@inheritDoc} */
    public int poll(final SignallingHandler handler, final int limit)
    {
        if (handler instanceof HomeAddressHandler home)
        {
            // The inner transport sees a HomeAddressHandler only when the role is one (it drops a Home Address
            // option for any other).
            countingHome.target = home;
            return inner.poll(countingHome, limit);
        }
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

    private final class CountingHome implements HomeAddressHandler
    {
        HomeAddressHandler target;

        public void onSignalling(final byte[] source, final byte[] destination, final DirectBuffer mh,
            final int offset, final int length)
        {
            counters.count(SignallingCounters.RECEIVED, mh, offset, length);
            target.onSignalling(source, destination, mh, offset, length);
        }

        public void onSignalling(final byte[] source, final byte[] homeAddress, final byte[] destination,
            final DirectBuffer mh, final int offset, final int length)
        {
            counters.count(SignallingCounters.RECEIVED, mh, offset, length);
            target.onSignalling(source, homeAddress, destination, mh, offset, length);
        }
    }

    /** Counting around a {@link HomeAddressTransport}: BAs sent through the type 2 Routing header counted too. */
    private static final class Routed extends CountingSignallingTransport implements HomeAddressTransport
    {
        private final HomeAddressTransport routed;

        Routed(final HomeAddressTransport inner, final SignallingCounters counters)
        {
            super(inner, counters);
            this.routed = inner;
        }

        public boolean sendViaCareOf(final byte[] source, final byte[] careOf, final byte[] homeAddress,
            final DirectBuffer mh, final int offset, final int length)
        {
            final boolean sent = routed.sendViaCareOf(source, careOf, homeAddress, mh, offset, length);
            if (sent)
            {
                counters().count(SignallingCounters.SENT, mh, offset, length);
            }
            return sent;
        }
    }

    /** @return the transport it counts for (a role may need its other faces, e.g. a MAG's access link). */
    public SignallingTransport inner()
    {
        return inner;
    }
}
