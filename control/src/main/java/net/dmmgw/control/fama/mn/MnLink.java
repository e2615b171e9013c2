package net.dmmgw.control.fama.mn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import net.dmmgw.control.transport.Libc;
import net.dmmgw.control.transport.TransportException;

/**
 * The mobile node's sockets on its access interface, through FFM on libc (not a hot path: it copies between heap
 * arrays and native buffers):
 * <ul>
 * <li>send: {@code socket(AF_INET6, SOCK_RAW, IPPROTO_RAW)}, which implies {@code IPV6_HDRINCL}: the agent writes
 * the whole IPv6 packet (a BU with its Home Address destination option, an encapsulated packet, a Router
 * Solicitation) and the kernel routes it and resolves the next hop;</li>
 * <li>receive on the interface: {@code socket(AF_PACKET, SOCK_DGRAM, ETH_P_IPV6)} bound to it — every IPv6 packet
 * the interface receives (frames it sends are skipped), so the agent sees the Router Advertisements (the kernel's
 * own RA processing is off for the interface) and the BAs: the kernel discards a type 2 Routing header for which no
 * xfrm state exists, before any IPv6 socket could see it; reading a copy from the packet socket needs no xfrm state
 * or MIPv6 kernel support at all;</li>
 * <li>receive tunnelled packets: {@code socket(AF_INET6, SOCK_RAW, 41)} — the kernel hands it the payload of every
 * IPv6-in-IPv6 packet for one of the node's addresses (the inner packet) with the outer source, and, because a raw
 * socket took it, sends no ICMPv6 error for the unhandled next header.</li>
 * </ul>
 * Every buffer is bounded ({@link #MAX_PACKET}); larger packets are cut and counted by the caller.
 */
public final class MnLink implements AutoCloseable
{
    /** Largest packet read or written. */
    public static final int MAX_PACKET = 2048;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = Libc.newErrnoSegment(arena);
    private final MemorySegment buffer = arena.allocate(MAX_PACKET, 8);
    private final MemorySegment name = arena.allocate(Libc.SOCKADDR_IN6_SIZE, 8);
    private final MemorySegment linkName = arena.allocate(Libc.SOCKADDR_LL_SIZE, 8);
    private final MemorySegment iov = arena.allocate(Libc.IOVEC_SIZE, 8);
    private final MemorySegment msghdr = arena.allocate(Libc.MSGHDR_SIZE, 8);
    private final int ifindex;
    private final int sendFd;
    private final int packetFd;
    private final int tunnelFd;
    private String lastError = "";

    /**
     * Opens the three sockets on an interface.
     *
     * @param interfaceName the access interface (e.g. {@code m0}).
     * @throws TransportException naming the call that failed.
     */
    public MnLink(final String interfaceName)
    {
        int send = -1;
        int packet = -1;
        int tunnel = -1;
        try
        {
            ifindex = Libc.ifNameToIndex(errno, arena, interfaceName);
            check(ifindex == 0 ? -1 : ifindex, "if_nametoindex(" + interfaceName + ")");
            send = check(Libc.socket(errno, Libc.AF_INET6, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.IPPROTO_RAW),
                "socket(AF_INET6, SOCK_RAW, IPPROTO_RAW)");
            final int protocol = Short.reverseBytes((short)Libc.ETH_P_IPV6) & 0xFFFF;
            packet = check(Libc.socket(errno, Libc.AF_PACKET, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC,
                protocol), "socket(AF_PACKET, SOCK_DGRAM, ETH_P_IPV6)");
            linkName.fill((byte)0);
            linkName.set(ValueLayout.JAVA_SHORT, 0, (short)Libc.AF_PACKET);
            linkName.set(ValueLayout.JAVA_SHORT, 2, (short)protocol);
            linkName.set(ValueLayout.JAVA_INT, 4, ifindex);
            check(Libc.bind(errno, packet, linkName, Libc.SOCKADDR_LL_SIZE), "bind(AF_PACKET, " + interfaceName + ")");
            tunnel = check(Libc.socket(errno, Libc.AF_INET6, Libc.SOCK_RAW | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC,
                Libc.IPPROTO_IPV6), "socket(AF_INET6, SOCK_RAW, 41)");
        }
        catch (final TransportException ex)
        {
            closeQuietly(send);
            closeQuietly(packet);
            closeQuietly(tunnel);
            arena.close();
            throw ex;
        }
        sendFd = send;
        packetFd = packet;
        tunnelFd = tunnel;
    }

