package net.dmmgw.control.journal;

import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.location.BindingState;
import net.openhft.chronicle.bytes.Bytes;

/**
 * One journal record, reused: an upsert carries the whole binding (MN-ID, MN-LL-ID, Proxy-CoA, HNPs, absolute
 * expiry, last timestamp and sequence, HI, ATT, state, deletion time); a delete carries the session id only.
 * Times are wall-clock ms so that a restarted process computes the remaining lifetime.
 */
public final class BindingRecord
{
    /** Record kind: binding created or changed. */
    public static final byte UPSERT = 1;
    /** Record kind: binding deleted. */
    public static final byte DELETE = 2;
    /** Most peers a record carries ({@link PeerPrefixes}). */
    public static final int MAX_PEERS = 8;
    private static final int PEER_OCTETS = 24;

    private final byte[] mnId = new byte[255];
    private final byte[] linkLayerId = new byte[255];
    private final long[] prefixes = new long[BindingCacheEntry.MAX_PREFIXES];
    private byte kind;
    private int id;
    private int mnIdLength;
    private int linkLayerIdLength;
    private long proxyCoaHi;
    private long proxyCoaLo;
    private int prefixCount;
    private long expiresAtMs;
    private long lastTimestamp;
    private int lastSequence;
    private int handoffIndicator;
    private int accessTechnologyType;
    private BindingState state;
    private long deleteAtMs;
    private int accessPort;
    private int flags;
    private int peerCount;
    private final long[] peers = new long[3 * MAX_PEERS];

    static void writeUpsert(final Bytes<?> out, final BindingCacheEntry e, final int flags, final PeerPrefixes peers)
    {
        out.writeByte(UPSERT);
        out.writeInt(e.id());
        out.writeUnsignedByte(e.mnId().length);
        out.write(e.mnId());
        out.writeUnsignedByte(e.linkLayerId().length);
        out.write(e.linkLayerId());
        out.writeLong(e.proxyCoaHi());
        out.writeLong(e.proxyCoaLo());
        out.writeUnsignedByte(e.prefixCount());
        for (int i = 0; i < e.prefixCount(); i++)
        {
            out.writeLong(e.prefix(i));
        }
        out.writeLong(e.expiresAtMs());
        out.writeLong(e.lastTimestamp());
        out.writeInt(e.lastSequence());
        out.writeUnsignedByte(e.handoffIndicator());
        out.writeUnsignedByte(e.accessTechnologyType());
        out.writeUnsignedByte(e.state().ordinal());
        out.writeLong(e.deleteAtMs());
        out.writeInt(e.accessPort()); // a trailer: records written before it existed read as port 0
        // A second trailer: the role's flags and peers (records written before it read as none).
        final int count = Math.min(peers.size(), MAX_PEERS);
        out.writeUnsignedByte(flags & 0xFF);
        out.writeUnsignedByte(count);
        for (int i = 0; i < count; i++)
        {
            out.writeLong(peers.addressHi(i));
            out.writeLong(peers.addressLo(i));
            out.writeLong(peers.prefix(i));
        }
    }

    static void writeDelete(final Bytes<?> out, final int id)
    {
        out.writeByte(DELETE);
        out.writeInt(id);
    }

