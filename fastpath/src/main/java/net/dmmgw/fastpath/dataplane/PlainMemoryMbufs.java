package net.dmmgw.fastpath.dataplane;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.agrona.UnsafeApi;

import net.dmmgw.dpdk.DpdkLayout;

/**
 * {@link MbufIo} without DPDK, for tests and {@code perf}: a fixed set of {@code struct rte_mbuf}s fabricated in
 * plain off-heap memory (only the fields the worker reads: {@code buf_addr}, {@code data_off}, {@code nb_segs},
 * {@code pkt_len}, {@code data_len}, {@code buf_len}, {@code next}, at {@link DpdkLayout}'s offsets), each with a
 * buffer of {@link #HEADROOM} + {@link #DATA_ROOM} octets. Receiving takes the next fed frame and copies it
 * into a free mbuf after the headroom, as {@code net_pcap} copies each frame into a fresh mbuf; transmitting
 * (optionally recording the frame and its port) and freeing put the mbuf back on the free stack. Not
 * thread-safe: used by one worker. The receive and transmit paths allocate nothing unless recording.
 */
public final class PlainMemoryMbufs implements MbufIo
{
    /** Headroom of every received or allocated mbuf ({@code RTE_PKTMBUF_HEADROOM}). */
    public static final int HEADROOM = DpdkLayout.PKTMBUF_HEADROOM;
    /** Data room after the headroom. */
    public static final int DATA_ROOM = 2048;

    private static final int BUF_LEN = HEADROOM + DATA_ROOM;
    private static final int STRIDE = DpdkLayout.MBUF_SIZE + BUF_LEN;
    @SuppressWarnings("restricted")
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** A transmitted frame, when recording. */
    public record Sent(int dpdkPort, int queue, byte[] frame)
    {
    }

    private final Arena arena;
    private final long base;
    private final int capacity;
    private final long[] free;
    private int freeCount;
    private final long pristine;
    private final int maxFrames;
    private final int[] lengths;
    private final int[] segments;
    private int fed;
    private int next;
    private boolean repeat;
    private final List<Sent> sent;

    /**
     * @param mbufs     mbufs in the pool.
     * @param maxFrames frames that can be fed.
     * @param record    whether transmitted frames are copied into {@link #sent()} (allocates).
     */
    public PlainMemoryMbufs(final int mbufs, final int maxFrames, final boolean record)
    {
        final Arena arena = Arena.ofAuto();
        capacity = mbufs;
        base = arena.allocate((long)mbufs * STRIDE, 64).address();
        free = new long[mbufs];
        for (int i = mbufs - 1; i >= 0; i--)
        {
            free[freeCount++] = base + (long)i * STRIDE;
        }
        this.maxFrames = maxFrames;
        pristine = arena.allocate((long)maxFrames * DATA_ROOM, 64).address();
        lengths = new int[maxFrames];
        segments = new int[maxFrames];
        sent = record ? new ArrayList<>() : null;
        // Kept reachable as long as this object: the addresses above are into its memory.
        this.arena = arena;
    }

    /**
     * Queue a frame for reception.
     *
     * @param frame    the frame (at most {@link #DATA_ROOM} octets).
     * @param nbSegs   {@code nb_segs} the mbuf will claim (1: contiguous; more: the worker must refuse it).
     */
    public void feed(final byte[] frame, final int nbSegs)
    {
        if (fed == maxFrames || frame.length > DATA_ROOM)
        {
            throw new IllegalArgumentException("too many frames or frame too long");
        }
        MemorySegment.copy(frame, 0, ALL, ValueLayout.JAVA_BYTE,
            pristine + (long)fed * DATA_ROOM, frame.length);
        lengths[fed] = frame.length;
        segments[fed++] = nbSegs;
    }

