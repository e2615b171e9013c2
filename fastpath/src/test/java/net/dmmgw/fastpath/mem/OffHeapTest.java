package net.dmmgw.fastpath.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;

class OffHeapTest
{
    @Test
    void shouldGiveZeroedAlignedWritableMemoryOfBothKinds()
    {
        for (final long size : new long[]{4096, OffHeap.HUGE_PAGE_THRESHOLD + 12345})
        {
            final MemorySegment s = OffHeap.allocate(size);
            assertEquals(size, s.byteSize());
            assertEquals(0, s.address() % 64);
            for (long off = 0; off < size; off += 4093)
            {
                assertEquals(0, s.get(ValueLayout.JAVA_BYTE, off));
            }
            s.set(Memory.NET_LONG, size - 8, 0x1122334455667788L);
            assertEquals(0x1122334455667788L, Memory.i64(s.address() + size - 8));
            assertEquals(0x11, Memory.u8(s.address() + size - 8));
        }
    }
}
