/** Durability of the binding cache: a Chronicle Queue journal with replay and compaction by generations. */
package net.dmmgw.control.journal;
