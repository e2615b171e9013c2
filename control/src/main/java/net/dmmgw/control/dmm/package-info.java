/**
 * What the DMM roles (MAAR and CMD, draft-ietf-dmm-pmipv6-dlif / RFC 8885) share: the DMM PBU / PBA read and
 * written in one pass ({@link net.dmmgw.control.dmm.DmmMessage}, {@link net.dmmgw.control.dmm.DmmMessageWriter}),
 * the P-MAAR list of a binding (Appendix B, {@link net.dmmgw.control.dmm.PreviousMaarList}), the CMD signalling
 * mode and de-registration variant, and the {@code dmm.compat} switch.
 */
package net.dmmgw.control.dmm;
