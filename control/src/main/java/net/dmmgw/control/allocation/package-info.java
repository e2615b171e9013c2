/** Prefix / home address allocation (draft-chan-dmm-framework): per-node pools, no double assignment. */
package net.dmmgw.control.allocation;
