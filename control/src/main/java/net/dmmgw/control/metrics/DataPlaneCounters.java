package net.dmmgw.control.metrics;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * Reads the data plane's counters file from outside the data-plane process (the layout of fastpath's
 * {@code CountersFile}: a 64-octet header with magic "DMMC", version 1, values length, metadata length, then
 * Agrona's values and metadata buffers) and sums the workers' counters per port and per drop / punt reason, from the
 * labels {@code w<n> port <p> <counter>}, {@code w<n> drop: <reason>}, {@code w<n> punt: <reason>}; every other
 * counter is kept by its label with the worker prefix removed. The control module does not depend on fastpath at
 * run time, hence this reader of the documented layout. Mapped per read and unmapped at once.
 */
public final class DataPlaneCounters
{
    static final int MAGIC = 0x434D4D44;
    static final int VERSION = 1;
    static final int HEADER_LENGTH = 64;

    private static final Pattern PORT = Pattern.compile("w(\\d+) port (\\d+) (.+)");
    private static final Pattern REASON = Pattern.compile("w(\\d+) (drop|punt): (.+)");
    private static final Pattern OTHER = Pattern.compile("w(\\d+) (.+)");

    /**
     * One reading.
     *
     * @param ports port → counter name ("rx packets" …, in the file's order) → value, summed over workers.
     * @param drops drop reason → value.
     * @param punts punt reason → value.
     * @param other other counters (actions, loop counters) by label without the worker prefix.
     */
    public record Snapshot(Map<Integer, Map<String, Long>> ports, Map<String, Long> drops, Map<String, Long> punts,
        Map<String, Long> other)
    {
    }

    private DataPlaneCounters()
    {
    }

    /**
     * @param path the counters file.
     * @return the values now.
     * @throws IOException when it cannot be read or is not a counters file.
     */
    public static Snapshot read(final Path path) throws IOException
    {
        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            if (channel.size() < HEADER_LENGTH)
            {
                throw new IOException(path + " is not a dmmgw counters file (too short)");
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        try
        {
            final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
            final int valuesLength = header.getInt(8);
            final int metadataLength = header.getInt(12);
            if (header.getInt(0) != MAGIC || header.getInt(4) != VERSION || valuesLength < 0 || metadataLength < 0 ||
                (long)HEADER_LENGTH + valuesLength + metadataLength > mapped.capacity())
            {
                throw new IOException(path + " is not a dmmgw counters file (bad magic, version or lengths)");
            }
            final CountersReader reader = new CountersReader(
                new UnsafeBuffer(mapped, HEADER_LENGTH + valuesLength, metadataLength),
                new UnsafeBuffer(mapped, HEADER_LENGTH, valuesLength));
            final Map<Integer, Map<String, Long>> ports = new TreeMap<>();
            final Map<String, Long> drops = new TreeMap<>();
            final Map<String, Long> punts = new TreeMap<>();
            final Map<String, Long> other = new TreeMap<>();
            final List<Object[]> all = new ArrayList<>();
            reader.forEach((id, label) -> all.add(new Object[]{ label, reader.getCounterValue(id) }));
            for (final Object[] c : all)
            {
                final String label = (String)c[0];
                final long value = (Long)c[1];
                Matcher m = PORT.matcher(label);
                if (m.matches())
                {
                    ports.computeIfAbsent(Integer.parseInt(m.group(2)), k -> new java.util.LinkedHashMap<>())
                        .merge(m.group(3), value, Long::sum);
                    continue;
                }
                m = REASON.matcher(label);
                if (m.matches())
                {
                    (m.group(2).equals("drop") ? drops : punts).merge(m.group(3), value, Long::sum);
                    continue;
                }
                m = OTHER.matcher(label);
                other.merge(m.matches() ? m.group(2) : label, value, Long::sum);
            }
            return new Snapshot(ports, drops, punts, other);
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }
}
