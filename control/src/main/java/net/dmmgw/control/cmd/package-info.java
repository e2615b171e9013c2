/**
 * The Central Mobility Database of draft-ietf-dmm-pmipv6-dlif §3 (RFC 8885): the domain's binding cache with the
 * P-MAAR list per node, relay / locator / proxy signalling and both de-registration variants. No data plane.
 */
package net.dmmgw.control.cmd;
