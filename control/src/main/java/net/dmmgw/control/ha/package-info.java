/**
 * The MIPv6 home agent role (RFC 6275 §10): a {@link net.dmmgw.control.anchor.BindingAnchor} plus the home
 * registration rules, RFC 4285 authentication with per-MN keys, and the Binding Acknowledgement.
 */
package net.dmmgw.control.ha;
