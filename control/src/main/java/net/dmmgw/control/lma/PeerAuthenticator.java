package net.dmmgw.control.lma;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 4285 MN-HA authentication of a PBU with a per-peer key: Authenticator = First(96, HMAC-SHA1(key,
 * Proxy-CoA ‖ LMA address ‖ MH data)), MH data = the Mobility Header up to and including the option's Mobility SPI,
 * with the Checksum taken as zero. RFC 4285 writes "care-of address ‖ home address"; PMIPv6 has no home address in
 * the PBU, so the LMA address (the PBU's destination) stands in for it (an adaptation: check it against a peer
 * implementation before relying on interop).
 */
final class PeerAuthenticator
{
    /** Authenticator length (96 bits). */
    static final int LENGTH = 12;
    private static final int MN_HA = 1;

    private final Mac mac;
    private final long spi;
    private final byte[] digest = new byte[20];
    private final byte[] zero = new byte[2];

    PeerAuthenticator(final byte[] key, final long spi)
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

    /** @return true when the PBU carries an MN-HA option with this peer's SPI and a correct authenticator. */
    boolean verify(final ProxyBindingUpdate pbu)
    {
        if (pbu.authOffset() < 0 || pbu.authSubtype() != MN_HA || pbu.authSpi() != spi ||
            pbu.authDataLength() != LENGTH)
        {
            return false;
        }
        final byte[] b = pbu.bytes();
        final int end = pbu.authOffset() + 2 + 1 + 4;
        mac.update(pbu.source(), 0, 16);
        mac.update(pbu.destination(), 0, 16);
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
