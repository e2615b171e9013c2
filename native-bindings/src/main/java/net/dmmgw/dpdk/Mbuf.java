package net.dmmgw.dpdk;

import static net.dmmgw.dpdk.NativeMemory.ALL;
import static net.dmmgw.dpdk.NativeMemory.U16;
import static net.dmmgw.dpdk.NativeMemory.U32;
import static net.dmmgw.dpdk.NativeMemory.U64;

import java.lang.foreign.MemorySegment;

import net.dmmgw.dpdk.raw.DmmgwShim;
import net.dmmgw.dpdk.raw.RteMbuf;

/**
 * Static accessors on {@code struct rte_mbuf} given its absolute address; nothing here allocates,
 * checks or throws, so it is fit for per-packet use. Field offsets are {@link DpdkLayout}'s
 * verified constants.
 *
 * <p>{@link #prepend}, {@link #adj}, {@link #append} and {@link #trim} are Java ports of DPDK's
 * static-inline functions of the same name (no downcall): they return the same addresses (0 for
 * DPDK's NULL) and change the same fields, which {@code MbufOpsTest} checks against the shim's
 * calls of the real C functions.
 */
public final class Mbuf
{
    private Mbuf()
    {
    }

    /**
     * @param mbuf mbuf address.
     * @return {@code buf_addr}: start of the buffer.
     */
    public static long bufAddress(final long mbuf)
    {
        return ALL.get(U64, mbuf + DpdkLayout.MBUF_BUF_ADDR);
    }

    /**
     * @param mbuf mbuf address.
     * @return {@code data_off}: offset of the data from {@code buf_addr} (= headroom).
     */
    public static int dataOffset(final long mbuf)
    {
        return ALL.get(U16, mbuf + DpdkLayout.MBUF_DATA_OFF) & 0xFFFF;
    }

    /**
     * @param mbuf   mbuf address.
     * @param offset new {@code data_off}.
     */
    public static void setDataOffset(final long mbuf, final int offset)
    {
        ALL.set(U16, mbuf + DpdkLayout.MBUF_DATA_OFF, (short)offset);
    }

    /**
     * @param mbuf mbuf address.
     * @return address of the first data byte ({@code rte_pktmbuf_mtod}).
     */
    public static long dataAddress(final long mbuf)
    {
        return bufAddress(mbuf) + dataOffset(mbuf);
    }

    /**
     * @param mbuf mbuf address.
     * @return {@code data_len}: bytes of data in this segment.
     */
    public static int dataLength(final long mbuf)
    {
        return ALL.get(U16, mbuf + DpdkLayout.MBUF_DATA_LEN) & 0xFFFF;
    }

    /**
     * @param mbuf   mbuf address.
     * @param length new {@code data_len}.
     */
    public static void setDataLength(final long mbuf, final int length)
    {
        ALL.set(U16, mbuf + DpdkLayout.MBUF_DATA_LEN, (short)length);
    }

    /**
     * @param mbuf mbuf address.
     * @return {@code pkt_len}: bytes of data in the whole chain.
     */
    public static int packetLength(final long mbuf)
    {
        return ALL.get(U32, mbuf + DpdkLayout.MBUF_PKT_LEN);
    }

    /**
     * @param mbuf   mbuf address.
     * @param length new {@code pkt_len}.
     */
    public static void setPacketLength(final long mbuf, final int length)
    {
        ALL.set(U32, mbuf + DpdkLayout.MBUF_PKT_LEN, length);
    }

    /**
     * @param mbuf mbuf address.
     * @return {@code port}: the input port.
     */
    public static int port(final long mbuf)
    {
        return ALL.get(U16, mbuf + DpdkLayout.MBUF_PORT) & 0xFFFF;
    }

    /**
     * @param mbuf mbuf address.
     * @param port new {@code port}.
     */
    public static void setPort(final long mbuf, final int port)
    {
        ALL.set(U16, mbuf + DpdkLayout.MBUF_PORT, (short)port);
    }

