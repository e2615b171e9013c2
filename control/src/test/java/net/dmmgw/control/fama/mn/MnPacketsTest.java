package net.dmmgw.control.fama.mn;

import java.util.Arrays;

import net.dmmgw.control.codec.MhChecksum;
import net.dmmgw.control.mag.RouterAdvertisementWriter;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's packets on the wire: the BU's Destination Options header with the Home Address option (RFC 6275 §6.3,
 * at 8n+6), the RS and NA with valid ICMPv6 checksums; the RA (our DAR's, with the R-flag option) and the BA behind
 * a type 2 Routing header parsed, and malformed ones refused; the tunnel end's ownership check.
 */
class MnPacketsTest
{
    private static final byte[] COA = Ipv6Words.bytes("2001:db8:200::1234");
    private static final byte[] HOME = Ipv6Words.bytes("2001:db8:100::abcd");
    private static final byte[] DAR = Ipv6Words.bytes("2001:db8:c1::1");

    private static boolean icmpChecksumOk(final byte[] p)
    {
        final UnsafeBuffer b = new UnsafeBuffer(p);
        return MhChecksum.pseudoHeaderSum(b, 8, 24, 58, b, 40, p.length - 40) == 0xFFFF;
    }

    @Test
    void theBindingUpdateCarriesTheHomeAddressOptionAtEightNPlusSix()
    {
        final byte[] mh = new byte[16];
        mh[0] = 59;
        mh[1] = 1;
        mh[2] = 5;
        final byte[] p = MnPackets.bindingUpdate(COA, HOME, DAR, mh, mh.length);
        assertEquals(40 + 24 + 16, p.length);
        assertEquals(24 + 16, ((p[4] & 0xFF) << 8) | (p[5] & 0xFF), "payload length");
        assertEquals(60, p[6], "Destination Options");
        assertArrayEquals(COA, Arrays.copyOfRange(p, 8, 24), "from the care-of address");
        assertArrayEquals(DAR, Arrays.copyOfRange(p, 24, 40));
        assertEquals(135, p[40] & 0xFF, "then the Mobility Header");
        assertEquals(2, p[41], "(2 + 1) × 8 octets");
        assertEquals(1, p[42], "PadN");
        assertEquals(201, p[46] & 0xFF, "Home Address option at offset 6 of the header (8n + 6)");
        assertEquals(16, p[47]);
        assertArrayEquals(HOME, Arrays.copyOfRange(p, 48, 64));
        assertArrayEquals(mh, Arrays.copyOfRange(p, 64, 80));

        final byte[] atHome = MnPackets.bindingUpdate(HOME, null, DAR, mh, mh.length);
        assertEquals(135, atHome[6] & 0xFF, "no Home Address option at home");
        assertEquals(56, atHome.length);
    }

    @Test
    void solicitationAndAnnouncementAreValidNeighbourDiscovery()
    {
        final byte[] rs = MnPackets.routerSolicitation();
        assertEquals(255, rs[7] & 0xFF);
        assertArrayEquals(MnPackets.allRouters(), Arrays.copyOfRange(rs, 24, 40));
        assertEquals(133, rs[40] & 0xFF);
        assertTrue(icmpChecksumOk(rs));

        final byte[] mac = {2, 0, 0, 0, (byte)0xaa, 1};
        final byte[] na = MnPackets.neighbourAdvertisement(COA, mac);
        assertEquals(136, na[40] & 0xFF);
        assertEquals(0x20, na[44], "Override, not solicited");
        assertArrayEquals(COA, Arrays.copyOfRange(na, 48, 64), "target");
        assertEquals(2, na[64], "Target Link-layer Address option");
        assertArrayEquals(mac, Arrays.copyOfRange(na, 66, 72));
        assertEquals(1, na[39], "to all nodes");
        assertTrue(icmpChecksumOk(na));
    }

    @Test
    void theDarsRouterAdvertisementIsReadAndBrokenOnesAreNot()
    {
        final RouterAdvertisementWriter writer = new RouterAdvertisementWriter(0x02_00_00_00_0d_01L,
            Ipv6Words.bytes("fe80::d1"), 1500);
        final int n = writer.writeWithRouterAddress(0x02_00_00_00_0d_01L, Ipv6Words.hi("fe80::d1"),
            Ipv6Words.lo("fe80::d1"), 0x3333_0000_0001L, Ipv6Words.hi("ff02::1"), Ipv6Words.lo("ff02::1"), 1800,
            new long[] {Ipv6Words.hi("2001:db8:100::")}, 1, 600, 600, Ipv6Words.hi("2001:db8:c1::1"),
            Ipv6Words.lo("2001:db8:c1::1"), 64);
        final byte[] frame = new byte[n];
        writer.frame().getBytes(0, frame);
        final byte[] packet = Arrays.copyOfRange(frame, 14, n); // what the packet socket hands over
        final MnPackets.RouterAdvertisement ra = MnPackets.routerAdvertisement(packet, packet.length);
        assertNotNull(ra);
        assertArrayEquals(Ipv6Words.bytes("fe80::d1"), ra.router());
        assertArrayEquals(Ipv6Words.bytes("2001:db8:100::"), ra.prefix());
        assertArrayEquals(DAR, ra.routerAddress());

        final byte[] corrupt = packet.clone();
        corrupt[corrupt.length - 1] ^= 1;
        assertNull(MnPackets.routerAdvertisement(corrupt, corrupt.length), "checksum");
        final byte[] forwarded = packet.clone();
        forwarded[7] = (byte)254;
        assertNull(MnPackets.routerAdvertisement(forwarded, forwarded.length), "hop limit 255 only");
        assertNull(MnPackets.routerAdvertisement(packet, 60), "truncated");
        final byte[] zeroOption = packet.clone();
        zeroOption[40 + 16 + 1] = 0;
        assertNull(MnPackets.routerAdvertisement(zeroOption, zeroOption.length), "zero-length option");
        assertNull(MnPackets.bindingAck(packet, packet.length), "not a BA");
    }

    @Test
    void theBindingAckIsReadFromBehindTheTypeTwoRoutingHeader()
    {
        final byte[] mh = new byte[16];
        mh[0] = 59;
        mh[1] = 1; // (1 + 1) × 8 octets
        mh[2] = 6;
        final byte[] p = new byte[40 + 24 + 16];
        p[0] = 0x60;
        p[5] = 40;
        p[6] = 43;
        p[7] = 64;
        System.arraycopy(DAR, 0, p, 8, 16);
        System.arraycopy(COA, 0, p, 24, 16);
        p[40] = (byte)135;
        p[41] = 2;
        p[42] = 2;
        p[43] = 1;
        System.arraycopy(HOME, 0, p, 48, 16);
        System.arraycopy(mh, 0, p, 64, 16);
        final MnPackets.BindingAck ba = MnPackets.bindingAck(p, p.length);
        assertNotNull(ba);
        assertArrayEquals(DAR, ba.source());
        assertArrayEquals(HOME, ba.home());
        assertArrayEquals(mh, ba.mh());

        final byte[] type0 = p.clone();
        type0[42] = 0;
        assertNull(MnPackets.bindingAck(type0, type0.length), "only type 2");
        final byte[] done = p.clone();
        done[43] = 0;
        assertNull(MnPackets.bindingAck(done, done.length), "segments left 1");
        final byte[] longer = p.clone();
        longer[65] = 9;
        assertNull(MnPackets.bindingAck(longer, longer.length), "MH longer than the packet");
        assertNull(MnPackets.bindingAck(p, 70), "truncated");
        assertFalse(MnPackets.isTunnelled(p, p.length));
    }

    @Test
    void aTunnelEndTakesOnlyItsDarsPacketsForItsHomeAddress()
    {
        final TunnelEnd end = new TunnelEnd(HOME, COA, DAR);
        final byte[] inner = new byte[48];
        inner[0] = 0x60;
        System.arraycopy(HOME, 0, inner, 24, 16);
        assertTrue(end.carries(DAR, inner, inner.length));
        assertFalse(end.carries(COA, inner, inner.length), "another outer source");
        assertFalse(end.carries(DAR, inner, 20), "truncated");
        final byte[] other = inner.clone();
        other[39] ^= 1;
        assertFalse(end.carries(DAR, other, other.length), "another inner destination");
        final byte[] outgoing = new byte[48];
        outgoing[0] = 0x60;
        System.arraycopy(HOME, 0, outgoing, 8, 16);
        final byte[] outer = end.encapsulate(outgoing, outgoing.length, 64);
        assertTrue(MnPackets.isTunnelled(outer, outer.length));
    }
}
