package net.dmmgw.control.fama;

import java.nio.ByteOrder;
import java.util.Properties;

import net.dmmgw.control.mag.AccessFrames;
import net.dmmgw.control.mag.InMemoryAccessLink;
import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DAR's access link: an RS is answered with a unicast RA of dar.prefix (L = A = 1) and the DAR's address in an
 * R-flag Prefix Information option (RFC 6275 §7.2), unsolicited RAs go to all nodes every interval, other frames are
 * ignored; the dar.access.* keys.
 */
class DarAccessLinkTest
{
    private static final long NODE_MAC = Ipv6Words.mac("02:00:00:00:aa:01");
    private static final String DAR = "2001:db8:c1::1";
    private static final String PREFIX = "2001:db8:100::";

    private static DarAccessSettings settings(final Properties p)
    {
        return DarAccessSettings.from(new NodeConfig(p));
    }

    private static Properties keys()
    {
        final Properties p = new Properties();
        p.setProperty("dar.access.mac", "02:00:00:00:0d:01");
        p.setProperty("dar.access.link-local", "fe80::d1");
        p.setProperty("dar.access.ra-interval-ms", "1000");
        p.setProperty("dar.access.valid-lifetime-s", "600");
        return p;
    }

    @Test
    void aSolicitationIsAnsweredWithThePrefixAndTheDarAddressAndAdvertisementsRepeat()
    {
        final InMemoryAccessLink link = new InMemoryAccessLink(true);
        final DarAccessLink access = new DarAccessLink(settings(keys()), Ipv6Words.bytes(DAR),
            Ipv6Words.bytes(PREFIX), link);
        assertEquals(1, access.poll(10_000), "the first unsolicited RA at once");
        assertEquals(1, link.sentCount());
        final byte[] all = link.sent().get(0).bytes();
        assertEquals(0x3333_0000_0001L, new UnsafeBuffer(all).getLong(0, ByteOrder.BIG_ENDIAN) >>> 16, "all nodes");
        assertEquals(0, access.poll(10_500));
        assertEquals(1, access.poll(11_000));
        link.clearSent();

        link.deliver(0, AccessFrames.routerSolicitation(NODE_MAC, "fe80::aa01"));
        link.deliver(1, AccessFrames.routerSolicitation(NODE_MAC, "fe80::aa01")); // not the access port
        access.poll(11_001);
        assertEquals(1, link.sent().size());
        assertEquals(1, access.solicitedSent());
        final byte[] ra = link.sent().get(0).bytes();
        final UnsafeBuffer f = new UnsafeBuffer(ra);
        assertEquals(NODE_MAC, f.getLong(0, ByteOrder.BIG_ENDIAN) >>> 16, "unicast to the soliciting node");
        assertEquals(Ipv6Words.mac("02:00:00:00:0d:01"), (f.getLong(6, ByteOrder.BIG_ENDIAN) >>> 16));
        assertEquals(Ipv6Words.hi("fe80::d1"), f.getLong(14 + 8, ByteOrder.BIG_ENDIAN));
        assertEquals(Ipv6Words.lo("fe80::d1"), f.getLong(14 + 16, ByteOrder.BIG_ENDIAN));
        assertEquals(Ipv6Words.lo("fe80::aa01"), f.getLong(14 + 32, ByteOrder.BIG_ENDIAN));
        final int icmp = 14 + 40;
        assertEquals(134, ra[icmp] & 0xFF);
        // RA header 16, SLLAO 8, MTU 8, then the two PIOs.
        final int pio = icmp + 16 + 8 + 8;
        assertEquals(3, ra[pio]);
        assertEquals(64, ra[pio + 2]);
        assertEquals(0xC0, ra[pio + 3] & 0xFF, "L, A");
        assertEquals(600, f.getInt(pio + 4, ByteOrder.BIG_ENDIAN));
        assertEquals(Ipv6Words.hi(PREFIX), f.getLong(pio + 16, ByteOrder.BIG_ENDIAN));
        final int router = pio + 32;
        assertEquals(3, ra[router]);
        assertEquals(0x20, ra[router + 3] & 0xFF, "R only");
        assertEquals(Ipv6Words.hi(DAR), f.getLong(router + 16, ByteOrder.BIG_ENDIAN));
        assertEquals(Ipv6Words.lo(DAR), f.getLong(router + 24, ByteOrder.BIG_ENDIAN));
        assertEquals(router + 32, ra.length);
        assertEquals(1L, access.counters().get("access_frames_ignored"));
    }

    @Test
    void theKeysAreOptionalAndCheckedByName()
    {
        assertNull(settings(new Properties()), "no dar.access.mac: no access link");
        final Properties p = keys();
        p.setProperty("dar.access.link-local", "2001:db8::1");
        assertTrue(assertThrows(ConfigException.class, () -> settings(p)).getMessage()
            .startsWith("dar.access.link-local"));
        p.setProperty("dar.access.link-local", "fe80::d1");
        p.setProperty("dar.access.mtu", "1000");
        assertTrue(assertThrows(ConfigException.class, () -> settings(p)).getMessage().startsWith("dar.access.mtu"));
    }
}
