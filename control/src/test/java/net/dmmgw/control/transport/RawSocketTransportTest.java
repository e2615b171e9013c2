package net.dmmgw.control.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import net.dmmgw.control.codec.Heartbeat;
import net.dmmgw.control.codec.MhChecksum;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.control.node.SignallingHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The raw protocol-135 socket on the loopback: the kernel fills in the MH checksum (we send it zero), the
 * destination comes from {@code IPV6_PKTINFO}, nothing is allocated per message, and opening errors name the
 * call with {@code strerror}. Messages are matched by a random Heartbeat sequence number, so a stray MH on ::1
 * from another process is ignored.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RawSocketTransportTest
{
    private static final byte[] LOOPBACK = new byte[16];

    static
    {
        LOOPBACK[15] = 1;
    }

    private final UnsafeBuffer out = new UnsafeBuffer(new byte[256]);
    private final MobilityHeaderEncoder encoder = new MobilityHeaderEncoder();
    private final UnsafeBuffer addresses = new UnsafeBuffer(new byte[32]);

    @BeforeAll
    static void needRoot()
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "a raw socket needs root");
    }

    private int heartbeat(final long sequence)
    {
        encoder.wrap(out, 0, out.capacity()).begin(MhType.HEARTBEAT).message().heartbeat()
            .flags(Heartbeat.FLAG_U).sequence(sequence);
        return encoder.finish(); // checksum left 0: the kernel must compute it
    }

    /** Collects the one message carrying the expected sequence. */
    private final class Catcher implements SignallingHandler
    {
        long expected;
        boolean caught;
        final byte[] source = new byte[16];
        final byte[] destination = new byte[16];
        final byte[] mh = new byte[256];
        int length;
        boolean checksumValid;

        public void onSignalling(final byte[] src, final byte[] dst, final DirectBuffer buffer, final int offset,
            final int len)
        {
            if (len < 16 || buffer.getByte(offset + 2) != MhType.HEARTBEAT ||
                (buffer.getInt(offset + Heartbeat.SEQUENCE_OFFSET, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL) != expected)
            {
                return;
            }
            caught = true;
            System.arraycopy(src, 0, source, 0, 16);
            System.arraycopy(dst, 0, destination, 0, 16);
            buffer.getBytes(offset, mh, 0, len);
            length = len;
            addresses.putBytes(0, src);
            addresses.putBytes(16, dst);
            checksumValid = MhChecksum.verify(addresses, 0, 16, buffer, offset, len);
        }
    }

    private static void pollUntilCaught(final RawSocketTransport t, final Catcher c)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!c.caught && System.nanoTime() - deadline < 0)
        {
            t.poll(c, 16);
        }
    }

    @Test
    void shouldDeliverWithKernelChecksumAndPacketInfoDestination()
    {
        try (RawSocketTransport sender = new RawSocketTransport(LOOPBACK, null);
            RawSocketTransport receiver = new RawSocketTransport(LOOPBACK, "lo"))
        {
            final long sequence = ThreadLocalRandom.current().nextLong(1, 0xFFFF_FFFFL);
            final int length = heartbeat(sequence);
            assertEquals(0, out.getShort(MhChecksum.CHECKSUM_OFFSET));
            assertTrue(sender.send(LOOPBACK, LOOPBACK, out, 0, length), sender.lastError());

            final Catcher c = new Catcher();
            c.expected = sequence;
            pollUntilCaught(receiver, c);
            assertTrue(c.caught, "message not received");
            assertArrayEquals(LOOPBACK, c.source);
            assertArrayEquals(LOOPBACK, c.destination, "destination from IPV6_PKTINFO");
            assertEquals(length, c.length);
            assertTrue(c.checksumValid, "the kernel computed the checksum over the pseudo-header");
            for (int i = 0; i < length; i++)
            {
                if (i != 4 && i != 5)
                {
                    assertEquals(out.getByte(i), c.mh[i], "octet " + i);
                }
            }
            assertEquals(1, sender.sent());
            assertTrue(receiver.received() >= 1);
            assertEquals(0, receiver.receiveErrors());
        }
    }

    @Test
    void shouldSendAndReceiveWithoutAllocating()
    {
        try (RawSocketTransport t = new RawSocketTransport(LOOPBACK, null))
        {
            final Catcher c = new Catcher();
            final long base = ThreadLocalRandom.current().nextLong(1, 0x7FFF_0000L);
            final int[] caught = new int[1];
            final int window = 20_000;
            final long[] history = SteadyStateAllocation.measure(window, 20, i ->
            {
                final int length = heartbeat(base + i);
                c.expected = base + i;
                c.caught = false;
                t.send(LOOPBACK, LOOPBACK, out, 0, length);
                for (int tries = 0; tries < 1000 && !c.caught; tries++)
                {
                    t.poll(c, 16);
                }
                caught[0] += c.caught ? 1 : 0;
            });
            final String text = java.util.Arrays.toString(history);
            System.out.printf("raw socket: windows of %d send+receive round trips allocated %s bytes%n", window, text);
            assertTrue(caught[0] >= history.length * window * 99 / 100, "received " + caught[0]);
            assertTrue(history[history.length - 1] < window, "bytes per window of " + window + ": " + text);
        }
    }

    @Test
    void shouldNameTheFailedCallWithStrerror()
    {
        final byte[] foreign = LOOPBACK.clone();
        foreign[0] = 0x20;
        foreign[1] = 0x01;
        foreign[2] = 0x0d;
        foreign[3] = (byte)0xb8;
        final TransportException bind = assertThrows(TransportException.class, () -> new RawSocketTransport(foreign, null));
        assertTrue(bind.getMessage().startsWith("bind(2001:db8:0:0:0:0:0:1): Cannot assign requested address (errno 99)"),
            bind.getMessage());
        final TransportException device = assertThrows(TransportException.class,
            () -> new RawSocketTransport(LOOPBACK, "dmmgw-nope0"));
        assertTrue(device.getMessage().startsWith("interface 'dmmgw-nope0': No such device (errno 19)"), device.getMessage());
    }

    @Test
    void shouldCountASendThatTheKernelRefuses()
    {
        try (RawSocketTransport t = new RawSocketTransport(LOOPBACK, null))
        {
            final byte[] notMine = LOOPBACK.clone();
            notMine[0] = 0x20;
            notMine[1] = 0x01;
            notMine[2] = 0x0d;
            notMine[3] = (byte)0xb8;
            final int length = heartbeat(1);
            // IPV6_PKTINFO with a source address this host does not own: the kernel refuses it.
            assertEquals(false, t.send(notMine, LOOPBACK, out, 0, length));
            assertEquals(1, t.sendErrors());
            assertTrue(t.lastError().contains("errno"), t.lastError());
        }
    }
}
