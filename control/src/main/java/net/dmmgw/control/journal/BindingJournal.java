package net.dmmgw.control.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import net.dmmgw.control.location.BindingCacheEntry;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The binding journal: every binding change is appended to a Chronicle Queue before the answer leaves, and
 * replayed at start. It lives in generations {@code gen-N/}; a generation is valid once its marker
 * {@code gen-N.complete} exists. Compaction writes the live bindings into generation N+1, marks it, then deletes
 * generation N, so the journal holds at most (live bindings + compaction threshold) records, and a crash during
 * compaction leaves generation N in charge (the unmarked N+1 is deleted at the next open).
 * <p>
 * Single-threaded: one thread at a time (ownership moves to the thread that appends).
 * <p>
 * Durability: records are in the memory-mapped queue file once appended, so they survive a crash of the process
 * (not of the host, no fsync per record).
 */
public final class BindingJournal implements AutoCloseable
{
    private static final String PREFIX = "gen-";
    private static final String MARKER = ".complete";
    private static final String EPOCH_FILE = "epoch";

    private final Path directory;
    private final long compactAfterRecords;
    private final BindingRecord record = new BindingRecord();
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private long generation;
    private long records;
    private long compactions;
    private long malformed;
    private Thread owner;

    /** Where {@link #compactWith} writes the live bindings. */
    public interface UpsertSink
    {
        /** One live binding, with the role's flags and peers. */
        void upsert(BindingCacheEntry entry, int flags, PeerPrefixes peers);
    }

    /** The live bindings of a compaction, handed to a sink. */
    public interface LiveBindings
    {
        /** Hands every live binding to the sink. */
        void writeTo(UpsertSink sink);
    }

    /**
     * Opens (or creates) the journal.
     *
     * @param directory where the generations live.
     * @param compactAfterRecords {@link #needsCompaction} becomes true after this many appends since the last
     *                            compaction.
     */
    public BindingJournal(final Path directory, final long compactAfterRecords)
    {
        this.directory = directory;
        this.compactAfterRecords = compactAfterRecords;
        try
        {
            Files.createDirectories(directory);
            generation = latestCompleteGeneration();
            if (generation == 0)
            {
                generation = 1;
                deleteGeneration(1);
                Files.createDirectories(generationDir(1));
                Files.createFile(markerOf(1));
            }
            deleteAllBut(generation);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("binding journal " + directory + ": " + ex.getMessage(), ex);
        }
        ChronicleScratch.keepIn(directory); // before the first Chronicle class is used
        queue = open(generation);
        appender = queue.createAppender();
    }

    /** Appends a binding as it is now. */
    public void appendUpsert(final BindingCacheEntry entry)
    {
        appendUpsert(entry, 0, PeerPrefixes.NONE);
    }

    /**
     * Appends a binding as it is now with what its role keeps beside the entry.
     *
     * @param flags the role's flags (0..255).
     * @param peers the role's peers (at most {@link BindingRecord#MAX_PEERS}; more are not written).
     */
    public void appendUpsert(final BindingCacheEntry entry, final int flags, final PeerPrefixes peers)
    {
        own();
        try (DocumentContext dc = appender.writingDocument())
        {
            BindingRecord.writeUpsert(dc.wire().bytes(), entry, flags, peers);
        }
        records++;
    }

    /** Appends the deletion of a binding. */
    public void appendDelete(final int id)
    {
        own();
        try (DocumentContext dc = appender.writingDocument())
        {
            BindingRecord.writeDelete(dc.wire().bytes(), id);
        }
        records++;
    }

    /**
     * Reads every record of the current generation in order.
     *
     * @return records read (malformed ones are skipped, counted in {@link #malformed()}, not in the result).
     */
    public long replay(final JournalReplayHandler handler)
    {
        final long n = read(handler);
        records = n;
        return n;
    }

