package net.dmmgw.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import net.dmmgw.dpdk.raw.DmmgwShim;
import net.dmmgw.dpdk.raw.Libc;
import net.dmmgw.dpdk.raw.RteEal;

@ExtendWith(DpdkEnvironment.class)
class EalTest
{
    @Test
    void shouldRefuseSecondInitWithClearMessage()
    {
        assertTrue(Eal.isRunning());
        final DpdkException ex = assertThrows(DpdkException.class,
            () -> Eal.init(List.of("--no-huge", "--file-prefix=other")));
        assertEquals("rte_eal_init", ex.function());
        assertEquals(-114, ex.returnCode());
        assertTrue(ex.getMessage().contains("already initialised"), ex.getMessage());
        assertTrue(ex.getMessage().contains(DpdkEnvironment.FILE_PREFIX), ex.getMessage());
        assertTrue(Eal.isRunning(), "a refused init must not disturb the running EAL");
    }

    @Test
    void shouldSeeDpdksOwnEalreadyThroughRteErrno()
    {
        // Bypass the Java guard: DPDK itself must refuse, and rte_errno (TLS) must reach Java through the shim.
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment argv = arena.allocate(16);
            argv.set(java.lang.foreign.ValueLayout.ADDRESS, 0, arena.allocateFrom("again"));
            assertEquals(-1, RteEal.rte_eal_init(1, argv));
        }
        assertEquals(114, DmmgwShim.dmmgw_errno(), "EALREADY");
        assertTrue(RteEal.rte_strerror(114).toLowerCase().contains("already"), RteEal.rte_strerror(114));
    }

    @Test
    @Timeout(30)
    void shouldRegisterAJavaThreadAsLcoreAndUnregisterIt() throws Exception
    {
        final int[] ids = onNewThread("lcore-test", () ->
        {
            final int before = Lcore.currentId();
            final int id = Lcore.registerCurrentThread();
            final int during = Lcore.currentId();
            Lcore.unregisterCurrentThread();
            return new int[] {before, id, during, Lcore.currentId()};
        });
        assertEquals(Lcore.LCORE_ID_ANY, ids[0], "a plain Java thread is not an lcore");
        assertTrue(ids[1] > 0 && ids[1] < 128, "registered id " + ids[1] + " (0 is the main lcore)");
        assertEquals(ids[1], ids[2]);
        assertEquals(Lcore.LCORE_ID_ANY, ids[3], "unregistered again");
    }

    @Test
    @Timeout(30)
    void shouldPinTheCallingThreadToOneCpu() throws Exception
    {
        final int cpu = Runtime.getRuntime().availableProcessors() - 1;
        final Object[] r = onNewThread("pin-test", () ->
        {
            Lcore.pinCurrentThread(cpu);
            int seen = -1;
            for (int i = 0; i < 1000; i++)
            {
                seen = Lcore.currentCpu();
                Thread.yield();
                if (seen != cpu)
                {
                    break;
                }
            }
            final DpdkException bad = assertThrows(DpdkException.class, () -> Lcore.pinCurrentThread(100_000));
            return new Object[] {seen, bad};
        });
        assertEquals(cpu, r[0], "thread ran on another CPU after pinning");
        final DpdkException bad = (DpdkException)r[1];
        assertEquals("rte_thread_set_affinity", bad.function());
        assertTrue(bad.getMessage().contains("CPU 100000"), bad.getMessage());
    }

    @Test
    void shouldLeaveTheInitialisingThreadUnpinned()
    {
        // rte_eal_init pins its caller to the main lcore's CPU; Eal.init gives the caller its mask back.
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment mask = Lcore.saveAffinity(arena);
            assertNotEquals(MemorySegment.NULL, mask);
            int cpus = 0;
            for (int i = 0; i < Libc.CPU_SET_SIZE; i++)
            {
                cpus += Integer.bitCount(mask.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) & 0xFF);
            }
            assertEquals(Runtime.getRuntime().availableProcessors(), cpus);
        }
    }

    /** Runs {@code task} on a fresh platform thread (its lcore and CPU state are its own) and returns its result. */
    private static <T> T onNewThread(final String name, final Callable<T> task) throws Exception
    {
        final AtomicReference<T> result = new AtomicReference<>();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final Thread thread = new Thread(() ->
        {
            try
            {
                result.set(task.call());
            }
            catch (final Exception | AssertionError ex)
            {
                failure.set(ex instanceof Exception e ? e : new Exception(ex));
            }
        }, name);
        thread.start();
        thread.join();
        if (failure.get() != null)
        {
            throw failure.get();
        }
        return result.get();
    }
}
