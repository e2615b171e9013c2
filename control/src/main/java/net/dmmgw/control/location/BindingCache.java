package net.dmmgw.control.location;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The binding cache: entries by session id, by HNP (/64 upper word) and by MN-ID (a chain per MN-ID hash, since
 * one MN may hold several sessions, RFC 5213 HI = 1). Lookups do not allocate.
 */
public final class BindingCache
{
    private final Int2ObjectHashMap<BindingCacheEntry> byId = new Int2ObjectHashMap<>();
    private final Long2ObjectHashMap<BindingCacheEntry> byPrefix = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<BindingCacheEntry> byMnIdHash = new Long2ObjectHashMap<>();
    private int nextId = 1;

    /**
     * Creates an entry and indexes it by MN-ID (prefixes are indexed by {@link #addPrefix}).
     *
     * @param id session id, or 0 to assign the next one.
     */
    public BindingCacheEntry create(final int id, final byte[] mnId, final int offset, final int length)
    {
        final int assigned = id == 0 ? nextId++ : id;
        if (assigned >= nextId)
        {
            nextId = assigned + 1;
        }
        final byte[] copy = new byte[length];
        System.arraycopy(mnId, offset, copy, 0, length);
        final BindingCacheEntry entry = new BindingCacheEntry(assigned, copy, true);
        byId.put(assigned, entry);
        final long hash = hash(copy, 0, length);
        entry.nextSameMnId = byMnIdHash.get(hash);
        byMnIdHash.put(hash, entry);
        return entry;
    }

    /** Gives the entry an HNP and indexes it. */
    public void addPrefix(final BindingCacheEntry entry, final long prefixHi)
    {
        entry.appendPrefix(prefixHi);
        byPrefix.put(prefixHi, entry);
    }

    /** Removes the entry and its indexes. */
    public void remove(final BindingCacheEntry entry)
    {
        byId.remove(entry.id());
        for (int i = 0; i < entry.prefixCount(); i++)
        {
            if (byPrefix.get(entry.prefix(i)) == entry)
            {
                byPrefix.remove(entry.prefix(i));
            }
        }
        final long hash = hash(entry.mnId(), 0, entry.mnId().length);
        BindingCacheEntry head = byMnIdHash.get(hash);
        if (head == entry)
        {
            if (entry.nextSameMnId == null)
            {
                byMnIdHash.remove(hash);
            }
            else
            {
                byMnIdHash.put(hash, entry.nextSameMnId);
            }
        }
        else
        {
            while (head != null && head.nextSameMnId != entry)
            {
                head = head.nextSameMnId;
            }
            if (head != null)
            {
                head.nextSameMnId = entry.nextSameMnId;
            }
        }
        entry.nextSameMnId = null;
    }

    /** @return the entry with this session id, or null. */
    public BindingCacheEntry byId(final int id)
    {
        return byId.get(id);
    }

    /** @return the entry that owns this /64, or null. */
    public BindingCacheEntry byPrefix(final long prefixHi)
    {
        return byPrefix.get(prefixHi);
    }

    /**
     * Finds a session of this MN-ID. {@code att} &lt; 0 matches any ATT; a null link-layer id matches any.
     *
     * @return the first match, or null.
     */
    public BindingCacheEntry byMnId(
        final byte[] mnId, final int offset, final int length, final int att,
        final byte[] linkLayer, final int llOffset, final int llLength)
    {
        for (BindingCacheEntry e = byMnIdHash.get(hash(mnId, offset, length)); e != null; e = e.nextSameMnId)
        {
            if (e.mnIdEquals(mnId, offset, length) &&
                (att < 0 || e.accessTechnologyType() == att) &&
                (linkLayer == null || java.util.Arrays.equals(
                    e.linkLayerId(), 0, e.linkLayerId().length, linkLayer, llOffset, llOffset + llLength)))
            {
                return e;
            }
        }
        return null;
    }

    /**
     * The sessions of one MN-ID in turn (HI = 1 gives an MN several): the first here, the others through
     * {@link #nextOfMnId}. Does not allocate.
     *
     * @return the first session of this MN-ID, or null.
     */
    public BindingCacheEntry firstOfMnId(final byte[] mnId, final int offset, final int length)
    {
        return sameMnId(byMnIdHash.get(hash(mnId, offset, length)), mnId, offset, length);
    }

    /** @return the next session with the MN-ID of {@code entry} after it, or null. */
    public BindingCacheEntry nextOfMnId(final BindingCacheEntry entry)
    {
        final byte[] id = entry.mnId();
        return sameMnId(entry.nextSameMnId, id, 0, id.length);
    }

    private static BindingCacheEntry sameMnId(
        final BindingCacheEntry from, final byte[] mnId, final int offset, final int length)
    {
        BindingCacheEntry e = from;
        while (e != null && !e.mnIdEquals(mnId, offset, length))
        {
            e = e.nextSameMnId; // another MN-ID with the same hash
        }
        return e;
    }

    /** @return number of entries. */
    public int size()
    {
        return byId.size();
    }

    /** @return the entries (iterate on the owning thread only). */
    public Iterable<BindingCacheEntry> entries()
    {
        return byId.values();
    }

    private static long hash(final byte[] bytes, final int offset, final int length)
    {
        long h = 0xcbf29ce484222325L;
        for (int i = offset; i < offset + length; i++)
        {
            h = (h ^ (bytes[i] & 0xFF)) * 0x100000001b3L;
        }
        return h;
    }
}
