package net.dmmgw.control.codec.cga;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.InetAddress;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 3972 generation and verification at Sec 0-2, and every verification failure. */
class CgaTest
{
    private static final byte[] PREFIX = { 0x20, 0x01, 0x0d, (byte)0xb8, 0x00, 0x01, 0x00, 0x02 };
    private static byte[] publicKey;

    @BeforeAll
    static void key() throws Exception
    {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024, new SecureRandom(new byte[]{ 1 }));
        publicKey = generator.generateKeyPair().getPublic().getEncoded();
    }

    private static void assertIsCgaOfPrefix(final Cga.Generated g, final int sec)
    {
        assertTrue(Arrays.equals(PREFIX, Arrays.copyOf(g.address(), 8)));
        assertEquals(sec, Cga.sec(g.address()));
        assertEquals(0, g.address()[8] & 0x03, "u and g bits cleared");
        final byte[] params = g.parameters().encode();
        assertEquals(CgaVerification.VALID, Cga.verify(g.address(), params, 0, params.length));
    }

    @Test
    void shouldGenerateAndVerifyAtSec0()
    {
        assertIsCgaOfPrefix(Cga.generate(PREFIX, publicKey, 0, new SecureRandom()), 0);
    }

    @Test
    void shouldGenerateAndVerifyAtSec1WithHash2Leading16ZeroBits()
    {
        final Cga.Generated g = Cga.generate(PREFIX, publicKey, 1, new SecureRandom());
        assertIsCgaOfPrefix(g, 1);
        final byte[] hash2 = Cga.sha1().digest(concat(g.parameters().modifier(), new byte[9], publicKey));
        assertEquals(0, hash2[0]);
        assertEquals(0, hash2[1]);
    }

    @Test
    void shouldApplyTheSec2RuleOfThirtyTwoZeroBits()
    {
        final byte[] hash = new byte[20];
        hash[4] = 1;
        assertTrue(Cga.leadingZeroBits(hash, 32));
        hash[3] = 1;
        assertFalse(Cga.leadingZeroBits(hash, 32));
        assertTrue(Cga.leadingZeroBits(hash, 16));
    }

    /** About 2^32 SHA-1 computations: run on demand with mvn ... -Ddmmgw.cga.sec2=true. */
    @Test
    @EnabledIfSystemProperty(named = "dmmgw.cga.sec2", matches = "true")
    void shouldGenerateAndVerifyAtSec2OnDemand()
    {
        assertIsCgaOfPrefix(Cga.generate(PREFIX, publicKey, 2, new SecureRandom()), 2);
    }

    @Test
    void shouldReportEachVerificationFailure() throws Exception
    {
        final Cga.Generated g = Cga.generate(PREFIX, publicKey, 1, new SecureRandom());
        final byte[] params = g.parameters().encode();

        final byte[] otherPrefix = g.address().clone();
        otherPrefix[7] ^= 1;
        assertEquals(CgaVerification.PREFIX_MISMATCH, Cga.verify(otherPrefix, params, 0, params.length));

        final byte[] otherIid = g.address().clone();
        otherIid[15] ^= 1;
        assertEquals(CgaVerification.HASH1_MISMATCH, Cga.verify(otherIid, params, 0, params.length));

        final byte[] ugSet = g.address().clone();
        ugSet[8] |= 0x03;
        assertEquals(CgaVerification.VALID, Cga.verify(ugSet, params, 0, params.length), "u/g bits are ignored");

        final byte[] sec3 = g.address().clone();
        sec3[8] = (byte)((sec3[8] & 0x1F) | (3 << 5));
        assertEquals(CgaVerification.HASH2_SEC_CHECK_FAILED, Cga.verify(sec3, params, 0, params.length));

        final byte[] badCount = params.clone();
        badCount[24] = 3;
        assertEquals(CgaVerification.BAD_COLLISION_COUNT, Cga.verify(g.address(), badCount, 0, badCount.length));

        final byte[] otherKey = params.clone();
        otherKey[params.length - 1] ^= 1;
        assertEquals(CgaVerification.HASH1_MISMATCH, Cga.verify(g.address(), otherKey, 0, otherKey.length));

        assertEquals(CgaVerification.MALFORMED_PARAMETERS, Cga.verify(g.address(), params, 0, 20));
        final byte[] badDer = params.clone();
        badDer[26] = (byte)0x84; // DER length of 4 octets: longer than the data
        assertEquals(CgaVerification.MALFORMED_PARAMETERS, Cga.verify(g.address(), badDer, 0, badDer.length));
        assertEquals(CgaVerification.PREFIX_MISMATCH,
            Cga.verify(InetAddress.getByName("2001:db8:9::1").getAddress(), params, 0, params.length));
    }

    @Test
    void shouldParseExtensionsAfterTheKey()
    {
        final byte[] extension = { 0x00, 0x01, 0x00, 0x02, 0x55, 0x66 };
        final Cga.Generated g = Cga.generate(PREFIX, publicKey, 0, new byte[16], 1, extension);
        final byte[] params = g.parameters().encode();
        final CgaParameters parsed = CgaParameters.parse(params, 0, params.length);
        assertTrue(Arrays.equals(publicKey, parsed.publicKey()));
        assertTrue(Arrays.equals(extension, parsed.extensions()));
        assertEquals(1, parsed.collisionCount());
        assertEquals(CgaVerification.VALID, Cga.verify(g.address(), params, 0, params.length));
    }

    static byte[] concat(final byte[]... parts)
    {
        int n = 0;
        for (final byte[] p : parts)
        {
            n += p.length;
        }
        final byte[] out = new byte[n];
        int at = 0;
        for (final byte[] p : parts)
        {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
