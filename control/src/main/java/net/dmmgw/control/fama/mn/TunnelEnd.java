package net.dmmgw.control.fama.mn;

import java.util.Arrays;

/**
 * The mobile node's end of the bidirectional tunnel to one anchoring DAR (RFC 6275 §11.3.1 reverse tunnelling,
 * IPv6-in-IPv6 per RFC 2473): packets from the home address leave inside an outer header care-of address → DAR;
 * packets for the home address arrive inside an outer header DAR → care-of address.
 *
 * @param home the home address (inner source of what leaves, inner destination of what arrives).
 * @param careOf the outer address on the node's side.
 * @param dar the outer address on the anchor's side.
 */
public record TunnelEnd(byte[] home, byte[] careOf, byte[] dar)
{
    /** IPv6 header length. */
    public static final int HEADER = 40;
    private static final int NEXT_HEADER_IPV6 = 41;

    /**
     * Encapsulates an IPv6 packet the node sends from its home address.
     *
     * @param inner the packet (its source must be the home address).
     * @param length its length.
     * @param hopLimit the outer hop limit.
     * @return the outer packet, or null when the inner source is not this tunnel's home address.
     */
    public byte[] encapsulate(final byte[] inner, final int length, final int hopLimit)
    {
        if (length < HEADER || !Arrays.equals(inner, 8, 24, home, 0, 16))
        {
            return null;
        }
        final byte[] out = new byte[HEADER + length];
        out[0] = 0x60;
        out[4] = (byte)(length >>> 8);
        out[5] = (byte)length;
        out[6] = NEXT_HEADER_IPV6;
        out[7] = (byte)hopLimit;
        System.arraycopy(careOf, 0, out, 8, 16);
        System.arraycopy(dar, 0, out, 24, 16);
        System.arraycopy(inner, 0, out, HEADER, length);
        return out;
    }

    /**
     * A decapsulated packet (as a raw socket for protocol 41 hands it: the inner packet, with the outer source) that
     * belongs to this tunnel: the outer source is its DAR and the inner destination its home address.
     *
     * @param outerSource the outer IPv6 source.
     * @param inner the inner packet.
     * @param length its length.
     * @return true when it is this tunnel's.
     */
    public boolean carries(final byte[] outerSource, final byte[] inner, final int length)
    {
        return length >= HEADER && (inner[0] & 0xF0) == 0x60 && Arrays.equals(outerSource, 0, 16, dar, 0, 16) &&
            Arrays.equals(inner, 24, 40, home, 0, 16);
    }

    /**
     * Decapsulates a packet that arrived at the care-of address.
     *
     * @param outer the outer packet.
     * @param length its length.
     * @return the inner packet, or null when it is not this tunnel's (outer addresses, next header, inner
     *         destination).
     */
    public byte[] decapsulate(final byte[] outer, final int length)
    {
        if (length < 2 * HEADER || (outer[6] & 0xFF) != NEXT_HEADER_IPV6 || !Arrays.equals(outer, 8, 24, dar, 0, 16) ||
            !Arrays.equals(outer, 24, 40, careOf, 0, 16) || !Arrays.equals(outer, HEADER + 24, HEADER + 40, home, 0, 16))
        {
            return null;
        }
        return Arrays.copyOfRange(outer, HEADER, length);
    }
}
