/**
 * Small runnable programs on the bindings: {@link net.dmmgw.dpdk.tools.VdevForward} (the
 * {@code scripts/demo} job) and the IPv6 test-frame factory it and the tests share.
 */
package net.dmmgw.dpdk.tools;
