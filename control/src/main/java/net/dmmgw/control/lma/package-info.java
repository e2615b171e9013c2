/** The LMA role (RFC 5213 §5): allocation + location management + mobility routing + journal, and its PBU rules. */
package net.dmmgw.control.lma;
