package net.dmmgw.fastpath.table;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import org.agrona.UnsafeApi;

/**
 * Fixed-size off-heap records indexed by id, each guarded by a sequence lock in its first int.
 * <p>
 * The single writer makes the sequence odd, writes the fields and makes it even again with a
 * release store. Readers copy the fields between two reads of the sequence and retry if it was odd
 * or changed, so they never act on a torn record. Word 1 of a record is its "present" flag.
 * <p>
 * <b>Bounded.</b> A reader never waits forever for a writer that stopped inside its section (an
 * exception, a bug): {@link #readBegin} waits at most {@link #BUSY_SPINS} spins for an odd sequence to
 * turn even, then gives the record up as <em>busy</em>: it answers the odd sequence ({@link #isBusy}),
 * and remembers that record at that sequence so that later reads of it are busy at once, without
 * waiting, until the writer moves the sequence on. Readers' retry loops (a copy that a write
 * overlapped) are bounded too ({@link #READ_ATTEMPTS}); each table's read reports a busy record as
 * {@link #BUSY}, which the pipeline counts as a drop ({@code DropReason.TABLE_BUSY}). Writers end their
 * section in a {@code finally} ({@link #endWrite(long, boolean)}), which marks the record absent if its
 * stores did not all complete, so a stuck record is a last resort. A read that finds the sequence even
 * does the work it did before.
 */
public class SeqLockRecords
{
    /** A read's outcome: the record is present (also the present flag's value in memory). */
    public static final int PRESENT = 1;
    /** A read's outcome: no record there (also the present flag's value in memory). */
    public static final int ABSENT = 0;
    /** A read's outcome: the record could not be read consistently within the bounds (writer stuck). */
    public static final int BUSY = -1;
    /**
     * Attempts of a reader's copy-and-validate loop before it reports {@link #BUSY}. An attempt fails only
     * when a write of this very record overlapped the copy (a few loads), so one retry practically always
     * succeeds: with a writer rewriting one tunnel 100 000 times back to back, a reader's copy was refused
     * at most once in a row. The bound is generous, so that only a pathological live writer could reach
     * it, and it still ends the loop. A stuck writer does not go through these attempts:
     * {@link #readBegin} answers busy at once.
     */
    public static final int READ_ATTEMPTS = 1 << 16;
    /**
     * How many {@code onSpinWait}s {@link #readBegin} waits for an odd sequence to turn even before it gives
     * the record up (~0.3 s at this machine's ~36 ns per spin when quiet, seconds when loaded). A live
     * writer's section is a few dozen stores, well under a microsecond, but the writer is a thread of the
     * control side that the OS may deschedule inside its section: with the 2 cores loaded (load average
     * 14-17), a reader of a tunnel that a test rewrote 100 000 times waited up to 0.48 s and 2.0 s (wall
     * clock, its own descheduling included) for a live writer's section to end, about 3 million spins at
     * the ~650 ns per spin it ran at then.
     * A bound of a few thousand spins would declare such a writer stuck and drop packets for nothing. A
     * count of spins rather than a clock, because spins advance only while the reader runs: a GC pause
     * or the reader's own descheduling does not use up the writer's time, and on a loaded host the bound
     * stretches with the load, as the writer's delays do. The wait is paid once per stuck record and
     * sequence: after it, reads of that record are busy at once ({@link #stuck}).
     */
    static final long BUSY_SPINS = 1L << 23;
    /** Spins between two looks at {@link #stuck} while waiting (another reader may have given up). */
    private static final int SPINS_PER_MARK_CHECK = 256;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final long SEQ_OFFSET = 0;
    /** Offset of the present flag (int, 1 = present). */
    protected static final long PRESENT_OFFSET = 4;

    /** The records. */
    protected final MemorySegment segment;
    /** Address of {@link #segment}: readers load through {@code UnsafeApi} at absolute addresses. */
    private final long base;
    /** Octets per record. */
    protected final int recordLength;
    private final int count;
    /**
     * The record given up as busy and its odd sequence ({@link #stuckMark}), 0 for none (a mark's low bit
     * is the odd sequence's: never 0). Written by readers (racy and benign: a lost mark costs one more
     * wait), read only when a sequence is odd, so the common read never touches it. One mark per table
     * suffices: the single writer is inside at most one section.
     */
    private volatile long stuck;
    /** {@link #BUSY_SPINS}; tests set less, so that a stuck record does not cost each test the full wait. */
    private long busySpins = BUSY_SPINS;

