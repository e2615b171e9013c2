package net.dmmgw.control.transport;

/**
 * IPv6 address → MAC, learned from the source MAC of the frames received from each peer: where
 * {@link DataPlaneTransport} sends its answers when no next-hop MAC is configured. Open addressing over fixed
 * arrays: no allocation; when full, the oldest slot of the probe run is overwritten (peers are a handful).
 */
final class PeerMacTable
{
    /** Returned by {@link #get} for an unknown address. */
    static final long UNKNOWN = -1;
    private static final int PROBES = 8;

    private final long[] hi;
    private final long[] lo;
    private final long[] mac;
    private final boolean[] used;
    private final int mask;

    /** @param capacity a power of two. */
    PeerMacTable(final int capacity)
    {
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two");
        }
        hi = new long[capacity];
        lo = new long[capacity];
        mac = new long[capacity];
        used = new boolean[capacity];
        mask = capacity - 1;
    }

    void put(final long addressHi, final long addressLo, final long macAddress)
    {
        final int home = index(addressHi, addressLo);
        for (int i = 0; i < PROBES; i++)
        {
            final int s = (home + i) & mask;
            if (!used[s] || (hi[s] == addressHi && lo[s] == addressLo))
            {
                used[s] = true;
                hi[s] = addressHi;
                lo[s] = addressLo;
                mac[s] = macAddress;
                return;
            }
        }
        hi[home] = addressHi;
        lo[home] = addressLo;
        mac[home] = macAddress;
    }

    long get(final long addressHi, final long addressLo)
    {
        final int home = index(addressHi, addressLo);
        for (int i = 0; i < PROBES; i++)
        {
            final int s = (home + i) & mask;
            if (!used[s])
            {
                return UNKNOWN;
            }
            if (hi[s] == addressHi && lo[s] == addressLo)
            {
                return mac[s];
            }
        }
        return UNKNOWN;
    }

    private int index(final long addressHi, final long addressLo)
    {
        final long h = (addressHi * 0x9E3779B97F4A7C15L) ^ (addressLo * 0xC2B2AE3D27D4EB4FL);
        return (int)(h ^ (h >>> 32)) & mask;
    }
}
