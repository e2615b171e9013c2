package net.dmmgw.control.journal;

import java.nio.file.Path;

import net.dmmgw.control.node.NodeConfig;

/**
 * The {@code journal.*} keys of a node: where its binding journal lives and after how many appends it compacts.
 *
 * @param directory {@code journal.dir}.
 * @param compactAfterRecords {@code journal.compact-after-records} [100000].
 */
public record JournalSettings(Path directory, long compactAfterRecords)
{
    /** @return the keys read from the node's file (errors name the key). */
    public static JournalSettings from(final NodeConfig c)
    {
        return new JournalSettings(Path.of(c.string("journal.dir")),
            c.number("journal.compact-after-records", 100_000, 16, Long.MAX_VALUE));
    }

    /** @return the journal, opened. */
    public BindingJournal open()
    {
        return new BindingJournal(directory, compactAfterRecords);
    }
}
