/**
 * {@code dmmctl}, the operator CLI: a picocli top-level command with subcommands. {@code decode} prints Mobility
 * Header messages (from hex or a pcap file) as JSON, without any daemon.
 */
package net.dmmgw.control.cli;
