package net.dmmgw.fastpath.pipeline;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import net.dmmgw.fastpath.counters.CounterTypes;

/**
 * One worker's counters in a shared {@link CountersManager}: per port (rx/tx packets and octets),
 * per drop reason, per punt reason and per action. Only the owning worker writes them, with a
 * plain read and a release store (no contended atomics); readers in other processes see whole
 * 64-bit values.
 * <p>
 * Labels: {@code "w<worker> port <p> rx packets"}, {@code "w<worker> drop: <reason label>"},
 * {@code "w<worker> punt: <reason label>"}, {@code "w<worker> <action label>"}.
 */
public final class WorkerCounters
{
    private static final int RX_PACKETS = 0;
    private static final int RX_BYTES = 1;
    private static final int TX_PACKETS = 2;
    private static final int TX_BYTES = 3;
    private static final String[] PORT_LABELS = {"rx packets", "rx bytes", "tx packets", "tx bytes"};

    private final AtomicBuffer values;
    private final int ports;
    private final int[] portOffsets;
    private final int[] dropOffsets;
    private final int[] puntOffsets;
    private final int[] actionOffsets;

    /**
     * Allocate this worker's counters (setup time, not on a worker thread).
     *
     * @param manager counters manager of the counters file.
     * @param worker  worker number, part of every label.
     * @param ports   number of ports counted (ids 0..ports-1).
     */
    public WorkerCounters(final CountersManager manager, final int worker, final int ports)
    {
        this.values = manager.valuesBuffer();
        this.ports = ports;
        final String prefix = "w" + worker + " ";
        portOffsets = new int[ports * PORT_LABELS.length];
        for (int p = 0; p < ports; p++)
        {
            for (int k = 0; k < PORT_LABELS.length; k++)
            {
                portOffsets[p * PORT_LABELS.length + k] =
                    allocate(manager, prefix + "port " + p + " " + PORT_LABELS[k], CounterTypes.PORT);
            }
        }
        dropOffsets = new int[DropReason.values().length];
        for (final DropReason r : DropReason.values())
        {
            dropOffsets[r.ordinal()] = allocate(manager, prefix + "drop: " + r.label(), CounterTypes.DROP);
        }
        puntOffsets = new int[PuntReason.values().length];
        for (final PuntReason r : PuntReason.values())
        {
            puntOffsets[r.ordinal()] = allocate(manager, prefix + "punt: " + r.label(), CounterTypes.PUNT);
        }
        actionOffsets = new int[Action.values().length];
        for (final Action a : Action.values())
        {
            actionOffsets[a.ordinal()] = allocate(manager, prefix + a.label(), CounterTypes.ACTION);
        }
    }

    /**
     * @return the number of counters a worker with {@code ports} ports allocates.
     * @param ports ports counted.
     */
    public static int countersPerWorker(final int ports)
    {
        return ports * PORT_LABELS.length + DropReason.values().length + PuntReason.values().length
            + Action.values().length;
    }

    void received(final int port, final int octets)
    {
        if (port >= 0 && port < ports)
        {
            increment(portOffsets[port * PORT_LABELS.length + RX_PACKETS], 1);
            increment(portOffsets[port * PORT_LABELS.length + RX_BYTES], octets);
        }
    }

    void transmitted(final int port, final int octets)
    {
        if (port >= 0 && port < ports)
        {
            increment(portOffsets[port * PORT_LABELS.length + TX_PACKETS], 1);
            increment(portOffsets[port * PORT_LABELS.length + TX_BYTES], octets);
        }
    }

    void dropped(final DropReason reason)
    {
        increment(dropOffsets[reason.ordinal()], 1);
    }

    void punted(final PuntReason reason)
    {
        increment(puntOffsets[reason.ordinal()], 1);
    }

    void counted(final Action action)
    {
        increment(actionOffsets[action.ordinal()], 1);
    }

    /**
     * @param reason drop reason.
     * @return current value.
     */
    public long drops(final DropReason reason)
    {
        return values.getLongVolatile(dropOffsets[reason.ordinal()]);
    }

    /**
     * @param reason punt reason.
     * @return current value.
     */
    public long punts(final PuntReason reason)
    {
        return values.getLongVolatile(puntOffsets[reason.ordinal()]);
    }

    /**
     * @param action action.
     * @return current value.
     */
    public long actions(final Action action)
    {
        return values.getLongVolatile(actionOffsets[action.ordinal()]);
    }

    /**
     * @param port port id.
     * @return packets received on it.
     */
    public long rxPackets(final int port)
    {
        return values.getLongVolatile(portOffsets[port * PORT_LABELS.length + RX_PACKETS]);
    }

    /**
     * @param port port id.
     * @return packets transmitted on it.
     */
    public long txPackets(final int port)
    {
        return values.getLongVolatile(portOffsets[port * PORT_LABELS.length + TX_PACKETS]);
    }

    private void increment(final int offset, final long delta)
    {
        // Single writer: plain read plus release store is exact and never contends.
        values.putLongRelease(offset, values.getLong(offset) + delta);
    }

    private static int allocate(final CountersManager manager, final String label, final int type)
    {
        return CountersReader.counterOffset(manager.allocate(label, type));
    }
}
