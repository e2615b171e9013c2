package net.dmmgw.fastpath.dataplane;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * What the worker loop itself counts, next to the pipeline's {@code WorkerCounters} in the same
 * counters file: packets the pipeline passed but the loop could not send. Labels
 * {@code "w<worker> loop: <what>"}. Single writer (the worker): plain read plus release store.
 */
public final class LoopCounters
{
    /** Type id of these counters in the counters file. */
    public static final int TYPE = 20;

    /** The loop's counters. */
    public enum Kind
    {
        /** tx_burst did not take them (device queue full): freed. */
        TX_FULL("tx full"),
        /** An ICMPv6 error could not be sent: no mbuf free in the pool. */
        NO_MBUF("no mbuf for generated"),
        /** The verdict named a port this process has no tx queue on (not configured). */
        BAD_EGRESS("bad egress port"),
        /** Received as a multi-segment mbuf (the pipeline handles contiguous frames only). */
        MULTI_SEGMENT("multi-segment rx"),
        /** Rx bursts that returned at least one packet. */
        BURSTS("rx bursts"),
        /** Frames from the control plane's inject queue queued for transmission. */
        INJECTED("injected"),
        /** Injected frames not sent: unknown port, no mbuf, or longer than an mbuf. */
        INJECT_FAILED("inject failed");

        private final String label;

        Kind(final String label)
        {
            this.label = label;
        }

        /** @return the label after {@code "w<n> loop: "}. */
        public String label()
        {
            return label;
        }
    }

    private static final Kind[] KINDS = Kind.values();

    private final AtomicBuffer values;
    private final int[] offsets = new int[KINDS.length];

    /**
     * Allocate (setup time).
     *
     * @param manager counters manager.
     * @param worker  worker number.
     */
    public LoopCounters(final CountersManager manager, final int worker)
    {
        values = manager.valuesBuffer();
        for (final Kind k : KINDS)
        {
            offsets[k.ordinal()] = CountersReader.counterOffset(
                manager.allocate("w" + worker + " loop: " + k.label(), TYPE));
        }
    }

    /** @return counters allocated per worker. */
    public static int countersPerWorker()
    {
        return KINDS.length;
    }

    void add(final Kind kind, final long delta)
    {
        final int offset = offsets[kind.ordinal()];
        values.putLongRelease(offset, values.getLong(offset) + delta);
    }

    /**
     * @param kind which.
     * @return current value.
     */
    public long get(final Kind kind)
    {
        return values.getLongVolatile(offsets[kind.ordinal()]);
    }
}
