/**
 * The Mobility Anchor and Access Router of draft-ietf-dmm-pmipv6-dlif §3 (RFC 8885): a MAG with LMA functions per
 * prefix, composed of the allocation, location, routing and MAG pieces.
 */
package net.dmmgw.control.maar;
