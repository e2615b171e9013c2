package net.dmmgw.control.fama.mn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

import net.dmmgw.control.transport.Libc;
import net.dmmgw.control.transport.TransportException;

/**
 * A TUN device ({@code /dev/net/tun}, {@code TUNSETIFF} with {@code IFF_TUN | IFF_NO_PI}, non-blocking), through FFM:
 * the mobile node's end of one anchor's tunnel. What the kernel routes into it (packets from that anchor's home
 * address, by policy routing) is read here; what is written is received by the kernel as if it arrived on it (the
 * decapsulated downlink). The device goes with the file descriptor ({@link #close()}). Not a hot path.
 */
public final class TunDevice implements AutoCloseable
{
    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = Libc.newErrnoSegment(arena);
    private final MemorySegment buffer = arena.allocate(MnLink.MAX_PACKET, 8);
    private final String name;
    private final int fd;
    private String lastError = "";

    /**
     * Creates the device.
     *
     * @param name its name (at most 15 characters).
     * @throws TransportException naming the failed call.
     */
    public TunDevice(final String name)
    {
        this.name = name;
        final byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
        if (ascii.length > 15)
        {
            arena.close();
            throw new IllegalArgumentException("interface name longer than 15: " + name);
        }
        final int f = Libc.open(errno, arena, "/dev/net/tun", Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (f < 0)
        {
            final String text = Libc.strerror(Libc.errno(errno));
            arena.close();
            throw new TransportException("open(/dev/net/tun): " + text);
        }
        final MemorySegment ifreq = arena.allocate(Libc.IFREQ_SIZE, 8);
        MemorySegment.copy(ascii, 0, ifreq, ValueLayout.JAVA_BYTE, 0, ascii.length);
        ifreq.set(ValueLayout.JAVA_SHORT, 16, (short)(Libc.IFF_TUN | Libc.IFF_NO_PI));
        if (Libc.ioctl(errno, f, Libc.TUNSETIFF, ifreq) < 0)
        {
            final String text = Libc.strerror(Libc.errno(errno));
            Libc.close(errno, f);
            arena.close();
            throw new TransportException("ioctl(TUNSETIFF, " + name + "): " + text);
        }
        this.fd = f;
    }

    /** @return the interface name. */
    public String name()
    {
        return name;
    }

    /**
     * @param into the packet read (cut at its length).
     * @return its length, 0 when none is waiting, -1 on an error.
     */
    public int read(final byte[] into)
    {
        final long n = Libc.read(errno, fd, buffer, MnLink.MAX_PACKET);
        if (n < 0)
        {
            final int e = Libc.errno(errno);
            if (e == Libc.EAGAIN || e == Libc.EINTR)
            {
                return 0;
            }
            lastError = "read(" + name + "): " + Libc.strerror(e);
            return -1;
        }
        final int length = (int)Math.min(n, into.length);
        MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, into, 0, length);
        return length;
    }

    /** @return true when the kernel took the whole packet. */
    public boolean write(final byte[] packet, final int length)
    {
        if (length > MnLink.MAX_PACKET)
        {
            return false;
        }
        MemorySegment.copy(packet, 0, buffer, ValueLayout.JAVA_BYTE, 0, length);
        final long n = Libc.write(errno, fd, buffer, length);
        if (n != length)
        {
            lastError = "write(" + name + "): " + (n < 0 ? Libc.strerror(Libc.errno(errno)) : n + " octets");
            return false;
        }
        return true;
    }

    /** @return the text of the last failure. */
    public String lastError()
    {
        return lastError;
    }

    /** Closes the descriptor (the device disappears). */
    public void close()
    {
        Libc.close(errno, fd);
        arena.close();
    }
}
