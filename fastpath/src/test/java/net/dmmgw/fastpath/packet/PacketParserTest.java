package net.dmmgw.fastpath.packet;

import static net.dmmgw.fastpath.support.Frames.concat;
import static net.dmmgw.fastpath.support.Frames.ethernet;
import static net.dmmgw.fastpath.support.Frames.ipv6;
import static net.dmmgw.fastpath.support.Frames.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import net.dmmgw.fastpath.support.Frames;

class PacketParserTest
{
    private final Arena arena = Arena.ofConfined();
    private final ParsedPacket p = new ParsedPacket();

    @AfterEach
    void close()
    {
        arena.close();
    }

    private int parse(final byte[] frame)
    {
        final MemorySegment s = arena.allocate(Math.max(1, frame.length));
        MemorySegment.copy(frame, 0, s, ValueLayout.JAVA_BYTE, 0, frame.length);
        return PacketParser.parseFrame(s.address(), frame.length, p);
    }

    @Test
    void shouldWalkExtensionHeadersToTheUpperLayer()
    {
        final byte[] hbh = {60, 0, 1, 4, 0, 0, 0, 0};
        final byte[] routing = {44, 0, 0, 0, 0, 0, 0, 0};
        final byte[] ah = concat(new byte[]{(byte)135, 2, 0, 0}, new byte[12]); // (2 + 2) * 4 = 16 octets
        final byte[] frag = Frames.fragmentHeader(51, 0, new byte[0]);
        final byte[] dst = Frames.telHeader(43, 7, new byte[0]);
        final byte[] mh = new byte[16];
        final byte[] frame = ethernet(ipv6("2001:db8::1", "2001:db8::2", 0, 64, concat(hbh, dst, routing, frag, ah, mh)));
        assertEquals(PacketParser.OK, parse(frame));
        assertEquals(135, p.upperProtocol);
        assertEquals(p.l3 + 40 + 8 + 8 + 8 + 8 + 16, p.l4);
        assertTrue(p.fragment);
        assertFalse(p.laterFragment);
        assertEquals(7, p.telValue);
        assertEquals(p.l3 + 40 + 8 + 4, p.telAddress);
    }

    @Test
    void shouldStopAtLaterFragment()
    {
        final byte[] frame = ethernet(ipv6("2001:db8::1", "2001:db8::2", 44, 64, Frames.fragmentHeader(58, 1280, udp(16))));
        assertEquals(PacketParser.OK, parse(frame));
        assertTrue(p.laterFragment);
        assertEquals(-1, p.icmpType, "no ICMPv6 header in a later fragment");
    }

    @Test
    void shouldAcceptTwoVlanTags()
    {
        final byte[] ip = ipv6("2001:db8::1", "2001:db8::2", 17, 64, udp(8));
        final byte[] frame = concat(Frames.ethernetHeader(0x88A8), new byte[]{0, 5, (byte)0x81, 0},
            new byte[]{0, 6, (byte)0x86, (byte)0xDD}, ip);
        assertEquals(PacketParser.OK, parse(frame));
        assertEquals(22, p.l2Length);
        assertEquals(17, p.upperProtocol);
    }

    @Test
    void shouldRejectTooManyExtensionHeaders()
    {
        byte[] chain = udp(8);
        int next = 17;
        for (int i = 0; i < PacketParser.MAX_EXTENSION_HEADERS + 1; i++)
        {
            chain = concat(new byte[]{(byte)next, 0, 1, 4, 0, 0, 0, 0}, chain);
            next = 60;
        }
        assertEquals(PacketParser.BAD_EXTENSION_HEADER, parse(ethernet(ipv6("2001:db8::1", "2001:db8::2", 60, 64, chain))));
    }

    @Test
    void shouldIgnoreMalformedOptionsWithoutReadingPastTheHeader()
    {
        // TEL option claiming more data than the header holds: no TEL, still parsed.
        final byte[] dst = {17, 0, 4, 9, 3, 0, 0, 0};
        assertEquals(PacketParser.OK, parse(ethernet(ipv6("2001:db8::1", "2001:db8::2", 60, 64, concat(dst, udp(8))))));
        assertEquals(0, p.telAddress);
        assertEquals(17, p.upperProtocol);
    }
}
