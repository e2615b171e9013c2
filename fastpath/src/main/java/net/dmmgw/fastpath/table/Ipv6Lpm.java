package net.dmmgw.fastpath.table;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;

import org.agrona.UnsafeApi;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;

import net.dmmgw.fastpath.mem.Memory;
import net.dmmgw.fastpath.mem.OffHeap;

/**
 * IPv6 longest-prefix match for any length /0–/128: a multibit trie with prefix expansion
 * (DIR-24-8 / {@code rte_lpm6} generalised), off-heap, plus path compression of sparse branches.
 * <p>
 * <b>Structure.</b> A first level indexed by the top {@code topBits} address bits (16 or 24, given or
 * by size: {@link #FIRST_LEVEL_AUTO}), then <em>groups</em> of 256 entries, each indexed by the next
 * 8 bits. An entry is one {@code int}:
 * <ul>
 * <li><em>leaf</em> (type 0): prefix depth (8 bits) and an index into the adjacency array of route
 * values (22 bits; 0 = no match). A prefix is expanded over every entry of its level it covers; an
 * entry keeps the longest covering prefix, so the depth decides what a shorter insert overwrites;</li>
 * <li><em>group</em> (type 1): index of the 256-entry group for the next 8 bits;</li>
 * <li><em>singleton</em> (type 2): index of a 32-octet record holding the only prefix below this
 * entry (address, length, its leaf) and the leaf for everything else under the entry. A lone /64 or
 * /128 under an otherwise empty branch costs one record instead of a chain of mostly empty groups;
 * a second prefix below turns the singleton into a group.</li>
 * </ul>
 * A lookup is one load per level walked (a /64 under a 24-bit first level: at most 6), one more for
 * a singleton, and one for the route value; no hashing and no backtracking.
 * <p>
 * <b>Short prefixes</b> (/0–/7) are not in the trie: they live in a 256-entry <em>short level</em>
 * indexed by the top 8 address bits, which a lookup reads only when the trie matched nothing. So a
 * default route fills one KiB instead of every first-level entry (64 MiB with 24 bits), and the
 * first level's width can be chosen for speed alone ({@link #FIRST_LEVEL_AUTO}, 16 or 24).
 * <p>
 * <b>Updates.</b> Single writer. The prefixes themselves (the "rule set") are kept in an
 * {@link ExactMatchTable} for exact {@link #get}, {@link #forEach} and to find, on delete, the
 * next-shorter covering prefix whose leaf replaces the deleted one's expansion. A new group or
 * record is filled completely while unreachable and then linked by one release store; every other
 * change is one release store of one {@code int} (an entry, or a singleton's leaf or default), so a
 * reader sees each entry old or new and a lookup, which ends on exactly one leaf, answers as the
 * table was before or after an update. A group left holding only the covering leaf (or one
 * singleton) after a delete is folded back into its parent entry.
 * <p>
 * <b>Reclamation.</b> Unlinked groups, records and adjacency slots are reused only after every
 * registered reader has passed a burst boundary ({@link ReaderEpochs}); the memory itself stays
 * mapped for the table's lifetime.
 * <p>
 * <b>Memory.</b> First level 256 KiB (16 bits) or 64 MiB (24 bits, mapped lazily: pages no prefix
 * of /8 or longer covers are never touched); short level 1 KiB; groups 1 KiB each from a pool
 * reserved for {@code 2 × maxPrefixes + 4096} groups (address space; only used groups are backed);
 * records 32 octets; adjacency 8 octets per distinct route value; the rule set 32-octet hash slots.
 * See {@link #memoryBytes()}.
 */
public final class Ipv6Lpm
{
    /** Returned by {@link #lookup} when no prefix matches. */
    public static final long NO_MATCH = ExactMatchTable.MISSING;
    /** First-level width chosen by size: 16 bits up to {@value #AUTO_24_BIT_ABOVE} prefixes, 24 above. */
    public static final int FIRST_LEVEL_AUTO = 0;
    /** {@link #FIRST_LEVEL_AUTO} uses 24 bits above this many prefixes. */
    public static final int AUTO_24_BIT_ABOVE = 65536;
    /** Prefixes shorter than this are kept in the short level, not in the trie. */
    static final int SHORT_LENGTH = 8;

