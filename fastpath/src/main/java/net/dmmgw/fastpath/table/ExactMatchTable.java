package net.dmmgw.fastpath.table;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.nio.ByteOrder;

import org.agrona.UnsafeApi;
import org.agrona.collections.LongArrayList;

import net.dmmgw.fastpath.mem.Memory;
import net.dmmgw.fastpath.mem.OffHeap;

/**
 * Off-heap open-addressing hash table from a 128-bit key plus a small tag to a non-negative long.
 * <p>
 * Single writer, many lock-free readers. Each 32-octet slot is {@code state|tag (int), aux (int),
 * key hi, key lo, value}; {@code aux} is reserved (written 0). A key is written while its slot is
 * EMPTY or FREE (no reader can be reading it) and becomes visible by a release store of the state,
 * so a reader that sees FULL (acquire) sees the complete key; the value is a single aligned 64-bit
 * release store, so readers see the old or the new value, never a mix.
 * <p>
 * Removed slots are reused in place, but only after a grace period: a remove turns FULL into
 * DELETED (readers skip it) and stamps the slot with the {@link ReaderEpochs} epoch; once every
 * registered reader has left the read section (burst) it was in, the slot becomes FREE (reusable
 * by an insert on its probe path) or, when the next slot is EMPTY so that no probe sequence runs
 * through it, EMPTY again (with the FREE slots before it). A reader can therefore never see a
 * recycled slot's new key or value under the state it read for the old one, and a table under
 * add/remove churn keeps its slots instead of filling with tombstones. Only when reclamation is
 * held back for long (a reader stuck in a burst) do tombstones fill the storage up to the load
 * limit; then the table is rebuilt into fresh storage published with a volatile store (readers
 * still on the old storage see the state from before; its memory, {@link OffHeap}, is freed by
 * the GC only when no reader references it). Readers that are not registered are protected by
 * neither: they may get a wrong answer during a race with reuse, never a crash.
 * <p>
 * The table also keeps a 1024-bit presence filter (one bit per hash class of keys, from one
 * multiply; set before a key is published, cleared after the last key of its class is removed,
 * from a writer-side count per bit), so that {@link #getSparse} answers most misses without
 * hashing or touching a slot: for small tables that most lookups miss (the local addresses,
 * checked for every packet). The filter is the table's, not a storage's (a rebuild moves the same
 * keys, so the bits stay as they are), and lives off-heap at a fixed address: a miss is one load
 * from the table's own field and one from the filter, without the storage snapshot, the array
 * reference and its bounds check.
 * <p>
 * Keys are placed by {@link #hash} (multiplicative), or, for a table constructed with {@code foldedHash}
 * (keys the node's configuration chooses), by the multiply-free {@link #foldedHash} until an insert walks
 * past {@link #MAX_FOLDED_RUN} slots. A lookup walks at most {@link Storage#maxWalk} slots past the first.
 * <p>
 * Readers load slots by absolute address through Agrona's {@code UnsafeApi} (the state and the
 * value with acquire, the key plain), instead of through the storage's own segment or
 * {@code Memory.ALL} (a bounds check against {@code Long.MAX_VALUE} and an alignment test per load,
 * which check nothing here; as for packet fields in {@link Memory}); a reader keeps its storage
 * snapshot reachable until its last load ({@link Reference#reachabilityFence}), so the memory
 * cannot be released under it.
 */
public final class ExactMatchTable
{
    /** Returned by {@link #get} when the key is absent. */
    public static final long MISSING = -1L;
    /** Largest tag value. */
    public static final int MAX_TAG = (1 << 24) - 1;

