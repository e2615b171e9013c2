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
 */
public final class DlifTable
{
    /** Slot value of a DELIVER route without a DLIF. */
    public static final int NONE = 0;
    /** Slots usable by DLIFs: 1 .. CAPACITY - 1 (the slot travels in 16 bits of a route). */
    public static final int CAPACITY = 4096;

    private static final VarHandle MACS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] macs = new long[CAPACITY];

    DlifTable()
    {
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
}
