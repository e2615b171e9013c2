/**
 * Location management (draft-chan-dmm-framework): the binding cache, lifetimes and ordering by timestamp or
 * sequence number. Used by the LMA today; the MAG's binding update list and a MAAR reuse the same entry shape.
 */
package net.dmmgw.control.location;
