package net.dmmgw.control.transport;

import java.lang.management.ManagementFactory;

/**
 * Measures what an operation allocates once the JIT compiled it: windows of {@code window} calls on this thread
 * (thread allocation counter) until one allocates less than one byte per call, {@code maxWindows} at most — in a
 * busy suite on two shared cores compilation can take a few windows.
 */
final class SteadyStateAllocation
{
    private SteadyStateAllocation()
    {
    }

    /** One call of the measured operation; must not allocate itself (a field-holding object, not a capturing lambda per call). */
    @FunctionalInterface
    interface Operation
    {
        void run(int i);
    }

    /** @return the bytes each window allocated, the last one being the steady state ("2294352 226024 0"). */
    static long[] measure(final int window, final int maxWindows, final Operation operation)
    {
        final var threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long[] history = new long[maxWindows];
        int call = 0;
        for (int w = 0; w < maxWindows; w++)
        {
            final long start = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < window; i++)
            {
                operation.run(call++);
            }
            history[w] = threads.getCurrentThreadAllocatedBytes() - start;
            if (history[w] < window)
            {
                return java.util.Arrays.copyOf(history, w + 1);
            }
        }
        return history;
    }
}
