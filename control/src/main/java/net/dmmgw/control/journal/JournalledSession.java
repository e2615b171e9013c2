package net.dmmgw.control.journal;

import net.dmmgw.control.location.BindingCacheEntry;

/**
 * A role's session as {@link SessionJournal} keeps it: its binding entry, whether that entry is in the journal, and
 * what the role stores beside the entry (flags of its own meaning, peers).
 */
public interface JournalledSession
{
    /** @return the binding entry written as the record. */
    BindingCacheEntry entry();

    /** @return true while the journal holds the session (a delete is due when it ends). */
    boolean journaled();

    /** Marks the session as held by the journal or not. */
    void journaled(boolean value);

    /** @return role flags stored with the entry (0..255). */
    default int journalFlags()
    {
        return 0;
    }

    /** @return the peers stored with the entry. */
    default PeerPrefixes journalPeers()
    {
        return PeerPrefixes.NONE;
    }
}
