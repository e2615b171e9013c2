package net.dmmgw.control.dmm;

import java.util.List;

import net.dmmgw.ipc.Ipv6Words;

/** A fixed set of IPv6 addresses (the domain's MAARs, a MAAR's peers) checked without allocation. */
public final class AddressSet
{
    private final long[] hi;
    private final long[] lo;

    /** @param addresses 16 octets each. */
    public AddressSet(final List<byte[]> addresses)
    {
        hi = new long[addresses.size()];
        lo = new long[addresses.size()];
        for (int i = 0; i < hi.length; i++)
        {
            hi[i] = Ipv6Words.word(addresses.get(i), 0);
            lo[i] = Ipv6Words.word(addresses.get(i), 8);
        }
    }

    /** @return true when the address is in the set. */
    public boolean contains(final long addressHi, final long addressLo)
    {
        for (int i = 0; i < hi.length; i++)
        {
            if (hi[i] == addressHi && lo[i] == addressLo)
            {
                return true;
            }
        }
        return false;
    }
}
