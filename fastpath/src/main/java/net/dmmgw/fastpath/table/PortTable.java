package net.dmmgw.fastpath.table;

import java.lang.foreign.ValueLayout;

/**
 * Port records: role, MAC and the IPv6 address used as the source of ICMPv6 errors sent from it.
 */
public final class PortTable extends SeqLockRecords
{
    /** Role value of an unconfigured port. */
    public static final int ROLE_NONE = 0;
    /** Role value of an access port (toward mobile nodes). */
    public static final int ROLE_ACCESS = 1;
    /** Role value of a core port (toward the network and other anchors). */
    public static final int ROLE_CORE = 2;

    private static final int RECORD_LENGTH = 64;
    private static final long ROLE = 8;
    private static final long MAC = 16;
    private static final long ADDR_HI = 24;
    private static final long ADDR_LO = 32;

    /**
     * @param maxPorts number of port ids.
     */
    public PortTable(final int maxPorts)
    {
        super(maxPorts, RECORD_LENGTH);
    }

    /**
     * Reader: the role of a port.
     *
     * @param port port id (any int).
     * @return {@link #ROLE_ACCESS}, {@link #ROLE_CORE} or {@link #ROLE_NONE}.
     */
    public int role(final int port)
    {
        if (!isValidId(port))
        {
            return ROLE_NONE;
        }
        // A single aligned int: no torn read possible, no seqlock needed.
        return intAt(offset(port) + ROLE);
    }

    /**
     * Reader: the MAC of a port (one aligned long).
     *
     * @param port valid port id.
     * @return MAC in the low 48 bits.
     */
    public long mac(final int port)
    {
        return longAt(offset(port) + MAC);
    }

    /**
     * Reader: the port's address into {@code out[0..1]} consistently.
     *
     * @param port valid port id.
     * @param out  two longs: hi, lo.
     * @return false if it could not be read consistently within the bounds (the writer is stuck in this
     * port's section; {@code out} is garbage).
     */
    public boolean address(final int port, final long[] out)
    {
        final long o = offset(port);
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++)
        {
            final int seq = readBegin(o);
            if (isBusy(seq))
            {
                return false;
            }
            out[0] = longAt(o + ADDR_HI);
            out[1] = longAt(o + ADDR_LO);
            if (readValid(o, seq))
            {
                return true;
            }
        }
        return false;
    }

    void write(final int port, final int role, final long mac, final Ipv6Address address)
    {
        final long hi = address.hi();
        final long lo = address.lo();
        final long o = beginWrite(port);
        boolean written = false;
        try
        {
            segment.set(ValueLayout.JAVA_INT, o + ROLE, role);
            segment.set(ValueLayout.JAVA_LONG, o + MAC, mac);
            segment.set(ValueLayout.JAVA_LONG, o + ADDR_HI, hi);
            segment.set(ValueLayout.JAVA_LONG, o + ADDR_LO, lo);
            segment.set(ValueLayout.JAVA_INT, o + PRESENT_OFFSET, 1);
            written = true;
        }
        finally
        {
            endWrite(o, written);
        }
    }
}
