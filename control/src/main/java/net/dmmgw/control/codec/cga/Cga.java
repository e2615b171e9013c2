package net.dmmgw.control.codec.cga;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * CGA generation and verification (RFC 3972 §4 and §5), SHA-1 throughout. Generation cost grows as 2^(16 × Sec):
 * Sec 0 is immediate, Sec 1 needs about 65 000 hashes, Sec 2 about 4 × 10^9 (tens of minutes on one core).
 */
public final class Cga
{
    /** Largest Sec value (3 bits). */
    public static final int MAX_SEC = 7;

    /** A generated address and the parameters that prove it. */
    public record Generated(byte[] address, CgaParameters parameters)
    {
    }

    private Cga()
    {
    }

    static MessageDigest sha1()
    {
        try
        {
            return MessageDigest.getInstance("SHA-1");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-1 missing from the JDK", ex);
        }
    }

    /**
     * Generate a CGA with a random starting modifier.
     *
     * @param subnetPrefix 8-octet /64 prefix.
     * @param publicKeyDer DER SubjectPublicKeyInfo.
     * @param sec 0-7.
     * @param random source of the initial modifier.
     * @return address and parameters (collision count 0; DAD is the caller's business).
     */
    public static Generated generate(
        final byte[] subnetPrefix, final byte[] publicKeyDer, final int sec, final SecureRandom random)
    {
        final byte[] modifier = new byte[16];
        random.nextBytes(modifier);
        return generate(subnetPrefix, publicKeyDer, sec, modifier, 0, new byte[0]);
    }

    /**
     * Generate a CGA from a given starting modifier (deterministic, for tests and for re-running after DAD).
     *
     * @param subnetPrefix 8-octet prefix.
     * @param publicKeyDer DER SubjectPublicKeyInfo.
     * @param sec 0-7.
     * @param startModifier 16-octet modifier to start the Hash2 search from.
     * @param collisionCount 0-2.
     * @param extensions extension fields (may be empty).
     * @return address and parameters.
     */
    public static Generated generate(
        final byte[] subnetPrefix, final byte[] publicKeyDer, final int sec, final byte[] startModifier,
        final int collisionCount, final byte[] extensions)
    {
        if (sec < 0 || sec > MAX_SEC)
        {
            throw new IllegalArgumentException("Sec must be 0-7: " + sec);
        }
        if (collisionCount < 0 || collisionCount > 2)
        {
            throw new IllegalArgumentException("collision count must be 0-2: " + collisionCount);
        }
        final byte[] modifier = startModifier.clone();
        final MessageDigest sha1 = sha1();
        final byte[] zeros = new byte[9];
        while (true)
        {
            sha1.update(modifier);
            sha1.update(zeros);
            sha1.update(publicKeyDer);
            sha1.update(extensions);
            if (leadingZeroBits(sha1.digest(), 16 * sec))
            {
                break;
            }
            increment(modifier);
        }
        final CgaParameters parameters =
            new CgaParameters(modifier, subnetPrefix, collisionCount, publicKeyDer, extensions);
        final byte[] hash1 = sha1.digest(parameters.encode());
        final byte[] address = new byte[16];
        System.arraycopy(subnetPrefix, 0, address, 0, 8);
        System.arraycopy(hash1, 0, address, 8, 8);
        address[8] = (byte)((address[8] & 0x1C) | (sec << 5)); // Sec in the top 3 bits, u and g cleared
        return new Generated(address, parameters);
    }

    /**
     * Verify an address against a received parameter structure.
     *
     * @param address 16-octet address (e.g. the HoA).
     * @param parameters octets of the CGA Parameters structure.
     * @param offset first octet.
     * @param length structure length.
     * @return VALID or the first check that failed.
     */
    public static CgaVerification verify(
        final byte[] address, final byte[] parameters, final int offset, final int length)
    {
        final CgaParameters p = CgaParameters.parse(parameters, offset, length);
        if (p == null)
        {
            return CgaVerification.MALFORMED_PARAMETERS;
        }
        if (p.collisionCount() > 2)
        {
            return CgaVerification.BAD_COLLISION_COUNT;
        }
        if (!Arrays.equals(p.subnetPrefix(), Arrays.copyOf(address, 8)))
        {
            return CgaVerification.PREFIX_MISMATCH;
        }
        final MessageDigest sha1 = sha1();
        sha1.update(parameters, offset, length);
        final byte[] hash1 = sha1.digest();
        if (((hash1[0] ^ address[8]) & 0x1C) != 0)
        {
            return CgaVerification.HASH1_MISMATCH;
        }
        for (int i = 1; i < 8; i++)
        {
            if (hash1[i] != address[8 + i])
            {
                return CgaVerification.HASH1_MISMATCH;
            }
        }
        final int sec = (address[8] & 0xFF) >>> 5;
        sha1.update(p.modifier());
        sha1.update(new byte[9]);
        sha1.update(p.publicKey());
        sha1.update(p.extensions());
        return leadingZeroBits(sha1.digest(), 16 * sec) ? CgaVerification.VALID :
            CgaVerification.HASH2_SEC_CHECK_FAILED;
    }

    /**
     * @param hash digest.
     * @param bits how many leading bits must be zero (a multiple of 8 here: 16 × Sec).
     * @return true when they are.
     */
    static boolean leadingZeroBits(final byte[] hash, final int bits)
    {
        for (int i = 0; i < bits / 8; i++)
        {
            if (hash[i] != 0)
            {
                return false;
            }
        }
        return true;
    }

    private static void increment(final byte[] modifier)
    {
        for (int i = modifier.length - 1; i >= 0; i--)
        {
            if (++modifier[i] != 0)
            {
                return;
            }
        }
    }

    /**
     * @param address 16-octet address.
     * @return the Sec value encoded in its interface identifier.
     */
    public static int sec(final byte[] address)
    {
        return (address[8] & 0xFF) >>> 5;
    }
}
