package net.dmmgw.control.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: writes Mobility Headers inside IPv6 packets inside Ethernet frames to a libpcap file. */
public final class PcapWriter
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int count;

    public PcapWriter()
    {
        final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b2c3d4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(header.array());
    }

    /** Adds one frame: Ethernet, IPv6 (Next Header 135, Hop Limit 64), then the MH. */
    public PcapWriter add(final byte[] src, final byte[] dst, final byte[] mh)
    {
        final ByteBuffer frame = ByteBuffer.allocate(14 + 40 + mh.length).order(ByteOrder.BIG_ENDIAN);
        frame.put(new byte[]{ 0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1 }).putShort((short)0x86dd);
        frame.putInt(0x60000000).putShort((short)mh.length).put((byte)135).put((byte)64).put(src).put(dst).put(mh);
        final ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        count++;
        record.putInt(1_700_000_000 + count).putInt(0).putInt(frame.capacity()).putInt(frame.capacity());
        out.writeBytes(record.array());
        out.writeBytes(frame.array());
        return this;
    }

    /** Adds one whole Ethernet frame as it is. */
    public PcapWriter addFrame(final byte[] frame)
    {
        final ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        count++;
        record.putInt(1_700_000_000 + count).putInt(0).putInt(frame.length).putInt(frame.length);
        out.writeBytes(record.array());
        out.writeBytes(frame);
        return this;
    }

    public int count()
    {
        return count;
    }

    public Path write(final Path file) throws IOException
    {
        Files.createDirectories(file.getParent());
        Files.write(file, out.toByteArray());
        return file;
    }
}