    static final int TYPE_MASK = 0xC000_0000;
    static final int TYPE_GROUP = 0x4000_0000;
    static final int TYPE_SINGLETON = 0x8000_0000;
    static final int INDEX_MASK = 0x3FFF_FFFF;
    private static final int DEPTH_SHIFT = 22;
    private static final int VALUE_MASK = (1 << DEPTH_SHIFT) - 1;
    private static final int GROUP_SHIFT = 10;
    private static final int GROUP_ENTRIES = 256;
    private static final int STRIDE = 8;
    private static final int RECORD_SHIFT = 5;
    private static final long R_HI = 0;
    private static final long R_LO = 8;
    private static final long R_LENGTH = 16;
    private static final long R_LEAF = 20;
    private static final long R_DEFAULT = 24;
    /** Groups an insert may create at most (a singleton split down to /128 below the first level). */
    private static final int GROUPS_PER_UPDATE = (Prefixes.MAX_LENGTH - 16) / STRIDE + 1;
    private static final int RECORDS_PER_UPDATE = 2;
    /**
     * How long an update that is short of memory waits for readers to leave their bursts. A burst takes microseconds,
     * but a worker preempted inside one (a shared lab core, a loaded CI host) holds the grace period for as long as it
     * is descheduled; 50 ms gave spurious "table full" answers there. A worker stuck for a second is wedged.
     */
    private static final long RECLAIM_WAIT_NS = 1_000_000_000L;
    /** Pieces waiting for readers before the writer tries to reclaim without being short. */
    private static final int LIMBO_RECLAIM_THRESHOLD = 4096;
    private static final int KIND_GROUP = 0;
    private static final int KIND_RECORD = 1;
    private static final int KIND_VALUE = 2;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final int topBits;
    private final int topShift;
    private final MemorySegment top;
    private final MemorySegment shortLevel;
    private final MemorySegment groups;
    private final MemorySegment records;
    private final MemorySegment values;
    private final long topBase;
    private final long shortBase;
    private final long groupBase;
    private final long recordBase;
    private final long valueBase;

    // Writer side only.
    private final ReaderEpochs readers;
    private final ExactMatchTable rules;
    private final int maxPrefixes;
    private final int maxGroups;
    private final int maxRecords;
    private final int maxValues;
    private int prefixes;
    private final int[] prefixesPerLength = new int[Prefixes.MAX_LENGTH + 1];
    private final Long2LongHashMap valueIndexes = new Long2LongHashMap(-1);
    private final int[] valueRefs;
    private final IntArrayList freeGroups = new IntArrayList();
    private final IntArrayList freeRecords = new IntArrayList();
    private final IntArrayList freeValues = new IntArrayList();
    private int nextGroup;
    private int nextRecord;
    private int nextValue = 1;
    private int usedGroups;
    private int usedRecords;
    private final LongArrayList limboEpochs = new LongArrayList();
    private final LongArrayList limboItems = new LongArrayList();
    private int limboHead;
    private boolean retiredInUpdate;

    /**
     * A table with its own reader registry.
     *
     * @param maxPrefixes number of prefixes the table must hold.
     */
    public Ipv6Lpm(final int maxPrefixes)
    {
        this(maxPrefixes, new ReaderEpochs());
    }

    /**
     * A table whose first level is 16 bits wide up to {@value #AUTO_24_BIT_ABOVE} prefixes, 24 above.
     *
     * @param maxPrefixes number of prefixes the table must hold.
     * @param readers     the registry of the workers that read this table.
     */
    public Ipv6Lpm(final int maxPrefixes, final ReaderEpochs readers)
    {
        this(maxPrefixes, readers, FIRST_LEVEL_AUTO);
    }

