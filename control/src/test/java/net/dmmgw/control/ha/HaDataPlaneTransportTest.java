package net.dmmgw.control.ha;

import static net.dmmgw.control.ha.HaRig.COA1;
import static net.dmmgw.control.ha.HaRig.HA;
import static net.dmmgw.control.ha.HaRig.HOA1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import net.dmmgw.control.cli.Hex;
import net.dmmgw.control.codec.MhChecksum;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.metrics.CountingSignallingTransport;
import net.dmmgw.control.metrics.SignallingCounters;
import net.dmmgw.control.node.NodeAgent;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.control.node.SignallingTransport;
import net.dmmgw.control.routing.InMemoryDataPlane;
import net.dmmgw.control.transport.DataPlaneTransport;
import net.dmmgw.ipc.Ipv6Words;
import net.dmmgw.ipc.sbe.PuntReason;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The home agent on the data-plane transport, as the control process wires it ({@code CountingSignallingTransport.wrap}
 * around the {@code DataPlaneTransport}): a punted frame from the care-of address with a Home Address destination
 * option and scapy's RFC 4285-authenticated BU (HaScapyTest's oracle) registers the home address; the BA is injected
 * to the care-of address with a type 2 Routing header, the checksum over HA → HoA, after the tunnel to the care-of
 * address and the HoA route were programmed; the counters see the BU in and the BA out.
 */
class HaDataPlaneTransportTest
{
    private static final long HA_MAC = 0x02_00_00_00_00_11L;
    private static final byte[] MN_MAC = HexFormat.of().parseHex("0200000000a1");

    @TempDir
    Path dir;

    /** Ethernet + IPv6 from the care-of address + Destination Options (PadN, Home Address option: scapy's layout). */
    private static byte[] frame(final byte[] careOf, final byte[] home, final byte[] mh)
    {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(HexFormat.of().parseHex("020000000011"));
        b.writeBytes(MN_MAC);
        final int payload = 24 + mh.length;
        b.writeBytes(new byte[] {(byte)0x86, (byte)0xDD, 0x60, 0, 0, 0, (byte)(payload >> 8), (byte)payload, 60, 64});
        b.writeBytes(careOf);
        b.writeBytes(Ipv6Words.bytes(HA));
        b.writeBytes(HexFormat.of().parseHex("8702" + "01020000" + "c910"));
        b.writeBytes(home);
        b.writeBytes(mh);
        return b.toByteArray();
    }

    @Test
    void shouldRegisterAMobileNodeAwayFromHomeAndAnswerThroughTheRoutingHeader() throws Exception
    {
        final Map<String, String[]> bus = HaScapyTest.runScapy();
        final String[] register = bus.get("mn1-register");
        assertEquals(COA1, register[0]);
        assertEquals(HOA1, register[1]);

        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(HaRig.T0);
        final HaConfig config = HaConfig.from(new NodeConfig(HaRig.properties(dir)));
        final InMemoryDataPlane dataPlane = new InMemoryDataPlane();
        final DataPlaneTransport wire = new DataPlaneTransport(1, HA_MAC, -1, 64);
        final List<byte[]> injected = new ArrayList<>();
        wire.attach((port, f, offset, length) ->
        {
            final byte[] copy = new byte[length];
            f.getBytes(offset, copy);
            injected.add(copy);
            return true;
        });
        final SignallingCounters counters = new SignallingCounters();
        final SignallingTransport transport = CountingSignallingTransport.wrap(wire, counters);
        try (BindingJournal journal = new BindingJournal(config.journalDirectory(), config.compactAfterRecords()))
        {
            final HomeAgent ha = new HomeAgent(config, dataPlane, transport, clock, journal);
            final NodeAgent agent = new NodeAgent("ha", ha, transport, dataPlane, clock);
            ha.start();
            final byte[] punt = frame(Ipv6Words.bytes(COA1), Ipv6Words.bytes(HOA1), Hex.decode(register[2]));
            wire.onPunt(1, PuntReason.MOBILITY_HEADER, new UnsafeBuffer(punt), 0, punt.length);
            for (int i = 0; i < 100 && agent.doWork() > 0; i++)
            {
                // until idle: BU, tunnel + route acks, BA
            }

            assertEquals(1, wire.received());
            assertEquals(1, ha.cache().size(), "a binding for the home address");
            final int tunnel = dataPlane.hostRouteOf(Ipv6Words.hi(HOA1), Ipv6Words.lo(HOA1));
            final long[] remote = dataPlane.tunnelRemote(tunnel);
            assertEquals(Ipv6Words.text(Ipv6Words.hi(COA1), Ipv6Words.lo(COA1)), Ipv6Words.text(remote[0], remote[1]),
                "the HoA /128 routes into the tunnel to the care-of address");

            assertEquals(1, injected.size(), "one BA");
            final byte[] f = injected.get(0);
            assertArrayEquals(MN_MAC, Arrays.copyOfRange(f, 0, 6), "to the MAC the BU came from");
            assertEquals(43, f[14 + 6], "Routing header");
            assertArrayEquals(Ipv6Words.bytes(HA), Arrays.copyOfRange(f, 22, 38));
            assertArrayEquals(Ipv6Words.bytes(COA1), Arrays.copyOfRange(f, 38, 54), "to the care-of address");
            assertEquals("87020201" + "00000000", HexFormat.of().formatHex(f, 54, 62));
            assertArrayEquals(Ipv6Words.bytes(HOA1), Arrays.copyOfRange(f, 62, 78), "type 2 Routing header: the HoA");
            final UnsafeBuffer buffer = new UnsafeBuffer(f);
            final int mhLength = f.length - 78;
            assertTrue(MhChecksum.verify(buffer, 22, 62, buffer, 78, mhLength), "checksum over HA → HoA");
            assertEquals(MhType.BINDING_ACK, f[78 + 2]);
            assertEquals(0, f[78 + 6], "status accepted");
            assertEquals(65535, buffer.getShort(78 + 8, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF, "sequence echoed");
            assertEquals(1, counters.count(SignallingCounters.RECEIVED, MhType.BINDING_UPDATE, -1));
            assertEquals(1, counters.count(SignallingCounters.SENT, MhType.BINDING_ACK, 0));
        }
    }
}
