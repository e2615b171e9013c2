package net.dmmgw.control.metrics;

import java.util.ArrayList;
import java.util.List;

import net.dmmgw.control.codec.MhType;
import org.agrona.DirectBuffer;

/**
 * Mobility Header messages counted by direction, MH type and, for a Binding Acknowledgement, its status (other types:
 * status -1). Counting is array increments (no allocation); one writer (the agent thread, through
 * {@link CountingSignallingTransport}); {@link #snapshot()} on that thread too.
 */
public final class SignallingCounters
{
    /** Direction index: received. */
    public static final int RECEIVED = 0;
    /** Direction index: sent. */
    public static final int SENT = 1;

    private static final int TYPES = 32;
    private static final int STATUSES = 257; // 0..255 BA status, 256 = none
    private static final int BA_STATUS_OFFSET = MhType.MESSAGE_DATA_OFFSET;

    private final long[] counts = new long[2 * TYPES * STATUSES];
    private long malformed;

    /** One series of the snapshot. */
    public record Series(String direction, int type, String typeName, int status, long count)
    {
    }

    /** Counts one message (too short to carry a type: counted as malformed). */
    public void count(final int direction, final DirectBuffer mh, final int offset, final int length)
    {
        if (length < 3)
        {
            malformed++;
            return;
        }
        final int type = mh.getByte(offset + 2) & 0xFF;
        if (type >= TYPES)
        {
            malformed++;
            return;
        }
        int status = STATUSES - 1;
        if (type == MhType.BINDING_ACK && length > BA_STATUS_OFFSET)
        {
            status = mh.getByte(offset + BA_STATUS_OFFSET) & 0xFF;
        }
        counts[(direction * TYPES + type) * STATUSES + status]++;
    }

    /** @return messages too short or with a type beyond the counted range. */
    public long malformed()
    {
        return malformed;
    }

    /** @return count of messages of this direction, type and status (-1: types without a status). */
    public long count(final int direction, final int type, final int status)
    {
        return counts[(direction * TYPES + type) * STATUSES + (status < 0 ? STATUSES - 1 : status)];
    }

    /** @return every non-zero series (allocates; call on the owning thread). */
    public List<Series> snapshot()
    {
        final List<Series> list = new ArrayList<>();
        for (int d = 0; d < 2; d++)
        {
            for (int t = 0; t < TYPES; t++)
            {
                for (int s = 0; s < STATUSES; s++)
                {
                    final long n = counts[(d * TYPES + t) * STATUSES + s];
                    if (n != 0)
                    {
                        list.add(new Series(d == RECEIVED ? "received" : "sent", t, MhType.name(t),
                            s == STATUSES - 1 ? -1 : s, n));
                    }
                }
            }
        }
        return list;
    }
}
