package net.dmmgw.control.anchor;

import net.dmmgw.control.journal.BindingRecord;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.routing.MobilityRouting;

/**
 * What a role adds to {@link BindingAnchor}: which destinations a binding routes into its tunnel (HNPs for an
 * LMA, the home address for an HA), what a deleted binding frees, how a journalled binding is restored, and how a
 * finished data-plane transaction is answered. Called on the agent thread; the hot-path methods must not allocate.
 */
public interface AnchorRole
{
    /** @return how many destinations the binding routes. */
    int destinationCount(BindingCacheEntry entry);

    /** Routes destination {@code index} of the binding into a tunnel; @return the correlation id. */
    long route(MobilityRouting routing, BindingCacheEntry entry, int index, int tunnelId);

    /** Removes the route of destination {@code index}; @return the correlation id. */
    long unroute(MobilityRouting routing, BindingCacheEntry entry, int index);

    /** The binding leaves the cache (deletion, expiry, rollback, replay): return what it holds (prefixes). */
    void freeResources(BindingCacheEntry entry);

    /**
     * Replay: takes back what the journalled binding holds (e.g. reserves its prefixes).
     *
     * @return false to drop the binding (nothing of it can be restored).
     */
    boolean restore(BindingRecord record, BindingCacheEntry entry);

    /** The data plane acknowledged everything: commit the entry, journal it, answer. */
    void onProgrammed(AnchorTransaction tx);

    /** The data plane refused or did not answer; the anchor rolled back: answer the failure. */
    void onProgrammingFailed(AnchorTransaction tx);

    /** A timer the role added with {@link BindingAnchor#addRoleTimer} is due (it may be stale). */
    default void onRoleTimer(final int id, final long deadline)
    {
    }

    /** @return false when a role timer was cancelled (lets the anchor sweep it). */
    default boolean isRoleTimerLive(final int id, final long deadline)
    {
        return false;
    }

    /** @return role timers pending (sizes the anchor's sweep threshold). */
    default int roleTimerCount()
    {
        return 0;
    }
}
