/**
 * Operator metrics of the control process: signalling counts by type and status, the handover latency histogram,
 * the data plane's counters read from its counters file, and the Prometheus text exposition they are served in.
 */
package net.dmmgw.control.metrics;
