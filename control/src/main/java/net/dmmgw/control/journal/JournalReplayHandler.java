package net.dmmgw.control.journal;

/** Receives the journal's records in the order they were written. */
public interface JournalReplayHandler
{
    /** A binding as last written; the record is reused after the call. */
    void onUpsert(BindingRecord record);

    /** A binding deleted. */
    void onDelete(int id);
}
