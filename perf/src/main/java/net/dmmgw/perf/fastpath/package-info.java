/**
 * JMH benchmarks of the fast path tables and per-packet functions (no DPDK): LPM lookup at
 * 1 k / 100 k / 1 M prefixes, and forward / encapsulate / decapsulate per packet.
 */
package net.dmmgw.perf.fastpath;
