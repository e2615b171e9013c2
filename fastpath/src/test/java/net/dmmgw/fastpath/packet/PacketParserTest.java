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
    void shouldWalkExactlyTheFiveExtensionHeadersOfEveryNextHeaderValue()
    {
        // Every next-header value 0..255 over an 8-octet header whose own next header is 59: the five extension
        // headers are walked (upper protocol 59, one header further), every other value is the upper protocol.
        final byte[] header = {59, 0, 0, 0, 0, 0, 0, 0};
        for (int next = 0; next < 256; next++)
        {
            assertEquals(PacketParser.OK, parse(ethernet(ipv6("2001:db8::1", "2001:db8::2", next, 64, header))));
            final boolean extension = next == 0 || next == 43 || next == 44 || next == 51 || next == 60;
            assertEquals(extension ? 59 : next, p.upperProtocol, "next header " + next);
            assertEquals(p.l3 + 40 + (extension ? 8 : 0), p.l4, "next header " + next);
        }
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

    /**
     * An untagged frame gets the status and fields the same IPv6 packet gets behind an 802.1Q tag (4 octets
     * later), for the common packets and for those with extension headers, bad versions, bad lengths or cut
     * short (a guard for any shortcut for the untagged common case).
     */
    @Test
    void shouldParseUntaggedFramesAsTaggedOnes()
    {
        final byte[][] packets = {
            ipv6("2001:db8::1", "2001:db8::2", 17, 64, udp(64)),                       // UDP: the fast lane
            ipv6("2001:db8::1", "2001:db8::2", 6, 1, new byte[20]),                   // TCP, hop limit 1
            ipv6("2001:db8::1", "ff02::1:ff00:2", 58, 255, Frames.icmp(135, 24)),     // ICMPv6 NS: type read
            ipv6("2001:db8::1", "2001:db8::2", 58, 64, new byte[3]),                  // ICMPv6 cut short: no type
            ipv6("2001:db8::1", "2001:db8::2", 135, 64, new byte[16]),                // Mobility Header
            ipv6("2001:db8::1", "2001:db8::2", 41, 64, ipv6("2001:db8::3", "2001:db8::4", 17, 9, udp(8))),
            ipv6("2001:db8::1", "2001:db8::2", 59, 64, new byte[0]),                  // no next header, no payload
            ipv6("2001:db8::1", "2001:db8::2", 60, 64, Frames.telHeader(17, 3, udp(8))), // extension: full parse
            ipv6("2001:db8::1", "2001:db8::2", 44, 64, Frames.fragmentHeader(58, 8, udp(8))),
            withByte(ipv6("2001:db8::1", "2001:db8::2", 17, 64, udp(8)), 0, 0x40),  // version 4
            withByte(ipv6("2001:db8::1", "2001:db8::2", 17, 64, udp(8)), 4, 0x01),  // payload length > present
            concat(ipv6("2001:db8::1", "2001:db8::2", 17, 64, udp(8)), new byte[6]), // link padding after it
            java.util.Arrays.copyOf(ipv6("2001:db8::1", "2001:db8::2", 17, 64, udp(8)), 39), // truncated header
        };
        for (int i = 0; i < packets.length; i++)
        {
            final int tagged = parse(Frames.vlan(5, packets[i]));
            final long taggedL3 = p.l3;
            final ParsedPacket full = copy(p);
            final int untagged = parse(ethernet(packets[i]));
            assertEquals(tagged, untagged, "packet " + i);
            if (untagged == PacketParser.OK)
            {
                assertEquals(18, full.l2Length, "packet " + i);
                assertEquals(14, p.l2Length, "packet " + i);
                assertEquals(full.l3Length, p.l3Length, "packet " + i);
                assertEquals(full.l4 - taggedL3, p.l4 - p.l3, "packet " + i);
                assertEquals(full.srcHi, p.srcHi, "packet " + i);
                assertEquals(full.srcLo, p.srcLo, "packet " + i);
                assertEquals(full.dstHi, p.dstHi, "packet " + i);
                assertEquals(full.dstLo, p.dstLo, "packet " + i);
                assertEquals(full.hopLimit, p.hopLimit, "packet " + i);
                assertEquals(full.upperProtocol, p.upperProtocol, "packet " + i);
                assertEquals(full.icmpType, p.icmpType, "packet " + i);
                assertEquals(full.fragment, p.fragment, "packet " + i);
                assertEquals(full.laterFragment, p.laterFragment, "packet " + i);
                assertEquals(full.telAddress == 0 ? 0 : full.telAddress - taggedL3,
                    p.telAddress == 0 ? 0 : p.telAddress - p.l3, "packet " + i);
            }
        }
        assertEquals(135, parseAndGet(ethernet(packets[2])), "the NS's ICMPv6 type");
    }

    private int parseAndGet(final byte[] frame)
    {
        assertEquals(PacketParser.OK, parse(frame));
        return p.icmpType;
    }

    private static byte[] withByte(final byte[] packet, final int offset, final int value)
    {
        final byte[] copy = packet.clone();
        copy[offset] = (byte)value;
        return copy;
    }

    private static ParsedPacket copy(final ParsedPacket from)
    {
        final ParsedPacket to = new ParsedPacket();
        to.l2Length = from.l2Length;
        to.l3Length = from.l3Length;
        to.l4 = from.l4;
        to.srcHi = from.srcHi;
        to.srcLo = from.srcLo;
        to.dstHi = from.dstHi;
        to.dstLo = from.dstLo;
        to.hopLimit = from.hopLimit;
        to.upperProtocol = from.upperProtocol;
        to.icmpType = from.icmpType;
        to.fragment = from.fragment;
        to.laterFragment = from.laterFragment;
        to.telAddress = from.telAddress;
        return to;
    }
}
