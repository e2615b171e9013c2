/**
 * The per-packet pipeline: classify, look up, forward, deliver, encapsulate, decapsulate, punt or
 * drop with a counted reason, and generate rate-limited ICMPv6 errors.
 */
package net.dmmgw.fastpath.pipeline;
