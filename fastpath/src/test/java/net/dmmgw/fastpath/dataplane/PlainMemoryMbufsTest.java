package net.dmmgw.fastpath.dataplane;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

import net.dmmgw.dpdk.Mbuf;

/** The fabricated mbufs read through native-bindings' {@link Mbuf} as DPDK's would. */
class PlainMemoryMbufsTest
{
    private final MemorySegment burst = Arena.ofAuto().allocate(JAVA_LONG, 8);

    @Test
    void shouldReceiveFramesIntoMbufsWithHeadroomAndTheirLengths()
    {
        final PlainMemoryMbufs io = new PlainMemoryMbufs(4, 4, false);
        final byte[] a = {1, 2, 3, 4, 5};
        final byte[] b = new byte[300];
        b[299] = 9;
        io.feed(a, 1);
        io.feed(b, 3);
        assertEquals(2, io.rxBurst(0, 0, burst, 8), "only what was fed");
        final long m0 = burst.getAtIndex(JAVA_LONG, 0);
        final long m1 = burst.getAtIndex(JAVA_LONG, 1);
        assertEquals(PlainMemoryMbufs.HEADROOM, Mbuf.dataOffset(m0));
        assertEquals(Mbuf.bufAddress(m0) + PlainMemoryMbufs.HEADROOM, Mbuf.dataAddress(m0));
        assertEquals(5, Mbuf.dataLength(m0));
        assertEquals(5, Mbuf.packetLength(m0));
        assertEquals(1, Mbuf.segmentCount(m0));
        assertEquals(PlainMemoryMbufs.HEADROOM + PlainMemoryMbufs.DATA_ROOM, Mbuf.bufLength(m0));
        assertArrayEquals(a, Mbuf.copyData(m0));
        assertEquals(3, Mbuf.segmentCount(m1));
        assertArrayEquals(b, Mbuf.copyData(m1));
        assertEquals(2, io.inUse());
        assertEquals(0, io.rxBurst(0, 0, burst, 8), "input ended");
    }

    @Test
    void shouldRepeatTheInputAndRecordTransmittedFramesAtTheirNewDataOffset()
    {
        final PlainMemoryMbufs io = new PlainMemoryMbufs(8, 2, true);
        io.feed(new byte[] {1, 2, 3}, 1);
        io.feed(new byte[] {4, 5}, 1);
        io.repeat(true);
        assertEquals(5, io.rxBurst(0, 0, burst, 5));
        final long m = burst.getAtIndex(JAVA_LONG, 4);
        assertArrayEquals(new byte[] {1, 2, 3}, Mbuf.copyData(m), "frame 0 again");
        // As the worker does for an encapsulated frame: start 2 octets into the headroom.
        Mbuf.setDataOffset(m, PlainMemoryMbufs.HEADROOM - 2);
        Mbuf.setDataLength(m, 5);
        Mbuf.setPacketLength(m, 5);
        burst.setAtIndex(JAVA_LONG, 0, m);
        assertEquals(1, io.txBurst(3, 1, burst, 1));
        assertEquals(3, io.sent().get(0).dpdkPort());
        assertEquals(1, io.sent().get(0).queue());
        assertArrayEquals(new byte[] {0, 0, 1, 2, 3}, io.sent().get(0).frame());
        assertEquals(4, io.inUse());
    }

    @Test
    void shouldAllocateUntilEmptyAndRefuseADoubleFree()
    {
        final PlainMemoryMbufs io = new PlainMemoryMbufs(2, 1, false);
        final long a = io.alloc();
        final long b = io.alloc();
        assertNotEquals(0, a);
        assertNotEquals(0, b);
        assertEquals(0, io.alloc(), "pool empty");
        assertEquals(0, Mbuf.dataLength(a));
        assertEquals(PlainMemoryMbufs.HEADROOM, Mbuf.headroom(a));
        io.free(a);
        io.free(0);
        burst.setAtIndex(JAVA_LONG, 0, b);
        io.freeBulk(burst, 1);
        assertEquals(0, io.inUse());
        assertThrows(IllegalStateException.class, () -> io.free(a));
    }
}
