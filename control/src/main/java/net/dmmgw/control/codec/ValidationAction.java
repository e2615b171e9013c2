package net.dmmgw.control.codec;

/** What a receiver does with a message, following the RFC rule for the problem found. */
public enum ValidationAction
{
    /** Process the message. */
    ACCEPT,
    /** Discard silently (bad checksum, malformed options, truncation). */
    DROP,
    /** Discard and send ICMPv6 Parameter Problem code 0 pointing at the offending octet (RFC 6275 §9.2). */
    ICMP_PARAMETER_PROBLEM,
    /** Discard and send a Binding Error with the status in {@link ValidationResult#code()}. */
    BINDING_ERROR,
    /** Answer the BU with a BA carrying the status in {@link ValidationResult#code()}. */
    REJECT_WITH_STATUS
}
