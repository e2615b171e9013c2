/**
 * Raw FFM bindings to DPDK 22.11 and to the {@code dmmgw_dpdk} C shim, laid out the way jextract
 * would lay them out: one nested holder class per native function, holding a {@code static final
 * MethodHandle HANDLE} (resolved on first use, constant-folded by the JIT), and a public static
 * wrapper with the C name that calls it with {@code invokeExact}.
 *
 * <p>Nothing here checks arguments or turns return codes into exceptions: that is the job of the
 * idiomatic wrappers in {@link net.dmmgw.dpdk}. Pointers that the fast path passes per packet
 * (mbufs, mempools) are bound as {@code JAVA_LONG} addresses so a downcall never has to wrap
 * them in a {@code MemorySegment}; on x86-64 Linux a pointer and a 64-bit integer are passed
 * the same way.
 */
package net.dmmgw.dpdk.raw;
