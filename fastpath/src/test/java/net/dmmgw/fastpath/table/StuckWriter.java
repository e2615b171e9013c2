package net.dmmgw.fastpath.table;

/**
 * Test-only: a table writer that stops inside a record's section (begins a write and does not end it), as a
 * writer would after a bug, and one that ends it later. Through the package-private access to
 * {@link SeqLockRecords#beginWrite} / {@link SeqLockRecords#endWrite}; production code has no such call.
 */
public final class StuckWriter
{
    private StuckWriter()
    {
    }

    /**
     * @param records a record table.
     * @param id      a valid id.
     * @return the record's offset, for {@link #end}; its sequence is odd until then.
     */
    public static long begin(final SeqLockRecords records, final int id)
    {
        return records.beginWrite(id);
    }

    /**
     * Let readers of a table give a stuck record up after fewer spins than {@link SeqLockRecords#BUSY_SPINS},
     * so that a test does not wait the full bound for each stuck record.
     *
     * @param records a record table.
     * @param spins   spins a reader waits for a section to end.
     */
    public static void bound(final SeqLockRecords records, final long spins)
    {
        records.busySpins(spins);
    }

    /**
     * @param records the table given to {@link #begin}.
     * @param offset  what {@link #begin} returned.
     */
    public static void end(final SeqLockRecords records, final long offset)
    {
        records.endWrite(offset);
    }
}
