/** What every node shares: its configuration file, the signalling transport seam and the single-threaded agent. */
package net.dmmgw.control.node;
