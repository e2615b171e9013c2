package net.dmmgw.control.codec.cga;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

/**
 * The RFC 4866 Signature option value: RSASSA-PKCS1-v1_5 with SHA-1 (CGA-Sign, RFC 3972 §6) over
 * ERO tag ‖ care-of address ‖ correspondent address ‖ MH data, where MH data runs from the Payload Proto octet up to
 * (not including) the Signature option and is taken with the Checksum field set to zero. Header Len must already
 * hold its final value: reserve the Signature option with
 * {@link net.dmmgw.control.codec.MobilityHeaderEncoder#beginOption(int, int)}, finish the message, then sign.
 */
public final class CgaSignature
{
    /** CGA Message Type tag of MIPv6 Enhanced Route Optimization (RFC 4866). */
    public static final byte[] ERO_TAG = {
        0x5F, 0x27, 0x05, (byte)0x86, (byte)0x8D, 0x6C, 0x4C, 0x56,
        (byte)0xA2, 0x46, (byte)0x9E, (byte)0xBB, (byte)0x9B, 0x2A, 0x2E, 0x13 };

    private static final String ALGORITHM = "SHA1withRSA";

    private CgaSignature()
    {
    }

    /**
     * @param key the mobile node's RSA private key.
     * @param careOfAddress 16 octets.
     * @param correspondent 16 octets (the CN / DAR address).
     * @param mh octets of the MH.
     * @param mhOffset index of its Payload Proto octet.
     * @param signatureOptionOffset MH offset of the Signature option's Type octet.
     * @return the signature (modulus length; at most 255 octets fit one option, so RSA keys up to 2040 bits).
     * @throws GeneralSecurityException from the JDK provider.
     */
    public static byte[] sign(
        final PrivateKey key, final byte[] careOfAddress, final byte[] correspondent, final byte[] mh,
        final int mhOffset, final int signatureOptionOffset) throws GeneralSecurityException
    {
        final Signature signature = Signature.getInstance(ALGORITHM);
        signature.initSign(key);
        feed(signature, careOfAddress, correspondent, mh, mhOffset, signatureOptionOffset);
        return signature.sign();
    }

    /**
     * @param publicKeyDer DER SubjectPublicKeyInfo from the CGA Parameters.
     * @param careOfAddress 16 octets.
     * @param correspondent 16 octets.
     * @param mh octets of the MH.
     * @param mhOffset index of its Payload Proto octet.
     * @param signatureOptionOffset MH offset of the Signature option's Type octet.
     * @param value signature octets from the option.
     * @return true when the signature is valid; false for a bad signature or an unusable key.
     */
    public static boolean verify(
        final byte[] publicKeyDer, final byte[] careOfAddress, final byte[] correspondent, final byte[] mh,
        final int mhOffset, final int signatureOptionOffset, final byte[] value)
    {
        try
        {
            final PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKeyDer));
            final Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            feed(signature, careOfAddress, correspondent, mh, mhOffset, signatureOptionOffset);
            return signature.verify(value);
        }
        catch (final GeneralSecurityException | RuntimeException ex)
        {
            return false;
        }
    }

    private static void feed(
        final Signature signature, final byte[] careOfAddress, final byte[] correspondent, final byte[] mh,
        final int mhOffset, final int length) throws GeneralSecurityException
    {
        signature.update(ERO_TAG);
        signature.update(careOfAddress, 0, 16);
        signature.update(correspondent, 0, 16);
        signature.update(mh, mhOffset, 4);
        signature.update(new byte[2]); // Checksum taken as zero
        signature.update(mh, mhOffset + 6, length - 6);
    }
}
