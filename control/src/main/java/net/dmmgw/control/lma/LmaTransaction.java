package net.dmmgw.control.lma;

import net.dmmgw.control.location.BindingCacheEntry;

/**
 * A PBU whose data-plane changes are in flight: the PBA leaves only when every ack arrived (all OK → commit,
 * journal, PBA 0; any refusal → rollback, PBA 128). Pooled by the LMA.
 */
final class LmaTransaction
{
    final ProxyBindingUpdate pbu = new ProxyBindingUpdate();
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
}
