package net.dmmgw.fastpath.mem;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import org.agrona.UnsafeApi;

/**
 * Access to packet bytes at absolute native addresses.
 * <p>
 * One segment spans the whole address space, so that a packet address (a {@code long}, later the
 * data pointer of a DPDK mbuf) can be read without creating a segment per packet, which would
 * allocate. Packet fields are big-endian (network order) and unaligned.
 * Callers own the bounds checks: every method here trusts the address it is given.
 * <p>
 * The per-packet accessors ({@code u8} ... {@code put64}) go through Agrona's {@code UnsafeApi}
 * (big-endian unaligned loads and stores, one {@code mov} + {@code bswap} each) rather than
 * {@link #ALL}: an access through {@code ALL} still pays a bounds check against its
 * {@code Long.MAX_VALUE} size on every load and store, which checks nothing here (any non-negative
 * address passes) and cost 17 ns of ~104 per encapsulated packet and 13 of ~153 per decapsulated
 * one (perf/RESULTS.md, 2026-11-26 "Where the Java data plane spends its time"). {@link #ALL}
 * stays for bulk copies and for the tables' loads with acquire semantics.
 */
public final class Memory
{
    /** A segment covering the whole address space; address 0 is offset 0. */
    @SuppressWarnings("restricted")
    public static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** Network-order 16-bit field. */
    public static final ValueLayout.OfShort NET_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Network-order 32-bit field. */
    public static final ValueLayout.OfInt NET_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Network-order 64-bit field. */
    public static final ValueLayout.OfLong NET_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Memory()
    {
    }

    /**
     * @param address absolute address.
     * @return the unsigned octet there.
     */
    public static int u8(final long address)
    {
        return UnsafeApi.getByte(address) & 0xFF;
    }

    /**
     * @param address absolute address.
     * @return the unsigned network-order 16-bit value there.
     */
    public static int u16(final long address)
    {
        return UnsafeApi.getShortUnaligned(null, address, true) & 0xFFFF;
    }

    /**
     * @param address absolute address.
     * @return the network-order 32-bit value there.
     */
    public static int i32(final long address)
    {
        return UnsafeApi.getIntUnaligned(null, address, true);
    }

    /**
     * @param address absolute address.
     * @return the network-order 64-bit value there (first octet most significant).
     */
    public static long i64(final long address)
    {
        return UnsafeApi.getLongUnaligned(null, address, true);
    }

    /**
     * @param address absolute address.
     * @param value   octet to store.
     */
    public static void put8(final long address, final int value)
    {
        UnsafeApi.putByte(address, (byte)value);
    }

    /**
     * @param address absolute address.
     * @param value   16-bit value to store in network order.
     */
    public static void put16(final long address, final int value)
    {
        UnsafeApi.putShortUnaligned(null, address, (short)value, true);
    }

    /**
     * @param address absolute address.
     * @param value   32-bit value to store in network order.
     */
    public static void put32(final long address, final int value)
    {
        UnsafeApi.putIntUnaligned(null, address, value, true);
    }

    /**
     * @param address absolute address.
     * @param value   64-bit value to store in network order.
     */
    public static void put64(final long address, final long value)
    {
        UnsafeApi.putLongUnaligned(null, address, value, true);
    }

    /**
     * Copy octets between absolute addresses; the ranges may overlap.
     *
     * @param from   source address.
     * @param to     destination address.
     * @param length number of octets.
     */
    public static void copy(final long from, final long to, final long length)
    {
        MemorySegment.copy(ALL, from, ALL, to, length);
    }

    /**
     * Write a 48-bit MAC address held in the low 48 bits of {@code mac}.
     *
     * @param address absolute address.
     * @param mac     MAC address, first octet in bits 40..47.
     */
    public static void putMac(final long address, final long mac)
    {
        put16(address, (int)(mac >>> 32));
        put32(address + 2, (int)mac);
    }

    /**
     * @param address absolute address of a 6-octet MAC address.
     * @return the MAC in the low 48 bits.
     */
    public static long mac(final long address)
    {
        return ((long)u16(address) << 32) | (i32(address + 2) & 0xFFFF_FFFFL);
    }
}
