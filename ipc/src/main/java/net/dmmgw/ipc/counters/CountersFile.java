package net.dmmgw.ipc.counters;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * A memory-mapped file holding Agrona counters: a 64-octet header, the values buffer (one counter
 * per 128 octets, so that no two counters share a cache line) and the metadata buffer (labels).
 * <p>
 * Header: magic {@code "DMMC"} (int, little-endian at 0), version (int at 4), values length
 * (int at 8), metadata length (int at 12). The data plane's workers write it; a reader in another
 * process (the control process's admin server, tools) maps the same file with {@link #openReadOnly(Path)}
 * and reads values without any coordination with the workers. It lives in ipc because both sides of the
 * seam use it and the control process does not depend on the data plane.
 */
public final class CountersFile implements AutoCloseable
{
    /** File magic. */
    public static final int MAGIC = 0x434D4D44;
    /** Layout version. */
    public static final int VERSION = 1;
    /** Header octets before the values buffer. */
    public static final int HEADER_LENGTH = 64;

    private final MappedByteBuffer mapped;
    private final CountersReader reader;
    private final CountersManager manager;

    private CountersFile(final MappedByteBuffer mapped, final boolean writable)
    {
        this.mapped = mapped;
        final String problem = layoutProblem(mapped);
        if (problem != null)
        {
            IoUtil.unmap(mapped);
            throw new IllegalStateException("not a dmmgw counters file (" + problem + ")");
        }
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        final int valuesLength = header.getInt(8);
        final int metadataLength = header.getInt(12);
        final UnsafeBuffer values = new UnsafeBuffer(mapped, HEADER_LENGTH, valuesLength);
        final UnsafeBuffer metadata = new UnsafeBuffer(mapped, HEADER_LENGTH + valuesLength, metadataLength);
        manager = writable ? new CountersManager(metadata, values) : null;
        reader = writable ? manager : new CountersReader(metadata, values);
    }

    /**
     * Create (or replace) a counters file.
     *
     * @param path        file path.
     * @param maxCounters number of counters it can hold.
     * @return the open file, writable.
     */
    public static CountersFile create(final Path path, final int maxCounters)
    {
        if (maxCounters < 1)
        {
            throw new IllegalArgumentException("maxCounters must be positive: " + maxCounters);
        }
        final int valuesLength = maxCounters * CountersReader.COUNTER_LENGTH;
        final int metadataLength = maxCounters * CountersReader.METADATA_LENGTH;
        IoUtil.deleteIfExists(path.toFile());
        final MappedByteBuffer mapped = IoUtil.mapNewFile(path.toFile(), HEADER_LENGTH + valuesLength + metadataLength);
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        header.putInt(8, valuesLength);
        header.putInt(12, metadataLength);
        header.putInt(4, VERSION);
        header.putIntRelease(0, MAGIC);
        return new CountersFile(mapped, true);
    }

    /**
     * Map an existing counters file read-only, for readers in another process.
     *
     * @param path file path.
     * @return the open file; {@link #manager()} is null.
     * @throws IOException if it cannot be mapped or is not a counters file (too short, bad magic, version or
     *                     lengths), with the path in the message.
     */
    public static CountersFile openReadOnly(final Path path) throws IOException
    {
        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()); // a short one: layoutProblem
        }
        try
        {
            return new CountersFile(mapped, false);
        }
        catch (final IllegalStateException ex)
        {
            throw new IOException(path + " is " + ex.getMessage(), ex);
        }
    }

    /** Why the mapping is not a counters file of this layout, or null when it is. */
    private static String layoutProblem(final MappedByteBuffer mapped)
    {
        if (mapped.capacity() < HEADER_LENGTH)
        {
            return "too short";
        }
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        final int valuesLength = header.getInt(8);
        final int metadataLength = header.getInt(12);
        if (header.getInt(0) != MAGIC || header.getInt(4) != VERSION)
        {
            return "bad magic or version";
        }
        if (valuesLength < 0 || metadataLength < 0 ||
            (long)HEADER_LENGTH + valuesLength + metadataLength > mapped.capacity())
        {
            return "bad lengths";
        }
        return null;
    }

    /**
     * @return the counter allocator (writer process only), or null for a reader.
     */
    public CountersManager manager()
    {
        return manager;
    }

    /**
     * @return a reader over values and labels.
     */
    public CountersReader reader()
    {
        return reader;
    }

    /**
     * Find a counter value by its exact label.
     *
     * @param label label.
     * @return the value, or -1 if no counter has that label.
     */
    public long valueOf(final String label)
    {
        final long[] found = {-1};
        reader.forEach((id, l) ->
        {
            if (l.equals(label))
            {
                found[0] = reader.getCounterValue(id);
            }
        });
        return found[0];
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
