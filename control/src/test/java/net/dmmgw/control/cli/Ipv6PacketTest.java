package net.dmmgw.control.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finding the MH and the checksum addresses behind extension headers; pcap link types. */
class Ipv6PacketTest
{
    private static final byte[] MH = Hex.decode(DmmCtlTest.PBU);

    private static byte[] packet(final int firstNextHeader, final byte[] extensions)
    {
        final ByteBuffer b = ByteBuffer.allocate(40 + extensions.length + MH.length);
        b.putInt(0x60000000).putShort((short)(extensions.length + MH.length)).put((byte)firstNextHeader)
            .put((byte)64);
        for (int i = 0; i < 32; i++)
        {
            b.put((byte)(i < 16 ? 0x10 : 0x20));
        }
        b.put(extensions).put(MH);
        return b.array();
    }

    @Test
    void shouldUseTheHomeAddressOptionAsSourceAndTheType2RoutingAddressAsDestination()
    {
        final byte[] destOpts = new byte[24]; // NH 43, len 2 (24 octets): PadN(2) + HAO (type 201, 16) at 4
        destOpts[0] = 43;
        destOpts[1] = 2;
        destOpts[2] = 1;
        destOpts[3] = 0;
        destOpts[4] = (byte)201;
        destOpts[5] = 16;
        for (int i = 6; i < 22; i++)
        {
            destOpts[i] = 0x33;
        }
        destOpts[22] = 1; // PadN(0)
        final byte[] routing = new byte[24]; // NH 135, len 2, type 2, segments left 1, reserved, address
        routing[0] = (byte)135;
        routing[1] = 2;
        routing[2] = 2;
        routing[3] = 1;
        for (int i = 8; i < 24; i++)
        {
            routing[i] = 0x44;
        }
        final byte[] ext = new byte[48];
        System.arraycopy(destOpts, 0, ext, 0, 24);
        System.arraycopy(routing, 0, ext, 24, 24);
        final byte[] p = packet(60, ext);
        final Ipv6Packet.Location at = Ipv6Packet.locate(p, 0, p.length);
        assertEquals(88, at.mhOffset());
        assertEquals(MH.length, at.mhLength());
        assertEquals(46, at.srcIndex());
        assertEquals(72, at.dstIndex());
    }

    @Test
    void shouldExplainWhyThereIsNoMobilityHeader()
    {
        final byte[] udp = packet(17, new byte[0]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ipv6Packet.locate(udp, 0, udp.length))
            .getMessage().contains("Next Header 17"));
        final byte[] truncated = packet(0, new byte[]{ (byte)135, 5, 0, 0, 0, 0, 0, 0 });
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ipv6Packet.locate(truncated, 0, 48))
            .getMessage().contains("truncated"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ipv6Packet.locate(new byte[30], 0, 30))
            .getMessage().contains("shorter than an IPv6 header"));
    }

    @Test
    void shouldReadRawAndLinuxCookedPcaps(@TempDir final Path dir) throws IOException
    {
        final byte[] ip = packet(135, new byte[0]);
        final byte[] sll = new byte[16 + ip.length];
        sll[14] = (byte)0x86;
        sll[15] = (byte)0xdd;
        System.arraycopy(ip, 0, sll, 16, ip.length);
        final ByteBuffer file = ByteBuffer.allocate(24 + 16 + ip.length).order(ByteOrder.BIG_ENDIAN);
        file.putInt(0xa1b2c3d4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(101);
        file.putInt(0).putInt(0).putInt(ip.length).putInt(ip.length).put(ip);
        final List<PcapReader.Packet> raw = PcapReader.readIpv6(Files.write(dir.resolve("raw.pcap"), file.array()));
        assertEquals(1, raw.size());
        assertEquals(0, raw.get(0).ipOffset());

        final ByteBuffer cooked = ByteBuffer.allocate(24 + 16 + sll.length).order(ByteOrder.LITTLE_ENDIAN);
        cooked.putInt(0xa1b2c3d4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(113);
        cooked.putInt(0).putInt(0).putInt(sll.length).putInt(sll.length).put(sll);
        final List<PcapReader.Packet> c = PcapReader.readIpv6(Files.write(dir.resolve("sll.pcap"), cooked.array()));
        assertEquals(16, c.get(0).ipOffset());
        final PcapReader.Packet p = c.get(0);
        final Ipv6Packet.Location at = Ipv6Packet.locate(p.data(), p.ipOffset(), p.data().length - p.ipOffset());
        final byte[] mh = new byte[at.mhLength()];
        System.arraycopy(p.data(), at.mhOffset(), mh, 0, mh.length);
        assertArrayEquals(MH, mh);

        final byte[] cut = java.util.Arrays.copyOf(cooked.array(), cooked.capacity() - 10);
        assertTrue(assertThrows(IOException.class, () -> PcapReader.readIpv6(Files.write(dir.resolve("cut.pcap"),
            cut))).getMessage().contains("truncated"));
    }
}