    /**
     * Reads every record of the current generation in order without changing the journal (an administrative tail);
     * the record handed to the handler is reused, valid during the call only.
     *
     * @return records read.
     */
    public long read(final JournalReplayHandler handler)
    {
        long n = 0;
        try (ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    if (!record.read(dc.wire().bytes()))
                    {
                        malformed++;
                        continue;
                    }
                    if (record.kind() == BindingRecord.UPSERT)
                    {
                        handler.onUpsert(record);
                    }
                    else
                    {
                        handler.onDelete(record.id());
                    }
                    n++;
                }
            }
        }
        return n;
    }

    /** @return true when enough records were appended since the last compaction. */
    public boolean needsCompaction()
    {
        return records >= compactAfterRecords;
    }

    /**
     * Rewrites the journal as one upsert per live binding in a new generation and deletes the old one.
     *
     * @param live the bindings that exist now.
     */
    public void compact(final Iterable<BindingCacheEntry> live)
    {
        compactWith(sink ->
        {
            for (final BindingCacheEntry e : live)
            {
                sink.upsert(e, 0, PeerPrefixes.NONE);
            }
        });
    }

    /**
     * Rewrites the journal as one upsert per live binding (with its role's flags and peers) in a new generation and
     * deletes the old one.
     *
     * @param live hands the bindings that exist now to the journal's sink.
     */
    public void compactWith(final LiveBindings live)
    {
        final long next = generation + 1;
        own();
        try
        {
            deleteGeneration(next);
            Files.createDirectories(generationDir(next));
            final SingleChronicleQueue nextQueue = open(next);
            final ExcerptAppender nextAppender = nextQueue.createAppender();
            final long[] n = new long[1];
            live.writeTo((e, flags, peers) ->
            {
                try (DocumentContext dc = nextAppender.writingDocument())
                {
                    BindingRecord.writeUpsert(dc.wire().bytes(), e, flags, peers);
                }
                n[0]++;
            });
            Files.createFile(markerOf(next));
            appender.close();
            queue.close();
            final long old = generation;
            queue = nextQueue;
            appender = nextAppender;
            generation = next;
            records = n[0];
            compactions++;
            deleteGeneration(old);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("binding journal compaction in " + directory + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * The epoch of a new data-plane snapshot: above the current one and the one stored (a restarted process must not
     * reuse an epoch the data plane has seen, even if the clock stepped back), at least the wall clock; stored.
     *
     * @param current the process's epoch so far (0 at start).
     * @param nowMs wall clock (ms).
     * @return the new epoch.
     */
    public long nextEpoch(final long current, final long nowMs)
    {
        final long epoch = Math.max(Math.max(current, lastEpoch()) + 1, nowMs);
        storeEpoch(epoch);
        return epoch;
    }

    /** @return records skipped as malformed by the reads since open (hostile or corrupt records: never applied). */
    public long malformed()
    {
        return malformed;
    }

    /** @return the data-plane epoch last stored, 0 when none. */
    public long lastEpoch()
    {
        try
        {
            final Path file = directory.resolve(EPOCH_FILE);
            return Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : 0;
        }
        catch (final IOException | NumberFormatException ex)
        {
            return 0;
        }
    }

    /** Stores the data-plane epoch so that the next process starts a larger one even if the clock stepped back. */
    public void storeEpoch(final long epoch)
    {
        try
        {
            final Path tmp = directory.resolve(EPOCH_FILE + ".tmp");
            Files.writeString(tmp, Long.toString(epoch));
            Files.move(tmp, directory.resolve(EPOCH_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("binding journal epoch in " + directory + ": " + ex.getMessage(), ex);
        }
    }

    /** @return records in the current generation (since open, replay or the last compaction). */
    public long records()
    {
        return records;
    }

    /** @return the current generation number. */
    public long generation()
    {
        return generation;
    }

    /** @return compactions done since open. */
    public long compactions()
    {
        return compactions;
    }

    /** Closes the queue (a crash simply does not call this). */
    public void close()
    {
        own();
        appender.close();
        queue.close();
    }

    /**
     * Chronicle appenders are bound to one thread. The journal is single-threaded by contract but is typically
     * opened on a main thread and then used by the node's agent thread: hand the appender over explicitly.
     */
    private void own()
    {
        final Thread current = Thread.currentThread();
        if (owner != current)
        {
            appender.singleThreadedCheckReset();
            owner = current;
        }
    }

    private SingleChronicleQueue open(final long gen)
    {
        return SingleChronicleQueueBuilder.single(generationDir(gen).toFile()).build();
    }

    private Path generationDir(final long gen)
    {
        return directory.resolve(PREFIX + gen);
    }

    private Path markerOf(final long gen)
    {
        return directory.resolve(PREFIX + gen + MARKER);
    }

    private long latestCompleteGeneration() throws IOException
    {
        long best = 0;
        try (Stream<Path> s = Files.list(directory))
        {
            for (final Path p : (Iterable<Path>)s::iterator)
            {
                final String name = p.getFileName().toString();
                if (name.startsWith(PREFIX) && name.endsWith(MARKER))
                {
                    final long g = parse(name.substring(PREFIX.length(), name.length() - MARKER.length()));
                    if (g > best && Files.isDirectory(generationDir(g)))
                    {
                        best = g;
                    }
                }
            }
        }
        return best;
    }

    private void deleteAllBut(final long keep) throws IOException
    {
        try (Stream<Path> s = Files.list(directory))
        {
            for (final Path p : (Iterable<Path>)s::iterator)
            {
                final String name = p.getFileName().toString();
                if (!name.startsWith(PREFIX))
                {
                    continue;
                }
                final String number = name.endsWith(MARKER) ?
                    name.substring(PREFIX.length(), name.length() - MARKER.length()) : name.substring(PREFIX.length());
                if (parse(number) != keep)
                {
                    deleteTree(p);
                }
            }
        }
    }

    private void deleteGeneration(final long gen) throws IOException
    {
        Files.deleteIfExists(markerOf(gen));
        deleteTree(generationDir(gen));
    }

    private static long parse(final String number)
    {
        try
        {
            return Long.parseLong(number);
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path p : (Iterable<Path>)walk.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