    /**
     * @param count        number of records (ids 0..count-1).
     * @param recordLength octets per record, a multiple of 8, at least 8.
     */
    protected SeqLockRecords(final int count, final int recordLength)
    {
        if (count < 1)
        {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        this.count = count;
        this.recordLength = recordLength;
        this.segment = Arena.ofAuto().allocate((long)count * recordLength, 64);
        this.base = segment.address();
    }

    /**
     * @return number of ids.
     */
    public final int capacity()
    {
        return count;
    }

    /**
     * @param id record id.
     * @return whether the id is within capacity.
     */
    public final boolean isValidId(final int id)
    {
        return id >= 0 && id < count;
    }

    /**
     * @param id record id, valid.
     * @return offset of the record.
     */
    protected final long offset(final int id)
    {
        return (long)id * recordLength;
    }

    /**
     * @param offset offset in the records.
     * @return its absolute address (for readers' bulk loads; valid while this object is reachable).
     */
    protected final long address(final long offset)
    {
        return base + offset;
    }

    /**
     * @param offset absolute offset in the records.
     * @return the long there (plain; callers validate with the sequence).
     */
    protected final long longAt(final long offset)
    {
        // Absolute plain load through UnsafeApi: a load through Memory.ALL pays a bounds check against
        // its Long.MAX_VALUE size and an alignment test on every access, which check nothing here.
        // Offsets come from offset(id) of a valid id, and this object (owner of the memory, an
        // automatic arena) is reachable from the tables for as long as a reader can call it. The ~25
        // methods Memory.ALL inlined per load were also enough IR nodes to push the pipeline's burst
        // compilation over C2's inlining cutoff (perf/RESULTS.md, session 5, worker5).
        return UnsafeApi.getLong(base + offset);
    }

    /**
     * @param offset absolute offset in the records.
     * @return the int there (plain; callers validate with the sequence).
     */
    protected final int intAt(final long offset)
    {
        return UnsafeApi.getInt(base + offset);
    }

    /**
     * Writer: start changing a record.
     *
     * @param id record id.
     * @return the record offset.
     */
    protected final long beginWrite(final int id)
    {
        final long offset = offset(id);
        final int seq = segment.get(ValueLayout.JAVA_INT, offset + SEQ_OFFSET);
        INT.setOpaque(segment, offset + SEQ_OFFSET, seq + 1);
        VarHandle.storeStoreFence(); // the odd sequence is visible before any field changes
        return offset;
    }

    /**
     * Writer: publish a changed record.
     *
     * @param offset record offset from {@link #beginWrite}.
     */
    protected final void endWrite(final long offset)
    {
        final int seq = segment.get(ValueLayout.JAVA_INT, offset + SEQ_OFFSET);
        INT.setRelease(segment, offset + SEQ_OFFSET, seq + 1);
    }

    /**
     * Reader: begin a read, waiting (bounded) while a write is in progress.
     *
     * @param offset record offset.
     * @return the even sequence to pass to {@link #readValid}, or an odd one ({@link #isBusy}) if the
     * writer did not end its section within the bound: the record is busy, do not read it.
     */
    protected final int readBegin(final long offset)
    {
        // Acquire: the fields read after this load are not read before it (the seqlock's first half).
        final int seq = UnsafeApi.getIntAcquire(null, base + offset + SEQ_OFFSET);
        // The common case costs what the unbounded spin's first test cost; the wait is out of line.
        return (seq & 1) == 0 ? seq : awaitWriter(offset, seq);
    }

    /**
     * @param seq what {@link #readBegin} (or {@code TunnelTable.readStart}) answered.
     * @return whether it is busy: the writer is stuck in the record's section; no read of it can be valid.
     */
    public static boolean isBusy(final int seq)
    {
        return (seq & 1) != 0;
    }

    /**
     * Reader, the sequence was odd: wait, bounded, for the writer to end its section.
     *
     * @param offset record offset.
     * @param odd    the odd sequence seen.
     * @return an even sequence, or an odd one if the writer did not end its section within
     * {@link #BUSY_SPINS} spins or the record is marked stuck at that sequence.
     */
    private int awaitWriter(final long offset, final int odd)
    {
        int seq = odd;
        if (stuck == stuckMark(offset, seq))
        {
            return seq;
        }
        final long limit = busySpins;
        for (long spins = 1; spins <= limit; spins++)
        {
            Thread.onSpinWait();
            seq = UnsafeApi.getIntAcquire(null, base + offset + SEQ_OFFSET);
            if ((seq & 1) == 0)
            {
                return seq;
            }
            if ((spins & (SPINS_PER_MARK_CHECK - 1)) == 0 && stuck == stuckMark(offset, seq))
            {
                return seq; // another reader gave it up meanwhile
            }
        }
        stuck = stuckMark(offset, seq);
        return seq;
    }

    /**
     * Tests: wait fewer spins than {@link #BUSY_SPINS} before giving a record up.
     *
     * @param spins at least 1.
     */
    final void busySpins(final long spins)
    {
        busySpins = spins;
    }

    /** A record (its offset, a multiple of 8) and an odd sequence in one word. */
    private static long stuckMark(final long offset, final int oddSequence)
    {
        return offset >>> 3 << 32 | oddSequence & 0xFFFF_FFFFL;
    }

    /**
     * Reader: whether the fields read since {@link #readBegin} are consistent.
     *
     * @param offset record offset.
     * @param seq    sequence from {@link #readBegin}.
     * @return true if no write overlapped the read.
     */
    protected final boolean readValid(final long offset, final int seq)
    {
        VarHandle.loadLoadFence(); // field reads complete before the sequence is re-read
        return UnsafeApi.getInt(base + offset + SEQ_OFFSET) == seq;
    }

    /**
     * Writer: mark a record absent; readers see it absent or, before, complete.
     *
     * @param id record id.
     */
    final void clear(final int id)
    {
        final long o = beginWrite(id);
        try
        {
            segment.set(ValueLayout.JAVA_INT, o + PRESENT_OFFSET, 0);
        }
        finally
        {
            endWrite(o);
        }
    }

    /**
     * Writer: end a section in a {@code finally}: a section whose stores did not all complete (an exception
     * between them) marks the record absent first, so that readers see no record rather than a mix of two.
     *
     * @param offset   record offset from {@link #beginWrite}.
     * @param complete whether every store of the section was done.
     */
    protected final void endWrite(final long offset, final boolean complete)
    {
        if (!complete)
        {
            segment.set(ValueLayout.JAVA_INT, offset + PRESENT_OFFSET, 0);
        }
        endWrite(offset);
    }

    /**
     * Writer-side view of the present flag (the writer owns the records).
     *
     * @param id record id.
     * @return whether present.
     */
    public final boolean isPresent(final int id)
    {
        return isValidId(id) && segment.get(ValueLayout.JAVA_INT, offset(id) + PRESENT_OFFSET) == 1;
    }
}
