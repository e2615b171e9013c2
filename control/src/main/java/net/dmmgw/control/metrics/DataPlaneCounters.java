package net.dmmgw.control.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.agrona.concurrent.status.CountersReader;

import net.dmmgw.ipc.counters.CountersFile;

/**
 * Reads the data plane's counters file ({@link CountersFile}, mapped read-only) from outside the data-plane process
 * and sums the workers' counters per port and per drop / punt reason, from the
 * labels {@code w<n> port <p> <counter>}, {@code w<n> drop: <reason>}, {@code w<n> punt: <reason>}; every other
 * counter is kept by its label with the worker prefix removed. Mapped per read and unmapped at once.
 */
public final class DataPlaneCounters
{
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
        try (CountersFile file = CountersFile.openReadOnly(path))
        {
            final CountersReader reader = file.reader();
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
    }
}
