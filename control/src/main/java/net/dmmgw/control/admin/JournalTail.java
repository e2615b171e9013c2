package net.dmmgw.control.admin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.journal.BindingRecord;
import net.dmmgw.control.journal.JournalReplayHandler;

/**
 * The last records of the binding journal's current generation as maps, or those after a cursor
 * ({@code <generation>:<index>}, index counting from 1 in the generation). After a compaction (a new generation)
 * a cursor of the old one yields the new generation's records from its start, which are the live bindings rewritten.
 * Runs on the agent thread.
 */
final class JournalTail
{
    private JournalTail()
    {
    }

    static Map<String, Object> read(final BindingJournal journal, final int n, final String after)
    {
        final long generation = journal.generation();
        long afterIndex = 0;
        boolean follow = false;
        if (after != null && !after.isEmpty())
        {
            final int colon = after.indexOf(':');
            try
            {
                final long g = Long.parseLong(after.substring(0, colon));
                final long i = Long.parseLong(after.substring(colon + 1));
                follow = true;
                afterIndex = g == generation ? i : 0;
            }
            catch (final RuntimeException e)
            {
                throw new AdminException(AdminException.BAD_REQUEST, "after must be <generation>:<index>: " + after);
            }
        }
        final ArrayDeque<Map<String, Object>> last = new ArrayDeque<>();
        final long from = afterIndex;
        final boolean bounded = !follow;
        final long[] index = { 0 };
        journal.read(new JournalReplayHandler()
        {
            public void onUpsert(final BindingRecord r)
            {
                if (++index[0] > from)
                {
                    add(upsert(index[0], r));
                }
            }

            public void onDelete(final int id)
            {
                if (++index[0] > from)
                {
                    add(Views.map("index", index[0], "kind", "delete", "id", id));
                }
            }

            private void add(final Map<String, Object> m)
            {
                last.addLast(m);
                if (last.size() > n)
                {
                    last.removeFirst(); // a follow that fell behind by more than n keeps the newest n too
                }
            }
        });
        final List<Map<String, Object>> records = new ArrayList<>(last);
        return Views.map("generation", generation, "records", records, "cursor", generation + ":" + index[0],
            "tail", bounded);
    }

    private static Map<String, Object> upsert(final long index, final BindingRecord r)
    {
        final List<String> prefixes = new ArrayList<>();
        for (int i = 0; i < r.prefixCount(); i++)
        {
            prefixes.add(Views.ip(r.prefix(i), 0) + "/64");
        }
        return Views.map("index", index, "kind", "upsert", "id", r.id(),
            "mnId", new String(r.mnId(), 0, r.mnIdLength(), java.nio.charset.StandardCharsets.UTF_8),
            "proxyCoa", Views.ip(r.proxyCoaHi(), r.proxyCoaLo()), "prefixes", prefixes,
            "state", r.state().name(), "expiresAt", Views.time(r.expiresAtMs()), "sequence", r.lastSequence(),
            "handoffIndicator", r.handoffIndicator(), "accessTechnologyType", r.accessTechnologyType());
    }
}
