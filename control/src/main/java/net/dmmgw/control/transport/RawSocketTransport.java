package net.dmmgw.control.transport;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import net.dmmgw.control.node.SignallingHandler;
import net.dmmgw.control.node.SignallingTransport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Signalling through the kernel: a raw IPv6 socket for protocol 135 (the Mobility Header), for a node without a
 * data plane of its own. Opened with FFM on libc: {@code socket(AF_INET6, SOCK_RAW|SOCK_NONBLOCK, IPPROTO_MH)},
 * {@code IPV6_CHECKSUM} at offset 4 (the kernel fills in the MH checksum on send and drops a bad one on receive),
 * {@code IPV6_RECVPKTINFO} (the destination address of what arrives), bound to a configured address and,
 * optionally, a device ({@code SO_BINDTODEVICE}). {@link #send} uses {@code sendmsg} with {@code IPV6_PKTINFO} so
 * the message leaves from the role's own address.
 * <p>
 * Single-threaded (the node agent's thread). Every buffer and {@code msghdr} is allocated once in the
 * constructor: receiving and sending allocate nothing (measured by {@code RawSocketTransportTest}). A failure
 * to open throws {@link TransportException} with the failed call and {@code strerror(errno)}; failures per
 * message are counted, {@link #lastError()} gives the text.
 */
public final class RawSocketTransport implements SignallingTransport, AutoCloseable
{
    /** Largest message received or sent (the MH is at most 2048 octets; a larger datagram is counted and dropped). */
    public static final int MAX_MESSAGE = 4096;
    private static final int MSG_TRUNC = 0x20;
    private static final int CONTROL_CAPACITY = 128;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = Libc.newErrnoSegment(arena);
    private final int fd;
    private final int interfaceIndex;

    private final MemorySegment rxData = arena.allocate(MAX_MESSAGE, 8);
    private final MemorySegment rxName = arena.allocate(Libc.SOCKADDR_IN6_SIZE, 8);
    private final MemorySegment rxControl = arena.allocate(CONTROL_CAPACITY, 8);
    private final MemorySegment rxIov = arena.allocate(Libc.IOVEC_SIZE, 8);
    private final MemorySegment rxMsg = arena.allocate(Libc.MSGHDR_SIZE, 8);
    private final UnsafeBuffer rxView = new UnsafeBuffer(rxData.address(), MAX_MESSAGE);

    private final MemorySegment txData = arena.allocate(MAX_MESSAGE, 8);
    private final MemorySegment txName = arena.allocate(Libc.SOCKADDR_IN6_SIZE, 8);
    private final MemorySegment txControl = arena.allocate(Libc.PKTINFO_SPACE, 8);
    private final MemorySegment txIov = arena.allocate(Libc.IOVEC_SIZE, 8);
    private final MemorySegment txMsg = arena.allocate(Libc.MSGHDR_SIZE, 8);
    private final UnsafeBuffer txView = new UnsafeBuffer(txData.address(), MAX_MESSAGE);
    // Address copies go through these views: MemorySegment.copy from or to a byte[] wraps the array in a heap
    // segment, which escape analysis does not always remove (measured: 80 B per round trip in some JIT states).
    private final UnsafeBuffer rxNameView = new UnsafeBuffer(rxName.address(), Libc.SOCKADDR_IN6_SIZE);
    private final UnsafeBuffer rxControlView = new UnsafeBuffer(rxControl.address(), CONTROL_CAPACITY);
    private final UnsafeBuffer txNameView = new UnsafeBuffer(txName.address(), Libc.SOCKADDR_IN6_SIZE);
    private final UnsafeBuffer txControlView = new UnsafeBuffer(txControl.address(), Libc.PKTINFO_SPACE);

    private final byte[] source = new byte[16];
    private final byte[] destination = new byte[16];

    private long received;
    private long sent;
    private long receiveErrors;
    private long sendErrors;
    private long oversized;
    private long withoutPacketInfo;
    private int lastErrno;
    private boolean closed;

    /**
     * Opens the socket.
     *
     * @param bindAddress 16 octets: the address signalling is received on and sent from by default (all zero:
     *                    any local address).
     * @param interfaceName device to bind to (also the scope of link-local addresses), or null for none.
     * @throws TransportException naming the call that failed and {@code strerror(errno)}.
     */
    public RawSocketTransport(final byte[] bindAddress, final String interfaceName)
    {
        if (bindAddress.length != 16)
        {
            throw new IllegalArgumentException("bind address must be 16 octets");
        }
        int index = 0;
        if (interfaceName != null && !interfaceName.isEmpty())
        {
            index = Libc.ifNameToIndex(errno, arena, interfaceName);
            if (index == 0)
            {
                final int e = Libc.errno(errno);
                arena.close();
                throw new TransportException("interface '" + interfaceName + "': " + Libc.strerror(e));
            }
        }
        interfaceIndex = index;
        fd = Libc.socket(errno, Libc.AF_INET6, Libc.SOCK_RAW | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, Libc.IPPROTO_MH);
        if (fd < 0)
        {
            final int e = Libc.errno(errno);
            arena.close();
            throw new TransportException("socket(AF_INET6, SOCK_RAW, IPPROTO_MH): " + Libc.strerror(e) +
                (e == 1 ? " (a raw socket needs root or CAP_NET_RAW)" : ""));
        }
        try
        {
            configure(bindAddress, interfaceName);
        }
        catch (final TransportException ex)
        {
            Libc.close(errno, fd);
            arena.close();
            throw ex;
        }
        prepareMessages();
    }

    private void configure(final byte[] bindAddress, final String interfaceName)
    {
        final MemorySegment option = arena.allocate(64, 8);
        option.set(ValueLayout.JAVA_INT, 0, 4);
        check(Libc.setsockopt(errno, fd, Libc.IPPROTO_IPV6, Libc.IPV6_CHECKSUM, option, 4), "setsockopt(IPV6_CHECKSUM, 4)");
        option.set(ValueLayout.JAVA_INT, 0, 1);
        check(Libc.setsockopt(errno, fd, Libc.IPPROTO_IPV6, Libc.IPV6_RECVPKTINFO, option, 4), "setsockopt(IPV6_RECVPKTINFO)");
        if (interfaceIndex != 0)
        {
            final MemorySegment name = arena.allocateFrom(interfaceName);
            check(Libc.setsockopt(errno, fd, Libc.SOL_SOCKET, Libc.SO_BINDTODEVICE, name, (int)name.byteSize()),
                "setsockopt(SO_BINDTODEVICE, " + interfaceName + ")");
        }
        final MemorySegment address = arena.allocate(Libc.SOCKADDR_IN6_SIZE, 8);
        socketAddress(address, new UnsafeBuffer(address.address(), Libc.SOCKADDR_IN6_SIZE), bindAddress);
        check(Libc.bind(errno, fd, address, Libc.SOCKADDR_IN6_SIZE), "bind(" + Addresses.text(bindAddress) + ")");
    }

    private void check(final int result, final String call)
    {
        if (result < 0)
        {
            throw new TransportException(call + ": " + Libc.strerror(Libc.errno(errno)));
        }
    }

    private void prepareMessages()
    {
        rxIov.set(ValueLayout.ADDRESS, 0, rxData);
        rxMsg.set(ValueLayout.ADDRESS, 0, rxName);
        rxMsg.set(ValueLayout.ADDRESS, 16, rxIov);
        rxMsg.set(ValueLayout.JAVA_LONG, 24, 1L);
        rxMsg.set(ValueLayout.ADDRESS, 32, rxControl);

        txIov.set(ValueLayout.ADDRESS, 0, txData);
        txMsg.set(ValueLayout.ADDRESS, 0, txName);
        txMsg.set(ValueLayout.JAVA_INT, 8, Libc.SOCKADDR_IN6_SIZE);
        txMsg.set(ValueLayout.ADDRESS, 16, txIov);
        txMsg.set(ValueLayout.JAVA_LONG, 24, 1L);
        txMsg.set(ValueLayout.ADDRESS, 32, txControl);
        txMsg.set(ValueLayout.JAVA_LONG, 40, (long)Libc.PKTINFO_SPACE);
        txControl.set(ValueLayout.JAVA_LONG, 0, (long)Libc.PKTINFO_LEN);
        txControl.set(ValueLayout.JAVA_INT, 8, Libc.IPPROTO_IPV6);
        txControl.set(ValueLayout.JAVA_INT, 12, Libc.IPV6_PKTINFO);
    }

    private void socketAddress(final MemorySegment sockaddr, final UnsafeBuffer view, final byte[] address)
    {
        sockaddr.fill((byte)0);
        sockaddr.set(ValueLayout.JAVA_SHORT, 0, (short)Libc.AF_INET6);
        view.putBytes(Libc.SIN6_ADDR, address, 0, 16);
        sockaddr.set(ValueLayout.JAVA_INT, Libc.SIN6_SCOPE_ID, Addresses.isLinkLocal(address) ? interfaceIndex : 0);
    }

    /** {@inheritDoc} */
    public int poll(final SignallingHandler handler, final int limit)
    {
        int delivered = 0;
        // Bounded by calls, not deliveries: a flood of datagrams that are dropped must not hold the agent.
        for (int reads = 0; reads < limit; reads++)
        {
            rxMsg.set(ValueLayout.JAVA_INT, 8, Libc.SOCKADDR_IN6_SIZE);
            rxMsg.set(ValueLayout.JAVA_LONG, 40, (long)CONTROL_CAPACITY);
            rxMsg.set(ValueLayout.JAVA_INT, 48, 0);
            rxIov.set(ValueLayout.JAVA_LONG, 8, (long)MAX_MESSAGE);
            final long length = Libc.recvmsg(errno, fd, rxMsg, Libc.MSG_DONTWAIT);
            if (length < 0)
            {
                final int e = Libc.errno(errno);
                if (e != Libc.EAGAIN && e != Libc.EINTR)
                {
                    receiveErrors++;
                    lastErrno = e;
                }
                break;
            }
            if ((rxMsg.get(ValueLayout.JAVA_INT, 48) & MSG_TRUNC) != 0)
            {
                oversized++;
                continue;
            }
            rxNameView.getBytes(Libc.SIN6_ADDR, source, 0, 16);
            if (!packetInfoDestination())
            {
                // Without IPV6_PKTINFO the checksum cannot be verified against the right address: drop.
                withoutPacketInfo++;
                continue;
            }
            received++;
            delivered++;
            handler.onSignalling(source, destination, rxView, 0, (int)length);
        }
        return delivered;
    }

    private boolean packetInfoDestination()
    {
        final long controlLength = rxMsg.get(ValueLayout.JAVA_LONG, 40);
        long offset = 0;
        while (offset + Libc.CMSGHDR_SIZE <= controlLength)
        {
            final long cmsgLength = rxControl.get(ValueLayout.JAVA_LONG, offset);
            if (cmsgLength < Libc.CMSGHDR_SIZE || offset + cmsgLength > controlLength)
            {
                return false;
            }
            if (rxControl.get(ValueLayout.JAVA_INT, offset + 8) == Libc.IPPROTO_IPV6 &&
                rxControl.get(ValueLayout.JAVA_INT, offset + 12) == Libc.IPV6_PKTINFO &&
                cmsgLength >= Libc.PKTINFO_LEN)
            {
                rxControlView.getBytes((int)offset + Libc.CMSGHDR_SIZE, destination, 0, 16);
                return true;
            }
            offset += (cmsgLength + 7) & ~7L;
        }
        return false;
    }

    /**
     * {@inheritDoc}
     * <p>
     * The kernel recomputes the checksum over the addresses the packet actually carries. An all-zero source lets
     * the kernel choose it.
     */
    public boolean send(final byte[] sourceAddress, final byte[] destinationAddress, final DirectBuffer mh,
        final int offset, final int length)
    {
        if (length <= 0 || length > MAX_MESSAGE)
        {
            sendErrors++;
            return false;
        }
        txView.putBytes(0, mh, offset, length);
        txIov.set(ValueLayout.JAVA_LONG, 8, (long)length);
        socketAddress(txName, txNameView, destinationAddress);
        txControlView.putBytes(Libc.CMSGHDR_SIZE, sourceAddress, 0, 16);
        txControl.set(ValueLayout.JAVA_INT, Libc.CMSGHDR_SIZE + 16, interfaceIndex);
        final long result = Libc.sendmsg(errno, fd, txMsg, Libc.MSG_DONTWAIT);
        if (result < 0)
        {
            sendErrors++;
            lastErrno = Libc.errno(errno);
            return false;
        }
        sent++;
        return true;
    }

    /** @return messages delivered to the handler. */
    public long received()
    {
        return received;
    }

    /** @return messages the kernel accepted for sending. */
    public long sent()
    {
        return sent;
    }

    /** @return failed {@code recvmsg} calls (other than "nothing to read"). */
    public long receiveErrors()
    {
        return receiveErrors;
    }

    /** @return messages that could not be sent (too large, or {@code sendmsg} failed). */
    public long sendErrors()
    {
        return sendErrors;
    }

    /** @return datagrams larger than {@link #MAX_MESSAGE}, dropped. */
    public long oversized()
    {
        return oversized;
    }

    /** @return datagrams without their destination address (no {@code IPV6_PKTINFO}), dropped. */
    public long withoutPacketInfo()
    {
        return withoutPacketInfo;
    }

    /** @return {@code strerror} of the last failed send or receive, or "none" (allocates: for reports). */
    public String lastError()
    {
        return lastErrno == 0 ? "none" : Libc.strerror(lastErrno);
    }

    /** Closes the socket and frees the buffers; idempotent. */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            Libc.close(errno, fd);
            arena.close();
        }
    }
}