    /**
     * Decodes a record.
     *
     * @return false when the record is malformed (it is then skipped, never half-applied).
     */
    boolean read(final Bytes<?> in)
    {
        if (in.readRemaining() < 5)
        {
            return false;
        }
        kind = in.readByte();
        id = in.readInt();
        if (kind == DELETE)
        {
            return true;
        }
        if (kind != UPSERT || in.readRemaining() < 1)
        {
            return false;
        }
        mnIdLength = in.readUnsignedByte();
        if (in.readRemaining() < mnIdLength + 1)
        {
            return false;
        }
        in.read(mnId, 0, mnIdLength);
        linkLayerIdLength = in.readUnsignedByte();
        if (in.readRemaining() < linkLayerIdLength + 17)
        {
            return false;
        }
        in.read(linkLayerId, 0, linkLayerIdLength);
        proxyCoaHi = in.readLong();
        proxyCoaLo = in.readLong();
        prefixCount = in.readUnsignedByte();
        if (prefixCount > prefixes.length || in.readRemaining() < prefixCount * 8L + 31)
        {
            return false;
        }
        for (int i = 0; i < prefixCount; i++)
        {
            prefixes[i] = in.readLong();
        }
        expiresAtMs = in.readLong();
        lastTimestamp = in.readLong();
        lastSequence = in.readInt();
        handoffIndicator = in.readUnsignedByte();
        accessTechnologyType = in.readUnsignedByte();
        final int s = in.readUnsignedByte();
        if (s >= BindingState.values().length)
        {
            return false;
        }
        state = BindingState.values()[s];
        deleteAtMs = in.readLong();
        accessPort = in.readRemaining() >= 4 ? in.readInt() : 0;
        flags = 0;
        peerCount = 0;
        if (in.readRemaining() >= 2)
        {
            flags = in.readUnsignedByte();
            final int count = in.readUnsignedByte();
            if (count > MAX_PEERS || in.readRemaining() < (long)count * PEER_OCTETS)
            {
                return false;
            }
            for (int i = 0; i < 3 * count; i++)
            {
                peers[i] = in.readLong();
            }
            peerCount = count;
        }
        return true;
    }

    /**
     * Copies the binding's fields into an entry (prefixes excepted: the owner indexes them with its cache, and may
     * refuse some).
     */
    public void restoreInto(final BindingCacheEntry e)
    {
        e.linkLayerId(linkLayerId, 0, linkLayerIdLength);
        e.proxyCoa(proxyCoaHi, proxyCoaLo);
        e.expiresAtMs(expiresAtMs);
        e.lastTimestamp(lastTimestamp);
        e.lastSequence(lastSequence);
        e.handoffIndicator(handoffIndicator);
        e.accessTechnologyType(accessTechnologyType);
        e.state(state);
        e.deleteAtMs(deleteAtMs);
        e.accessPort(accessPort);
    }

    /** @return a MAG binding's access port (0 for other roles, and in records older than the field). */
    public int accessPort()
    {
        return accessPort;
    }

    /** @return the role's flags (0 in records of roles without any, and in records older than the field). */
    public int flags()
    {
        return flags;
    }

    /** @return peers carried (0 .. {@link #MAX_PEERS}). */
    public int peerCount()
    {
        return peerCount;
    }

    /** @return upper word of peer {@code i}'s address. */
    public long peerHi(final int i)
    {
        return peers[3 * i];
    }

    /** @return lower word of peer {@code i}'s address. */
    public long peerLo(final int i)
    {
        return peers[3 * i + 1];
    }

    /** @return upper word of peer {@code i}'s /64. */
    public long peerPrefix(final int i)
    {
        return peers[3 * i + 2];
    }

    /** @return {@link #UPSERT} or {@link #DELETE}. */
    public byte kind()
    {
        return kind;
    }

    /** @return session id. */
    public int id()
    {
        return id;
    }

    /** @return MN-ID buffer (first {@link #mnIdLength()} octets valid). */
    public byte[] mnId()
    {
        return mnId;
    }

    /** @return MN-ID length. */
    public int mnIdLength()
    {
        return mnIdLength;
    }

    /** @return MN-LL-ID buffer. */
    public byte[] linkLayerId()
    {
        return linkLayerId;
    }

    /** @return MN-LL-ID length. */
    public int linkLayerIdLength()
    {
        return linkLayerIdLength;
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

    /** @return HNP count. */
    public int prefixCount()
    {
        return prefixCount;
    }

    /** @return HNP {@code i} upper word. */
    public long prefix(final int i)
    {
        return prefixes[i];
    }

    /** @return wall-clock expiry (ms). */
    public long expiresAtMs()
    {
        return expiresAtMs;
    }

    /** @return last accepted timestamp. */
    public long lastTimestamp()
    {
        return lastTimestamp;
    }

    /** @return last accepted sequence number. */
    public int lastSequence()
    {
        return lastSequence;
    }

    /** @return HI. */
    public int handoffIndicator()
    {
        return handoffIndicator;
    }

    /** @return ATT. */
    public int accessTechnologyType()
    {
        return accessTechnologyType;
    }

    /** @return state. */
    public BindingState state()
    {
        return state;
    }

    /** @return wall-clock ms of deletion of a de-registered entry. */
    public long deleteAtMs()
    {
        return deleteAtMs;
    }
}
