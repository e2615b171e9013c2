package net.dmmgw.dpdk.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes classic pcap files (magic {@code 0xa1b2c3d4}, version 2.4, link type 1 =
 * Ethernet). Written files are little-endian; both byte orders and the nanosecond magic are read.
 */
public final class PcapFile
{
    /** Microsecond-resolution magic number. */
    public static final int MAGIC_MICROS = 0xa1b2c3d4;
    /** Nanosecond-resolution magic number. */
    public static final int MAGIC_NANOS = 0xa1b23c4d;
    /** {@code LINKTYPE_ETHERNET}. */
    public static final int LINKTYPE_ETHERNET = 1;
    /** Snap length written in the global header. */
    public static final int SNAPLEN = 65535;

    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    private PcapFile()
    {
    }

    /**
     * Writes frames as an Ethernet pcap, one microsecond apart from time 1 s.
     *
     * @param file   output file (replaced).
     * @param frames frames, each at most {@link #SNAPLEN} bytes.
     * @throws IOException on a write failure.
     */
    public static void write(final Path file, final List<byte[]> frames) throws IOException
    {
        long size = GLOBAL_HEADER;
        for (final byte[] f : frames)
        {
            if (f.length > SNAPLEN)
            {
                throw new IllegalArgumentException("frame of " + f.length + " bytes exceeds snaplen " + SNAPLEN);
            }
            size += RECORD_HEADER + f.length;
        }
        final ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC_MICROS).putShort((short)2).putShort((short)4).putInt(0).putInt(0)
            .putInt(SNAPLEN).putInt(LINKTYPE_ETHERNET);
        int micros = 0;
        for (final byte[] f : frames)
        {
            out.putInt(1).putInt(micros++).putInt(f.length).putInt(f.length).put(f);
        }
        Files.write(file, out.array());
    }

    /**
     * Reads every frame of a pcap file.
     *
     * @param file input file.
     * @return the captured bytes of each record, in order.
     * @throws IOException when the file cannot be read or is not a well-formed Ethernet pcap.
     */
    public static List<byte[]> read(final Path file) throws IOException
    {
        final ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < GLOBAL_HEADER)
        {
            throw new IOException(file + ": too short for a pcap header (" + in.remaining() + " bytes)");
        }
        final int magic = in.getInt(0);
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS)
        {
            in.order(ByteOrder.BIG_ENDIAN);
            final int swapped = in.getInt(0);
            if (swapped != MAGIC_MICROS && swapped != MAGIC_NANOS)
            {
                throw new IOException(file + ": not a pcap file (magic 0x" + Integer.toHexString(magic) + ")");
            }
        }
        final int linkType = in.getInt(20);
        if (linkType != LINKTYPE_ETHERNET)
        {
            throw new IOException(file + ": link type " + linkType + ", expected Ethernet (1)");
        }
        in.position(GLOBAL_HEADER);
        final List<byte[]> frames = new ArrayList<>();
        while (in.remaining() > 0)
        {
            if (in.remaining() < RECORD_HEADER)
            {
                throw new IOException(file + ": truncated record header at offset " + in.position());
            }
            in.position(in.position() + 8);
            final int captured = in.getInt();
            in.getInt();
            if (captured < 0 || captured > in.remaining())
            {
                throw new IOException(file + ": record of " + captured + " bytes overruns the file at offset "
                    + in.position());
            }
            final byte[] frame = new byte[captured];
            in.get(frame);
            frames.add(frame);
        }
        return frames;
    }
}
