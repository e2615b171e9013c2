package net.dmmgw.control.mag;

import java.util.ArrayList;
import java.util.List;

import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.location.BindingCacheEntry;

/**
 * The MAG's Binding Update List on disk (the same Chronicle {@link BindingJournal} the LMA and HA keep): a served
 * node's entry is appended when its service starts, on each accepted refresh and when it moves to another access
 * port; its deletion when the service ends (detach, rejection, expiry). Sessions still registering are not journalled
 * (a restarted MAG meets them again at their next RS). The entry's fields carry the BUL (wire-formats §4.1): MN-ID,
 * MN-LL-ID (the MAC), HNPs, absolute expiry, the last Sequence # and Timestamp sent, ATT, the access port, and in the
 * Proxy-CoA field the remote end of the session's tunnel (the LMA, or its user-plane address, RFC 7389).
 */
final class MagJournal
{
    private final BindingJournal journal;

    MagJournal(final BindingJournal journal)
    {
        this.journal = journal;
    }

    BindingJournal journal()
    {
        return journal;
    }

    /** The session as it is now (served). */
    void persist(final MagSession s)
    {
        journal.appendUpsert(s.entry);
        s.journaled = true;
    }

    /** The session's service ended. */
    void forget(final MagSession s)
    {
        if (s.journaled)
        {
            journal.appendDelete(s.entry.id());
            s.journaled = false;
        }
    }

    /** Rewrites the journal as the served sessions when enough records piled up (off the per-message path). */
    void compactIfDue(final Iterable<MagSession> sessions)
    {
        if (journal.needsCompaction())
        {
            compact(sessions);
        }
    }

    /** Rewrites the journal as exactly the journalled sessions. */
    void compact(final Iterable<MagSession> sessions)
    {
        final List<BindingCacheEntry> live = new ArrayList<>();
        for (final MagSession s : sessions)
        {
            if (s.journaled)
            {
                live.add(s.entry);
            }
        }
        journal.compact(live);
    }
}
