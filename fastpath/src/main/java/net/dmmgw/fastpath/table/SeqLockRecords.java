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
 */
public class SeqLockRecords
{
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
     * Reader: begin a read, spinning while a write is in progress.
     *
     * @param offset record offset.
     * @return the even sequence to pass to {@link #readValid}.
     */
    protected final int readBegin(final long offset)
    {
        int seq;
        // Acquire: the fields read after this load are not read before it (the seqlock's first half).
        while (((seq = UnsafeApi.getIntAcquire(null, base + offset + SEQ_OFFSET)) & 1) != 0)
        {
            Thread.onSpinWait();
        }
        return seq;
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
        segment.set(ValueLayout.JAVA_INT, o + PRESENT_OFFSET, 0);
        endWrite(o);
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
