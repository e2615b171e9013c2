package net.dmmgw.fastpath.dataplane;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

import net.dmmgw.dpdk.EthDev;

/**
 * One worker's pending transmissions to one egress port (its own tx queue there): filled per
 * packet, handed to {@code rte_eth_tx_burst} when full and at the end of every rx burst (as
 * l3fwd's {@code send_burst}); what the device does not take is freed and counted.
 */
final class TxBuffer
{
    private final int dpdkPort;
    private final int queue;
    private final MemorySegment mbufs;
    private final long array;
    private final int capacity;
    private final LoopCounters counters;
    private final MbufIo io;
    private int count;

    TxBuffer(final int dpdkPort, final int queue, final int capacity, final LoopCounters counters, final MbufIo io)
    {
        this.io = io;
        this.dpdkPort = dpdkPort;
        this.queue = queue;
        this.capacity = capacity;
        this.counters = counters;
        this.mbufs = EthDev.newBurstArray(capacity);
        this.array = mbufs.address();
    }

    /** Queue an mbuf, sending the buffer first when it is full. */
    void add(final long mbuf)
    {
        if (count == capacity)
        {
            flush();
        }
        MbufFields.setSlot(array, count++, mbuf);
    }

    /** Send what is queued; free and count what the device refused. */
    void flush()
    {
        final int n = count;
        if (n == 0)
        {
            return;
        }
        count = 0;
        final int sent = io.txBurst(dpdkPort, queue, mbufs, n);
        if (sent < n)
        {
            dropUnsent(sent, n);
        }
    }

    private void dropUnsent(final int sent, final int n)
    {
        for (int i = sent; i < n; i++)
        {
            io.free(mbufs.getAtIndex(JAVA_LONG, i));
        }
        counters.add(LoopCounters.Kind.TX_FULL, n - sent);
    }

    /** Free what is queued without sending (shutdown). */
    void discard()
    {
        for (int i = 0; i < count; i++)
        {
            io.free(mbufs.getAtIndex(JAVA_LONG, i));
        }
        count = 0;
    }
}
