/**
 * IPv6 Mobility Header codec (RFC 6275, RFC 5213, RFC 5846, RFC 5847, RFC 4866, RFC 8885).
 *
 * <p>Flyweights over Agrona buffers: {@link net.dmmgw.control.codec.MobilityHeaderDecoder} reads a message,
 * {@link net.dmmgw.control.codec.MobilityOptionIterator} walks its options,
 * {@link net.dmmgw.control.codec.MobilityHeaderEncoder} writes one with RFC alignment and padding, and
 * {@link net.dmmgw.control.codec.MobilityHeaderValidator} reports what is wrong as a reused
 * {@link net.dmmgw.control.codec.ValidationResult}. Offsets in this package count from the first octet of the
 * Mobility Header (the Payload Proto octet), as in the RFC figures. None of these allocate per message.
 */
package net.dmmgw.control.codec;
