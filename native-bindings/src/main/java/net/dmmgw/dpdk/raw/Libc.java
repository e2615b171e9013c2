package net.dmmgw.dpdk.raw;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Raw bindings to the few libc functions used around EAL: CPU affinity of the calling thread. */
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
}
