package net.dmmgw.fastpath.dataplane;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.CountDownLatch;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;

import net.dmmgw.dpdk.DpdkException;
import net.dmmgw.dpdk.EthDev;
import net.dmmgw.dpdk.Lcore;
import net.dmmgw.dpdk.Mbuf;
import net.dmmgw.dpdk.NativeMemory;
import net.dmmgw.fastpath.pipeline.BurstOutput;
import net.dmmgw.fastpath.pipeline.PacketContext;
import net.dmmgw.fastpath.pipeline.Pipeline;
import net.dmmgw.fastpath.pipeline.Verdict;
import net.dmmgw.fastpath.state.InjectQueue;

/**
 * One packet worker: a platform thread registered as a DPDK lcore and pinned to its CPU, polling
 * its rx queues in bursts through its {@link MbufIo} (DPDK's in the data plane; fabricated mbufs in
 * plain memory for tests and {@code perf}'s {@code WorkerCpuTime}). Per burst: rx burst; with cache-resident tables
 * the burst's leading plain forwards straight to their tx buffers ({@link Pipeline#forwardInLane}, the forward lane:
 * {@code forwardPrefix}; for larger tables the burst lane, its lookups walked together, which also decapsulates plain
 * forwards from a tunnel peer: {@code forwardBurstPrefix}, also with cache-resident tables for a burst whose first
 * packet is tunnelled);
 * for the rest one {@link PacketContext} wrapped per packet, {@link Pipeline#processBurst} over all of them (staged: parse
 * all, look up all, act on all), whose action pass hands each packet back to the worker's
 * {@link BurstOutput} as soon as its outcome is final (the burst is not walked again):
 * <ul>
 * <li>TRANSMIT: the mbuf's data start and length are set to the pipeline's output frame (which may
 * start in the headroom) and it is queued on the egress port's {@link TxBuffer};</li>
 * <li>TRANSMIT_GENERATED: a new mbuf receives a copy of the ICMPv6 error and is queued; the
 * received mbuf is freed;</li>
 * <li>PUNT (the pipeline already handed the frame to the {@code PuntHandler}, which copied it) and
 * DROP (counted by the pipeline): the mbuf is freed;</li>
 * </ul>
 * then every tx buffer is flushed and the freed mbufs go back in one {@code rte_pktmbuf_free_bulk}.
 * The worker given the process's {@link InjectQueue} also sends, after its polls, up to
 * {@link #INJECT_DRAIN_LIMIT} frames the control plane injected (copied into new mbufs).
 * No allocation, lock, logging or exception on this path. Not every per-packet method inlines: the lanes'
 * {@code forwardInLane} and {@code decapLaneCandidate} exceed C2's hot-method size limit and stay one call per
 * packet (forcing the burst lane's candidates inline measured equal: perf/RESULTS.md, session 12 inline12).
 */
public final class Worker implements Runnable
{
    /** Injected frames sent per duty cycle at most, so that rx polling is not starved. */
    static final int INJECT_DRAIN_LIMIT = 16;
    /**
     * Bursts that skip the forward lane after one whose first packet the lane refused: traffic it does not take
     * (encapsulation, decapsulation) then pays its checks, and for encapsulation a wasted lookup, in one burst of 8.
     */
    static final int LANE_REST_BURSTS = 7;

