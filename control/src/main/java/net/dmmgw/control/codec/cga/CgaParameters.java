package net.dmmgw.control.codec.cga;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The CGA Parameters data structure (RFC 3972 §3): Modifier (16), Subnet Prefix (8), Collision Count (1), Public Key
 * (DER SubjectPublicKeyInfo), Extension Fields (optional). Immutable.
 */
public final class CgaParameters
{
    /** Octets before the public key. */
    public static final int FIXED_LENGTH = 25;

    private final byte[] modifier;
    private final byte[] subnetPrefix;
    private final int collisionCount;
    private final byte[] publicKey;
    private final byte[] extensions;

    /**
     * @param modifier 16 octets.
     * @param subnetPrefix 8 octets (the address's /64).
     * @param collisionCount 0-2.
     * @param publicKey DER-encoded SubjectPublicKeyInfo.
     * @param extensions extension fields (may be empty).
     */
    public CgaParameters(
        final byte[] modifier, final byte[] subnetPrefix, final int collisionCount, final byte[] publicKey,
        final byte[] extensions)
    {
        if (modifier.length != 16 || subnetPrefix.length != 8)
        {
            throw new IllegalArgumentException("modifier must be 16 octets and subnet prefix 8");
        }
        this.modifier = modifier.clone();
        this.subnetPrefix = subnetPrefix.clone();
        this.collisionCount = collisionCount;
        this.publicKey = publicKey.clone();
        this.extensions = extensions.clone();
    }

    /**
     * Parse a received structure (e.g. the concatenated data of consecutive CGA Parameters options).
     *
     * @param data octets.
     * @param offset first octet.
     * @param length structure length.
     * @return the parameters, or null when the structure is malformed (too short, or a public key whose DER
     * length does not fit).
     */
    public static CgaParameters parse(final byte[] data, final int offset, final int length)
    {
        if (length < FIXED_LENGTH + 2 || offset < 0 || offset + length > data.length)
        {
            return null;
        }
        final int keyStart = offset + FIXED_LENGTH;
        final int keyLength = derLength(data, keyStart, offset + length);
        if (keyLength < 0)
        {
            return null;
        }
        return new CgaParameters(
            Arrays.copyOfRange(data, offset, offset + 16),
            Arrays.copyOfRange(data, offset + 16, offset + 24),
            data[offset + 24] & 0xFF,
            Arrays.copyOfRange(data, keyStart, keyStart + keyLength),
            Arrays.copyOfRange(data, keyStart + keyLength, offset + length));
    }

    /** @return total length of a DER SEQUENCE starting at start (header included), or -1 if it does not fit. */
    private static int derLength(final byte[] d, final int start, final int end)
    {
        if (start + 2 > end || d[start] != 0x30)
        {
            return -1;
        }
        final int first = d[start + 1] & 0xFF;
        int header = 2;
        long contentLength = first;
        if (first >= 0x80)
        {
            final int n = first & 0x7F;
            if (n == 0 || n > 3 || start + 2 + n > end)
            {
                return -1;
            }
            contentLength = 0;
            for (int i = 0; i < n; i++)
            {
                contentLength = (contentLength << 8) | (d[start + 2 + i] & 0xFF);
            }
            header += n;
        }
        final long total = header + contentLength;
        return start + total <= end ? (int)total : -1;
    }

    /** @return the encoded structure. */
    public byte[] encode()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(FIXED_LENGTH + publicKey.length);
        out.writeBytes(modifier);
        out.writeBytes(subnetPrefix);
        out.write(collisionCount);
        out.writeBytes(publicKey);
        out.writeBytes(extensions);
        return out.toByteArray();
    }

    /** @return a copy of the Modifier. */
    public byte[] modifier()
    {
        return modifier.clone();
    }

    /** @return a copy of the Subnet Prefix. */
    public byte[] subnetPrefix()
    {
        return subnetPrefix.clone();
    }

    /** @return Collision Count. */
    public int collisionCount()
    {
        return collisionCount;
    }

    /** @return a copy of the DER public key. */
    public byte[] publicKey()
    {
        return publicKey.clone();
    }

    /** @return a copy of the extension fields. */
    public byte[] extensions()
    {
        return extensions.clone();
    }
}
