/**
 * FAMA, the client-based distributed mobility management of draft-bernardos-dmm-cmip: the distributed anchor router
 * ({@link net.dmmgw.control.fama.DistributedAnchorRouter}, a home agent for the addresses it delegated, mobile nodes
 * authorized by CGA signature then by a permanent home keygen token) and the message pieces the router and the
 * mobile-node agent ({@code fama.mn}) share.
 */
package net.dmmgw.control.fama;
