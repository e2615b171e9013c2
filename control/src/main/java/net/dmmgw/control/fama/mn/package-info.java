/**
 * The FAMA mobile-node agent (draft-bernardos-dmm-cmip §3): CGA home addresses, their anchoring DARs, the BUs on
 * movement (CGA-signed first, then authorized with the permanent home keygen token), and a tunnel end per anchor.
 */
package net.dmmgw.control.fama.mn;
