package net.dmmgw.control.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.dmmgw.control.codec.MhChecksum;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.control.interop.ExternalTool;
import net.dmmgw.control.interop.PcapWriter;
import net.dmmgw.control.node.HomeAddressHandler;
import net.dmmgw.ipc.sbe.PuntReason;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 6275 on the data-plane transport: a BU that scapy built as a mobile node away from home sends it (Home Address
 * destination option) reaches a {@link HomeAddressHandler} with the care-of and home addresses right; bad Home
 * Address options are dropped and counted; a BA sent through {@link DataPlaneTransport#sendViaCareOf} leaves with a
 * type 2 Routing header and the checksum over the home address, as tshark and scapy read it; no allocation per
 * frame on that path.
 */
class DataPlaneTransportHomeAddressTest
{
    private static final long LOCAL_MAC = 0x02_00_00_00_00_11L;
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] HA = HEX.parseHex("20010db8001000000000000000000001");
    private static final byte[] HOA = HEX.parseHex("20010db8001000000000000000000100");
    private static final byte[] COA = HEX.parseHex("20010db800aa00000000000000000001");
    private static final byte[] MN_MAC = HEX.parseHex("0200000000a1");
    private static final Pattern LINE = Pattern.compile("\\{\"name\": \"([^\"]+)\", \"hex\": \"([0-9a-f]+)\"}");
    private static final Path WORK = Path.of("target", "transport-hao");

    private static Map<String, byte[]> scapyFrames;

    private record Received(byte[] source, byte[] home, byte[] destination, byte[] mh, boolean mhChecksumOverHome)
    {
    }

    private final List<Received> received = new ArrayList<>();

    /** Records what it gets; {@code home} is null for a message without a Home Address option. */
    private final HomeAddressHandler recorder = new HomeAddressHandler()
    {
        public void onSignalling(final byte[] source, final byte[] destination, final DirectBuffer mh,
            final int offset, final int length)
        {
            received.add(new Received(source.clone(), null, destination.clone(), copy(mh, offset, length), false));
        }

        public void onSignalling(final byte[] source, final byte[] homeAddress, final byte[] destination,
            final DirectBuffer mh, final int offset, final int length)
        {
            final UnsafeBuffer addresses = new UnsafeBuffer(new byte[32]);
            addresses.putBytes(0, homeAddress);
            addresses.putBytes(16, destination);
            received.add(new Received(source.clone(), homeAddress.clone(), destination.clone(),
                copy(mh, offset, length), MhChecksum.verify(addresses, 0, 16, mh, offset, length)));
        }
    };

    private static byte[] copy(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] b = new byte[length];
        buffer.getBytes(offset, b);
        return b;
    }

    private static Path script() throws Exception
    {
        Files.createDirectories(WORK);
        final Path script = WORK.resolve("hao_frames.py");
        try (InputStream in = DataPlaneTransportHomeAddressTest.class.getResourceAsStream("/transport/hao_frames.py"))
        {
            Files.write(script, in.readAllBytes());
        }
        return script;
    }

    @BeforeAll
    static void buildFramesWithScapy() throws Exception
    {
        final String out = ExternalTool.run(List.of("/usr/bin/python3", script().getFileName().toString(), "build"),
            WORK);
        final Map<String, byte[]> frames = new HashMap<>();
        for (final String line : out.split("\n"))
        {
            final Matcher m = LINE.matcher(line.trim());
            assertTrue(m.matches(), "unexpected scapy output: " + line);
            frames.put(m.group(1), HEX.parseHex(m.group(2)));
        }
        assertEquals(3, frames.size());
        scapyFrames = frames;
    }

    private static void punt(final DataPlaneTransport t, final byte[] frame)
    {
        t.onPunt(1, PuntReason.MOBILITY_HEADER, new UnsafeBuffer(frame), 0, frame.length);
    }

    @Test
    void shouldHandTheHomeAddressOptionOfAScapyBindingUpdateToTheHomeAgent()
    {
        final DataPlaneTransport t = new DataPlaneTransport(1, LOCAL_MAC, -1, 64);
        punt(t, scapyFrames.get("bu-hao"));
        punt(t, scapyFrames.get("bu-hao-vlan"));
        punt(t, scapyFrames.get("bu-home"));
        assertEquals(3, t.poll(recorder, 10));
        assertEquals(3, received.size());
        for (int i = 0; i < 2; i++)
        {
            final Received r = received.get(i);
            assertArrayEquals(COA, r.source(), "the IPv6 source is the care-of address");
            assertArrayEquals(HOA, r.home(), "the option's address is the home address");
            assertArrayEquals(HA, r.destination());
            assertEquals(5, r.mh()[2], "the BU itself, not the Destination Options header");
            assertEquals(16, r.mh().length);
            assertTrue(r.mhChecksumOverHome(), "scapy's checksum covers the home address (RFC 6275 §6.1.1)");
        }
        final Received home = received.get(2);
        assertNull(home.home(), "no option: the plain call");
        assertArrayEquals(HOA, home.source());
        assertArrayEquals(received.get(0).mh(), home.mh(), "same MH octets, checksum included");
        assertEquals(3, t.received());
        assertEquals(0, t.malformed() + t.homeAddressErrors() + t.unrecognizedOptions() + t.homeAddressNotHandled());
    }

    @Test
    void shouldDropAHomeAddressOptionForARoleThatDoesNotTakeIt()
    {
        final DataPlaneTransport t = new DataPlaneTransport(1, LOCAL_MAC, -1, 64);
        punt(t, scapyFrames.get("bu-hao"));
        final List<String> seen = new ArrayList<>();
        assertEquals(0, t.poll((src, dst, mh, offset, length) -> seen.add("delivered"), 10));
        assertTrue(seen.isEmpty(), "an LMA or MAG would check the checksum over the care-of address and drop it anyway");
        assertEquals(1, t.homeAddressNotHandled());
        assertEquals(0, t.received());
    }

    /** The scapy BU frame with its Destination Options header replaced by {@code options} (whole header). */
    private static byte[] withDestinationOptions(final byte[] options)
    {
        final byte[] scapy = scapyFrames.get("bu-hao");
        final int mhAt = 14 + 40 + 24;
        final byte[] mh = Arrays.copyOfRange(scapy, mhAt, scapy.length);
        final byte[] payload = DataPlaneTransportTest.concat(options, mh);
        return DataPlaneTransportTest.frame(MN_MAC, new int[0], COA, HA, 60, payload, 0);
    }

    @Test
    void shouldDropAndCountMalformedHomeAddressOptions()
    {
        final DataPlaneTransport t = new DataPlaneTransport(1, LOCAL_MAC, -1, 64);
        final String hoa = HEX.formatHex(HOA);
        // Length 8 instead of 16 (then PadN to the 8-octet boundary).
        punt(t, withDestinationOptions(HEX.parseHex("8701" + "c908" + "0011223344556677" + "01020000")));
        // Two Home Address options.
        punt(t, withDestinationOptions(HEX.parseHex("8705" + "01020000" + "c910" + hoa + "01020000" + "c910" + hoa + "0000")));
        assertEquals(0, t.poll(recorder, 10));
        assertEquals(2, t.homeAddressErrors());

        // The option runs past its header (Hdr Ext Len 2 = 24 octets, the option claims 16 from octet 14).
        punt(t, withDestinationOptions(HEX.parseHex("8702" + "01080000000000000000" + "c910" + hoa.substring(0, 20))));
        // The header ends on an option type without its length octet.
        punt(t, withDestinationOptions(HEX.parseHex("8700" + "0103000000" + "c9")));
        // The header is longer than the packet (truncated in the option).
        final byte[] good = scapyFrames.get("bu-hao");
        final byte[] truncated = Arrays.copyOf(good, 14 + 40 + 12);
        truncated[14 + 4] = 0;
        truncated[14 + 5] = 12;
        punt(t, truncated);
        assertEquals(0, t.poll(recorder, 10));
        assertEquals(3, t.malformed());

        // An unknown option whose type says "discard" (high bits 11), then one that says "skip" (00): delivered.
        punt(t, withDestinationOptions(HEX.parseHex("8700" + "c2040000" + "0000")));
        punt(t, withDestinationOptions(HEX.parseHex("8703" + "01020000" + "c910" + hoa + "0506000000000000")));
        assertEquals(1, t.poll(recorder, 10));
        assertEquals(1, t.unrecognizedOptions());
        assertArrayEquals(HOA, received.get(0).home(), "the skippable option did not hide the Home Address option");
        assertEquals(2, t.homeAddressErrors());
        assertEquals(3, t.malformed());
    }

    private static byte[] bindingAck(final UnsafeBuffer buffer)
    {
        final MobilityHeaderEncoder enc = new MobilityHeaderEncoder();
        enc.wrap(buffer, 0, buffer.capacity()).begin(MhType.BINDING_ACK).bindingAck().status(0).sequence(7)
            .lifetime(900);
        final int length = enc.finish(HA, HOA);
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    @Test
    void shouldSendTheBindingAckToTheCareOfAddressThroughATypeTwoRoutingHeader() throws Exception
    {
        final DataPlaneTransport t = new DataPlaneTransport(2, LOCAL_MAC, -1, 64);
        final List<byte[]> injected = new ArrayList<>();
        t.attach((port, frame, offset, length) -> injected.add(copy(frame, offset, length)));
        final UnsafeBuffer mh = new UnsafeBuffer(new byte[64]);
        final byte[] ba = bindingAck(mh);
        assertFalse(t.sendViaCareOf(HA, COA, HOA, mh, 0, ba.length), "no MAC learned for the care-of address yet");
        assertEquals(1, t.unresolved());

        punt(t, scapyFrames.get("bu-hao"));
        t.poll(recorder, 10);
        assertTrue(t.sendViaCareOf(HA, COA, HOA, mh, 0, ba.length));
        final byte[] f = injected.get(0);
        assertEquals(14 + 40 + 24 + ba.length, f.length);
        assertEquals("0200000000a1" + "020000000011" + "86dd", HEX.formatHex(f, 0, 14), "to the MN's MAC");
        assertEquals(24 + ba.length, ((f[18] & 0xFF) << 8) | (f[19] & 0xFF), "payload length");
        assertEquals(43, f[20], "Next Header: Routing");
        assertArrayEquals(HA, Arrays.copyOfRange(f, 22, 38));
        assertArrayEquals(COA, Arrays.copyOfRange(f, 38, 54), "the IPv6 destination is the care-of address");
        assertEquals("87" + "02" + "02" + "01" + "00000000", HEX.formatHex(f, 54, 62), "MH, 24 octets, type 2, 1 left");
        assertArrayEquals(HOA, Arrays.copyOfRange(f, 62, 78));
        final UnsafeBuffer frame = new UnsafeBuffer(f);
        assertTrue(MhChecksum.verify(frame, 22, 62, frame, 78, ba.length), "checksum over HA → home address");
        assertFalse(MhChecksum.verify(frame, 22, 38, frame, 78, ba.length), "not over the care-of address");
        assertArrayEquals(ba, Arrays.copyOfRange(f, 78, f.length), "the codec's checksum (finish(HA, HoA)) is kept");

        // tshark: a type 2 Routing header with the home address, the BA's fields, nothing malformed, no expert note.
        final Path pcap = new PcapWriter().addFrame(f).write(WORK.resolve("ba-rh2.pcap"));
        final String fields = ExternalTool.run(List.of("tshark", "-r", pcap.getFileName().toString(), "-T", "fields",
            "-E", "separator=,", "-e", "ipv6.dst", "-e", "ipv6.routing.type", "-e", "ipv6.routing.segleft",
            "-e", "ipv6.routing.mipv6.home_address", "-e", "mip6.ba.status", "-e", "mip6.ba.seqnr",
            "-e", "mip6.ba.lifetime", "-e", "_ws.malformed", "-e", "_ws.expert"), WORK).trim();
        assertEquals("2001:db8:aa::1,2,1,2001:db8:10::100,0,7,900,,", fields);

        // scapy: the same, and its own checksum (final destination from the Routing header) equals ours.
        final String scapy = ExternalTool.run(List.of("/usr/bin/python3", script().getFileName().toString(), "check",
            HEX.formatHex(f)), WORK).trim();
        final int stored = ((f[78 + 4] & 0xFF) << 8) | (f[78 + 5] & 0xFF);
        assertEquals("{\"rhType\": 2, \"segleft\": 1, \"rhAddresses\": [\"2001:db8:10::100\"], \"dst\": \"2001:db8:aa::1\", " +
            "\"src\": \"2001:db8:10::1\", \"status\": 0, \"seq\": 7, \"lifetime\": 900, \"stored\": " + stored +
            ", \"recomputed\": " + stored + "}", scapy);
    }

    @Test
    void shouldReceiveTheHomeAddressOptionAndAnswerThroughTheRoutingHeaderWithoutAllocating()
    {
        final DataPlaneTransport t = new DataPlaneTransport(1, LOCAL_MAC, -1, 64);
        final long[] injectedCount = new long[1];
        t.attach((port, frame, offset, length) -> ++injectedCount[0] > 0);
        final byte[] bytes = scapyFrames.get("bu-hao-vlan");
        final UnsafeBuffer punted = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        punted.putBytes(0, bytes);
        final UnsafeBuffer ba = new UnsafeBuffer(new byte[64]);
        final int baLength = bindingAck(ba).length;
        final long[] homes = new long[1];
        final HomeAddressHandler answer = new HomeAddressHandler()
        {
            public void onSignalling(final byte[] source, final byte[] destination, final DirectBuffer mh,
                final int offset, final int length)
            {
            }

            public void onSignalling(final byte[] source, final byte[] homeAddress, final byte[] destination,
                final DirectBuffer mh, final int offset, final int length)
            {
                homes[0] += homeAddress[15];
                t.sendViaCareOf(destination, source, homeAddress, ba, 0, baLength);
            }
        };
        final int window = 50_000;
        final long[] history = SteadyStateAllocation.measure(window, 10, i ->
        {
            t.onPunt(0, PuntReason.MOBILITY_HEADER, punted, 0, bytes.length);
            t.poll(answer, 16);
        });
        final String text = Arrays.toString(history);
        System.out.printf("data-plane transport, Home Address option in / type 2 Routing header out: windows of %d " +
            "punts allocated %s bytes%n", window, text);
        assertEquals((long)history.length * window, injectedCount[0]);
        assertEquals((long)history.length * window * HOA[15], homes[0]);
        assertTrue(history[history.length - 1] < window, "bytes per window of " + window + ": " + text);
    }
}
