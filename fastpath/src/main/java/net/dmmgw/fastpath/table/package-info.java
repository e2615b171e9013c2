/**
 * Off-heap forwarding tables: single writer, many readers, no torn reads.
 * <p>
 * Readers never lock. Exact-match entries are published with a release store of their state word
 * and are immutable keys once published; mutable records (tunnels, next hops, ports) use a
 * per-record sequence lock that readers validate. {@link net.dmmgw.fastpath.table.FastPathTables}
 * is the validated writer facade.
 */
package net.dmmgw.fastpath.table;