    private int check(final int result, final String call)
    {
        if (result < 0)
        {
            throw new TransportException(call + ": " + Libc.strerror(Libc.errno(errno)));
        }
        return result;
    }

    /** @return the interface's index (the scope of link-local destinations). */
    public int ifindex()
    {
        return ifindex;
    }

    /**
     * Sends a whole IPv6 packet.
     *
     * @param packet the packet from its IPv6 header.
     * @param length its length.
     * @param destination16 where the kernel routes it (its IPv6 destination).
     * @param scoped true for a link-local or multicast destination on this interface.
     * @return true when the kernel took it.
     */
    public boolean send(final byte[] packet, final int length, final byte[] destination16, final boolean scoped)
    {
        if (length > MAX_PACKET)
        {
            lastError = "packet of " + length + " octets";
            return false;
        }
        MemorySegment.copy(packet, 0, buffer, ValueLayout.JAVA_BYTE, 0, length);
        name.fill((byte)0);
        name.set(ValueLayout.JAVA_SHORT, 0, (short)Libc.AF_INET6);
        MemorySegment.copy(destination16, 0, name, ValueLayout.JAVA_BYTE, Libc.SIN6_ADDR, 16);
        name.set(ValueLayout.JAVA_INT, Libc.SIN6_SCOPE_ID, scoped ? ifindex : 0);
        final long sent = transfer(sendFd, name, Libc.SOCKADDR_IN6_SIZE, length, true);
        return sent == length;
    }

    /**
     * Reads one IPv6 packet the interface received (frames it sent are skipped).
     *
     * @param into where the packet goes (from its IPv6 header; cut at its length).
     * @return its length, 0 when none is waiting, -1 on an error ({@link #lastError()}).
     */
    public int receive(final byte[] into)
    {
        for (int i = 0; i < 64; i++) // bounded: skip at most this many of our own frames per call
        {
            final long n = transfer(packetFd, linkName, Libc.SOCKADDR_LL_SIZE, MAX_PACKET, false);
            if (n <= 0)
            {
                return (int)n;
            }
            if ((linkName.get(ValueLayout.JAVA_BYTE, 10) & 0xFF) == Libc.PACKET_OUTGOING)
            {
                continue;
            }
            final int length = (int)Math.min(n, into.length);
            MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, into, 0, length);
            return length;
        }
        return 0;
    }

    /**
     * Reads the inner packet of one IPv6-in-IPv6 packet for this node.
     *
     * @param into the inner packet.
     * @param outerSource16 receives the outer source (the anchoring DAR).
     * @return its length, 0 when none is waiting, -1 on an error.
     */
    public int receiveTunnelled(final byte[] into, final byte[] outerSource16)
    {
        final long n = transfer(tunnelFd, name, Libc.SOCKADDR_IN6_SIZE, MAX_PACKET, false);
        if (n <= 0)
        {
            return (int)n;
        }
        MemorySegment.copy(name, ValueLayout.JAVA_BYTE, Libc.SIN6_ADDR, outerSource16, 0, 16);
        final int length = (int)Math.min(n, into.length);
        MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, into, 0, length);
        return length;
    }

    private long transfer(final int fd, final MemorySegment address, final int addressLength, final int length,
        final boolean send)
    {
        iov.set(ValueLayout.ADDRESS, 0, buffer);
        iov.set(ValueLayout.JAVA_LONG, 8, length);
        msghdr.fill((byte)0);
        msghdr.set(ValueLayout.ADDRESS, 0, address);
        msghdr.set(ValueLayout.JAVA_INT, 8, addressLength);
        msghdr.set(ValueLayout.ADDRESS, 16, iov);
        msghdr.set(ValueLayout.JAVA_LONG, 24, 1);
        final long n = send ? Libc.sendmsg(errno, fd, msghdr, Libc.MSG_DONTWAIT) :
            Libc.recvmsg(errno, fd, msghdr, Libc.MSG_DONTWAIT);
        if (n < 0)
        {
            final int e = Libc.errno(errno);
            if (e == Libc.EAGAIN || e == Libc.EINTR)
            {
                return 0;
            }
            lastError = (send ? "sendmsg: " : "recvmsg: ") + Libc.strerror(e);
            return -1;
        }
        return n;
    }

    /** @return the text of the last failure. */
    public String lastError()
    {
        return lastError;
    }

    private void closeQuietly(final int fd)
    {
        if (fd >= 0)
        {
            Libc.close(errno, fd);
        }
    }

    /** Closes the sockets. */
    public void close()
    {
        closeQuietly(sendFd);
        closeQuietly(packetFd);
        closeQuietly(tunnelFd);
        arena.close();
    }
}
