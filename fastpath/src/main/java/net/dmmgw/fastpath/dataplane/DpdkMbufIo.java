package net.dmmgw.fastpath.dataplane;

import java.lang.foreign.MemorySegment;

import net.dmmgw.dpdk.EthDev;
import net.dmmgw.dpdk.Mbuf;
import net.dmmgw.dpdk.Mempool;

/** {@link MbufIo} over DPDK: the burst downcalls and the process's mbuf pool. */
public final class DpdkMbufIo implements MbufIo
{
    private final Mempool pool;

    /**
     * @param pool mempool for generated packets.
     */
    public DpdkMbufIo(final Mempool pool)
    {
        this.pool = pool;
    }

    @Override
    public int rxBurst(final int dpdkPort, final int queue, final MemorySegment mbufs, final int n)
    {
        return EthDev.rxBurst(dpdkPort, queue, mbufs, n);
    }

    @Override
    public int txBurst(final int dpdkPort, final int queue, final MemorySegment mbufs, final int n)
    {
        return EthDev.txBurst(dpdkPort, queue, mbufs, n);
    }

    @Override
    public void freeBulk(final MemorySegment mbufs, final int count)
    {
        Mbuf.freeBulk(mbufs, count);
    }

    @Override
    public void free(final long mbuf)
    {
        Mbuf.free(mbuf);
    }

    @Override
    public long alloc()
    {
        return pool.alloc();
    }
}