    /**
     * @param again true: after the last fed frame reception starts over at the first (endless input, as
     *              {@code net_pcap}'s {@code infinite_rx}); false: reception ends after the last.
     */
    public void repeat(final boolean again)
    {
        repeat = again;
    }

    @Override
    public int rxBurst(final int dpdkPort, final int queue, final MemorySegment mbufs, final int n)
    {
        int k = 0;
        while (k < n && freeCount > 0 && (next < fed || repeat && fed > 0))
        {
            if (next == fed)
            {
                next = 0;
            }
            final long mbuf = free[--freeCount];
            final int length = lengths[next];
            reset(mbuf, length, segments[next]);
            UnsafeApi.copyMemory(pristine + (long)next * DATA_ROOM, mbuf + DpdkLayout.MBUF_SIZE + HEADROOM, length);
            mbufs.setAtIndex(JAVA_LONG, k++, mbuf);
            next++;
        }
        return k;
    }

    @Override
    public int txBurst(final int dpdkPort, final int queue, final MemorySegment mbufs, final int n)
    {
        for (int k = 0; k < n; k++)
        {
            final long mbuf = mbufs.getAtIndex(JAVA_LONG, k);
            if (sent != null)
            {
                final int offset = UnsafeApi.getShort(mbuf + DpdkLayout.MBUF_DATA_OFF) & 0xFFFF;
                final int length = UnsafeApi.getShort(mbuf + DpdkLayout.MBUF_DATA_LEN) & 0xFFFF;
                if (length != UnsafeApi.getInt(mbuf + DpdkLayout.MBUF_PKT_LEN))
                {
                    throw new IllegalStateException("data_len " + length + " != pkt_len");
                }
                final byte[] frame = new byte[length];
                final long data = UnsafeApi.getLong(mbuf + DpdkLayout.MBUF_BUF_ADDR) + offset;
                MemorySegment.copy(ALL, ValueLayout.JAVA_BYTE, data, frame, 0, length);
                sent.add(new Sent(dpdkPort, queue, frame));
            }
            free(mbuf);
        }
        return n;
    }

    @Override
    public void freeBulk(final MemorySegment mbufs, final int count)
    {
        for (int k = 0; k < count; k++)
        {
            free(mbufs.getAtIndex(JAVA_LONG, k));
        }
    }

    @Override
    public void free(final long mbuf)
    {
        if (mbuf != 0)
        {
            if (freeCount == capacity)
            {
                throw new IllegalStateException("mbuf freed twice: " + mbuf);
            }
            free[freeCount++] = mbuf;
        }
    }

    @Override
    public long alloc()
    {
        if (freeCount == 0)
        {
            return 0;
        }
        final long mbuf = free[--freeCount];
        reset(mbuf, 0, 1);
        return mbuf;
    }

    /** @return mbufs handed out (received or allocated) and not yet transmitted or freed. */
    public int inUse()
    {
        return capacity - freeCount;
    }

    /** @return the frames transmitted so far (recording only), in order. */
    public List<Sent> sent()
    {
        return sent;
    }

    private static void reset(final long mbuf, final int length, final int nbSegs)
    {
        UnsafeApi.putLong(mbuf + DpdkLayout.MBUF_BUF_ADDR, mbuf + DpdkLayout.MBUF_SIZE);
        UnsafeApi.putShort(mbuf + DpdkLayout.MBUF_DATA_OFF, (short)HEADROOM);
        UnsafeApi.putShort(mbuf + DpdkLayout.MBUF_NB_SEGS, (short)nbSegs);
        UnsafeApi.putInt(mbuf + DpdkLayout.MBUF_PKT_LEN, length);
        UnsafeApi.putShort(mbuf + DpdkLayout.MBUF_DATA_LEN, (short)length);
        UnsafeApi.putShort(mbuf + DpdkLayout.MBUF_BUF_LEN, (short)BUF_LEN);
        UnsafeApi.putLong(mbuf + DpdkLayout.MBUF_NEXT, 0);
    }
}