    /**
     * @param maxPrefixes    number of prefixes the table must hold.
     * @param readers        the registry of the workers that read this table.
     * @param firstLevelBits 16, 24 or {@link #FIRST_LEVEL_AUTO}. 24 bits: one trie level less per lookup for
     *                       64 MiB of address space (256 KiB with 16), of which only the pages that prefixes
     *                       of /8–/23 or groups under them cover are ever backed.
     */
    public Ipv6Lpm(final int maxPrefixes, final ReaderEpochs readers, final int firstLevelBits)
    {
        if (maxPrefixes < 1)
        {
            throw new IllegalArgumentException("maxPrefixes must be positive: " + maxPrefixes);
        }
        if (firstLevelBits != FIRST_LEVEL_AUTO && firstLevelBits != 16 && firstLevelBits != 24)
        {
            throw new IllegalArgumentException("firstLevelBits must be 16, 24 or auto (0): " + firstLevelBits);
        }
        this.maxPrefixes = maxPrefixes;
        this.readers = readers;
        this.rules = new ExactMatchTable(maxPrefixes);
        this.topBits = firstLevelBits != FIRST_LEVEL_AUTO ? firstLevelBits
            : maxPrefixes > AUTO_24_BIT_ABOVE ? 24 : 16;
        this.topShift = 64 - topBits;
        this.maxGroups = (int)Math.min(INDEX_MASK, 2L * maxPrefixes + 4096);
        this.maxRecords = (int)Math.min(INDEX_MASK, maxPrefixes + 1024L);
        this.maxValues = Math.min(VALUE_MASK, maxPrefixes + 16);
        this.valueRefs = new int[maxValues + 1];
        top = OffHeap.reserve(4L << topBits);
        shortLevel = OffHeap.allocate(4L << SHORT_LENGTH);
        groups = OffHeap.reserve((long)maxGroups << GROUP_SHIFT);
        records = OffHeap.reserve((long)maxRecords << RECORD_SHIFT);
        values = OffHeap.reserve(8L * (maxValues + 1));
        topBase = top.address();
        shortBase = shortLevel.address();
        groupBase = groups.address();
        recordBase = records.address();
        valueBase = values.address();
        values.set(ValueLayout.JAVA_LONG, 0, NO_MATCH);
    }

    /**
     * Longest-prefix match; safe from any registered reader concurrently with the writer, never
     * allocates.
     *
     * @param hi address octets 0..7.
     * @param lo address octets 8..15.
     * @return the value of the longest matching prefix, or {@link #NO_MATCH}.
     */
    public long lookup(final long hi, final long lo)
    {
        int e = entry(topBase + ((hi >>> topShift) << 2));
        // The high word's levels unrolled at constant shifts (no per-level depth arithmetic), the low word's in a loop.
        walk:
        {
            if (topBits == 16)
            {
                if (!isGroup(e))
                {
                    break walk;
                }
                e = step(e, hi, 40);
            }
            if (!isGroup(e))
            {
                break walk;
            }
            e = step(e, hi, 32);
            if (!isGroup(e))
            {
                break walk;
            }
            e = step(e, hi, 24);
            if (!isGroup(e))
            {
                break walk;
            }
            e = step(e, hi, 16);
            if (!isGroup(e))
            {
                break walk;
            }
            e = step(e, hi, 8);
            if (!isGroup(e))
            {
                break walk;
            }
            e = step(e, hi, 0);
            if (isGroup(e))
            {
                e = walkLow(e, lo);
            }
        }
        if (e < 0)
        {
            e = singletonLeaf(e, hi, lo);
        }
        int index = e & VALUE_MASK;
        if (index == 0)
        {
            index = shortLeaf(hi);
        }
        final long value = UnsafeApi.getLongAcquire(null, valueBase + ((long)index << 3));
        Reference.reachabilityFence(this);
        return value;
    }

