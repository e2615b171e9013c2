/**
 * The data-plane process: EAL and ports from a validated configuration ({@link
 * net.dmmgw.fastpath.dataplane.DataPlaneConfig}), the initial static state from files ({@link
 * net.dmmgw.fastpath.dataplane.StaticState}), one pinned, lcore-registered {@link
 * net.dmmgw.fastpath.dataplane.Worker} per configured lcore running rx burst, {@code Pipeline.process},
 * buffered tx per egress port, and the launcher ({@link net.dmmgw.fastpath.dataplane.DataPlaneMain}:
 * {@code run} and the {@code rate} mode of {@code perf/rate}).
 * <p>
 * The worker loop follows the fastpath hot-path rules: no allocation, locks, logging or exceptions
 * per packet; small per-packet methods so that they inline.
 */
package net.dmmgw.fastpath.dataplane;
