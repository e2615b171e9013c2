package net.dmmgw.control.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import net.dmmgw.control.codec.MhChecksum;
import net.dmmgw.ipc.sbe.PuntReason;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Punted frames parsed down to the Mobility Header (VLAN tags, extension headers, Ethernet padding), bad frames
 * counted and dropped, Neighbour Discovery to the access link (and its frames injected), answers built as Ethernet + IPv6 + MH with the
 * checksum toward a configured or learned MAC, and no allocation per frame.
 */
class DataPlaneTransportTest
{
    private static final long LOCAL_MAC = 0x02_00_00_00_00_11L;
    private static final byte[] MAG_MAC = HexFormat.of().parseHex("0200000000a1");
    private static final byte[] LMA = HexFormat.of().parseHex("20010db8000c00000000000000000001");
    private static final byte[] MAG = HexFormat.of().parseHex("20010db8000c00000000000000000007");
    /** A Heartbeat MH (16 octets; checksum not checked by the transport, the role does). */
    private static final byte[] MH = HexFormat.of().parseHex("3b01100000000000000000070000002a");

    private final List<byte[]> injected = new ArrayList<>();
    private final List<Integer> injectedPorts = new ArrayList<>();
    private final FrameInjector recorder = (port, frame, offset, length) ->
    {
        final byte[] copy = new byte[length];
        frame.getBytes(offset, copy);
        injected.add(copy);
        injectedPorts.add(port);
        return true;
    };

    private record Received(byte[] source, byte[] destination, byte[] mh)
    {
    }

    private final List<Received> received = new ArrayList<>();

    private void poll(final DataPlaneTransport t)
    {
        t.poll((src, dst, buffer, offset, length) ->
        {
            final byte[] mh = new byte[length];
            buffer.getBytes(offset, mh);
            received.add(new Received(src.clone(), dst.clone(), mh));
        }, 1000);
    }

    /** Ethernet (+ VLAN tags) + IPv6 + the given headers, and {@code trailer} octets of Ethernet padding. */
    static byte[] frame(final byte[] srcMac, final int[] vlans, final byte[] src, final byte[] dst, final int nextHeader,
        final byte[] payload, final int trailer)
    {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(HexFormat.of().parseHex("020000000011"));
        b.writeBytes(srcMac);
        for (final int vlan : vlans)
        {
            b.writeBytes(new byte[] {(byte)0x81, 0, (byte)(vlan >> 8), (byte)vlan});
        }
        b.writeBytes(new byte[] {(byte)0x86, (byte)0xDD, 0x60, 0, 0, 0, (byte)(payload.length >> 8), (byte)payload.length,
            (byte)nextHeader, 64});
        b.writeBytes(src);
        b.writeBytes(dst);
        b.writeBytes(payload);
        b.writeBytes(new byte[trailer]);
        return b.toByteArray();
    }