    private final int index;
    private final int lcore;
    private final int[] rxDpdkPorts;
    private final int[] rxQueues;
    private final int[] rxPorts;
    private final TxBuffer[] txByPort;
    private final TxBuffer[] txList;
    private final Pipeline pipeline;
    /** {@link Pipeline#forwardLane}: each received packet offered to {@link Pipeline#forwardInLane} first. */
    private final boolean forwardLane;
    /** {@link Pipeline#forwardBurstLane}: the burst's leading packets offered to the burst lane first. */
    private final boolean burstLane;
    private final PacketContext[] contexts;
    private final long[] mbufs;
    private final MbufIo io;
    private final LoopCounters counters;
    private final IdleStrategy idle;
    private final int burst;
    private final MemorySegment rx;
    private final long rxArray;
    private final MemorySegment toFree;
    private final long toFreeArray;
    private final CountDownLatch started = new CountDownLatch(1);
    private final InjectQueue injectQueue;
    private final MessageHandler injectHandler = this::onInjected;
    private final BurstOutput output = new Output();
    private int freeCount;
    /** Bursts left that skip the forward lane, after one whose first packet it refused. */
    private int laneRest;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /**
     * @param index      worker number.
     * @param lcore      CPU to pin to.
     * @param rxDpdkPorts DPDK port id of each polled queue.
     * @param rxQueues   queue number of each polled queue.
     * @param rxPorts    table port id of each polled queue.
     * @param txDpdkPorts DPDK port id per table port id that this worker transmits on (-1: no tx there).
     * @param txQueue    this worker's tx queue on every port.
     * @param pipeline   this worker's pipeline.
     * @param contexts   this worker's packet contexts, one per packet of a burst (at least burst).
     * @param io         rx/tx bursts, mbuf allocation (generated packets) and freeing.
     * @param counters   this worker's loop counters.
     * @param idle       idle strategy.
     * @param burst      rx burst size.
     * @param injectQueue frames from the control plane this worker transmits, or null.
     */
    public Worker(
        final int index,
        final int lcore,
        final int[] rxDpdkPorts,
        final int[] rxQueues,
        final int[] rxPorts,
        final int[] txDpdkPorts,
        final int txQueue,
        final Pipeline pipeline,
        final PacketContext[] contexts,
        final MbufIo io,
        final LoopCounters counters,
        final IdleStrategy idle,
        final int burst,
        final InjectQueue injectQueue)
    {
        this.index = index;
        this.lcore = lcore;
        this.rxDpdkPorts = rxDpdkPorts.clone();
        this.rxQueues = rxQueues.clone();
        this.rxPorts = rxPorts.clone();
        this.txByPort = new TxBuffer[txDpdkPorts.length];
        for (int p = 0; p < txDpdkPorts.length; p++)
        {
            txByPort[p] = txDpdkPorts[p] < 0 ? null : new TxBuffer(txDpdkPorts[p], txQueue, burst, counters, io);
        }
        int n = 0;
        for (final TxBuffer b : txByPort)
        {
            n += b != null ? 1 : 0;
        }
        txList = new TxBuffer[n];
        n = 0;
        for (final TxBuffer b : txByPort)
        {
            if (b != null)
            {
                txList[n++] = b;
            }
        }
        this.pipeline = pipeline;
        this.forwardLane = pipeline.forwardLane();
        this.burstLane = pipeline.forwardBurstLane();
        if (contexts.length < burst)
        {
            throw new IllegalArgumentException("need a packet context per packet of a burst: " + burst);
        }
        this.contexts = contexts.clone();
        this.mbufs = new long[burst];
        this.io = io;
        this.counters = counters;
        this.idle = idle;
        this.burst = burst;
        this.rx = EthDev.newBurstArray(burst);
        this.rxArray = rx.address();
        this.toFree = EthDev.newBurstArray(burst);
        this.toFreeArray = toFree.address();
        this.injectQueue = injectQueue;
    }

    /** @return worker number. */
    public int index()
    {
        return index;
    }

    /** @return "dmmgw-worker-&lt;n&gt;-lcore-&lt;cpu&gt;". */
    public String roleName()
    {
        return "dmmgw-worker-" + index + "-lcore-" + lcore;
    }

    @Override
    public void run()
    {
        try
        {
            Lcore.registerCurrentThread();
            Lcore.pinCurrentThread(lcore);
        }
        catch (final DpdkException ex)
        {
            failure = ex;
            running = false;
            started.countDown();
            return;
        }
        started.countDown();
        try
        {
            final IdleStrategy idleStrategy = idle;
            while (running)
            {
                idleStrategy.idle(doWork());
            }
            for (final TxBuffer b : txList)
            {
                b.flush();
            }
        }
        catch (final Throwable t)
        {
            // A bug, not a packet outcome: remember it for the process to report, stop this worker.
            failure = t;
        }
        finally
        {
            Lcore.unregisterCurrentThread();
        }
    }

    /**
     * Poll every rx queue once.
     *
     * @return packets received.
     */
    public int doWork()
    {
        int work = 0;
        for (int i = 0; i < rxQueues.length; i++)
        {
            work += poll(i);
        }
        if (injectQueue != null)
        {
            work += drainInjected();
        }
        return work;
    }

    /** Frames the control plane injected (PBA, RA, NA...): a few per cycle, between bursts. */
    private int drainInjected()
    {
        final int n = injectQueue.drain(injectHandler, INJECT_DRAIN_LIMIT);
        if (n > 0)
        {
            for (final TxBuffer b : txList)
            {
                b.flush();
            }
        }
        return n;
    }

    private void onInjected(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final TxBuffer tx = txBuffer(InjectQueue.portOf(msgTypeId));
        // InjectQueue's ring is direct memory: addressOffset() is the absolute address.
        final boolean sent = tx != null && sendCopy(tx, buffer.addressOffset() + index, length);
        counters.add(sent ? LoopCounters.Kind.INJECTED : LoopCounters.Kind.INJECT_FAILED, 1);
    }

    /**
     * Copy a frame into a new mbuf and queue it on {@code tx} (injected frames, generated ICMPv6 errors).
     *
     * @return false if no mbuf was free or the frame does not fit one (nothing queued).
     */
    private boolean sendCopy(final TxBuffer tx, final long address, final int length)
    {
        final long mbuf = io.alloc();
        if (mbuf == 0 || length > Mbuf.tailroom(mbuf))
        {
            io.free(mbuf);
            return false;
        }
        NativeMemory.move(address, Mbuf.dataAddress(mbuf), length);
        MbufFields.setLength(mbuf, length);
        tx.add(mbuf);
        return true;
    }

