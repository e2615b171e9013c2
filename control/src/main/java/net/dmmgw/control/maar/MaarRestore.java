package net.dmmgw.control.maar;

import org.agrona.collections.Long2LongHashMap;

import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.journal.BindingRecord;
import net.dmmgw.control.journal.JournalReplayHandler;

/**
 * Replays a MAAR's journal in two reads: the first finds each session's last record (an upsert not followed by a
 * delete), the second hands exactly those to {@link MobilityAnchorAccessRouter#restore}, so a session is restored once,
 * from its latest state, and nothing restored has to be undone (no pool reservation, tunnel reference or data-plane
 * call for a superseded record). Runs once at start; allocates.
 */
final class MaarRestore
{
    private MaarRestore()
    {
    }

    /**
     * @return records skipped as malformed (hostile or corrupt) by the first read.
     */
    static long replay(final MobilityAnchorAccessRouter maar, final BindingJournal journal, final long now)
    {
        final Long2LongHashMap last = new Long2LongHashMap(-1);
        final long[] ordinal = new long[1];
        final long malformedBefore = journal.malformed();
        journal.replay(new JournalReplayHandler()
        {
            public void onUpsert(final BindingRecord record)
            {
                last.put(record.id(), ordinal[0]++);
            }

            public void onDelete(final int id)
            {
                last.remove(id);
                ordinal[0]++;
            }
        });
        final long malformed = journal.malformed() - malformedBefore;
        ordinal[0] = 0;
        journal.read(new JournalReplayHandler()
        {
            public void onUpsert(final BindingRecord record)
            {
                if (last.get(record.id()) == ordinal[0]++)
                {
                    maar.restore(record, now);
                }
            }

            public void onDelete(final int id)
            {
                ordinal[0]++;
            }
        });
        return malformed;
    }
}