    /**
     * @param mbuf mbuf address.
     * @return {@code nb_segs}.
     */
    public static int segmentCount(final long mbuf)
    {
        return ALL.get(U16, mbuf + DpdkLayout.MBUF_NB_SEGS) & 0xFFFF;
    }

    /**
     * @param mbuf mbuf address.
     * @return {@code next}: the next segment, or 0.
     */
    public static long next(final long mbuf)
    {
        return ALL.get(U64, mbuf + DpdkLayout.MBUF_NEXT);
    }

    /**
     * @param mbuf mbuf address.
     * @return {@code refcnt}.
     */
    public static int refCount(final long mbuf)
    {
        return ALL.get(U16, mbuf + DpdkLayout.MBUF_REFCNT) & 0xFFFF;
    }

    /**
     * @param mbuf mbuf address.
     * @return {@code ol_flags}.
     */
    public static long offloadFlags(final long mbuf)
    {
        return ALL.get(U64, mbuf + DpdkLayout.MBUF_OL_FLAGS);
    }

    /**
     * @param mbuf  mbuf address.
     * @param flags new {@code ol_flags}.
     */
    public static void setOffloadFlags(final long mbuf, final long flags)
    {
        ALL.set(U64, mbuf + DpdkLayout.MBUF_OL_FLAGS, flags);
    }

    /**
     * @param mbuf mbuf address.
     * @return {@code packet_type} (RTE_PTYPE_* bits, set by drivers that parse).
     */
    public static int packetType(final long mbuf)
    {
        return ALL.get(U32, mbuf + DpdkLayout.MBUF_PACKET_TYPE);
    }

    /**
     * @param mbuf mbuf address.
     * @return {@code buf_len}: buffer size, headroom included.
     */
    public static int bufLength(final long mbuf)
    {
        return ALL.get(U16, mbuf + DpdkLayout.MBUF_BUF_LEN) & 0xFFFF;
    }

    /**
     * @param mbuf mbuf address.
     * @return {@code pool}: the mempool the mbuf returns to.
     */
    public static long pool(final long mbuf)
    {
        return ALL.get(U64, mbuf + DpdkLayout.MBUF_POOL);
    }

    /**
     * @param mbuf mbuf address.
     * @return bytes free in front of the data ({@code rte_pktmbuf_headroom}).
     */
    public static int headroom(final long mbuf)
    {
        return dataOffset(mbuf);
    }

    /**
     * @param mbuf mbuf address.
     * @return bytes free after the data of this segment ({@code rte_pktmbuf_tailroom}).
     */
    public static int tailroom(final long mbuf)
    {
        return bufLength(mbuf) - dataOffset(mbuf) - dataLength(mbuf);
    }

    /**
     * @param mbuf first segment.
     * @return the last segment of the chain ({@code rte_pktmbuf_lastseg}).
     */
    public static long lastSegment(final long mbuf)
    {
        long m = mbuf;
        long n;
        while ((n = next(m)) != 0)
        {
            m = n;
        }
        return m;
    }

    /**
     * {@code rte_pktmbuf_prepend}: grows the data by {@code length} bytes in front.
     *
     * @param mbuf   mbuf address (first segment).
     * @param length bytes to add.
     * @return the new data address, or 0 (mbuf unchanged) when the headroom is too small.
     */
    public static long prepend(final long mbuf, final int length)
    {
        final int offset = dataOffset(mbuf);
        if (length > offset)
        {
            return 0;
        }
        setDataOffset(mbuf, offset - length);
        setDataLength(mbuf, dataLength(mbuf) + length);
        setPacketLength(mbuf, packetLength(mbuf) + length);
        return bufAddress(mbuf) + offset - length;
    }

    /**
     * {@code rte_pktmbuf_adj}: removes {@code length} bytes from the front of the first segment.
     *
     * @param mbuf   mbuf address (first segment).
     * @param length bytes to remove.
     * @return the new data address, or 0 (mbuf unchanged) when the first segment is shorter.
     */
    public static long adj(final long mbuf, final int length)
    {
        final int dataLength = dataLength(mbuf);
        if (length > dataLength)
        {
            return 0;
        }
        final int offset = dataOffset(mbuf) + length;
        setDataLength(mbuf, dataLength - length);
        setDataOffset(mbuf, offset);
        setPacketLength(mbuf, packetLength(mbuf) - length);
        return bufAddress(mbuf) + offset;
    }