    private int poll(final int i)
    {
        final int n = io.rxBurst(rxDpdkPorts[i], rxQueues[i], rx, burst);
        if (n == 0)
        {
            return 0;
        }
        final int port = rxPorts[i];
        int k = 0;
        if (laneRest > 0) // only a lane sets it
        {
            laneRest--;
        }
        else if (forwardLane)
        {
            k = forwardPrefix(n, port);
        }
        else if (burstLane)
        {
            k = forwardBurstPrefix(n, port);
        }
        int m = 0;
        for (; k < n; k++)
        {
            final long mbuf = MbufFields.slot(rxArray, k);
            if (MbufFields.segmentCount(mbuf) != 1)
            {
                counters.add(LoopCounters.Kind.MULTI_SEGMENT, 1);
                release(mbuf);
                continue;
            }
            mbufs[m] = mbuf;
            final int offset = MbufFields.dataOffset(mbuf);
            contexts[m++].wrap(MbufFields.bufAddress(mbuf) + offset, MbufFields.dataLength(mbuf), offset, port);
        }
        if (m > 0)
        {
            pipeline.processBurst(contexts, m, output);
        }
        endOfBurst();
        return n;
    }

    /**
     * The forward lane over the burst's leading packets: each one {@link Pipeline#forwardInLane} takes is queued at
     * once; the first one it does not take (or a multi-segment one) ends the lane, so its packets are a prefix of the
     * burst (sent in rx order) and the rest is staged. When it refused the burst's first packet because that one is
     * tunnelled ({@link Pipeline#tunnelled}), the burst goes to the burst lane ({@link #forwardBurstPrefix}), which
     * decapsulates with the inner destinations' lookups walked together: measured ~3.3 ns per packet cheaper than
     * staged at decap 1 k (perf/RESULTS.md, session 12 decap12). When it refused the burst's first packet otherwise
     * (or the burst lane took none), the next {@link #LANE_REST_BURSTS} bursts skip the lanes: traffic they do not
     * take (encap, punts...) pays their checks in one burst of 8, and those bursts run the staged loop alone.
     *
     * @return the index of the first packet not taken.
     */
    private int forwardPrefix(final int n, final int port)
    {
        for (int k = 0; k < n; k++)
        {
            final long mbuf = MbufFields.slot(rxArray, k);
            if (MbufFields.segmentCount(mbuf) != 1)
            {
                return k;
            }
            final int offset = MbufFields.dataOffset(mbuf);
            final long frame = MbufFields.bufAddress(mbuf) + offset;
            final int length = MbufFields.dataLength(mbuf);
            final long out = pipeline.forwardInLane(frame, length, port);
            if (out == Pipeline.NOT_IN_LANE)
            {
                if (k == 0)
                {
                    if (Pipeline.tunnelled(frame, length))
                    {
                        // The burst lane decapsulates, its lookups walked together: faster than staged here too.
                        return forwardBurstPrefix(n, port);
                    }
                    laneRest = LANE_REST_BURSTS;
                }
                return k;
            }
            transmitInPlace(mbuf, (int)(out >>> 32), (int)out);
        }
        return n;
    }

    /**
     * The burst lane (tables beyond the caches; with cache-resident tables for a burst whose first packet is tunnelled,
     * from {@link #forwardPrefix}), {@link #forwardPrefix}'s form with the lookups walked together: the
     * burst's leading packets that pass the lane's checks ({@link Pipeline#laneCandidate}, at most
     * {@link Pipeline#LANE_BURST}) are looked up in one {@link Pipeline#laneLookups}, then forwarded in rx order
     * while their routes are forwards ({@link Pipeline#forwardCandidate}); the first packet refused by a check or by
     * its route ends the lane and the rest is staged. When it took no packet, the next {@link #LANE_REST_BURSTS}
     * bursts skip it.
     *
     * @return the index of the first packet not taken.
     */
    private int forwardBurstPrefix(final int n, final int port)
    {
        final int limit = Math.min(n, Pipeline.LANE_BURST);
        int m = 0;
        for (; m < limit; m++)
        {
            final long mbuf = MbufFields.slot(rxArray, m);
            if (MbufFields.segmentCount(mbuf) != 1 || !pipeline.laneCandidate(m,
                MbufFields.bufAddress(mbuf) + MbufFields.dataOffset(mbuf), MbufFields.dataLength(mbuf), port))
            {
                break;
            }
        }
        int k = 0;
        if (m > 0)
        {
            pipeline.laneLookups(m);
            for (; k < m; k++)
            {
                final long mbuf = MbufFields.slot(rxArray, k);
                final long frame = MbufFields.bufAddress(mbuf) + MbufFields.dataOffset(mbuf);
                final long out = pipeline.forwardCandidate(k, frame, MbufFields.dataLength(mbuf), port);
                if (out == Pipeline.NOT_IN_LANE)
                {
                    break;
                }
                transmitFromLane(mbuf, out);
            }
        }
        if (k == 0)
        {
            laneRest = LANE_REST_BURSTS;
        }
        return k;
    }

