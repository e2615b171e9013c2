package net.dmmgw.fastpath.table;

import java.lang.foreign.ValueLayout;

/**
 * Next hops by id: egress port, gateway address and the gateway's MAC, copied here from the
 * neighbour table by {@link FastPathTables} whenever that neighbour is set or removed (0 while
 * unresolved), so that forwarding needs no neighbour-table probe per packet.
 */
public final class NextHopTable extends SeqLockRecords
{
    /** MAC of a next hop whose gateway has no neighbour entry. */
    public static final long UNRESOLVED = 0;
    private static final int RECORD_LENGTH = 40;
    private static final long PORT = 8;
    private static final long GW_HI = 16;
    private static final long GW_LO = 24;
    private static final long MAC = 32;

    /**
     * @param maxNextHops number of next-hop ids.
     */
    public NextHopTable(final int maxNextHops)
    {
        super(maxNextHops, RECORD_LENGTH);
    }

    /**
     * Reader: copy a next hop consistently.
     *
     * @param id  next-hop id.
     * @param out four longs: port, gateway hi, gateway lo, gateway MAC ({@link #UNRESOLVED}).
     * @return {@link #PRESENT}, {@link #ABSENT} (also for an invalid id) or {@link #BUSY} (not read
     * consistently within the bounds: the writer is stuck in this record's section; {@code out} is garbage).
     */
    public int read(final int id, final long[] out)
    {
        if (!isValidId(id))
        {
            return ABSENT;
        }
        final long o = offset(id);
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++)
        {
            final int seq = readBegin(o);
            if (isBusy(seq))
            {
                return BUSY;
            }
            // The flag's value in memory is PRESENT (1) or ABSENT (0): answered as read.
            final int present = intAt(o + PRESENT_OFFSET);
            out[0] = intAt(o + PORT);
            out[1] = longAt(o + GW_HI);
            out[2] = longAt(o + GW_LO);
            out[3] = longAt(o + MAC);
            if (readValid(o, seq))
            {
                return present;
            }
        }
        return BUSY;
    }

    void write(final int id, final int port, final long gatewayHi, final long gatewayLo, final long mac)
    {
        final long o = beginWrite(id);
        boolean written = false;
        try
        {
            segment.set(ValueLayout.JAVA_INT, o + PORT, port);
            segment.set(ValueLayout.JAVA_LONG, o + GW_HI, gatewayHi);
            segment.set(ValueLayout.JAVA_LONG, o + GW_LO, gatewayLo);
            segment.set(ValueLayout.JAVA_LONG, o + MAC, mac);
            segment.set(ValueLayout.JAVA_INT, o + PRESENT_OFFSET, 1);
            written = true;
        }
        finally
        {
            endWrite(o, written);
        }
    }

    void writeMac(final int id, final long mac)
    {
        final long o = beginWrite(id);
        boolean written = false;
        try
        {
            segment.set(ValueLayout.JAVA_LONG, o + MAC, mac);
            written = true;
        }
        finally
        {
            endWrite(o, written);
        }
    }
}
