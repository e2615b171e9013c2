package net.dmmgw.control.journal;

/**
 * The peers a binding names besides its Proxy-CoA, each with the /64 it concerns, as the journal stores them after
 * the entry (a MAAR's P-MAAR list as serving MAAR, or its serving MAAR as previous MAAR). At most
 * {@link BindingRecord#MAX_PEERS}.
 */
public interface PeerPrefixes
{
    /** No peers (the LMA's, HA's and MAG's bindings). */
    PeerPrefixes NONE = new PeerPrefixes()
    {
        public int size()
        {
            return 0;
        }

        public long addressHi(final int i)
        {
            throw new IndexOutOfBoundsException(i);
        }

        public long addressLo(final int i)
        {
            throw new IndexOutOfBoundsException(i);
        }

        public long prefix(final int i)
        {
            throw new IndexOutOfBoundsException(i);
        }
    };

    /** One peer, set by its owner before each use (no allocation per record). */
    final class Single implements PeerPrefixes
    {
        private long hi;
        private long lo;
        private long prefix;

        /** @return this, holding the peer. */
        public Single set(final long addressHi, final long addressLo, final long prefixHi)
        {
            hi = addressHi;
            lo = addressLo;
            prefix = prefixHi;
            return this;
        }

        public int size()
        {
            return 1;
        }

        public long addressHi(final int i)
        {
            return hi;
        }

        public long addressLo(final int i)
        {
            return lo;
        }

        public long prefix(final int i)
        {
            return prefix;
        }
    }

    /** @return peers held. */
    int size();

    /** @return upper word of peer {@code i}'s address. */
    long addressHi(int i);

    /** @return lower word of peer {@code i}'s address. */
    long addressLo(int i);

    /** @return upper word of the /64 of peer {@code i}. */
    long prefix(int i);
}
