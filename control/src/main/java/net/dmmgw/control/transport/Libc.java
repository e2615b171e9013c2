package net.dmmgw.control.transport;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls of the raw signalling socket and of the FAMA mobile node's link (raw, packet and TUN file
 * descriptors), bound with the Foreign Function &amp; Memory API (x86-64 /
 * aarch64 Linux, LP64). Calls that can fail capture {@code errno} into a caller-owned segment
 * ({@link #newErrnoSegment}) so that no allocation happens per call; {@link #strerror} turns it into text (it
 * allocates a String: for error reports only).
 */
public final class Libc
{
    /** {@code AF_INET6}. */
    public static final int AF_INET6 = 10;
    /** {@code SOCK_RAW}. */
    public static final int SOCK_RAW = 3;
    /** {@code SOCK_NONBLOCK}. */
    public static final int SOCK_NONBLOCK = 0x800;
    /** {@code SOCK_CLOEXEC}. */
    public static final int SOCK_CLOEXEC = 0x80000;
    /** {@code IPPROTO_MH}: the Mobility Header (RFC 6275). */
    public static final int IPPROTO_MH = 135;
    /** {@code SOL_SOCKET}. */
    public static final int SOL_SOCKET = 1;
    /** {@code SO_BINDTODEVICE}. */
    public static final int SO_BINDTODEVICE = 25;
    /** {@code IPPROTO_IPV6} (= {@code SOL_IPV6}). */
    public static final int IPPROTO_IPV6 = 41;
    /** {@code IPV6_CHECKSUM}: offset of the checksum the kernel computes and verifies on a raw socket. */
    public static final int IPV6_CHECKSUM = 7;
    /** {@code IPV6_RECVPKTINFO}. */
    public static final int IPV6_RECVPKTINFO = 49;
    /** {@code IPV6_PKTINFO}. */
    public static final int IPV6_PKTINFO = 50;
    /** {@code MSG_DONTWAIT}. */
    public static final int MSG_DONTWAIT = 0x40;
    /** {@code EAGAIN} (= {@code EWOULDBLOCK}). */
    public static final int EAGAIN = 11;
    /** {@code EINTR}. */
    public static final int EINTR = 4;
    /** {@code AF_PACKET}. */
    public static final int AF_PACKET = 17;
    /** {@code SOCK_DGRAM}: on {@code AF_PACKET}, frames without their link-layer header. */
    public static final int SOCK_DGRAM = 2;
    /** {@code ETH_P_IPV6}. */
    public static final int ETH_P_IPV6 = 0x86DD;
    /** {@code IPPROTO_RAW}: on {@code AF_INET6}, the caller writes the whole IPv6 packet ({@code IPV6_HDRINCL}). */
    public static final int IPPROTO_RAW = 255;
    /** {@code O_RDWR}. */
    public static final int O_RDWR = 2;
    /** {@code O_NONBLOCK}. */
    public static final int O_NONBLOCK = 0x800;
    /** {@code O_CLOEXEC}. */
    public static final int O_CLOEXEC = 0x80000;
    /** {@code TUNSETIFF} = {@code _IOW('T', 202, int)}. */
    public static final long TUNSETIFF = 0x400454caL;
    /** {@code IFF_TUN}. */
    public static final short IFF_TUN = 0x0001;
    /** {@code IFF_NO_PI}: no packet-information prefix on what is read and written. */
    public static final short IFF_NO_PI = 0x1000;
    /** {@code struct ifreq} size. */
    public static final int IFREQ_SIZE = 40;
    /** {@code struct sockaddr_ll}: family 0, protocol 2, ifindex 4, hatype 8, pkttype 10, halen 11, addr 12. */
    public static final int SOCKADDR_LL_SIZE = 20;
    /** {@code PACKET_OUTGOING}: an {@code AF_PACKET} copy of a frame this host sent. */
    public static final int PACKET_OUTGOING = 4;

    /** {@code struct sockaddr_in6}: family, port, flow info, address at 8, scope id at 24; 28 octets. */
    public static final int SOCKADDR_IN6_SIZE = 28;
    /** Offset of {@code sin6_addr}. */
    public static final int SIN6_ADDR = 8;
    /** Offset of {@code sin6_scope_id}. */
    public static final int SIN6_SCOPE_ID = 24;

    /** {@code struct msghdr} (LP64): name 0, namelen 8, iov 16, iovlen 24, control 32, controllen 40, flags 48. */
    public static final int MSGHDR_SIZE = 56;
    /** {@code struct iovec}: base, len. */
    public static final int IOVEC_SIZE = 16;
    /** {@code struct cmsghdr} header (LP64): len (8), level (4), type (4). */
    public static final int CMSGHDR_SIZE = 16;
    /** {@code struct in6_pktinfo}: address (16), interface index (4). */
    public static final int IN6_PKTINFO_SIZE = 20;
    /** {@code CMSG_SPACE(sizeof(struct in6_pktinfo))}. */
    public static final int PKTINFO_SPACE = CMSGHDR_SIZE + 24;
    /** {@code CMSG_LEN(sizeof(struct in6_pktinfo))}. */
    public static final int PKTINFO_LEN = CMSGHDR_SIZE + IN6_PKTINFO_SIZE;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(StructLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle SOCKET = errnoCall("socket",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle BIND = errnoCall("bind",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SETSOCKOPT = errnoCall("setsockopt",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RECVMSG = errnoCall("recvmsg",
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SENDMSG = errnoCall("sendmsg",
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = errnoCall("close",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle IF_NAMETOINDEX = errnoCall("if_nametoindex",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MethodHandle OPEN = errnoCall("open",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle IOCTL = errnoCall("ioctl",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle READ = errnoCall("read",
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle WRITE = errnoCall("write",
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle STRERROR = call("strerror",
        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private Libc()
    {
    }

    /** @return a segment that receives {@code errno} of the calls made with it. */
    public static MemorySegment newErrnoSegment(final Arena arena)
    {
        return arena.allocate(CAPTURE);
    }

    /** @return the {@code errno} captured by the last call made with this segment. */
    public static int errno(final MemorySegment errnoSegment)
    {
        return (int)ERRNO.get(errnoSegment, 0L);
    }

    /** {@code socket(2)}; -1 and errno on failure. */
    public static int socket(final MemorySegment errno, final int domain, final int type, final int protocol)
    {
        try
        {
            return (int)SOCKET.invokeExact(errno, domain, type, protocol);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code bind(2)}. */
    public static int bind(final MemorySegment errno, final int fd, final MemorySegment address, final int length)
    {
        try
        {
            return (int)BIND.invokeExact(errno, fd, address, length);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code setsockopt(2)}. */
    public static int setsockopt(final MemorySegment errno, final int fd, final int level, final int name,
        final MemorySegment value, final int length)
    {
        try
        {
            return (int)SETSOCKOPT.invokeExact(errno, fd, level, name, value, length);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code recvmsg(2)}: octets received, or -1 and errno. */
    public static long recvmsg(final MemorySegment errno, final int fd, final MemorySegment msghdr, final int flags)
    {
        try
        {
            return (long)RECVMSG.invokeExact(errno, fd, msghdr, flags);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code sendmsg(2)}: octets sent, or -1 and errno. */
    public static long sendmsg(final MemorySegment errno, final int fd, final MemorySegment msghdr, final int flags)
    {
        try
        {
            return (long)SENDMSG.invokeExact(errno, fd, msghdr, flags);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code close(2)}. */
    public static int close(final MemorySegment errno, final int fd)
    {
        try
        {
            return (int)CLOSE.invokeExact(errno, fd);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code open(2)} of a path; -1 and errno on failure. */
    public static int open(final MemorySegment errno, final Arena arena, final String path, final int flags)
    {
        try
        {
            return (int)OPEN.invokeExact(errno, arena.allocateFrom(path), flags);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code ioctl(2)} with a pointer argument. */
    public static int ioctl(final MemorySegment errno, final int fd, final long request, final MemorySegment argument)
    {
        try
        {
            return (int)IOCTL.invokeExact(errno, fd, request, argument);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code read(2)}: octets read, or -1 and errno. */
    public static long read(final MemorySegment errno, final int fd, final MemorySegment buffer, final long count)
    {
        try
        {
            return (long)READ.invokeExact(errno, fd, buffer, count);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code write(2)}: octets written, or -1 and errno. */
    public static long write(final MemorySegment errno, final int fd, final MemorySegment buffer, final long count)
    {
        try
        {
            return (long)WRITE.invokeExact(errno, fd, buffer, count);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** {@code if_nametoindex(3)}: 0 and errno when there is no such interface. */
    public static int ifNameToIndex(final MemorySegment errno, final Arena arena, final String name)
    {
        try
        {
            return (int)IF_NAMETOINDEX.invokeExact(errno, arena.allocateFrom(name));
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** @return {@code strerror(errno)} with the number, e.g. "Cannot assign requested address (errno 99)". */
    public static String strerror(final int errno)
    {
        try
        {
            final MemorySegment text = (MemorySegment)STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0) + " (errno " + errno + ")";
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    private static MethodHandle errnoCall(final String name, final FunctionDescriptor descriptor)
    {
        return LINKER.downcallHandle(symbol(name), descriptor, CAPTURE_ERRNO);
    }

    private static MethodHandle call(final String name, final FunctionDescriptor descriptor)
    {
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    private static MemorySegment symbol(final String name)
    {
        return LINKER.defaultLookup().find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("symbol not found in libc: " + name));
    }

    private static RuntimeException rethrow(final Throwable t)
    {
        if (t instanceof RuntimeException r)
        {
            throw r;
        }
        if (t instanceof Error e)
        {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
