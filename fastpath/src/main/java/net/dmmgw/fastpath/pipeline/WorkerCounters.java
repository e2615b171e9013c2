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
 * Per-packet increments go to plain fields while consecutive packets share the ingress port, the
 * egress port and the drop reason / punt reason / action (one field increment each), then to a
 * private pending array, and reach the shared buffer at {@link #publish()}, which the pipeline calls at the end of each
 * {@link Pipeline#process} and the data-plane worker once per burst; so readers elsewhere lag by
 * at most one burst, and only counters that changed are written.
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
    /** Buffer offset of each counter, by slot: ports, then drops, punts, actions. */
    private final int[] slotOffsets;
    private final long[] pending;
    /** Slots with a non-zero pending delta, each listed once. */
    private final int[] dirty;
    private int dirtyCount;
    /*
     * Runs: the packets of a burst mostly share their ingress port, egress port and action, so those are
     * counted in plain fields and moved to the pending array when the port or counter changes and at publish.
     */
    private int rxPort = -1;
    private long rxPackets;
    private long rxOctets;
    private int txPort = -1;
    private long txPackets;
    private long txOctets;
    private int runSlot = -1;
    private long runCount;
    private final int dropBase;
    private final int puntBase;
    private final int actionBase;

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
        dropBase = portOffsets.length;
        puntBase = dropBase + dropOffsets.length;
        actionBase = puntBase + puntOffsets.length;
        slotOffsets = new int[actionBase + actionOffsets.length];
        System.arraycopy(portOffsets, 0, slotOffsets, 0, portOffsets.length);
        System.arraycopy(dropOffsets, 0, slotOffsets, dropBase, dropOffsets.length);
        System.arraycopy(puntOffsets, 0, slotOffsets, puntBase, puntOffsets.length);
        System.arraycopy(actionOffsets, 0, slotOffsets, actionBase, actionOffsets.length);
        pending = new long[slotOffsets.length];
        dirty = new int[slotOffsets.length];
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
        received(port, 1, octets);
    }

    /**
     * {@code packets} received on {@code port} with {@code octets} in all (a run of a burst counted by the
     * caller); nothing when {@code packets} is 0, whatever the port.
     */
    void received(final int port, final long packets, final long octets)
    {
        if (packets > 0)
        {
            if (port != rxPort)
            {
                switchRxPort(port);
            }
            rxPackets += packets;
            rxOctets += octets;
        }
    }

    /**
     * {@code packets} transmitted on {@code port} with {@code octets} in all (a run of a burst counted by the
     * caller); nothing when {@code packets} is 0, whatever the port.
     */
    void transmitted(final int port, final long packets, final long octets)
    {
        if (packets > 0)
        {
            if (port != txPort)
            {
                switchTxPort(port);
            }
            txPackets += packets;
            txOctets += octets;
        }
    }

    void transmitted(final int port, final int octets)
    {
        transmitted(port, 1, octets);
    }

    void dropped(final DropReason reason)
    {
        count(dropBase + reason.ordinal());
    }

    void punted(final PuntReason reason)
    {
        count(puntBase + reason.ordinal());
    }

    void counted(final Action action)
    {
        count(actionBase + action.ordinal());
    }

    /** {@code events} more of {@code action} (a run of a burst counted by the caller); nothing when 0. */
    void counted(final Action action, final long events)
    {
        if (events > 0)
        {
            count(actionBase + action.ordinal(), events);
        }
    }

    /** One more event of {@code slot}; a run of the same slot (most packets of a burst) is one field increment. */
    private void count(final int slot)
    {
        count(slot, 1);
    }

    private void count(final int slot, final long events)
    {
        if (slot != runSlot)
        {
            switchRunSlot(slot);
        }
        runCount += events;
    }

    private void switchRxPort(final int port)
    {
        flushPort(rxPort, RX_PACKETS, RX_BYTES, rxPackets, rxOctets);
        rxPort = port;
        rxPackets = 0;
        rxOctets = 0;
    }

    private void switchTxPort(final int port)
    {
        flushPort(txPort, TX_PACKETS, TX_BYTES, txPackets, txOctets);
        txPort = port;
        txPackets = 0;
        txOctets = 0;
    }

    private void switchRunSlot(final int slot)
    {
        if (runSlot >= 0)
        {
            add(runSlot, runCount);
        }
        runSlot = slot;
        runCount = 0;
    }

    private void flushPort(final int port, final int packetsKind, final int octetsKind, final long packets, final long octets)
    {
        if (port >= 0 && port < ports)
        {
            add(port * PORT_LABELS.length + packetsKind, packets);
            add(port * PORT_LABELS.length + octetsKind, octets);
        }
    }

    /**
     * Add the pending increments to the shared counters (owning worker only). Cost is one
     * read-modify-write per counter that changed since the last call.
     */
    public void publish()
    {
        switchRxPort(rxPort);
        switchTxPort(txPort);
        switchRunSlot(runSlot);
        final int n = dirtyCount;
        for (int i = 0; i < n; i++)
        {
            final int slot = dirty[i];
            final int offset = slotOffsets[slot];
            // Single writer: plain read plus release store is exact and never contends.
            values.putLongRelease(offset, values.getLong(offset) + pending[slot]);
            pending[slot] = 0;
        }
        dirtyCount = 0;
    }

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

    private void add(final int slot, final long delta)
    {
        final long before = pending[slot];
        if (delta > 0) // deltas are counts and octets; a pending value therefore never returns to 0
        {
            if (before == 0)
            {
                dirty[dirtyCount++] = slot; // first change since publish: listed once
            }
            pending[slot] = before + delta;
        }
    }

    private static int allocate(final CountersManager manager, final String label, final int type)
    {
        return CountersReader.counterOffset(manager.allocate(label, type));
    }
}
