package net.dmmgw.control.dmm;

import java.util.ArrayList;
import java.util.List;

import net.dmmgw.control.journal.PeerPrefixes;
import net.dmmgw.ipc.Ipv6Words;

/**
 * The P-MAAR list of a binding (draft-ietf-dmm-pmipv6-dlif Appendix B): per previous MAAR its global address, the
 * /64 it anchors for the node, and a state the owner uses (the CMD: asked / answered / reported; the S-MAAR: the
 * tunnel id towards it). Fixed capacity, no allocation; index order is insertion order (removal moves the last
 * element into the gap).
 */
public final class PreviousMaarList implements PeerPrefixes
{
    /** Most P-MAARs one node keeps (more: {@link #add} refuses). */
    public static final int CAPACITY = 8;

    private final long[] addressHi = new long[CAPACITY];
    private final long[] addressLo = new long[CAPACITY];
    private final long[] prefixHi = new long[CAPACITY];
    private final int[] state = new int[CAPACITY];
    private final int[] sequence = new int[CAPACITY];
    private int count;

    /** @return elements held. */
    public int size()
    {
        return count;
    }

    /** @return the index of the P-MAAR with this address, -1 when absent. */
    public int indexOf(final long hi, final long lo)
    {
        for (int i = 0; i < count; i++)
        {
            if (addressHi[i] == hi && addressLo[i] == lo)
            {
                return i;
            }
        }
        return -1;
    }

    /** @return the index of the P-MAAR anchoring this /64, -1 when absent. */
    public int indexOfPrefix(final long prefix)
    {
        for (int i = 0; i < count; i++)
        {
            if (prefixHi[i] == prefix)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * Adds a P-MAAR (or updates the prefix of one already listed).
     *
     * @return its index, -1 when the list is full.
     */
    public int add(final long hi, final long lo, final long prefix)
    {
        int i = indexOf(hi, lo);
        if (i < 0)
        {
            if (count == CAPACITY)
            {
                return -1;
            }
            i = count++;
            addressHi[i] = hi;
            addressLo[i] = lo;
            state[i] = 0;
            sequence[i] = -1;
        }
        prefixHi[i] = prefix;
        return i;
    }

    /** Removes element {@code i} (the last one takes its place). */
    public void remove(final int i)
    {
        final int last = --count;
        addressHi[i] = addressHi[last];
        addressLo[i] = addressLo[last];
        prefixHi[i] = prefixHi[last];
        state[i] = state[last];
        sequence[i] = sequence[last];
    }

    /** @return "address prefix/64" per element, in order (a copy for administration; allocates). */
    public List<String> describe()
    {
        final List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            out.add(Ipv6Words.text(addressHi[i], addressLo[i]) + " " + Ipv6Words.text(prefixHi[i], 0) + "/64");
        }
        return List.copyOf(out);
    }

    /** Empties the list. */
    public void clear()
    {
        count = 0;
    }

    public long addressHi(final int i)
    {
        return addressHi[i];
    }

    public long addressLo(final int i)
    {
        return addressLo[i];
    }

    public long prefix(final int i)
    {
        return prefixHi[i];
    }

    public int state(final int i)
    {
        return state[i];
    }

    public void state(final int i, final int value)
    {
        state[i] = value;
    }

    public int sequence(final int i)
    {
        return sequence[i];
    }

    public void sequence(final int i, final int value)
    {
        sequence[i] = value;
    }
}
