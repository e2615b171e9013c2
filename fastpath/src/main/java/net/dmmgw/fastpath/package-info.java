/**
 * Zero-allocation IPv6 fast path: packet parsing, off-heap tables and the per-packet pipeline.
 * <p>
 * Hot-path rules for every class reached from {@link net.dmmgw.fastpath.pipeline.Pipeline#process}:
 * no {@code new}, no capturing lambdas, no boxing, no iterators or streams, no String building,
 * no varargs, no Optional, no locks, no logging and no exceptions thrown per packet. Packets are
 * addressed by absolute native addresses through {@link net.dmmgw.fastpath.mem.Memory#ALL}.
 */
package net.dmmgw.fastpath;
