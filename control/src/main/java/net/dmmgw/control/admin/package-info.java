/**
 * The operator admin API of a control process ({@link net.dmmgw.control.admin.AdminServer}: HTTP on loopback, a
 * bearer token file, JSON views read on the agent thread, Prometheus /metrics) and the role adapters it reads.
 */
package net.dmmgw.control.admin;