    static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (final byte[] p : parts)
        {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    private static void punt(final DataPlaneTransport t, final PuntReason reason, final byte[] frame)
    {
        t.onPunt(1, reason, new UnsafeBuffer(frame), 0, frame.length);
    }

    @Test
    void shouldDeliverTheMobilityHeaderBehindVlanTagsAndExtensionHeaders()
    {
        final DataPlaneTransport t = new DataPlaneTransport(1, LOCAL_MAC, -1, 64);
        final byte[] hopByHop = HexFormat.of().parseHex("3c00010400000000"); // next 60, PadN
        final byte[] destinationOptions = HexFormat.of().parseHex("8701010c000000000000000000000000"); // next 135, 16 octets
        punt(t, PuntReason.MOBILITY_HEADER, frame(MAG_MAC, new int[] {100, 200}, MAG, LMA, 0,
            concat(hopByHop, destinationOptions, MH), 6));
        punt(t, PuntReason.MOBILITY_HEADER, frame(MAG_MAC, new int[0], MAG, LMA, 135, MH, 0));
        poll(t);
        assertEquals(2, received.size());
        for (final Received r : received)
        {
            assertArrayEquals(MAG, r.source());
            assertArrayEquals(LMA, r.destination());
            assertArrayEquals(MH, r.mh(), "exactly the MH: no Ethernet padding, no extension header");
        }
        assertEquals(2, t.received());
        assertEquals(0, t.malformed());
    }

    @Test
    void shouldDropAndCountFramesThatDoNotParse()
    {
        final DataPlaneTransport t = new DataPlaneTransport(1, LOCAL_MAC, -1, 64);
        final byte[] good = frame(MAG_MAC, new int[0], MAG, LMA, 135, MH, 0);
        punt(t, PuntReason.MOBILITY_HEADER, java.util.Arrays.copyOf(good, good.length - 4)); // payload length lies
        final byte[] ipv4 = good.clone();
        ipv4[12] = 0x08;
        ipv4[13] = 0x00;
        punt(t, PuntReason.MOBILITY_HEADER, ipv4);
        punt(t, PuntReason.MOBILITY_HEADER, frame(MAG_MAC, new int[0], MAG, LMA, 60,
            HexFormat.of().parseHex("87ff000000000000"), 0)); // extension header longer than the packet
        punt(t, PuntReason.MOBILITY_HEADER, frame(MAG_MAC, new int[0], MAG, LMA, 44,
            concat(HexFormat.of().parseHex("8700000100000001"), MH), 0)); // a fragment
        punt(t, PuntReason.MOBILITY_HEADER, java.util.Arrays.copyOf(good, 20)); // runt
        punt(t, PuntReason.TO_OWN_ADDRESS, good); // not signalling
        punt(t, PuntReason.MOBILITY_HEADER, frame(MAG_MAC, new int[0], MAG, LMA, 58, MH, 0)); // no MH in it
        poll(t);
        assertTrue(received.isEmpty());
        assertEquals(4, t.malformed());
        assertEquals(1, t.fragmented());
        assertEquals(2, t.notSignalling());
    }

    /** An NS (hop limit 255, SLLAO, checksum) from {@code src} for {@code target}, to its solicited-node group. */
    private static byte[] neighbourSolicitation(final byte[] src, final byte[] target)
    {
        final byte[] icmp = concat(HexFormat.of().parseHex("8700000000000000"), target,
            HexFormat.of().parseHex("0101"), MAG_MAC);
        final byte[] group = HexFormat.of().parseHex("ff0200000000000000000001ff000000");
        System.arraycopy(target, 13, group, 13, 3);
        long sum = 58 + icmp.length;
        for (final byte[] part : new byte[][] {src, group, icmp})
        {
            for (int i = 0; i < part.length; i += 2)
            {
                sum += ((part[i] & 0xFF) << 8) | (i + 1 < part.length ? part[i + 1] & 0xFF : 0);
            }
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        icmp[2] = (byte)(~sum >>> 8);
        icmp[3] = (byte)~sum;
        final byte[] f = frame(MAG_MAC, new int[0], src, group, 58, icmp, 0);
        f[14 + 7] = (byte)255;
        return f;
    }

    @Test
    void shouldAnswerSolicitationsForTheRolesAddressOnTheSignallingPortOnly()
    {
        final DataPlaneTransport t = new DataPlaneTransport(1, LOCAL_MAC, -1, 64);
        t.attach(recorder);
        t.answerSolicitationsFor(LMA);
        final byte[] router = HexFormat.of().parseHex("20010db8000c000000000000000000fe");
        final byte[] ns = neighbourSolicitation(router, LMA);
        t.onPunt(1, PuntReason.ICMPV6_ND, new UnsafeBuffer(ns), 0, ns.length);
        assertEquals(1, injected.size(), "one NA");
        assertEquals(1, injectedPorts.get(0));
        assertEquals(1, t.neighbourAdvertisements());
        final byte[] na = injected.get(0);
        assertArrayEquals(MAG_MAC, Arrays.copyOfRange(na, 0, 6), "to the solicitor's MAC");
        assertEquals("020000000011", HexFormat.of().formatHex(Arrays.copyOfRange(na, 6, 12)));
        assertEquals(255, na[14 + 7] & 0xFF);
        assertArrayEquals(LMA, Arrays.copyOfRange(na, 14 + 8, 14 + 24));
        assertArrayEquals(router, Arrays.copyOfRange(na, 14 + 24, 14 + 40));
        assertEquals(136, na[54] & 0xFF, "Neighbour Advertisement");
        assertEquals(0xE0, na[54 + 4] & 0xFF, "R, S, O");
        assertArrayEquals(LMA, Arrays.copyOfRange(na, 54 + 8, 54 + 24), "target");
        assertEquals("0201020000000011", HexFormat.of().formatHex(na, 54 + 24, 54 + 32), "TLLAO = the port's MAC");
        assertEquals(0xFFFF, MhChecksum.pseudoHeaderSum(new UnsafeBuffer(na), 14 + 8, 14 + 24, 58,
            new UnsafeBuffer(na), 54, na.length - 54), "checksum verifies");

        // Not answered: another port, another target, a DAD probe; the first two go to the access link.
        t.onPunt(2, PuntReason.ICMPV6_ND, new UnsafeBuffer(ns), 0, ns.length);
        final byte[] other = neighbourSolicitation(router, MAG);
        t.onPunt(1, PuntReason.ICMPV6_ND, new UnsafeBuffer(other), 0, other.length);
        final byte[] dad = neighbourSolicitation(new byte[16], LMA);
        t.onPunt(1, PuntReason.ICMPV6_ND, new UnsafeBuffer(dad), 0, dad.length);
        assertEquals(1, injected.size());
        assertEquals(2, t.accessLink().poll((port, frame, offset, length) -> { }, 10));
    }

    @Test
    void shouldHandNeighbourDiscoveryToTheAccessLinkAndInjectItsFrames()
    {
        final DataPlaneTransport t = new DataPlaneTransport(1, LOCAL_MAC, -1, 64);
        t.attach(recorder);
        final byte[] rs = HexFormat.of().parseHex("85000000000000000101" + "0200000000a1");
        final byte[] allRouters = HexFormat.of().parseHex("ff020000000000000000000000000002");
        final byte[] solicitation = frame(MAG_MAC, new int[] {7}, new byte[16], allRouters, 58, rs, 4);
        t.onPunt(2, PuntReason.ICMPV6_ND, new UnsafeBuffer(solicitation), 0, solicitation.length);
        poll(t);
        assertTrue(received.isEmpty(), "not signalling for the role");
        assertEquals(0, t.notSignalling());

        final List<String> seen = new ArrayList<>();
        final DataPlaneAccessLink link = t.accessLink();
        assertEquals(1, link.poll((port, frame, offset, length) ->
        {
            final byte[] copy = new byte[length];
            frame.getBytes(offset, copy);
            seen.add(port + "/" + HexFormat.of().formatHex(copy));
        }, 10));
        assertEquals(List.of("2/" + HexFormat.of().formatHex(solicitation)), seen, "the whole frame, VLAN tag included");
        assertEquals(0, link.poll((port, frame, offset, length) -> seen.add("again"), 10));

        final UnsafeBuffer advertisement = new UnsafeBuffer(new byte[] {1, 2, 3, 4});
        assertTrue(link.send(5, advertisement, 1, 3));
        assertEquals(5, injectedPorts.get(0));
        assertArrayEquals(new byte[] {2, 3, 4}, injected.get(0));
        assertEquals(1, link.sent());
        assertEquals(1, link.received());
    }

    @Test
    void shouldAnswerTowardTheLearnedMacWithTheChecksumSet()
    {
        final DataPlaneTransport t = new DataPlaneTransport(3, LOCAL_MAC, -1, 255);
        t.attach(recorder);
        final UnsafeBuffer mh = new UnsafeBuffer(MH.clone());
        assertFalse(t.send(LMA, MAG, mh, 0, MH.length), "no MAC for the MAG yet");
        assertEquals(1, t.unresolved());
        assertTrue(injected.isEmpty());

        punt(t, PuntReason.MOBILITY_HEADER, frame(MAG_MAC, new int[0], MAG, LMA, 135, MH, 0));
        poll(t);
        assertTrue(t.send(LMA, MAG, mh, 0, MH.length));
        final byte[] out = injected.get(0);
        assertEquals(3, injectedPorts.get(0));
        assertEquals(14 + 40 + MH.length, out.length);
        final UnsafeBuffer f = new UnsafeBuffer(out);
        assertEquals("0200000000a1" + "020000000011" + "86dd", HexFormat.of().formatHex(out, 0, 14));
        assertEquals("60000000" + "0010" + "87" + "ff", HexFormat.of().formatHex(out, 14, 22));
        assertArrayEquals(LMA, java.util.Arrays.copyOfRange(out, 22, 38));
        assertArrayEquals(MAG, java.util.Arrays.copyOfRange(out, 38, 54));
        assertTrue(MhChecksum.verify(f, 22, 38, f, 54, MH.length), "checksum over the pseudo-header");
        assertTrue(f.getShort(58) != 0);

        final DataPlaneTransport fixed = new DataPlaneTransport(1, LOCAL_MAC, 0x02_00_00_00_00_77L, 64);
        fixed.attach(recorder);
        assertTrue(fixed.send(LMA, MAG, mh, 0, MH.length), "a configured next hop needs no learning");
        assertEquals("020000000077", HexFormat.of().formatHex(injected.get(1), 0, 6));
    }

    @Test
    void shouldDropWhenTheRingIsFullAndKeepOrder()
    {
        final DataPlaneTransport t = new DataPlaneTransport(1, LOCAL_MAC, -1, 64);
        for (int i = 0; i < DataPlaneTransport.RING_SLOTS + 5; i++)
        {
            final byte[] mh = MH.clone();
            mh[15] = (byte)i;
            punt(t, PuntReason.MOBILITY_HEADER, frame(MAG_MAC, new int[0], MAG, LMA, 135, mh, 0));
        }
        assertEquals(5, t.ringFull());
        poll(t);
        assertEquals(DataPlaneTransport.RING_SLOTS, received.size());
        for (int i = 0; i < received.size(); i++)
        {
            assertEquals((byte)i, received.get(i).mh()[15], "order kept");
        }
    }

    @Test
    void shouldReceiveAndSendWithoutAllocating()
    {
        final DataPlaneTransport t = new DataPlaneTransport(1, LOCAL_MAC, -1, 64);
        final long[] injectedCount = new long[1];
        t.attach((port, frame, offset, length) -> ++injectedCount[0] > 0);
        final UnsafeBuffer punted = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        final byte[] bytes = frame(MAG_MAC, new int[] {10}, MAG, LMA, 135, MH, 0);
        punted.putBytes(0, bytes);
        final long[] sum = new long[1];
        final net.dmmgw.control.node.SignallingHandler answer = (src, dst, mh, offset, length) ->
        {
            sum[0] += length;
            t.send(dst, src, mh, offset, length);
        };
        final int window = 50_000;
        final long[] history = SteadyStateAllocation.measure(window, 10, i ->
        {
            t.onPunt(0, PuntReason.MOBILITY_HEADER, punted, 0, bytes.length);
            t.poll(answer, 16);
        });
        final String text = java.util.Arrays.toString(history);
        System.out.printf("data-plane transport: windows of %d punts parsed and answered allocated %s bytes%n", window, text);
        assertEquals((long)history.length * window, injectedCount[0]);
        assertEquals((long)history.length * window * MH.length, sum[0]);
        assertTrue(history[history.length - 1] < window, "bytes per window of " + window + ": " + text);
    }
}