    static final int SLOT_LENGTH = 32;
    private static final int STATE_OFFSET = 0;
    private static final int AUX_OFFSET = 4;
    private static final int HI_OFFSET = 8;
    private static final int LO_OFFSET = 16;
    private static final int VALUE_OFFSET = 24;
    private static final int EMPTY = 0;
    private static final int FULL = 1 << 24;
    private static final int DELETED = 2 << 24;
    /** A removed slot past its grace period: readers skip it, an insert may take it. */
    private static final int FREE = 3 << 24;
    /** Deleted slots waiting for readers before the writer tries to reclaim them. */
    private static final int RECLAIM_BATCH = 16;
    private static final int STATE_MASK = 0xFF << 24;
    /** Longest probe run an insert may meet under {@link #foldedHash} before the table changes hash. */
    static final int MAX_FOLDED_RUN = 24;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final int FILTER_BITS_LOG2 = 10;
    private static final boolean NATIVE_BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    private final int maxEntries;
    private final int slots;
    /** The presence filter: 2^{@link #FILTER_BITS_LOG2} bits in 64-bit words, off-heap. */
    private final MemorySegment filter;
    /** Address of {@link #filter}, for reader loads at an absolute address. */
    private final long filterAddress;
    /** Writer side: live keys per filter bit, so a bit is cleared with the last of its keys. */
    private final int[] filterCounts = new int[1 << FILTER_BITS_LOG2];
    private volatile Storage storage;
    private int liveEntries;

    // Writer side only: removed slots of the current storage in their grace period, oldest first.
    private final ReaderEpochs readers;
    private final LongArrayList limboSlots = new LongArrayList();
    private final LongArrayList limboEpochs = new LongArrayList();
    private int limboHead;
    private int rebuilds;

    /** One generation of slots; readers take a snapshot and use it for a whole lookup. */
    static final class Storage
    {
        final MemorySegment segment;
        final long mask;
        /** Address of {@link #segment}, for reader loads at absolute addresses. */
        final long base;
        /** Whether keys are placed by {@link #foldedHash} (else {@link #hash}). */
        final boolean folded;
        /** Writer side: slots that are not EMPTY (FULL, DELETED or FREE). */
        int usedSlots;
        /**
         * Most slots any key of this storage was placed past its first slot (only grows): a lookup stops
         * there, so that a miss does not walk a run of keys placed at their own first slots. Written with
         * release before the key it allows is published, read with acquire.
         */
        volatile long maxWalk;

        Storage(final int slots, final boolean folded)
        {
            segment = OffHeap.allocate((long)slots * SLOT_LENGTH);
            mask = slots - 1;
            base = segment.address();
            this.folded = folded;
        }

        /** @return the first slot of a key's probe sequence (readers: {@link ExactMatchTable#probe}). */
        long firstSlot(final long hi, final long lo, final int tag)
        {
            return (folded ? foldedHash(hi, lo, tag) : hash(hi, lo, tag)) & mask;
        }

        /**
         * {@link #firstSlot} for the writer's own walks (insert, remove, {@link ExactMatchTable#find}): the same
         * slot through other bytecode. C2 compiles the packet path's probes with the branch profile of the
         * methods they share; when the writer's bulk loads went through them too (an LPM's rules table: a
         * million inserts, nearly all lookups missing, all by {@link #hash}), the peer probe of decapsulation
         * was compiled as cold calls (perf/RESULTS.md, session 9 lead).
         */
        long writerFirstSlot(final long hi, final long lo, final int tag)
        {
            return (folded ? foldedHash(hi, lo, tag) : hash(hi, lo, tag)) & mask;
        }
    }

    /**
     * A table with its own reader registry: for a table only its writer reads, or whose readers
     * register with {@link #readers()}.
     *
     * @param maxEntries number of live entries the table must hold; the storage is sized for a load
     *                   factor of at most one half when full.
     */
    public ExactMatchTable(final int maxEntries)
    {
        this(maxEntries, new ReaderEpochs(), false);
    }

