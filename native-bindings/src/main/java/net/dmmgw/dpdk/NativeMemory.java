package net.dmmgw.dpdk;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Allocation-free access to native memory by absolute address: one {@link MemorySegment} spanning
 * the whole address space, read and written with unaligned layouts.
 *
 * <p>Why: {@code MemorySegment.ofAddress(a).reinterpret(n)} per packet allocates a segment object;
 * offsets into {@link #ALL} do not. The price is that nothing is bounds-checked, so only addresses
 * DPDK handed out (mbufs and their data) may be used here. Network byte order is big-endian: use
 * the {@code *Be} accessors for packet fields and the native ones for DPDK struct fields.
 */
public final class NativeMemory
{
    /** The whole address space; offsets are absolute addresses. */
    public static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** Byte. */
    public static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    /** 16 bits, native (little-endian) order, any alignment. */
    public static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    /** 32 bits, native order, any alignment. */
    public static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
    /** 64 bits, native order, any alignment. */
    public static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
    /** 16 bits, network order, any alignment. */
    public static final ValueLayout.OfShort U16_BE = U16.withOrder(ByteOrder.BIG_ENDIAN);
    /** 32 bits, network order, any alignment. */
    public static final ValueLayout.OfInt U32_BE = U32.withOrder(ByteOrder.BIG_ENDIAN);
    /** 64 bits, network order, any alignment. */
    public static final ValueLayout.OfLong U64_BE = U64.withOrder(ByteOrder.BIG_ENDIAN);

    private NativeMemory()
    {
    }

    /**
     * @param address absolute address.
     * @return the unsigned byte there.
     */
    public static int getU8(final long address)
    {
        return ALL.get(U8, address) & 0xFF;
    }

    /**
     * @param address absolute address.
     * @param value   low 8 bits are stored.
     */
    public static void putU8(final long address, final int value)
    {
        ALL.set(U8, address, (byte)value);
    }

    /**
     * @param address absolute address.
     * @return the unsigned 16-bit big-endian value there.
     */
    public static int getU16Be(final long address)
    {
        return ALL.get(U16_BE, address) & 0xFFFF;
    }

    /**
     * @param address absolute address.
     * @param value   low 16 bits are stored big-endian.
     */
    public static void putU16Be(final long address, final int value)
    {
        ALL.set(U16_BE, address, (short)value);
    }

    /**
     * @param address absolute address.
     * @return the 32-bit big-endian value there.
     */
    public static int getI32Be(final long address)
    {
        return ALL.get(U32_BE, address);
    }

    /**
     * @param address absolute address.
     * @param value   stored big-endian.
     */
    public static void putI32Be(final long address, final int value)
    {
        ALL.set(U32_BE, address, value);
    }

    /**
     * @param address absolute address.
     * @return the 64-bit big-endian value there.
     */
    public static long getI64Be(final long address)
    {
        return ALL.get(U64_BE, address);
    }

    /**
     * @param address absolute address.
     * @param value   stored big-endian.
     */
    public static void putI64Be(final long address, final long value)
    {
        ALL.set(U64_BE, address, value);
    }

    /**
     * Copies bytes from a heap array to native memory (no allocation).
     *
     * @param src     source array.
     * @param srcOff  first byte of {@code src}.
     * @param address destination address.
     * @param length  byte count.
     */
    public static void copyFrom(final byte[] src, final int srcOff, final long address, final int length)
    {
        MemorySegment.copy(src, srcOff, ALL, U8, address, length);
    }

    /**
     * Copies bytes from native memory to a heap array (no allocation).
     *
     * @param address source address.
     * @param dst     destination array.
     * @param dstOff  first byte of {@code dst}.
     * @param length  byte count.
     */
    public static void copyTo(final long address, final byte[] dst, final int dstOff, final int length)
    {
        MemorySegment.copy(ALL, U8, address, dst, dstOff, length);
    }

    /**
     * Copies between native addresses ({@code memmove} semantics).
     *
     * @param from   source address.
     * @param to     destination address.
     * @param length byte count.
     */
    public static void move(final long from, final long to, final long length)
    {
        MemorySegment.copy(ALL, from, ALL, to, length);
    }
}
