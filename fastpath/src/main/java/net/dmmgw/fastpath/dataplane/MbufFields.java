package net.dmmgw.fastpath.dataplane;

import org.agrona.UnsafeApi;

import net.dmmgw.dpdk.DpdkLayout;

/**
 * The {@code struct rte_mbuf} fields and burst-array slots the worker touches per packet, through Agrona's
 * {@code UnsafeApi} at absolute addresses (native byte order; {@link DpdkLayout}'s verified offsets), as
 * {@code mem.Memory} reads packet fields. native-bindings' {@code Mbuf} goes through {@code NativeMemory.ALL},
 * whose every access pays a bounds check against a {@code Long.MAX_VALUE}-sized segment and a liveness check of
 * the global arena, neither of which checks anything here, and inlines ~25 methods per field. Only for mbufs
 * DPDK (or {@link PlainMemoryMbufs}) handed out, and for native burst arrays of this worker.
 */
final class MbufFields
{
    private MbufFields()
    {
    }

    /** @return {@code buf_addr}. */
    static long bufAddress(final long mbuf)
    {
        return UnsafeApi.getLong(mbuf + DpdkLayout.MBUF_BUF_ADDR);
    }

    /** @return {@code data_off}. */
    static int dataOffset(final long mbuf)
    {
        return UnsafeApi.getShort(mbuf + DpdkLayout.MBUF_DATA_OFF) & 0xFFFF;
    }

    /** @return {@code data_len}. */
    static int dataLength(final long mbuf)
    {
        return UnsafeApi.getShort(mbuf + DpdkLayout.MBUF_DATA_LEN) & 0xFFFF;
    }

    /** @return {@code nb_segs}. */
    static int segmentCount(final long mbuf)
    {
        return UnsafeApi.getShort(mbuf + DpdkLayout.MBUF_NB_SEGS) & 0xFFFF;
    }

    /** @return {@code buf_len}. */
    static int bufLength(final long mbuf)
    {
        return UnsafeApi.getShort(mbuf + DpdkLayout.MBUF_BUF_LEN) & 0xFFFF;
    }

    /** Set {@code data_off}. */
    static void setDataOffset(final long mbuf, final int offset)
    {
        UnsafeApi.putShort(mbuf + DpdkLayout.MBUF_DATA_OFF, (short)offset);
    }

    /** Set {@code data_len} and {@code pkt_len} of a single-segment mbuf. */
    static void setLength(final long mbuf, final int length)
    {
        UnsafeApi.putShort(mbuf + DpdkLayout.MBUF_DATA_LEN, (short)length);
        UnsafeApi.putInt(mbuf + DpdkLayout.MBUF_PKT_LEN, length);
    }

    /** @return entry {@code index} of the native pointer array at {@code array}. */
    static long slot(final long array, final int index)
    {
        return UnsafeApi.getLong(array + ((long)index << 3));
    }

    /** Set entry {@code index} of the native pointer array at {@code array}. */
    static void setSlot(final long array, final int index, final long mbuf)
    {
        UnsafeApi.putLong(array + ((long)index << 3), mbuf);
    }
}