    private void endOfBurst()
    {
        pipeline.endBurst();
        for (final TxBuffer b : txList)
        {
            b.flush();
        }
        if (freeCount > 0)
        {
            io.freeBulk(toFree, freeCount);
            freeCount = 0;
        }
        counters.add(LoopCounters.Kind.BURSTS, 1);
    }

    /**
     * The pipeline's action pass hands each packet here (the burst is not walked again): a transmitted mbuf gets
     * its new data offset and lengths and goes to its egress port's tx buffer; for a generated ICMPv6 error a
     * new mbuf is sent; the received mbuf of every other packet is freed with the burst.
     */
    private final class Output implements BurstOutput
    {
        @Override
        public void transmit(final int index, final int port, final long address, final int length)
        {
            Worker.this.transmit(mbufs[index], port, address, length);
        }

        @Override
        public void notTransmitted(final int index, final PacketContext ctx)
        {
            if (ctx.verdict() == Verdict.TRANSMIT_GENERATED)
            {
                transmitGenerated(ctx);
            }
            release(mbufs[index]);
        }
    }

    private void transmit(final long mbuf, final int port, final long address, final int length)
    {
        final TxBuffer tx = txBuffer(port);
        final long offset = address - MbufFields.bufAddress(mbuf);
        if (tx == null || offset < 0 || offset + length > MbufFields.bufLength(mbuf))
        {
            counters.add(LoopCounters.Kind.BAD_EGRESS, 1);
            release(mbuf);
            return;
        }
        MbufFields.setDataOffset(mbuf, (int)offset);
        MbufFields.setLength(mbuf, length);
        tx.add(mbuf);
    }

    /**
     * {@link #transmit} for a lane's packet: its output frame starts where the received one does (data offset
     * unchanged) and is no longer than it ({@link Pipeline#forwardInLane}), so it lies in the mbuf's buffer as
     * the received frame did: no bounds check, no data-offset store.
     */
    private void transmitInPlace(final long mbuf, final int port, final int length)
    {
        final TxBuffer tx = txBuffer(port);
        if (tx == null)
        {
            counters.add(LoopCounters.Kind.BAD_EGRESS, 1);
            release(mbuf);
            return;
        }
        MbufFields.setLength(mbuf, length);
        tx.add(mbuf);
    }

    /**
     * {@link #transmitInPlace} for the burst lane's answer {@code out} ({@link Pipeline#forwardCandidate}): a
     * decapsulated packet's output frame starts {@link Pipeline#laneHeadMove} octets after the received one (still
     * inside it), so the data offset moves by that much first.
     */
    private void transmitFromLane(final long mbuf, final long out)
    {
        final int headMove = Pipeline.laneHeadMove(out);
        if (headMove != 0)
        {
            MbufFields.setDataOffset(mbuf, MbufFields.dataOffset(mbuf) + headMove);
        }
        transmitInPlace(mbuf, Pipeline.lanePort(out), Pipeline.laneLength(out));
    }

    private void transmitGenerated(final PacketContext ctx)
    {
        final TxBuffer tx = txBuffer(ctx.egressPort());
        if (tx == null)
        {
            counters.add(LoopCounters.Kind.BAD_EGRESS, 1);
            return;
        }
        if (!sendCopy(tx, ctx.outAddress(), ctx.outLength()))
        {
            counters.add(LoopCounters.Kind.NO_MBUF, 1);
        }
    }

    private TxBuffer txBuffer(final int port)
    {
        return port >= 0 && port < txByPort.length ? txByPort[port] : null;
    }

    private void release(final long mbuf)
    {
        MbufFields.setSlot(toFreeArray, freeCount++, mbuf);
    }

    /**
     * Ask the worker to stop after the current poll (any thread).
     */
    public void stop()
    {
        running = false;
    }

    /**
     * Wait until the thread registered and pinned itself (or failed to).
     *
     * @throws InterruptedException if interrupted.
     */
    void awaitStarted() throws InterruptedException
    {
        started.await();
    }

    /** @return what stopped the worker abnormally, or null. */
    public Throwable failure()
    {
        return failure;
    }

    /**
     * Free tx-queued mbufs that were never sent (after the thread has ended).
     */
    void discardPending()
    {
        for (final TxBuffer b : txList)
        {
            b.discard();
        }
    }
}
