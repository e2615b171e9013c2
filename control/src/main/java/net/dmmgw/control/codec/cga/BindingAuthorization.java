package net.dmmgw.control.codec.cga;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * Binding Authorization Data (RFC 6275 §5.2.6, §6.2.7): the authenticator is the first 96 bits of
 * HMAC_SHA1(Kbm, care-of address ‖ correspondent address ‖ MH data), where MH data is the whole Mobility Header with
 * the Checksum set to zero and without the 12 authenticator octets. Kbm comes from keygen tokens: the home one
 * (RFC 6275) or the Permanent Home Keygen Token (RFC 4866), which travels encrypted with the MN's RSA key.
 */
public final class BindingAuthorization
{
    /** Authenticator length in octets (96 bits). */
    public static final int AUTHENTICATOR_LENGTH = 12;

    private BindingAuthorization()
    {
    }

    /**
     * Kbm = SHA1(home or permanent home keygen token ‖ care-of keygen token) (RFC 6275 §5.2.5, RFC 4866 §4).
     *
     * @param homeToken 8-octet (permanent) home keygen token.
     * @param careOfToken 8-octet care-of keygen token.
     * @return 20-octet Kbm.
     */
    public static byte[] kbm(final byte[] homeToken, final byte[] careOfToken)
    {
        final MessageDigest sha1 = Cga.sha1();
        sha1.update(homeToken);
        sha1.update(careOfToken);
        return sha1.digest();
    }

    /**
     * Kbm = SHA1(home keygen token) for a de-registration, or when no care-of test was run (RFC 6275 §5.2.5).
     *
     * @param homeToken 8-octet (permanent) home keygen token.
     * @return 20-octet Kbm.
     */
    public static byte[] kbm(final byte[] homeToken)
    {
        return Cga.sha1().digest(homeToken);
    }

    /**
     * @param kbm binding management key.
     * @param careOfAddress 16 octets.
     * @param correspondent 16 octets.
     * @param mh octets of a finished MH (Header Len final).
     * @param mhOffset index of its Payload Proto octet.
     * @param mhLength MH length.
     * @param authenticatorOffset MH offset of the authenticator (the BAD option's data).
     * @return the 12-octet authenticator.
     */
    public static byte[] authenticator(
        final byte[] kbm, final byte[] careOfAddress, final byte[] correspondent, final byte[] mh,
        final int mhOffset, final int mhLength, final int authenticatorOffset)
    {
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(kbm, "HmacSHA1"));
            mac.update(careOfAddress, 0, 16);
            mac.update(correspondent, 0, 16);
            mac.update(mh, mhOffset, 4);
            mac.update(new byte[2]);
            mac.update(mh, mhOffset + 6, authenticatorOffset - 6);
            final int after = authenticatorOffset + AUTHENTICATOR_LENGTH;
            mac.update(mh, mhOffset + after, mhLength - after);
            final byte[] full = mac.doFinal();
            final byte[] out = new byte[AUTHENTICATOR_LENGTH];
            System.arraycopy(full, 0, out, 0, AUTHENTICATOR_LENGTH);
            return out;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HmacSHA1 missing from the JDK", ex);
        }
    }

    /**
     * Constant-time check of a received authenticator.
     *
     * @param kbm binding management key.
     * @param careOfAddress 16 octets.
     * @param correspondent 16 octets.
     * @param mh octets of the MH.
     * @param mhOffset index of its Payload Proto octet.
     * @param mhLength MH length.
     * @param authenticatorOffset MH offset of the authenticator.
     * @return true when it matches.
     */
    public static boolean verify(
        final byte[] kbm, final byte[] careOfAddress, final byte[] correspondent, final byte[] mh,
        final int mhOffset, final int mhLength, final int authenticatorOffset)
    {
        if (authenticatorOffset < 6 || authenticatorOffset + AUTHENTICATOR_LENGTH > mhLength)
        {
            return false;
        }
        final byte[] expected =
            authenticator(kbm, careOfAddress, correspondent, mh, mhOffset, mhLength, authenticatorOffset);
        final byte[] received = new byte[AUTHENTICATOR_LENGTH];
        System.arraycopy(mh, mhOffset + authenticatorOffset, received, 0, AUTHENTICATOR_LENGTH);
        return MessageDigest.isEqual(expected, received);
    }

    /**
     * Encrypt a Permanent Home Keygen Token for the PHKT option (RSAES-PKCS1-v1_5 with the MN's key).
     *
     * @param mnPublicKey MN's RSA public key (from its CGA Parameters).
     * @param phkt the 8-octet token.
     * @return ciphertext (modulus length).
     * @throws GeneralSecurityException from the JDK provider.
     */
    public static byte[] encryptPermanentToken(final PublicKey mnPublicKey, final byte[] phkt)
        throws GeneralSecurityException
    {
        final Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        cipher.init(Cipher.ENCRYPT_MODE, mnPublicKey);
        return cipher.doFinal(phkt);
    }

    /**
     * @param mnPrivateKey MN's RSA private key.
     * @param encrypted PHKT option data.
     * @return the token.
     * @throws GeneralSecurityException when decryption fails.
     */
    public static byte[] decryptPermanentToken(final PrivateKey mnPrivateKey, final byte[] encrypted)
        throws GeneralSecurityException
    {
        final Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        cipher.init(Cipher.DECRYPT_MODE, mnPrivateKey);
        return cipher.doFinal(encrypted);
    }
}
