/**
 * Signalling transports: where a role's Mobility Header messages come from and go to. {@link
 * net.dmmgw.control.transport.RawSocketTransport} is a raw IPv6 socket for protocol 135 (kernel checksum,
 * packet info), opened with FFM on libc, for a node without a data plane; {@link
 * net.dmmgw.control.transport.DataPlaneTransport} takes the Mobility Headers the data plane punts and injects
 * the answers through it.
 */
package net.dmmgw.control.transport;
