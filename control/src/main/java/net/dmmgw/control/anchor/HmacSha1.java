package net.dmmgw.control.anchor;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA1 (RFC 2104) over one reused {@link MessageDigest} with the key's pads kept, so that computing an
 * authenticator allocates nothing ({@code javax.crypto.Mac.doFinal} allocates per call). Re-keyable: the RFC 4285
 * MN-HA authenticator keeps one key, the Binding Authorization Data of a FAMA DAR takes each binding's Kbm.
 * Not thread-safe.
 */
public final class HmacSha1
{
    /** Digest length in octets. */
    public static final int LENGTH = 20;
    private static final int BLOCK = 64;

    private final MessageDigest sha1;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] hashedKey = new byte[LENGTH];
    private final byte[] digest = new byte[LENGTH];
    private final byte[] zeros = new byte[8];

    /** A digest without a key yet: call {@link #key} first. */
    public HmacSha1()
    {
        try
        {
            sha1 = MessageDigest.getInstance("SHA-1");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-1 unavailable: " + ex.getMessage(), ex);
        }
    }

    /** Sets the key (a key longer than 64 octets is hashed first, RFC 2104). */
    public HmacSha1 key(final byte[] key, final int offset, final int length)
    {
        byte[] k = key;
        int at = offset;
        int n = length;
        if (length > BLOCK)
        {
            sha1.reset();
            sha1.update(key, offset, length);
            digestInto(hashedKey);
            k = hashedKey;
            at = 0;
            n = LENGTH;
        }
        for (int i = 0; i < BLOCK; i++)
        {
            final int octet = i < n ? k[at + i] : 0;
            innerPad[i] = (byte)(octet ^ 0x36);
            outerPad[i] = (byte)(octet ^ 0x5c);
        }
        return this;
    }

    /** Starts a message. */
    public HmacSha1 begin()
    {
        sha1.reset();
        sha1.update(innerPad, 0, BLOCK);
        return this;
    }

    /** Adds octets. */
    public HmacSha1 update(final byte[] b, final int offset, final int length)
    {
        sha1.update(b, offset, length);
        return this;
    }

    /** Adds {@code count} (≤ 8) zero octets, e.g. a checksum taken as zero. */
    public HmacSha1 zeros(final int count)
    {
        sha1.update(zeros, 0, count);
        return this;
    }

    /**
     * Ends the message.
     *
     * @return the 20-octet MAC (this object's array, valid until the next call), or null if the digest failed.
     */
    public byte[] finish()
    {
        if (!digestInto(digest))
        {
            return null;
        }
        sha1.update(outerPad, 0, BLOCK);
        sha1.update(digest, 0, LENGTH);
        return digestInto(digest) ? digest : null;
    }

    /** SHA-1 of octets into {@code out} (20 octets), e.g. Kbm = SHA1(token); @return false if the digest failed. */
    public boolean sha1(final byte[] b, final int offset, final int length, final byte[] out)
    {
        sha1.reset();
        sha1.update(b, offset, length);
        return digestInto(out);
    }

    private boolean digestInto(final byte[] out)
    {
        try
        {
            sha1.digest(out, 0, LENGTH);
            return true;
        }
        catch (final DigestException ex)
        {
            sha1.reset();
            return false;
        }
    }
}
