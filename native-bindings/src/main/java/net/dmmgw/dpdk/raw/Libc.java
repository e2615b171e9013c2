package net.dmmgw.dpdk.raw;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Raw bindings to the few libc functions used around EAL: CPU affinity of the calling thread, and anonymous
 * memory mappings (an mbuf pool on transparent huge pages, see {@code Mempool.createPktmbufPoolOnHugeAnon}).
 */
public final class Libc
{
    /** Size in bytes of glibc's {@code cpu_set_t} (1024 CPUs). */
    public static final int CPU_SET_SIZE = 128;

    private Libc()
    {
    }

    private static final class sched_getcpu
    {
        static final MethodHandle HANDLE = ShimLibrary.libc("sched_getcpu", FunctionDescriptor.of(JAVA_INT));
    }

    /**
     * {@code int sched_getcpu(void)}.
     *
     * @return the CPU the calling thread runs on now, or -1.
     */
    public static int sched_getcpu()
    {
        try
        {
            return (int)sched_getcpu.HANDLE.invokeExact();
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class sched_getaffinity
    {
        static final MethodHandle HANDLE = ShimLibrary.libc(
            "sched_getaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    }

    /**
     * {@code int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *mask)}.
     *
     * @param pid  0 for the calling thread.
     * @param size size of {@code mask} in bytes.
     * @param mask output bit set.
     * @return 0, or -1 with errno set.
     */
    public static int sched_getaffinity(final int pid, final long size, final MemorySegment mask)
    {
        try
        {
            return (int)sched_getaffinity.HANDLE.invokeExact(pid, size, mask);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class sched_setaffinity
    {
        static final MethodHandle HANDLE = ShimLibrary.libc(
            "sched_setaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    }

    /**
     * {@code int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *mask)}.
     *
     * @param pid  0 for the calling thread.
     * @param size size of {@code mask} in bytes.
     * @param mask CPU bit set.
     * @return 0, or -1 with errno set.
     */
    public static int sched_setaffinity(final int pid, final long size, final MemorySegment mask)
    {
        try
        {
            return (int)sched_setaffinity.HANDLE.invokeExact(pid, size, mask);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class mmap
    {
        static final MethodHandle HANDLE = ShimLibrary.libc(
            "mmap", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    }

    /**
     * {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)}.
     *
     * @param address hint, 0 for any.
     * @param length bytes.
     * @param protection {@code PROT_*}.
     * @param flags {@code MAP_*}.
     * @param fd file descriptor, -1 for anonymous memory.
     * @param offset file offset.
     * @return the mapping's address, or -1 ({@code MAP_FAILED}).
     */
    public static long mmap(final long address, final long length, final int protection, final int flags, final int fd, final long offset)
    {
        try
        {
            return (long)mmap.HANDLE.invokeExact(address, length, protection, flags, fd, offset);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class munmap
    {
        static final MethodHandle HANDLE = ShimLibrary.libc(
            "munmap", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
    }

    /**
     * {@code int munmap(void *addr, size_t length)}.
     *
     * @param address start of a mapping.
     * @param length bytes.
     * @return 0, or -1 with errno set.
     */
    public static int munmap(final long address, final long length)
    {
        try
        {
            return (int)munmap.HANDLE.invokeExact(address, length);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class madvise
    {
        static final MethodHandle HANDLE = ShimLibrary.libc(
            "madvise", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    }

    /**
     * {@code int madvise(void *addr, size_t length, int advice)}.
     *
     * @param address page-aligned start.
     * @param length bytes.
     * @param advice {@code MADV_*}, e.g. {@code MADV_HUGEPAGE} (14).
     * @return 0, or -1 with errno set.
     */
    public static int madvise(final long address, final long length, final int advice)
    {
        try
        {
            return (int)madvise.HANDLE.invokeExact(address, length, advice);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }
}
