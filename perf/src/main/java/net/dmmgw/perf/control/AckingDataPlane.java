package net.dmmgw.perf.control;

import net.dmmgw.control.routing.AckListener;
import net.dmmgw.control.routing.RouteProgrammer;

/**
 * A data-plane stub for the control benchmarks: every call is acknowledged OK on the next poll and nothing is
 * stored, so that the numbers are the control plane's own (LMA logic, journal, codec), not a data plane's.
 */
final class AckingDataPlane implements RouteProgrammer
{
    private long[] pending = new long[4096];
    private int count;
    private long next = 1;
    private long calls;

    long calls()
    {
        return calls;
    }

    private long enqueue()
    {
        calls++;
        if (count == pending.length)
        {
            pending = java.util.Arrays.copyOf(pending, count * 2);
        }
        final long id = next++;
        pending[count++] = id;
        return id;
    }

    public long setTunnel(final int tunnelId, final long localHi, final long localLo, final long remoteHi,
        final long remoteLo)
    {
        return enqueue();
    }

    public long removeTunnel(final int tunnelId)
    {
        return enqueue();
    }

    public long addTunnelRoute(final long prefixHi, final long prefixLo, final int prefixLength, final int tunnelId)
    {
        return enqueue();
    }

    public long removeRoute(final long prefixHi, final long prefixLo, final int prefixLength)
    {
        return enqueue();
    }

    public long addTunnelEndpoint(final long hi, final long lo)
    {
        return enqueue();
    }

    public long beginSnapshot(final long epoch)
    {
        return enqueue();
    }

    public long endSnapshot(final long entryCount)
    {
        return enqueue();
    }

    public int poll(final AckListener listener)
    {
        final int n = count;
        count = 0;
        for (int i = 0; i < n; i++)
        {
            listener.onAck(pending[i], true);
        }
        return n;
    }
}
