package net.dmmgw.control.fama.mn;

/**
 * Where the mobile-node agent's Binding Updates go: an IPv6 packet from the care-of address to the DAR with a Home
 * Address destination option (RFC 6275 §6.3), or from the home address without one (a node back at home).
 */
@FunctionalInterface
public interface MnTransport
{
    /**
     * @param source the IPv6 source (the care-of address, or the home address when at home).
     * @param home the Home Address option's address, or null for none.
     * @param dar the destination DAR.
     * @param mh the Mobility Header octets from index 0.
     * @param length its length.
     * @return true when sent.
     */
    boolean send(byte[] source, byte[] home, byte[] dar, byte[] mh, int length);
}