    /**
     * {@code rte_pktmbuf_append}: grows the last segment by {@code length} bytes at its end.
     *
     * @param mbuf   mbuf address (first segment).
     * @param length bytes to add.
     * @return the address of the first added byte, or 0 (mbuf unchanged) when the tailroom is too small.
     */
    public static long append(final long mbuf, final int length)
    {
        final long last = lastSegment(mbuf);
        if (length > tailroom(last))
        {
            return 0;
        }
        final int lastLength = dataLength(last);
        final long tail = dataAddress(last) + lastLength;
        setDataLength(last, lastLength + length);
        setPacketLength(mbuf, packetLength(mbuf) + length);
        return tail;
    }

    /**
     * {@code rte_pktmbuf_trim}: removes {@code length} bytes from the end of the last segment.
     *
     * @param mbuf   mbuf address (first segment).
     * @param length bytes to remove.
     * @return 0, or -1 (mbuf unchanged) when the last segment is shorter.
     */
    public static int trim(final long mbuf, final int length)
    {
        final long last = lastSegment(mbuf);
        final int lastLength = dataLength(last);
        if (length > lastLength)
        {
            return -1;
        }
        setDataLength(last, lastLength - length);
        setPacketLength(mbuf, packetLength(mbuf) - length);
        return 0;
    }

    /**
     * {@code rte_pktmbuf_chain} (through the shim): appends the chain {@code tail} after the last
     * segment of {@code head}; {@code head} then owns it (freeing {@code head} frees both).
     *
     * @param head first segment of the chain to extend.
     * @param tail first segment of the chain to append.
     * @return true, or false (nothing changed) when the chain would exceed DPDK's segment limit.
     */
    public static boolean chain(final long head, final long tail)
    {
        return DmmgwShim.dmmgw_pktmbuf_chain(head, tail) == 0;
    }

    /**
     * {@code rte_pktmbuf_free} (through the shim): returns the whole chain to its pool.
     *
     * @param mbuf mbuf address; 0 is ignored.
     */
    public static void free(final long mbuf)
    {
        DmmgwShim.dmmgw_pktmbuf_free(mbuf);
    }

    /**
     * {@code rte_pktmbuf_free_bulk}: frees {@code count} mbufs (and their chains).
     *
     * @param mbufs native array of mbuf pointers; 0 entries are skipped.
     * @param count number of entries.
     */
    public static void freeBulk(final MemorySegment mbufs, final int count)
    {
        RteMbuf.rte_pktmbuf_free_bulk(mbufs, count);
    }

    /**
     * Replaces the data of a single-segment mbuf with {@code frame} (for tools and tests; no allocation).
     *
     * @param mbuf  mbuf address, freshly allocated or reset.
     * @param frame bytes to store at the current data offset.
     * @return true, or false (mbuf unchanged) when the frame does not fit after the headroom.
     */
    public static boolean setData(final long mbuf, final byte[] frame)
    {
        if (frame.length > bufLength(mbuf) - dataOffset(mbuf) || next(mbuf) != 0)
        {
            return false;
        }
        NativeMemory.copyFrom(frame, 0, dataAddress(mbuf), frame.length);
        setDataLength(mbuf, frame.length);
        setPacketLength(mbuf, frame.length);
        return true;
    }

    /**
     * Copies the data of the whole chain to a new array (allocates: for tools and tests).
     *
     * @param mbuf first segment.
     * @return {@code pkt_len} bytes.
     */
    public static byte[] copyData(final long mbuf)
    {
        final byte[] out = new byte[packetLength(mbuf)];
        int at = 0;
        for (long m = mbuf; m != 0 && at < out.length; m = next(m))
        {
            final int n = Math.min(dataLength(m), out.length - at);
            NativeMemory.copyTo(dataAddress(m), out, at, n);
            at += n;
        }
        return out;
    }
}
