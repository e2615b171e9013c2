package net.dmmgw.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import net.dmmgw.dpdk.raw.DmmgwShim;
import net.dmmgw.dpdk.raw.Libc;
import net.dmmgw.dpdk.raw.RteEal;

/**
 * The calling thread as a DPDK lcore: registration and CPU pinning.
 *
 * <p>A Java thread is not an EAL lcore. Without {@link #registerCurrentThread()} its
 * {@code rte_lcore_id()} is LCORE_ID_ANY, so mempool operations bypass the per-lcore cache
 * (measured ~20 % slower). Register each packet worker once at start, pin it, and unregister it
 * before it ends.
 */
public final class Lcore
{
    /** {@code LCORE_ID_ANY}: the lcore id of a thread EAL does not know. */
    public static final int LCORE_ID_ANY = -1;

    private Lcore()
    {
    }

    /**
     * {@code rte_thread_register}: gives the calling thread an lcore id.
     *
     * @return the new lcore id.
     * @throws DpdkException when EAL is not running or no lcore id is free.
     */
    public static int registerCurrentThread()
    {
        Eal.requireRunning("rte_thread_register");
        if (RteEal.rte_thread_register() != 0)
        {
            final int errno = DmmgwShim.dmmgw_errno();
            throw new DpdkException("rte_thread_register", -errno, RteEal.rte_strerror(errno),
                "thread " + Thread.currentThread().getName());
        }
        return currentId();
    }

    /** {@code rte_thread_unregister}: releases the calling thread's lcore id (no-op if it has none). */
    public static void unregisterCurrentThread()
    {
        if (Eal.isRunning())
        {
            RteEal.rte_thread_unregister();
        }
    }

    /** @return the calling thread's lcore id, or {@link #LCORE_ID_ANY}. */
    public static int currentId()
    {
        return DmmgwShim.dmmgw_lcore_id();
    }

    /**
     * Pins the calling thread to one CPU ({@code rte_thread_set_affinity}, which also records the
     * CPU set in the thread's EAL state).
     *
     * @param cpu CPU index.
     * @throws DpdkException when EAL is not running, or the CPU is invalid or not allowed.
     */
    public static void pinCurrentThread(final int cpu)
    {
        Eal.requireRunning("rte_thread_set_affinity");
        final int rc = DmmgwShim.dmmgw_set_affinity(cpu);
        if (rc != 0)
        {
            throw new DpdkException("rte_thread_set_affinity", rc < -1 ? rc : -Errno.EINVAL,
                "cannot pin to CPU " + cpu + " (" + Runtime.getRuntime().availableProcessors()
                    + " CPUs available to this JVM)", "thread " + Thread.currentThread().getName());
        }
    }

    /** @return the CPU the calling thread runs on now ({@code sched_getcpu}). */
    public static int currentCpu()
    {
        return Libc.sched_getcpu();
    }

    /**
     * @param arena where the mask lives.
     * @return the calling thread's CPU mask ({@code sched_getaffinity}), or NULL if it cannot be read.
     */
    static MemorySegment saveAffinity(final Arena arena)
    {
        final MemorySegment mask = arena.allocate(Libc.CPU_SET_SIZE);
        return Libc.sched_getaffinity(0, mask.byteSize(), mask) == 0 ? mask : MemorySegment.NULL;
    }

    /** @param mask a mask from {@link #saveAffinity}; NULL does nothing. */
    static void restoreAffinity(final MemorySegment mask)
    {
        if (!mask.equals(MemorySegment.NULL))
        {
            Libc.sched_setaffinity(0, mask.byteSize(), mask);
        }
    }
}