    /**
     * @param maxEntries number of live entries the table must hold; the storage is sized for a load
     *                   factor of at most one half when full.
     * @param readers    the registry of the readers (workers) that look this table up: a removed
     *                   slot is reused only after each of them has left the burst it was in.
     * @param foldedHash whether keys are placed by the multiply-free {@link #foldedHash} (for keys the
     *                   node's configuration chooses: its own addresses, its tunnels' peers) until an
     *                   insert meets a probe run longer than {@value #MAX_FOLDED_RUN} slots; then, and
     *                   for tables given false, by the multiplicative {@link #hash}.
     */
    public ExactMatchTable(final int maxEntries, final ReaderEpochs readers, final boolean foldedHash)
    {
        if (maxEntries < 1 || maxEntries > (1 << 28))
        {
            throw new IllegalArgumentException("maxEntries must be in 1..2^28: " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.slots = Integer.highestOneBit(maxEntries) << 2;
        this.storage = new Storage(slots, foldedHash);
        this.filter = OffHeap.allocate(1L << (FILTER_BITS_LOG2 - 3));
        this.filterAddress = filter.address();
        this.readers = readers;
    }

    /**
     * @return the reader registry that guards slot reuse.
     */
    public ReaderEpochs readers()
    {
        return readers;
    }

    /**
     * @return times the storage was replaced because removed slots could not be reclaimed in time
     * (writer thread view; 0 under churn while readers pass burst boundaries).
     */
    int rebuilds()
    {
        return rebuilds;
    }

    /**
     * @return whether the current storage places keys by {@link #foldedHash} (writer thread view).
     */
    boolean foldedHash()
    {
        return storage.folded;
    }

    /**
     * @return the current storage's {@link Storage#maxWalk} (writer thread view).
     */
    long maxWalk()
    {
        return storage.maxWalk;
    }

    /** @return the current storage (tests). */
    Storage storageForTest()
    {
        return storage;
    }

    /**
     * @return slots of the current storage that are not EMPTY (writer thread view).
     */
    int usedSlots()
    {
        return storage.usedSlots;
    }

    /**
     * @return live entries (writer thread view).
     */
    public int size()
    {
        return liveEntries;
    }

    /**
     * @return the maximum number of live entries.
     */
    public int maxEntries()
    {
        return maxEntries;
    }

    /**
     * @return off-heap octets held by the current storage.
     */
    public long memoryBytes()
    {
        return (long)slots * SLOT_LENGTH;
    }

    /**
     * Reader side lookup; safe from any thread concurrently with the writer.
     *
     * @param hi  key octets 0..7.
     * @param lo  key octets 8..15.
     * @param tag small discriminator (0..{@link #MAX_TAG}).
     * @return the value, or {@link #MISSING}.
     */
    public long get(final long hi, final long lo, final int tag)
    {
        final Storage s = storage;
        final long offset = probe(s, hi, lo, tag);
        return offset < 0 ? MISSING : valueAt(s, offset);
    }

    /**
     * Writer side lookup (the writer thread only): {@link #get}'s answer through the writer's own code, so that
     * the writer's lookups (many, e.g. one per rule an LPM inserts) never become the branch profile with which C2
     * compiles the readers' {@link #get} into the packet path (see {@code Storage.writerFirstSlot}).
     *
     * @param hi  key octets 0..7.
     * @param lo  key octets 8..15.
     * @param tag small discriminator (0..{@link #MAX_TAG}).
     * @return the value, or {@link #MISSING}.
     */
    public long find(final long hi, final long lo, final int tag)
    {
        final Storage s = storage;
        final long slot = findSlot(s, hi, lo, tag);
        return slot < 0 ? MISSING : s.segment.get(ValueLayout.JAVA_LONG, slot * SLOT_LENGTH + VALUE_OFFSET);
    }

    /**
     * Reader side lookup for a table where most lookups miss: a presence filter rules out most
     * absent keys before the hash probe. Same result as {@link #get}.
     *
     * @param hi  key octets 0..7.
     * @param lo  key octets 8..15.
     * @param tag small discriminator (0..{@link #MAX_TAG}).
     * @return the value, or {@link #MISSING}.
     */
    public long getSparse(final long hi, final long lo, final int tag)
    {
        return getSparse(wire(hi), wire(lo), hi, lo, tag);
    }

    /**
     * {@link #getSparse(long, long, int)} for a key that lies in memory in network order (an address
     * in a packet header): the presence filter is computed from the key's octets as they are loaded
     * (two loads that need nothing but the address), not from {@code hi, lo} (loaded, byte-swapped
     * and kept by the caller's parse), so a miss does not wait for the parse.
     *
     * @param key absolute address of the key's 16 octets in network order, the same key as {@code hi, lo}.
     * @param hi  key octets 0..7 (big-endian).
     * @param lo  key octets 8..15 (big-endian).
     * @param tag small discriminator (0..{@link #MAX_TAG}).
     * @return the value, or {@link #MISSING}.
     */
    public long getSparseAt(final long key, final long hi, final long lo, final int tag)
    {
        return getSparse(UnsafeApi.getLong(key), UnsafeApi.getLong(key + 8), hi, lo, tag);
    }

    private long getSparse(final long wireHi, final long wireLo, final long hi, final long lo, final int tag)
    {
        final int bit = filterBit(wireHi, wireLo, tag);
        // Acquire: a bit seen set makes the probe below see every key published before it was set.
        final long word = UnsafeApi.getLongAcquire(null, filterAddress + ((long)(bit >>> 6) << 3));
        Reference.reachabilityFence(this); // the filter's memory is released with the table (GC)
        if ((word & (1L << bit)) == 0)
        {
            return MISSING;
        }
        final Storage s = storage;
        final long offset = probe(s, hi, lo, tag);
        return offset < 0 ? MISSING : valueAt(s, offset);
    }

    /**
     * Reader side: find a key in a storage snapshot.
     *
     * @return the slot offset, or -1.
     */
    static long probe(final Storage s, final long hi, final long lo, final int tag)
    {
        // Hot path kept small enough for C2 to inline into every caller: the first slot decides
        // most lookups at a load factor of at most 3/4; collisions continue out of line.
        final long slot = s.firstSlot(hi, lo, tag);
        final long offset = slot * SLOT_LENGTH;
        final long address = s.base + offset;
        // Acquire on the state: a FULL state's key (published before it with a release) is seen.
        final int state = UnsafeApi.getIntAcquire(null, address + STATE_OFFSET);
        final boolean found = state == (FULL | tag)
            && UnsafeApi.getLong(address + HI_OFFSET) == hi
            && UnsafeApi.getLong(address + LO_OFFSET) == lo;
        Reference.reachabilityFence(s);
        if (found)
        {
            return offset;
        }
        return state == EMPTY ? -1 : probeCollided(s, hi, lo, tag, slot);
    }

    /**
     * Reader side, cold part of {@link #probe}: continue linear probing after the first slot.
     */
    private static long probeCollided(final Storage s, final long hi, final long lo, final int tag, final long first)
    {
        final MemorySegment seg = s.segment;
        final long mask = s.mask;
        final int full = FULL | tag;
        final long maxWalk = s.maxWalk;
        long slot = (first + 1) & mask;
        for (long probes = 1; probes <= maxWalk; probes++)
        {
            final long offset = slot * SLOT_LENGTH;
            final int state = (int)INT.getAcquire(seg, offset + STATE_OFFSET);
            if (state == EMPTY)
            {
                return -1;
            }
            // A slot's key changes only after every registered reader left the burst in which it
            // could have read the old state (see the class comment).
            if (state == full
                && seg.get(ValueLayout.JAVA_LONG, offset + HI_OFFSET) == hi
                && seg.get(ValueLayout.JAVA_LONG, offset + LO_OFFSET) == lo)
            {
                return offset;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    /**
     * @return the value of the slot at {@code offset} (acquire).
     */
    static long valueAt(final Storage s, final long offset)
    {
        final long value = UnsafeApi.getLongAcquire(null, s.base + offset + VALUE_OFFSET);
        Reference.reachabilityFence(s);
        return value;
    }

    /**
     * Writer side: insert or replace.
     *
     * @param hi    key octets 0..7.
     * @param lo    key octets 8..15.
     * @param tag   small discriminator (0..{@link #MAX_TAG}).
     * @param value non-negative value.
     * @return false only when the key is new and the table already holds {@link #maxEntries()}.
     */
    public boolean put(final long hi, final long lo, final int tag, final long value)
    {
        if (value < 0 || tag < 0 || tag > MAX_TAG)
        {
            throw new IllegalArgumentException("value must be >= 0 and tag in 0..MAX_TAG");
        }
        final long existing = findSlot(storage, hi, lo, tag);
        if (existing >= 0)
        {
            LONG.setRelease(storage.segment, existing * SLOT_LENGTH + VALUE_OFFSET, value);
            return true;
        }
        if (liveEntries >= maxEntries)
        {
            return false;
        }
        final boolean overLoad = (storage.usedSlots + 1) * 4L > slots * 3L;
        if (overLoad || limboSlots.size() - limboHead >= RECLAIM_BATCH)
        {
            reclaim();
        }
        if (overLoad && (storage.usedSlots + 1) * 4L > slots * 3L)
        {
            rebuild(storage.folded);
        }
        final int bit = filterBit(wire(hi), wire(lo), tag);
        // Set before the key is published, so a reader that can find the key also sees the bit.
        if (filterCounts[bit]++ == 0)
        {
            setFilterWord(bit, filterWord(bit) | (1L << bit));
        }
        if (insertNew(storage, hi, lo, tag, value, 0) > MAX_FOLDED_RUN && storage.folded)
        {
            // The configured keys cluster under the folded hash: place them all by the multiplicative one.
            rebuild(false);
        }
        liveEntries++;
        return true;
    }

    /**
     * Writer side: delete.
     *
     * @param hi  key octets 0..7.
     * @param lo  key octets 8..15.
     * @param tag small discriminator.
     * @return whether the key was present.
     */
    public boolean remove(final long hi, final long lo, final int tag)
    {
        final Storage s = storage;
        final long slot = findSlot(s, hi, lo, tag);
        if (slot < 0)
        {
            return false;
        }
        INT.setRelease(s.segment, slot * SLOT_LENGTH + STATE_OFFSET, DELETED | tag);
        final int bit = filterBit(wire(hi), wire(lo), tag);
        if (--filterCounts[bit] == 0)
        {
            // After the key is unpublished: a reader that misses the bit misses only removed keys.
            setFilterWord(bit, filterWord(bit) & ~(1L << bit));
        }
        liveEntries--;
        limboSlots.addLong(slot);
        limboEpochs.addLong(readers.current());
        readers.advance();
        return true;
    }

    /**
     * Writer: make the removed slots whose grace period is over reusable. A slot followed by an
     * EMPTY slot lies on no probe sequence that goes on past it, so it and the FREE slots right
     * before it become EMPTY; any other becomes FREE.
     */
    private void reclaim()
    {
        if (limboHead == limboSlots.size())
        {
            return;
        }
        final Storage s = storage;
        final long oldest = readers.oldestActive();
        while (limboHead < limboSlots.size() && limboEpochs.getLong(limboHead) < oldest)
        {
            final long slot = limboSlots.getLong(limboHead++);
            if (stateAt(s, (slot + 1) & s.mask) == EMPTY)
            {
                long empty = slot;
                for (long n = 0; n <= s.mask; n++)
                {
                    INT.setRelease(s.segment, empty * SLOT_LENGTH + STATE_OFFSET, EMPTY);
                    s.usedSlots--;
                    empty = (empty - 1) & s.mask;
                    if (stateAt(s, empty) != FREE)
                    {
                        break;
                    }
                }
            }
            else
            {
                INT.setRelease(s.segment, slot * SLOT_LENGTH + STATE_OFFSET, FREE);
            }
        }
        if (limboHead == limboSlots.size())
        {
            limboHead = 0;
            limboSlots.clear();
            limboEpochs.clear();
        }
    }

    private static int stateAt(final Storage s, final long slot)
    {
        return s.segment.get(ValueLayout.JAVA_INT, slot * SLOT_LENGTH + STATE_OFFSET);
    }

    /**
     * Writer side: visit every live entry (not for the fast path).
     *
     * @param visitor receives key, tag and value.
     */
    public void forEach(final EntryVisitor visitor)
    {
        final Storage s = storage;
        for (long slot = 0; slot <= s.mask; slot++)
        {
            final long offset = slot * SLOT_LENGTH;
            final int state = s.segment.get(ValueLayout.JAVA_INT, offset + STATE_OFFSET);
            if ((state & STATE_MASK) == FULL)
            {
                visitor.accept(
                    s.segment.get(ValueLayout.JAVA_LONG, offset + HI_OFFSET),
                    s.segment.get(ValueLayout.JAVA_LONG, offset + LO_OFFSET),
                    state & MAX_TAG,
                    s.segment.get(ValueLayout.JAVA_LONG, offset + VALUE_OFFSET));
            }
        }
    }

    /**
     * Receives entries from {@link #forEach}.
     */
    @FunctionalInterface
    public interface EntryVisitor
    {
        /**
         * @param hi    key octets 0..7.
         * @param lo    key octets 8..15.
         * @param tag   tag.
         * @param value value.
         */
        void accept(long hi, long lo, int tag, long value);
    }

    /**
     * Writer: move the live entries into fresh storage (no tombstones), placed by the hash given.
     */
    private void rebuild(final boolean folded)
    {
        final Storage old = storage;
        final Storage fresh = new Storage(slots, folded);
        for (long slot = 0; slot <= old.mask; slot++)
        {
            final long offset = slot * SLOT_LENGTH;
            final int state = old.segment.get(ValueLayout.JAVA_INT, offset + STATE_OFFSET);
            if ((state & STATE_MASK) == FULL)
            {
                insertNew(
                    fresh,
                    old.segment.get(ValueLayout.JAVA_LONG, offset + HI_OFFSET),
                    old.segment.get(ValueLayout.JAVA_LONG, offset + LO_OFFSET),
                    state & MAX_TAG,
                    old.segment.get(ValueLayout.JAVA_LONG, offset + VALUE_OFFSET),
                    old.segment.get(ValueLayout.JAVA_INT, offset + AUX_OFFSET));
            }
        }
        if (fresh.folded && fresh.maxWalk > MAX_FOLDED_RUN)
        {
            rebuild(false); // the same keys, moved in another order, cluster: as in put
            return;
        }
        storage = fresh; // volatile publish: the fresh storage is complete before readers can see it
        // The old storage's tombstones are gone with it; readers still on it keep it alive (GC).
        limboHead = 0;
        limboSlots.clear();
        limboEpochs.clear();
        rebuilds++;
    }

    /**
     * @return the slots the insert walked past (0: its first slot).
     */
    private static long insertNew(
        final Storage s, final long hi, final long lo, final int tag, final long value, final int aux)
    {
        // The key is absent: it goes into the first EMPTY or FREE slot of its probe sequence.
        long slot = s.writerFirstSlot(hi, lo, tag);
        long walked = 0;
        int state;
        while ((state = stateAt(s, slot)) != EMPTY && state != FREE)
        {
            slot = (slot + 1) & s.mask;
            walked++;
        }
        if (walked > s.maxWalk)
        {
            s.maxWalk = walked; // volatile: before the key is published below
        }
        final long offset = slot * SLOT_LENGTH;
        s.segment.set(ValueLayout.JAVA_LONG, offset + HI_OFFSET, hi);
        s.segment.set(ValueLayout.JAVA_LONG, offset + LO_OFFSET, lo);
        s.segment.set(ValueLayout.JAVA_LONG, offset + VALUE_OFFSET, value);
        s.segment.set(ValueLayout.JAVA_INT, offset + AUX_OFFSET, aux);
        INT.setRelease(s.segment, offset + STATE_OFFSET, FULL | tag);
        if (state == EMPTY)
        {
            s.usedSlots++;
        }
        return walked;
    }

    private static long findSlot(final Storage s, final long hi, final long lo, final int tag)
    {
        long slot = s.writerFirstSlot(hi, lo, tag);
        for (long probes = 0; probes <= s.mask; probes++)
        {
            final long offset = slot * SLOT_LENGTH;
            final int state = s.segment.get(ValueLayout.JAVA_INT, offset + STATE_OFFSET);
            if (state == EMPTY)
            {
                return -1;
            }
            if (state == (FULL | tag)
                && s.segment.get(ValueLayout.JAVA_LONG, offset + HI_OFFSET) == hi
                && s.segment.get(ValueLayout.JAVA_LONG, offset + LO_OFFSET) == lo)
            {
                return slot;
            }
            slot = (slot + 1) & s.mask;
        }
        return -1;
    }

    /** Writer side: the filter word holding {@code bit}. */
    private long filterWord(final int bit)
    {
        return filter.get(ValueLayout.JAVA_LONG, (long)(bit >>> 6) << 3);
    }

    /** Writer side: publish the filter word holding {@code bit} (release). */
    private void setFilterWord(final int bit, final long word)
    {
        LONG.setRelease(filter, (long)(bit >>> 6) << 3, word);
    }

    /**
     * @return the presence filter bit of a key (tests: keys that share a bit).
     */
    static int filterBitOf(final long hi, final long lo, final int tag)
    {
        return filterBit(wire(hi), wire(lo), tag);
    }

    /**
     * The filter bit of a key given as its two halves in native memory order ({@link #wire}).
     */
    private static int filterBit(final long wireHi, final long wireLo, final int tag)
    {
        // Top bits of one multiplicative hash (Fibonacci hashing); independent of the slot hash.
        return (int)(((wireHi ^ Long.rotateLeft(wireLo, 32) ^ tag) * 0x9E3779B97F4A7C15L) >>> (64 - FILTER_BITS_LOG2));
    }

    /**
     * @return eight key octets, given as a big-endian long, as a native-order load of them gives them.
     */
    private static long wire(final long bigEndian)
    {
        return NATIVE_BIG_ENDIAN ? bigEndian : Long.reverseBytes(bigEndian);
    }

    static long hash(final long hi, final long lo, final int tag)
    {
        // The key's words multiplied in parallel and folded once; the tag's product joins after the fold.
        // Mean linear-probe length at 1 M keys (sequential /64, /48, /128 in the low word, random /128,
        // mixed): 1.13-1.77, against 1.45-1.46 for the murmur3 fmix64 finish (two multiplies more on
        // the chain) it replaced (perf/RESULTS.md session 7, probe7).
        final long h = hi * 0x9E3779B97F4A7C15L ^ lo * 0xC2B2AE3D27D4EB4FL;
        return h ^ (h >>> 32) ^ tag * 0x165667B19E3779F9L;
    }

    /**
     * The multiply-free placement (of the key) for keys the node's configuration chooses: the key's 16-bit groups
     * (the high word rotated so that its last group meets the low word's) xor-ed into the low bits, so
     * that addresses counting up in any one group land in distinct, consecutive slots: a table of peers
     * numbered from a pool packs into few cache lines. A miss that starts inside such a run stops after
     * {@link Storage#maxWalk} slots (0 when every key sits in its first slot), not at the run's end.
     * Linear, so some key sets collide (e.g. equal groups that cancel): the writer leaves it for
     * {@link #hash} when an insert walks past more than {@link #MAX_FOLDED_RUN} slots.
     */
    static long foldedHash(final long hi, final long lo, final int tag)
    {
        // The tag's product (off the key's path) moves each tag's keys by a pseudo-random offset, so that the
        // same pool of peers under two endpoints does not fold onto the same run.
        long h = lo ^ Long.rotateLeft(hi, 48) ^ tag * 0x9E3779B97F4A7C15L;
        h ^= h >>> 32;
        return h ^ (h >>> 16);
    }
}
