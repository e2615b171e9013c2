package net.dmmgw.fastpath.table;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Logical MACs of the DLIFs (RFC 8885 §3.6: one logical interface per mobile node and anchoring
 * MAAR) by slot, the number a {@link Route#deliver(int, int) DELIVER route} names so that a packet
 * delivered for an anchored prefix is sourced from that anchor's logical MAC with one array read.
 * <p>
 * Single writer (the state applier through {@link FastPathTables}), many readers: a MAC is written
 * with release semantics before any route names its slot, and read with acquire semantics.
 * Slot 0 means "no DLIF" and is never used.
 * <p>
 * Slots are handed out by the table ({@link FastPathTables#allocateDlifSlot()}): a removed slot is
 * reused only after the readers' grace period ({@link ReaderEpochs}, as {@link ExactMatchTable} does
 * with its slots), so a worker that loaded a DELIVER route naming the slot just before its DLIF went
 * never reads another node's logical MAC under it in the same burst: it reads the old MAC or 0 (the
 * port's own MAC).
 */
public final class DlifTable
{
    /** Slot value of a DELIVER route without a DLIF. */
    public static final int NONE = 0;
    /** Slots usable by DLIFs: 1 .. CAPACITY - 1 (the slot travels in 16 bits of a route). */
    public static final int CAPACITY = 4096;

    private static final VarHandle MACS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] macs = new long[CAPACITY];
    private final ReaderEpochs readers;
    /** Free slots, a stack: the lowest on top at first. */
    private final int[] free = new int[CAPACITY - 1];
    private int freeCount;
    /** Removed slots waiting for their grace period, a ring in removal (hence epoch) order. */
    private final int[] limbo = new int[CAPACITY - 1];
    private final long[] limboEpochs = new long[CAPACITY - 1];
    private int limboHead;
    private int limboCount;

    DlifTable(final ReaderEpochs readers)
    {
        this.readers = readers;
        for (int slot = CAPACITY - 1; slot > NONE; slot--)
        {
            free[freeCount++] = slot;
        }
    }

    /**
     * @param slot a slot number.
     * @return true for 1 .. {@link #CAPACITY} - 1.
     */
    public static boolean isValidSlot(final int slot)
    {
        return slot > NONE && slot < CAPACITY;
    }

    /**
     * Reader: the logical MAC of a slot.
     *
     * @param slot valid slot.
     * @return MAC in the low 48 bits, 0 when the slot is free.
     */
    public long mac(final int slot)
    {
        return (long)MACS.getAcquire(macs, slot);
    }

    /**
     * @param slot valid slot.
     * @return true when a DLIF occupies it.
     */
    public boolean isPresent(final int slot)
    {
        return mac(slot) != 0;
    }

    void write(final int slot, final long mac)
    {
        MACS.setRelease(macs, slot, mac);
    }

    /**
     * Writer: a free slot, the slots removed longest ago first made reusable if their grace period is over.
     *
     * @return the slot, or {@link #NONE} when every slot is in use or still in its grace period.
     */
    int allocate()
    {
        reclaim();
        return freeCount == 0 ? NONE : free[--freeCount];
    }

    /** Writer: a slot {@link #allocate} gave that no route ever named (its DLIF was refused) goes back at once. */
    void unallocate(final int slot)
    {
        free[freeCount++] = slot;
    }

    /**
     * Writer: the slot's MAC is cleared (after every route naming it was rewritten) and the slot waits until every
     * reader has left the burst it may be in before {@link #allocate} hands it out again.
     */
    void retire(final int slot)
    {
        write(slot, 0);
        final int tail = (limboHead + limboCount) % limbo.length;
        limbo[tail] = slot;
        limboEpochs[tail] = readers.current();
        limboCount++;
        readers.advance();
    }

    /** @return slots removed whose grace period has not been seen to end yet (writer side, for tests). */
    public int retiredSlots()
    {
        return limboCount;
    }

    private void reclaim()
    {
        if (limboCount == 0)
        {
            return;
        }
        final long oldest = readers.oldestActive();
        while (limboCount > 0 && limboEpochs[limboHead] < oldest)
        {
            free[freeCount++] = limbo[limboHead];
            limboHead = (limboHead + 1) % limbo.length;
            limboCount--;
        }
    }
}
