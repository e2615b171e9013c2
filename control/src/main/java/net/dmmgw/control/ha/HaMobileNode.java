package net.dmmgw.control.ha;

/**
 * A mobile node this home agent serves ({@code mn.NAME.*}): its home address, optionally its NAI (checked against
 * the MN-ID option when the BU carries one), its RFC 4285 MN-HA key and SPI, and whether it is allowed
 * ({@code enabled=false} answers 129, administratively prohibited).
 *
 * @param name the NAME of the keys.
 * @param homeAddress 16 octets, inside the home prefix.
 * @param nai NAI octets (UTF-8) or null.
 * @param key MN-HA key or null (then the BU needs no authentication option).
 * @param spi Mobility SPI the MN uses with that key.
 * @param enabled false: administratively prohibited.
 */
public record HaMobileNode(String name, byte[] homeAddress, byte[] nai, byte[] key, long spi, boolean enabled)
{
}
