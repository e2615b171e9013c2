package net.dmmgw.dpdk.raw;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Raw bindings to DPDK's EAL ({@code rte_eal.h}, {@code rte_lcore.h}, {@code rte_errno.h}). */
public final class RteEal
{
    private RteEal()
    {
    }

    private static final class rte_eal_init
    {
        static final MethodHandle HANDLE =
            ShimLibrary.downcall("rte_eal_init", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }

    /**
     * {@code int rte_eal_init(int argc, char **argv)}.
     *
     * @param argc argument count.
     * @param argv {@code char*[argc]}, kept alive for the process (EAL may keep pointers into it).
     * @return number of parsed arguments, or -1 with rte_errno set.
     */
    public static int rte_eal_init(final int argc, final MemorySegment argv)
    {
        try
        {
            return (int)rte_eal_init.HANDLE.invokeExact(argc, argv);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eal_cleanup
    {
        static final MethodHandle HANDLE =
            ShimLibrary.downcall("rte_eal_cleanup", FunctionDescriptor.of(JAVA_INT));
    }

    /**
     * {@code int rte_eal_cleanup(void)}.
     *
     * @return 0 or a negative errno.
     */
    public static int rte_eal_cleanup()
    {
        try
        {
            return (int)rte_eal_cleanup.HANDLE.invokeExact();
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_thread_register
    {
        static final MethodHandle HANDLE =
            ShimLibrary.downcall("rte_thread_register", FunctionDescriptor.of(JAVA_INT));
    }

    /**
     * {@code int rte_thread_register(void)}: makes the calling thread an EAL lcore.
     *
     * @return 0, or -1 with rte_errno set.
     */
    public static int rte_thread_register()
    {
        try
        {
            return (int)rte_thread_register.HANDLE.invokeExact();
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_thread_unregister
    {
        static final MethodHandle HANDLE =
            ShimLibrary.downcall("rte_thread_unregister", FunctionDescriptor.ofVoid());
    }

    /** {@code void rte_thread_unregister(void)}. */
    public static void rte_thread_unregister()
    {
        try
        {
            rte_thread_unregister.HANDLE.invokeExact();
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_strerror
    {
        static final MethodHandle HANDLE =
            ShimLibrary.downcall("rte_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    /**
     * {@code const char *rte_strerror(int errnum)}.
     *
     * @param errnum a positive errno or rte_errno value.
     * @return the text (DPDK's static or thread-local buffer, copied into a String).
     */
    public static String rte_strerror(final int errnum)
    {
        try
        {
            final MemorySegment text = (MemorySegment)rte_strerror.HANDLE.invokeExact(errnum);
            return text.equals(MemorySegment.NULL) ? "unknown error " + errnum : text.reinterpret(1024).getString(0);
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_lcore_count
    {
        static final MethodHandle HANDLE =
            ShimLibrary.downcall("rte_lcore_count", FunctionDescriptor.of(JAVA_INT));
    }

    /**
     * {@code unsigned int rte_lcore_count(void)}.
     *
     * @return number of lcores EAL runs (from {@code -l}/{@code -c}), not counting registered threads.
     */
    public static int rte_lcore_count()
    {
        try
        {
            return (int)rte_lcore_count.HANDLE.invokeExact();
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_socket_id
    {
        static final MethodHandle HANDLE =
            ShimLibrary.downcall("rte_socket_id", FunctionDescriptor.of(JAVA_INT));
    }

    /**
     * {@code unsigned int rte_socket_id(void)}.
     *
     * @return NUMA socket of the calling thread's lcore.
     */
    public static int rte_socket_id()
    {
        try
        {
            return (int)rte_socket_id.HANDLE.invokeExact();
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }

    private static final class rte_eal_iova_mode
    {
        static final MethodHandle HANDLE = ShimLibrary.downcall(
            "rte_eal_iova_mode", FunctionDescriptor.of(JAVA_INT));
    }

    /**
     * {@code enum rte_iova_mode rte_eal_iova_mode(void)}.
     *
     * @return {@code RTE_IOVA_PA} (1) or {@code RTE_IOVA_VA} (2), the mode EAL chose.
     */
    public static int rte_eal_iova_mode()
    {
        try
        {
            return (int)rte_eal_iova_mode.HANDLE.invokeExact();
        }
        catch (final Throwable t)
        {
            throw new AssertionError(t);
        }
    }
}
