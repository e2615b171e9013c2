/**
 * The memory-mapped counters file (Agrona {@code CountersManager} layout) that workers write and
 * tools read from outside the process.
 */
package net.dmmgw.fastpath.counters;
