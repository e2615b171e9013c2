/**
 * Header layouts, the Ethernet/IPv6 parser with extension-header walking, and checksums, all over
 * absolute native addresses.
 */
package net.dmmgw.fastpath.packet;