    /**
     * {@link #lookup} of {@code n} addresses at once, level by level: the entries of one trie level
     * are loaded for every address before the next level's, so the loads of different addresses are
     * independent and overlap in the CPU (a single lookup is a chain of dependent loads, one per
     * level, whose latency adds up). Same guarantees and answers as {@code n} calls of
     * {@link #lookup}; never allocates.
     *
     * @param hi      address octets 0..7, by index.
     * @param lo      address octets 8..15, by index.
     * @param entries caller's scratch, at least {@code n} long.
     * @param out     the value of each address's longest matching prefix, or {@link #NO_MATCH}.
     * @param n       number of addresses.
     */
    public void lookupBurst(final long[] hi, final long[] lo, final int[] entries, final long[] out, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            entries[i] = entry(topBase + ((hi[i] >>> topShift) << 2));
        }
        // At most (128 - topBits) / 8 group levels; each round ends the walk of addresses that reached a leaf.
        boolean groupsLeft = true;
        for (int depth = topBits; groupsLeft && depth < Prefixes.MAX_LENGTH; depth += STRIDE)
        {
            groupsLeft = false;
            final int shift = 56 - (depth & 63);
            final long[] words = depth < 64 ? hi : lo;
            for (int i = 0; i < n; i++)
            {
                final int e = entries[i];
                if ((e & TYPE_MASK) == TYPE_GROUP)
                {
                    final long octet = (words[i] >>> shift) & 0xFF;
                    entries[i] = entry(groupBase + ((long)(e & INDEX_MASK) << GROUP_SHIFT) + (octet << 2));
                    groupsLeft = true;
                }
            }
        }
        for (int i = 0; i < n; i++)
        {
            int e = entries[i];
            if (e < 0)
            {
                e = singletonLeaf(e, hi[i], lo[i]);
            }
            int index = e & VALUE_MASK;
            if (index == 0)
            {
                index = shortLeaf(hi[i]);
            }
            out[i] = UnsafeApi.getLongAcquire(null, valueBase + ((long)index << 3));
        }
        Reference.reachabilityFence(this);
    }

    /**
     * The value index of the longest /0–/7 prefix covering the address (0: none), for a lookup that the
     * trie did not match. Read after the trie: like a walk's levels, each of the two reads sees its own
     * entry before or after any update (an update changes either the trie or the short level).
     */
    private int shortLeaf(final long hi)
    {
        return entry(shortBase + ((hi >>> (64 - SHORT_LENGTH)) << 2)) & VALUE_MASK;
    }

    /** One group level: the entry for the octet of {@code word} at bit {@code shift} of the group {@code e} names. */
    private int step(final int e, final long word, final int shift)
    {
        return entry(groupBase + ((long)(e & INDEX_MASK) << GROUP_SHIFT) + (((word >>> shift) & 0xFF) << 2));
    }

    private static boolean isGroup(final int e)
    {
        return (e & TYPE_MASK) == TYPE_GROUP;
    }

    private int walkLow(final int group, final long lo)
    {
        int e = group;
        for (int shift = 56; shift >= 0 && isGroup(e); shift -= STRIDE)
        {
            e = step(e, lo, shift);
        }
        return e;
    }

    private int singletonLeaf(final int e, final long hi, final long lo)
    {
        final long r = recordBase + ((long)(e & INDEX_MASK) << RECORD_SHIFT);
        // Plain loads: the prefix and length never change while the record is linked; the record was
        // written before the entry that links it was published, and that entry was read with acquire.
        final int length = UnsafeApi.getInt(r + R_LENGTH);
        final boolean inside = (hi & Prefixes.hiMask(length)) == UnsafeApi.getLong(r + R_HI)
            && (lo & Prefixes.loMask(length)) == UnsafeApi.getLong(r + R_LO);
        return UnsafeApi.getIntAcquire(null, r + (inside ? R_LEAF : R_DEFAULT));
    }

    /**
     * Diagnostic (perf tools, tests; not for the data path): the addresses {@link #lookup} loads for this address, in
     * order (each load depends on the one before, except a singleton's prefix, read together with its length).
     *
     * @param hi    address octets 0..7.
     * @param lo    address octets 8..15.
     * @param loads receives the addresses; 24 long is enough.
     * @return how many were written.
     */
    public int trace(final long hi, final long lo, final long[] loads)
    {
        int n = 0;
        long address = topBase + ((hi >>> topShift) << 2);
        loads[n++] = address;
        int e = entry(address);
        for (int depth = topBits; isGroup(e); depth += STRIDE)
        {
            address = groupAddress(e) + ((long)bits(hi, lo, depth, STRIDE) << 2);
            loads[n++] = address;
            e = entry(address);
        }
        if (e < 0)
        {
            loads[n++] = recordAddress(e) + R_LENGTH;
            final int leaf = singletonLeaf(e, hi, lo);
            loads[n++] = recordAddress(e) + (leaf == read(recordAddress(e) + R_LEAF) ? R_LEAF : R_DEFAULT);
            e = leaf;
        }
        int index = e & VALUE_MASK;
        if (index == 0)
        {
            loads[n++] = shortBase + ((hi >>> (64 - SHORT_LENGTH)) << 2);
            index = shortLeaf(hi);
        }
        loads[n++] = valueBase + ((long)index << 3);
        Reference.reachabilityFence(this);
        return n;
    }

    /**
     * Acquire load of a trie entry at an absolute address. Through {@code UnsafeApi} rather than a
     * VarHandle on {@link Memory#ALL}: the same acquire semantics (a plain {@code mov} on x86) without
     * the segment's bounds and alignment checks, which check nothing here (every address is inside
     * this table's own reservations, aligned by construction).
     */
    private static int entry(final long address)
    {
        return UnsafeApi.getIntAcquire(null, address);
    }

    /**
     * Software prefetch for a burst: loads the first-level entry of a later {@link #lookup} of the
     * same address.
     *
     * @param hi address octets 0..7.
     * @param lo address octets 8..15 (unused).
     * @return the entry read; fold it into something live so the JIT keeps the load.
     */
    public int touch(final long hi, final long lo)
    {
        final int e = UnsafeApi.getInt(topBase + ((hi >>> topShift) << 2));
        Reference.reachabilityFence(this);
        return e;
    }

    /**
     * @return the registry of readers whose lookups are protected from reuse of unlinked memory.
     */
    public ReaderEpochs readers()
    {
        return readers;
    }

    /**
     * Exact lookup of one prefix (writer side).
     *
     * @param hi     prefix octets 0..7 (bits after the length are ignored).
     * @param lo     prefix octets 8..15.
     * @param length prefix length.
     * @return its value, or {@link #NO_MATCH}.
     */
    public long get(final long hi, final long lo, final int length)
    {
        if (!Prefixes.isValidLength(length))
        {
            return NO_MATCH;
        }
        return rules.find(hi & Prefixes.hiMask(length), lo & Prefixes.loMask(length), length);
    }

    /**
     * Writer side: add or replace a prefix.
     *
     * @param hi     prefix octets 0..7 (bits after the length are ignored).
     * @param lo     prefix octets 8..15.
     * @param length prefix length 0..128.
     * @param value  value, ≥ 0.
     * @return false if the table is full (prefixes, groups, records or distinct values); nothing
     * changed then.
     */
    public boolean put(final long hi, final long lo, final int length, final long value)
    {
        if (!Prefixes.isValidLength(length) || value < 0)
        {
            throw new IllegalArgumentException("bad length or value: /" + length + " " + value);
        }
        final long mhi = hi & Prefixes.hiMask(length);
        final long mlo = lo & Prefixes.loMask(length);
        final long existing = rules.find(mhi, mlo, length);
        if (existing == value)
        {
            return true;
        }
        if ((existing == ExactMatchTable.MISSING && prefixes >= maxPrefixes)
            || !reserve(valueIndexes.get(value) < 0 ? 1 : 0))
        {
            return false;
        }
        if (!rules.put(mhi, mlo, length, value))
        {
            return false;
        }
        final int index = acquireValue(value);
        if (length < SHORT_LENGTH)
        {
            insert(shortBase, 0, SHORT_LENGTH, mhi, mlo, length, leaf(length, index));
        }
        else
        {
            insert(topBase, 0, topBits, mhi, mlo, length, leaf(length, index));
        }
        if (existing == ExactMatchTable.MISSING)
        {
            prefixes++;
            prefixesPerLength[length]++;
        }
        else
        {
            releaseValue(existing);
        }
        endUpdate();
        return true;
    }

    /**
     * Writer side: delete a prefix.
     *
     * @param hi     prefix octets 0..7.
     * @param lo     prefix octets 8..15.
     * @param length prefix length.
     * @return whether it was present.
     */
    public boolean remove(final long hi, final long lo, final int length)
    {
        if (!Prefixes.isValidLength(length))
        {
            return false;
        }
        final long mhi = hi & Prefixes.hiMask(length);
        final long mlo = lo & Prefixes.loMask(length);
        final long existing = rules.find(mhi, mlo, length);
        if (existing == ExactMatchTable.MISSING)
        {
            return false;
        }
        rules.remove(mhi, mlo, length);
        prefixes--;
        prefixesPerLength[length]--;
        if (length < SHORT_LENGTH)
        {
            remove(shortBase, 0, SHORT_LENGTH, mhi, mlo, length, coveringLeaf(mhi, mlo, length, 0));
        }
        else
        {
            // Shorter prefixes than /8 are the short level's: where no trie prefix covers, a lookup reads it.
            remove(topBase, 0, topBits, mhi, mlo, length, coveringLeaf(mhi, mlo, length, SHORT_LENGTH));
        }
        releaseValue(existing);
        endUpdate();
        return true;
    }

    /**
     * @return number of prefixes.
     */
    public int size()
    {
        return prefixes;
    }

    /**
     * @return prefix capacity.
     */
    public int maxPrefixes()
    {
        return maxPrefixes;
    }

    /**
     * @return groups linked into the trie (writer view).
     */
    public int groups()
    {
        return usedGroups;
    }

    /**
     * @return singleton records linked into the trie (writer view).
     */
    public int singletons()
    {
        return usedRecords;
    }

    /**
     * @return bits of the address that index the first level (16 or 24).
     */
    public int firstLevelBits()
    {
        return topBits;
    }

    /**
     * @return number of distinct prefix lengths holding prefixes.
     */
    public int populatedLengths()
    {
        int count = 0;
        for (final int n : prefixesPerLength)
        {
            count += n > 0 ? 1 : 0;
        }
        return count;
    }

    /**
     * Off-heap octets in use: the first and short levels, the groups and records ever handed out (a freed one
     * is kept for reuse), the adjacency slots and the rule set's hash. Address space reserved but
     * never touched is not counted.
     *
     * @return octets.
     */
    public long memoryBytes()
    {
        return (4L << topBits) + (4L << SHORT_LENGTH) + ((long)nextGroup << GROUP_SHIFT) + ((long)nextRecord << RECORD_SHIFT)
            + 8L * nextValue + rules.memoryBytes();
    }

    /**
     * Writer side: visit every prefix.
     *
     * @param visitor receives prefix hi, lo, length (as tag) and value.
     */
    public void forEach(final ExactMatchTable.EntryVisitor visitor)
    {
        rules.forEach(visitor);
    }

    // ---------------------------------------------------------------- writer: trie maintenance

    private static int leaf(final int length, final int valueIndex)
    {
        return (length << DEPTH_SHIFT) | valueIndex;
    }

    private static int depthOf(final int leaf)
    {
        return leaf >>> DEPTH_SHIFT;
    }

    /** Bits [depth, depth + stride) of the address; a field never straddles the two words. */
    private static int bits(final long hi, final long lo, final int depth, final int stride)
    {
        final long word = depth < 64 ? hi : lo;
        return (int)(word >>> (64 - (depth & 63) - stride)) & ((1 << stride) - 1);
    }

    private long groupAddress(final int entry)
    {
        return groupBase + ((long)(entry & INDEX_MASK) << GROUP_SHIFT);
    }

    private long recordAddress(final int entry)
    {
        return recordBase + ((long)(entry & INDEX_MASK) << RECORD_SHIFT);
    }

    private static int read(final long address)
    {
        return Memory.ALL.get(ValueLayout.JAVA_INT, address);
    }

    private static void publish(final long address, final int value)
    {
        INT.setRelease(Memory.ALL, address, value);
    }

    /**
     * Add the prefix below the table level at {@code level} (entry 0's address) that indexes bits
     * [depth, depth + stride).
     */
    private void insert(
        final long level, final int depth, final int stride, final long hi, final long lo, final int length,
        final int leaf)
    {
        final int end = depth + stride;
        if (length <= end)
        {
            final int first = bits(hi, lo, depth, stride);
            final int count = 1 << (end - length);
            for (int k = 0; k < count; k++)
            {
                cover(level + ((long)(first + k) << 2), length, leaf);
            }
            return;
        }
        final long slot = level + ((long)bits(hi, lo, depth, stride) << 2);
        final int e = read(slot);
        if ((e & TYPE_MASK) == TYPE_GROUP)
        {
            insert(groupAddress(e), end, STRIDE, hi, lo, length, leaf);
        }
        else if (e < 0)
        {
            final long r = recordAddress(e);
            final long rHi = Memory.ALL.get(ValueLayout.JAVA_LONG, r + R_HI);
            final long rLo = Memory.ALL.get(ValueLayout.JAVA_LONG, r + R_LO);
            final int rLength = read(r + R_LENGTH);
            if (rLength == length && rHi == hi && rLo == lo)
            {
                publish(r + R_LEAF, leaf);
                return;
            }
            // Split: a private group with both prefixes, then linked in place of the record.
            final int group = allocateGroup(read(r + R_DEFAULT));
            final long g = groupAddress(group);
            insert(g, end, STRIDE, rHi, rLo, rLength, read(r + R_LEAF));
            insert(g, end, STRIDE, hi, lo, length, leaf);
            publish(slot, TYPE_GROUP | group);
            retire(KIND_RECORD, e & INDEX_MASK);
        }
        else
        {
            publish(slot, TYPE_SINGLETON | allocateRecord(hi, lo, length, leaf, e));
        }
    }

    /** The entry lies wholly inside a new prefix of {@code length}: it takes the prefix where shorter ones held it. */
    private void cover(final long slot, final int length, final int leaf)
    {
        final int e = read(slot);
        if ((e & TYPE_MASK) == TYPE_GROUP)
        {
            final long g = groupAddress(e);
            for (int k = 0; k < GROUP_ENTRIES; k++)
            {
                cover(g + ((long)k << 2), length, leaf);
            }
        }
        else if (e < 0)
        {
            final long r = recordAddress(e);
            if (depthOf(read(r + R_DEFAULT)) <= length)
            {
                publish(r + R_DEFAULT, leaf);
            }
        }
        else if (depthOf(e) <= length)
        {
            publish(slot, leaf);
        }
    }

    private void remove(
        final long level, final int depth, final int stride, final long hi, final long lo, final int length,
        final int replacement)
    {
        final int end = depth + stride;
        if (length <= end)
        {
            final int first = bits(hi, lo, depth, stride);
            final int count = 1 << (end - length);
            for (int k = 0; k < count; k++)
            {
                uncover(level + ((long)(first + k) << 2), length, replacement);
            }
            return;
        }
        final long slot = level + ((long)bits(hi, lo, depth, stride) << 2);
        final int e = read(slot);
        if ((e & TYPE_MASK) == TYPE_GROUP)
        {
            remove(groupAddress(e), end, STRIDE, hi, lo, length, replacement);
            fold(slot, e, end);
        }
        else if (e < 0)
        {
            final long r = recordAddress(e);
            if (read(r + R_LENGTH) == length && Memory.ALL.get(ValueLayout.JAVA_LONG, r + R_HI) == hi
                && Memory.ALL.get(ValueLayout.JAVA_LONG, r + R_LO) == lo)
            {
                publish(slot, read(r + R_DEFAULT));
                retire(KIND_RECORD, e & INDEX_MASK);
            }
        }
    }

    /** The entry lies wholly inside a deleted prefix of {@code length}: where it held, the next shorter one does. */
    private void uncover(final long slot, final int length, final int replacement)
    {
        final int e = read(slot);
        if ((e & TYPE_MASK) == TYPE_GROUP)
        {
            final long g = groupAddress(e);
            for (int k = 0; k < GROUP_ENTRIES; k++)
            {
                uncover(g + ((long)k << 2), length, replacement);
            }
        }
        else if (e < 0)
        {
            final long r = recordAddress(e);
            if (depthOf(read(r + R_DEFAULT)) == length)
            {
                publish(r + R_DEFAULT, replacement);
            }
        }
        else if (depthOf(e) == length)
        {
            publish(slot, replacement);
        }
    }

    /**
     * After a delete below {@code slot}: a group whose entries all hold the leaf covering the whole
     * group becomes that leaf again; one that holds that leaf plus a single singleton becomes the
     * singleton.
     */
    private void fold(final long slot, final int groupEntry, final int groupDepth)
    {
        final long g = groupAddress(groupEntry);
        int own = 0;
        int ownEntry = 0;
        for (int k = 0; k < GROUP_ENTRIES; k++)
        {
            final int e = read(g + ((long)k << 2));
            if ((e & TYPE_MASK) != 0 || depthOf(e) > groupDepth)
            {
                if (++own > 1)
                {
                    return;
                }
                ownEntry = e;
            }
        }
        if (own == 0)
        {
            publish(slot, read(g));
        }
        else if (ownEntry < 0 && depthOf(read(recordAddress(ownEntry) + R_DEFAULT)) <= groupDepth)
        {
            publish(slot, ownEntry);
        }
        else
        {
            return;
        }
        retire(KIND_GROUP, groupEntry & INDEX_MASK);
    }

    /** The leaf of the longest prefix of at least {@code minLength} shorter than the deleted one that covers it (0: none). */
    private int coveringLeaf(final long hi, final long lo, final int length, final int minLength)
    {
        for (int k = length - 1; k >= minLength; k--)
        {
            if (prefixesPerLength[k] > 0)
            {
                final long value = rules.find(hi & Prefixes.hiMask(k), lo & Prefixes.loMask(k), k);
                if (value != ExactMatchTable.MISSING)
                {
                    return leaf(k, (int)valueIndexes.get(value));
                }
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------- writer: pools and reclamation

    private int allocateGroup(final int fill)
    {
        final int group = freeGroups.isEmpty() ? nextGroup++ : freeGroups.popInt();
        final long g = groupBase + ((long)group << GROUP_SHIFT);
        for (int k = 0; k < GROUP_ENTRIES; k++)
        {
            Memory.ALL.set(ValueLayout.JAVA_INT, g + ((long)k << 2), fill);
        }
        usedGroups++;
        return group;
    }

    private int allocateRecord(final long hi, final long lo, final int length, final int leaf, final int fallback)
    {
        final int record = freeRecords.isEmpty() ? nextRecord++ : freeRecords.popInt();
        final long r = recordBase + ((long)record << RECORD_SHIFT);
        Memory.ALL.set(ValueLayout.JAVA_LONG, r + R_HI, hi);
        Memory.ALL.set(ValueLayout.JAVA_LONG, r + R_LO, lo);
        Memory.ALL.set(ValueLayout.JAVA_INT, r + R_LENGTH, length);
        Memory.ALL.set(ValueLayout.JAVA_INT, r + R_LEAF, leaf);
        Memory.ALL.set(ValueLayout.JAVA_INT, r + R_DEFAULT, fallback);
        usedRecords++;
        return record;
    }

    private int acquireValue(final long value)
    {
        int index = (int)valueIndexes.get(value);
        if (index < 0)
        {
            index = freeValues.isEmpty() ? nextValue++ : freeValues.popInt();
            LONG.setRelease(Memory.ALL, valueBase + ((long)index << 3), value);
            valueIndexes.put(value, index);
        }
        valueRefs[index]++;
        return index;
    }

    private void releaseValue(final long value)
    {
        final int index = (int)valueIndexes.get(value);
        if (--valueRefs[index] == 0)
        {
            valueIndexes.remove(value);
            retire(KIND_VALUE, index);
        }
    }

    private void retire(final int kind, final int index)
    {
        if (kind == KIND_GROUP)
        {
            usedGroups--;
        }
        else if (kind == KIND_RECORD)
        {
            usedRecords--;
        }
        limboEpochs.addLong(readers.current());
        limboItems.addLong(((long)kind << 32) | index);
        retiredInUpdate = true;
    }

    private void endUpdate()
    {
        if (retiredInUpdate)
        {
            retiredInUpdate = false;
            readers.advance();
        }
        Reference.reachabilityFence(this);
    }

    private boolean hasRoom(final int newValues)
    {
        return freeGroups.size() + (maxGroups - nextGroup) >= GROUPS_PER_UPDATE
            && freeRecords.size() + (maxRecords - nextRecord) >= RECORDS_PER_UPDATE
            && freeValues.size() + (maxValues + 1 - nextValue) >= newValues;
    }

    /** Room for the worst case of one update, reclaiming what readers no longer see (waits ≤ 1 s). */
    private boolean reserve(final int newValues)
    {
        if (limboItems.size() - limboHead > LIMBO_RECLAIM_THRESHOLD)
        {
            reclaim();
        }
        if (hasRoom(newValues))
        {
            return true;
        }
        final long deadline = System.nanoTime() + RECLAIM_WAIT_NS;
        while (true)
        {
            reclaim();
            if (hasRoom(newValues))
            {
                return true;
            }
            if (limboHead == limboItems.size() || System.nanoTime() > deadline)
            {
                return false;
            }
            Thread.yield();
        }
    }

    private void reclaim()
    {
        final long oldest = readers.oldestActive();
        while (limboHead < limboItems.size() && limboEpochs.getLong(limboHead) < oldest)
        {
            final long item = limboItems.getLong(limboHead++);
            final int index = (int)item;
            switch ((int)(item >>> 32))
            {
                case KIND_GROUP -> freeGroups.addInt(index);
                case KIND_RECORD -> freeRecords.addInt(index);
                default -> freeValues.addInt(index);
            }
        }
        if (limboHead == limboItems.size())
        {
            limboHead = 0;
            limboItems.clear();
            limboEpochs.clear();
        }
    }
}
