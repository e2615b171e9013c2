package net.dmmgw.control.anchor;

import net.dmmgw.control.location.BindingCacheEntry;

/**
 * A binding update whose data-plane changes are in flight: the acknowledgement (PBA / BA) leaves only when every
 * data-plane ack arrived (all OK → the role commits, journals and accepts; any refusal or a timeout → rollback and
 * the role refuses). Pooled by {@link BindingAnchor}.
 */
public final class AnchorTransaction
{
    final BindingUpdateMessage message = new BindingUpdateMessage();
    BindingCacheEntry entry;
    boolean created;
    boolean wasActive;
    int oldTunnel;
    int newTunnel;
    int outstanding;
    boolean failed;
    long deadline;
    final long[] correlationIds = new long[2 + BindingCacheEntry.MAX_PREFIXES];
    int correlationCount;

    void reset()
    {
        entry = null;
        created = false;
        wasActive = false;
        oldTunnel = 0;
        newTunnel = 0;
        outstanding = 0;
        failed = false;
        deadline = 0;
        correlationCount = 0;
    }

    /** @return the binding update being answered (a copy owned by the transaction). */
    public BindingUpdateMessage message()
    {
        return message;
    }

    /** @return the binding cache entry it changes. */
    public BindingCacheEntry entry()
    {
        return entry;
    }

    /** @return true when the entry was created for this update (a rollback deletes it). */
    public boolean created()
    {
        return created;
    }
}
