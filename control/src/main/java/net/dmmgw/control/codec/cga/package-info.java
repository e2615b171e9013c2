/**
 * Cryptographically Generated Addresses (RFC 3972), CGA-based Binding Update signatures with the MIPv6 ERO tag
 * (RFC 4866), and the Binding Authorization Data authenticator (RFC 6275 §5.2.6) keyed from home / care-of /
 * permanent home keygen tokens. Used by the FAMA DAR; JDK crypto only. Not hot path: these allocate.
 */
package net.dmmgw.control.codec.cga;
