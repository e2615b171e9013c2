package net.dmmgw.fastpath.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes frames to a pcap file and decodes them with tshark (Wireshark 4.0), a second independent
 * decoder: returns, per frame, the requested fields separated by '|'.
 */
public final class TsharkOracle
{
    private TsharkOracle()
    {
    }

    public static List<String> fields(final List<byte[]> frames, final String... fields)
        throws IOException, InterruptedException
    {
        final Path pcap = Files.createTempFile("dmmgw-fastpath", ".pcap");
        try
        {
            Files.write(pcap, pcap(frames));
            final List<String> command = new ArrayList<>(List.of("tshark", "-r", pcap.toString(), "-T", "fields",
                "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=,"));
            for (final String f : fields)
            {
                command.add("-e");
                command.add(f);
            }
            final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            final List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = r.readLine()) != null)
                {
                    lines.add(line);
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || lines.size() != frames.size())
            {
                process.destroyForcibly();
                throw new IOException("tshark failed or returned " + lines.size() + " lines for " + frames.size());
            }
            return lines;
        }
        finally
        {
            Files.deleteIfExists(pcap);
        }
    }

    private static byte[] pcap(final List<byte[]> frames)
    {
        int size = 24;
        for (final byte[] f : frames)
        {
            size += 16 + f.length;
        }
        final ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(1);
        int second = 1;
        for (final byte[] f : frames)
        {
            b.putInt(second++).putInt(0).putInt(f.length).putInt(f.length).put(f);
        }
        return b.array();
    }
}
