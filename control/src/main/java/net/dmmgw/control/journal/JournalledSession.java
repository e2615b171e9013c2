package net.dmmgw.control.journal;

import net.dmmgw.control.location.BindingCacheEntry;

/**
 * A role's session as {@link SessionJournal} keeps it: its binding entry, whether that entry is in the journal, and
 * what the role stores beside the entry (flags of its own meaning, peers).
 */
public abstract class JournalledSession
{
    private boolean journaled;

    /** @return the binding entry written as the record. */
    public abstract BindingCacheEntry entry();

    /** @return true while the journal holds the session (a delete is due when it ends). */
    public final boolean journaled()
    {
        return journaled;
    }

    /** Marks the session as held by the journal (written, or restored from it) or not. */
    public final void journaled(final boolean value)
    {
        journaled = value;
    }

    /** @return role flags stored with the entry (0..255). */
    public int journalFlags()
    {
        return 0;
    }

    /** @return the peers stored with the entry. */
    public PeerPrefixes journalPeers()
    {
        return PeerPrefixes.NONE;
    }
}
