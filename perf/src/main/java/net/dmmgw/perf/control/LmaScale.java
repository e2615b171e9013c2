package net.dmmgw.perf.control;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Scale of the LMA's state: attaches N bindings (default 1 000 000, HI = 1, one /64 each from a /40 pool) with the
 * journal on, reports heap per binding (used heap after full GCs, minus the empty LMA's), journal size, attach
 * rate, then drops the LMA without closing the journal (a crash), starts a new one on the same journal and reports
 * the replay time ({@code start()}: journal read, BCEs rebuilt, pool reserved, timers armed, and the data-plane
 * snapshot sent to the acking stub). Run: {@code java <chronicle flags> -cp perf/target/benchmarks.jar
 * net.dmmgw.perf.control.LmaScale [bindings]}.
 */
public final class LmaScale
{
    private LmaScale()
    {
    }

    private static long usedHeap(final MemoryMXBean memory) throws InterruptedException
    {
        for (int i = 0; i < 3; i++)
        {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /**
     * @param args optional number of bindings.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        final LmaFixture f = new LmaFixture("2001:db8::/40", Long.MAX_VALUE);
        final byte[] scratch = new byte[16];
        final byte[][] nais = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            nais[i] = LmaFixture.nai(i);
        }
        final long before = usedHeap(memory);
        final long t0 = System.nanoTime();
        for (int i = 0; i < n; i++)
        {
            f.transact(LmaFixture.MAG1, f.encode(LmaFixture.MAG1, nais[i], 0, 1, 0, scratch));
        }
        final long attachNs = System.nanoTime() - t0;
        if (f.lma.cache().size() != n)
        {
            throw new IllegalStateException("attached " + f.lma.cache().size() + " of " + n);
        }
        final long after = usedHeap(memory);
        System.out.printf("bindings %d, attach %.2f s (%.0f PBU->PBA/s incl. encode), heap %.1f MiB, %.0f B/binding%n",
            n, attachNs / 1e9, n / (attachNs / 1e9), (after - before) / 1048576.0, (after - before) / (double)n);
        System.out.printf("journal on disk %.1f MiB (%d records)%n",
            LmaFixture.directoryBytes(f.dir) / 1048576.0, f.journal.records());

        // Crash: the first LMA and its journal are dropped unclosed; a new process state opens the same files.
        final net.dmmgw.control.journal.BindingJournal crashed = f.journal;
        f.lma = null;
        usedHeap(memory);
        final long r0 = System.nanoTime();
        final int restored = f.start();
        final long replayNs = System.nanoTime() - r0;
        System.out.printf("replay of %d bindings: %.2f s (restored %d, data-plane calls %d)%n",
            n, replayNs / 1e9, restored, f.dataPlane.calls());
        if (restored != n)
        {
            throw new IllegalStateException("restored " + restored);
        }
        crashed.close();
        f.delete();
    }
}
