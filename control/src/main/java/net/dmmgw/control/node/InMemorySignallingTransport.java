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
public final class InMemorySignallingTransport implements HomeAddressTransport
{
    /**
     * A message with its addresses. {@code homeAddress} is null, or the Home Address option of a delivered message
     * (then {@code source} is the care-of address), or the type 2 Routing header address of a sent one (then
     * {@code destination} is the care-of address).
     */
    public record Message(byte[] source, byte[] destination, byte[] mh, byte[] homeAddress)
    {
        /** A message without MIPv6 extension headers. */
        public Message(final byte[] source, final byte[] destination, final byte[] mh)
        {
            this(source, destination, mh, null);
        }
    }

    /** Where a delivered MH starts in the buffer handed to the handler (Ethernet + IPv6 header). */
    public static final int DELIVERY_OFFSET = 54;

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

    /**
     * Queues a message that carries a Home Address destination option (a BU from a mobile node away from home);
     * handlers that implement {@link HomeAddressHandler} receive the option's address.
     */
    public void deliver(final byte[] careOf, final byte[] homeAddress, final byte[] destination, final byte[] mh)
    {
        inbound.add(new Message(careOf.clone(), destination.clone(), mh.clone(), homeAddress.clone()));
    }

    /** {@inheritDoc} */
    public int poll(final SignallingHandler handler, final int limit)
    {
        int n = 0;
        Message m;
        while (n < limit && (m = inbound.poll()) != null)
        {
            // Behind the octets of an Ethernet + IPv6 header, as a real transport hands it over from a frame: a
            // handler that reads option offsets without the MH's own offset fails here as it would there.
            final byte[] framed = new byte[DELIVERY_OFFSET + m.mh().length];
            System.arraycopy(m.mh(), 0, framed, DELIVERY_OFFSET, m.mh().length);
            view.wrap(framed);
            if (m.homeAddress() != null && handler instanceof HomeAddressHandler h)
            {
                h.onSignalling(m.source(), m.homeAddress(), m.destination(), view, DELIVERY_OFFSET, m.mh().length);
            }
            else
            {
                handler.onSignalling(m.source(), m.destination(), view, DELIVERY_OFFSET, m.mh().length);
            }
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

    /** {@inheritDoc} */
    public boolean sendViaCareOf(final byte[] source, final byte[] careOf, final byte[] homeAddress,
        final DirectBuffer mh, final int offset, final int length)
    {
        sentCount++;
        if (recording)
        {
            final byte[] copy = new byte[length];
            mh.getBytes(offset, copy);
            sent.add(new Message(source.clone(), careOf.clone(), copy, homeAddress.clone()));
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
