/** Structured one-line-per-event logging for the control process (not for hot paths). */
package net.dmmgw.control.log;
