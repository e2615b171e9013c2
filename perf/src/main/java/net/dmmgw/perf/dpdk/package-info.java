/**
 * JMH benchmarks of the DPDK FFM bindings (native-bindings): cost of one rx/tx burst downcall
 * with {@code Linker.Option.critical(false)}, with a plain downcall, and with
 * {@code critical(true)} on a heap array, per arena of the burst array; and per-packet mbuf
 * operations (Java ports vs the shim). Results: {@code perf/RESULTS.md}.
 */
package net.dmmgw.perf.dpdk;
