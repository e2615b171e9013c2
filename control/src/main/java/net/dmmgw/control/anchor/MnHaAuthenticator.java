package net.dmmgw.control.anchor;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

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

    private final Mac mac;
    private final long spi;
    private final byte[] digest = new byte[20];
    private final byte[] zero = new byte[2];

    /**
     * @param key the shared MN-HA key.
     * @param spi the Mobility SPI the sender must name.
     */
    public MnHaAuthenticator(final byte[] key, final long spi)
    {
        try
        {
            mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HMAC-SHA1 unavailable: " + ex.getMessage(), ex);
        }
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
        final int end = pbu.authOffset() + 2 + 1 + 4;
        mac.update(careOf, 0, 16);
        mac.update(home, 0, 16);
        mac.update(b, 0, 4);
        mac.update(zero, 0, 2);
        mac.update(b, 6, end - 6);
        try
        {
            mac.doFinal(digest, 0);
        }
        catch (final ShortBufferException ex)
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
}
