package net.dmmgw.control.location;

import java.util.Arrays;

/**
 * One mobility session (RFC 5213 §5.1 / wire-formats §4.1): MN-ID, MN link-layer id, HNPs (/64, upper words),
 * Proxy-CoA, lifetime, the last accepted sequence number and timestamp, HI, ATT, tunnel id and state. Mutable and
 * owned by the role's agent thread.
 */
public final class BindingCacheEntry
{
    /** Most HNPs one session holds. */
    public static final int MAX_PREFIXES = 8;

    private long[] prefixes = new long[1]; // most sessions hold one HNP; grows up to MAX_PREFIXES
    BindingCacheEntry nextSameMnId;
    private final int id;
    private final byte[] mnId;
    private byte[] linkLayerId = new byte[0];
    private int prefixCount;
    private long proxyCoaHi;
    private long proxyCoaLo;
    private long expiresAtMs;
    private long lastTimestamp;
    private int lastSequence = -1;
    private byte handoffIndicator; // 0..255 (one octet on the wire): bytes keep the entry at its size with accessPort
    private byte accessTechnologyType;
    private int tunnelId;
    private int accessPort;
    private BindingState state = BindingState.ACTIVE;
    private long deleteAtMs;
    private boolean busy;
    private long timerDeadline = -1;
    private int timerKind;

    /**
     * @param id unique id of the session on this node (journal key).
     * @param mnId MN-Identifier octets (copied).
     */
    public BindingCacheEntry(final int id, final byte[] mnId)
    {
        this(id, mnId.clone(), true);
    }

    /** For the cache, which already made the copy. */
    BindingCacheEntry(final int id, final byte[] ownedMnId, final boolean owned)
    {
        this.id = id;
        this.mnId = ownedMnId;
    }

    /** @return the session id. */
    public int id()
    {
        return id;
    }

    /** @return the MN-ID octets (do not modify). */
    public byte[] mnId()
    {
        return mnId;
    }

    /** @return true when the MN-ID equals {@code length} octets of {@code other} at {@code offset}. */
    public boolean mnIdEquals(final byte[] other, final int offset, final int length)
    {
        return Arrays.equals(mnId, 0, mnId.length, other, offset, offset + length);
    }

    /** @return MN link-layer id octets, empty when unknown. */
    public byte[] linkLayerId()
    {
        return linkLayerId;
    }

    /** @param value MN link-layer id (copied). */
    public void linkLayerId(final byte[] value, final int offset, final int length)
    {
        if (!Arrays.equals(linkLayerId, 0, linkLayerId.length, value, offset, offset + length))
        {
            linkLayerId = Arrays.copyOfRange(value, offset, offset + length);
        }
    }

    /** @return number of HNPs. */
    public int prefixCount()
    {
        return prefixCount;
    }

    /** @return upper word of HNP {@code i} (a /64). */
    public long prefix(final int i)
    {
        return prefixes[i];
    }

    /** @return true when the session holds this /64. */
    public boolean hasPrefix(final long prefixHi)
    {
        for (int i = 0; i < prefixCount; i++)
        {
            if (prefixes[i] == prefixHi)
            {
                return true;
            }
        }
        return false;
    }

    /** Appends an HNP; the cache's prefix index is updated by {@link BindingCache#addPrefix}. */
    void appendPrefix(final long prefixHi)
    {
        if (prefixCount == prefixes.length)
        {
            prefixes = Arrays.copyOf(prefixes, Math.min(MAX_PREFIXES, prefixCount * 2));
        }
        prefixes[prefixCount++] = prefixHi;
    }

    /** @return Proxy-CoA upper word. */
    public long proxyCoaHi()
    {
        return proxyCoaHi;
    }

    /** @return Proxy-CoA lower word. */
    public long proxyCoaLo()
    {
        return proxyCoaLo;
    }

    /** Sets the Proxy-CoA (the serving MAG). */
    public void proxyCoa(final long hi, final long lo)
    {
        proxyCoaHi = hi;
        proxyCoaLo = lo;
    }

    /** @return true when the Proxy-CoA is this address. */
    public boolean isProxyCoa(final long hi, final long lo)
    {
        return proxyCoaHi == hi && proxyCoaLo == lo;
    }

    /** @return wall-clock ms at which the lifetime ends. */
    public long expiresAtMs()
    {
        return expiresAtMs;
    }

    /** @param value wall-clock ms at which the lifetime ends. */
    public void expiresAtMs(final long value)
    {
        expiresAtMs = value;
    }

    /** @return the last accepted Timestamp option (48.16) or arrival time. */
    public long lastTimestamp()
    {
        return lastTimestamp;
    }

    /** @param value last accepted timestamp (48.16). */
    public void lastTimestamp(final long value)
    {
        lastTimestamp = value;
    }

    /** @return last accepted sequence number, -1 before the first. */
    public int lastSequence()
    {
        return lastSequence;
    }

    /** @param value last accepted sequence number. */
    public void lastSequence(final int value)
    {
        lastSequence = value;
    }

    /** @return Handoff Indicator of the last accepted PBU. */
    public int handoffIndicator()
    {
        return handoffIndicator & 0xFF;
    }

    /** @param value Handoff Indicator. */
    public void handoffIndicator(final int value)
    {
        handoffIndicator = (byte)value;
    }

    /** @return Access Technology Type. */
    public int accessTechnologyType()
    {
        return accessTechnologyType & 0xFF;
    }

    /** @param value Access Technology Type. */
    public void accessTechnologyType(final int value)
    {
        accessTechnologyType = (byte)value;
    }

    /** @return the data-plane tunnel towards the Proxy-CoA (shared per MAG), 0 when none. */
    public int tunnelId()
    {
        return tunnelId;
    }

    /** @param value tunnel id. */
    public void tunnelId(final int value)
    {
        tunnelId = value;
    }

    /** @return state. */
    public BindingState state()
    {
        return state;
    }

    /** @param value state. */
    public void state(final BindingState value)
    {
        state = value;
    }

    /** @return wall-clock ms at which a de-registered entry is deleted. */
    public long deleteAtMs()
    {
        return deleteAtMs;
    }

    /** @param value wall-clock ms of deletion. */
    public void deleteAtMs(final long value)
    {
        deleteAtMs = value;
    }

    /** @return deadline (ms) of the entry's pending lifetime or deletion timer, -1 when none. */
    public long timerDeadline()
    {
        return timerDeadline;
    }

    /** @return kind of the pending timer (role-defined). */
    public int timerKind()
    {
        return timerKind;
    }

    /** Records the pending timer; an expiry that does not match it is stale. */
    public void timer(final long deadline, final int kind)
    {
        timerDeadline = deadline;
        timerKind = kind;
    }

    /** @return a MAG's Binding Update List: the access port the node is attached on (0 elsewhere). */
    public int accessPort()
    {
        return accessPort;
    }

    /** @param value the access port (wire-formats §4.1: the BUL's access-link interface identifier). */
    public void accessPort(final int value)
    {
        accessPort = value;
    }

    /** @return true while a data-plane transaction for this entry is outstanding. */
    public boolean isBusy()
    {
        return busy;
    }

    /** @param value transaction outstanding. */
    public void busy(final boolean value)
    {
        busy = value;
    }
}
