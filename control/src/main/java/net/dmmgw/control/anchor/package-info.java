/**
 * What the mobility anchors (the PMIPv6 LMA, the MIPv6 home agent) share: {@link
 * net.dmmgw.control.anchor.BindingAnchor} (binding cache, lifetimes, make-before-break data-plane transactions,
 * journal, resynchronisation, admin deletion), the parsed {@link net.dmmgw.control.anchor.BindingUpdateMessage} and
 * RFC 4285 {@link net.dmmgw.control.anchor.MnHaAuthenticator}. Roles implement {@link
 * net.dmmgw.control.anchor.AnchorRole} and keep only the RFC-specific checks and answers.
 */
package net.dmmgw.control.anchor;
