package net.dmmgw.control.fama;

import net.dmmgw.control.anchor.HmacSha1;

/**
 * The Binding Authorization Data authenticator (RFC 6275 §5.2.6 / §6.2.7) keyed from a permanent home keygen token
 * (RFC 4866): Kbm = SHA1(PHKT) (no care-of keygen token, RFC 6275 §5.2.5), or SHA1(PHKT ‖ care-of keygen token)
 * after a care-of test; authenticator = First(96, HMAC_SHA1(Kbm, care-of address ‖ correspondent address ‖ MH)) where
 * the MH is taken with the Checksum zero and without the 12 authenticator octets. Allocates nothing (the DAR's
 * refresh path); {@link net.dmmgw.control.codec.cga.BindingAuthorization} is the JDK-{@code Mac} reference.
 */
public final class BindingAuthenticator
{
    /** Authenticator length (96 bits). */
    public static final int LENGTH = 12;
    /** Permanent home keygen token length (64 bits). */
    public static final int TOKEN_LENGTH = 8;

    private final HmacSha1 hmac = new HmacSha1();
    private final byte[] keyInput = new byte[2 * TOKEN_LENGTH];
    private final byte[] kbm = new byte[HmacSha1.LENGTH];
    private byte[] mac;

    /**
     * Kbm = SHA1(token).
     *
     * @return false if the digest failed.
     */
    public boolean keyFromToken(final byte[] token, final int offset)
    {
        return hmac.sha1(token, offset, TOKEN_LENGTH, kbm) && rekey();
    }

    /**
     * Kbm = SHA1(token ‖ care-of keygen token).
     *
     * @return false if the digest failed.
     */
    public boolean keyFromTokens(final byte[] token, final int offset, final long careOfKeygenToken)
    {
        System.arraycopy(token, offset, keyInput, 0, TOKEN_LENGTH);
        for (int i = 0; i < 8; i++)
        {
            keyInput[TOKEN_LENGTH + i] = (byte)(careOfKeygenToken >>> (56 - 8 * i));
        }
        return hmac.sha1(keyInput, 0, keyInput.length, kbm) && rekey();
    }

    private boolean rekey()
    {
        hmac.key(kbm, 0, kbm.length);
        return true;
    }

    /**
     * @param careOf the care-of address (16 octets).
     * @param correspondent the DAR's address (16 octets).
     * @param mh the message from its Payload Proto octet (Header Len final).
     * @param length MH length.
     * @param authenticatorOffset MH offset of the authenticator.
     * @return true when the authenticator there is the one of the current key (constant time).
     */
    public boolean verify(final byte[] careOf, final byte[] correspondent, final byte[] mh, final int length,
        final int authenticatorOffset)
    {
        if (!compute(careOf, correspondent, mh, length, authenticatorOffset))
        {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < LENGTH; i++)
        {
            diff |= mac[i] ^ mh[authenticatorOffset + i];
        }
        return diff == 0;
    }

    /**
     * Writes the authenticator of the current key into the message (recompute the checksum afterwards).
     *
     * @return false when it could not be computed.
     */
    public boolean sign(final byte[] careOf, final byte[] correspondent, final byte[] mh, final int length,
        final int authenticatorOffset)
    {
        if (!compute(careOf, correspondent, mh, length, authenticatorOffset))
        {
            return false;
        }
        System.arraycopy(mac, 0, mh, authenticatorOffset, LENGTH);
        return true;
    }

    private boolean compute(final byte[] careOf, final byte[] correspondent, final byte[] mh, final int length,
        final int at)
    {
        if (at < 6 || at + LENGTH > length)
        {
            return false;
        }
        mac = hmac.begin().update(careOf, 0, 16).update(correspondent, 0, 16).update(mh, 0, 4).zeros(2)
            .update(mh, 6, at - 6).update(mh, at + LENGTH, length - at - LENGTH).finish();
        return mac != null;
    }
}
