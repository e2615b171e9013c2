package net.dmmgw.control.anchor;

/**
 * RFC 4285 MN-HA authentication of a BU with one key: Authenticator = First(96, HMAC-SHA1(key, care-of address ‖
 * home address ‖ MH data)), MH data = the Mobility Header up to and including the option's Mobility SPI, with the
 * Checksum taken as zero. The HA passes the MN's care-of and home addresses. The LMA passes the Proxy-CoA and its
 * own address: a PBU has no home address, so the LMA address (the PBU's destination) stands in for it (an
 * adaptation: check it against a peer implementation before relying on interop).
 */
public final class MnHaAuthenticator
{
    /** Authenticator length (96 bits). */
    public static final int LENGTH = 12;
    private static final int MN_HA = 1;

    private final HmacSha1 hmac = new HmacSha1();
    private final long spi;
    private byte[] digest;

    /**
     * @param key the shared MN-HA key.
     * @param spi the Mobility SPI the sender must name.
     */
    public MnHaAuthenticator(final byte[] key, final long spi)
    {
        hmac.key(key, 0, key.length);
        this.spi = spi;
    }

    /** @return true when the PBU carries an MN-HA option with this key's SPI and a correct authenticator. */
    public boolean verify(final BindingUpdateMessage pbu)
    {
        return verify(pbu, pbu.source(), pbu.destination());
    }

    /**
     * @param careOf the first address of the authenticated data (16 octets).
     * @param home the second address (16 octets).
     * @return true when the BU carries an MN-HA option with this key's SPI and a correct authenticator.
     */
    public boolean verify(final BindingUpdateMessage pbu, final byte[] careOf, final byte[] home)
    {
        if (pbu.authOffset() < 0 || pbu.authSubtype() != MN_HA || pbu.authSpi() != spi ||
            pbu.authDataLength() != LENGTH)
        {
            return false;
        }
        final byte[] b = pbu.bytes();
        if (!hmac(careOf, home, b, pbu.authOffset() + 2 + 1 + 4))
        {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < LENGTH; i++)
        {
            diff |= digest[i] ^ b[pbu.authDataOffset() + i];
        }
        return diff == 0;
    }

    /** @return the Mobility SPI of this key. */
    public long spi()
    {
        return spi;
    }

    /**
     * Fills the authenticator of an outgoing message (a BA) whose last option is an MN-HA option with this key's SPI
     * and {@link #LENGTH} octets of data: HMAC over {@code careOf} ‖ {@code home} ‖ the message up to the SPI with
     * the checksum taken as zero. Recompute the checksum afterwards.
     *
     * @param message the MH octets (from the Payload Proto octet).
     * @param authDataOffset where the authenticator goes (the octet after the SPI).
     * @return false if the digest failed (the authenticator is then left as it was).
     */
    public boolean sign(final byte[] careOf, final byte[] home, final byte[] message, final int authDataOffset)
    {
        if (!hmac(careOf, home, message, authDataOffset))
        {
            return false;
        }
        System.arraycopy(digest, 0, message, authDataOffset, LENGTH);
        return true;
    }

    /** HMAC-SHA1(key, careOf ‖ home ‖ message[0, end) with octets 4–5 as zero) into {@link #digest}. */
    private boolean hmac(final byte[] careOf, final byte[] home, final byte[] b, final int end)
    {
        digest = hmac.begin().update(careOf, 0, 16).update(home, 0, 16).update(b, 0, 4).zeros(2)
            .update(b, 6, end - 6).finish();
        return digest != null;
    }
}
