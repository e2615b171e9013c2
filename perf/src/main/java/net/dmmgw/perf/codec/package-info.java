/** JMH benchmarks of the Mobility Header codec in control/ (decode + validate, encode). */
package net.dmmgw.perf.codec;
