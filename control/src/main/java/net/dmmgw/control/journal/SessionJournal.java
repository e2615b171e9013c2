package net.dmmgw.control.journal;

/**
 * The journal of a role that keeps sessions rather than a bare binding cache (the MAG's Binding Update List, the
 * MAAR's local BCEs), over the same {@link BindingJournal}: a session is written as it is now when the role says
 * so, its deletion when it ends (only if it was written), and the journal is rewritten as the written sessions once
 * enough records piled up.
 *
 * @param <S> the role's session.
 */
public final class SessionJournal<S extends JournalledSession>
{
    private final BindingJournal journal;

    /** @param journal the opened journal. */
    public SessionJournal(final BindingJournal journal)
    {
        this.journal = journal;
    }

    /** @return the journal. */
    public BindingJournal journal()
    {
        return journal;
    }

    /** The session as it is now. */
    public void persist(final S s)
    {
        journal.appendUpsert(s.entry(), s.journalFlags(), s.journalPeers());
        s.journaled(true);
    }

    /** The session ended. */
    public void forget(final S s)
    {
        if (s.journaled())
        {
            journal.appendDelete(s.entry().id());
            s.journaled(false);
        }
    }

    /** Rewrites the journal as the written sessions when enough records piled up (off the per-message path). */
    public void compactIfDue(final Iterable<S> sessions)
    {
        if (journal.needsCompaction())
        {
            compact(sessions);
        }
    }

    /** Rewrites the journal as exactly the written sessions. */
    public void compact(final Iterable<S> sessions)
    {
        journal.compactWith(sink ->
        {
            for (final S s : sessions)
            {
                if (s.journaled())
                {
                    sink.upsert(s.entry(), s.journalFlags(), s.journalPeers());
                }
            }
        });
    }
}
