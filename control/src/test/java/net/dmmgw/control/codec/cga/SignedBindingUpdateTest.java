package net.dmmgw.control.codec.cga;

import net.dmmgw.control.cli.Hex;
import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.control.codec.MobilityHeaderValidator;
import net.dmmgw.control.codec.MobilityOption;
import net.dmmgw.control.codec.MobilityOptionIterator;
import net.dmmgw.control.codec.OptionType;
import net.dmmgw.control.codec.ValidationResult;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A FAMA-style first BU: CGA HoA, CGA Parameters split over two options, RFC 4866 Signature and Binding
 * Authorization Data; the receiver side reassembles, verifies the CGA, the signature and the authenticator, and
 * any tampering is detected. Also the BAD authenticator against an independent (python hmac) vector.
 */
class SignedBindingUpdateTest
{
    private static final byte[] HOME_TOKEN = { 1, 2, 3, 4, 5, 6, 7, 8 };
    private static final byte[] CARE_OF_TOKEN = { 9, 10, 11, 12, 13, 14, 15, 16 };

    private static byte[] v6(final String s) throws Exception
    {
        return InetAddress.getByName(s).getAddress();
    }

    @Test
    void shouldMatchAnIndependentHmacVector() throws Exception
    {
        final byte[] coa = v6("2001:db8:3::3");
        final byte[] cn = v6("2001:db8:2::1");
        final byte[] out = new byte[64];
        final MobilityHeaderEncoder enc = new MobilityHeaderEncoder().wrap(new UnsafeBuffer(out), 0, out.length);
        enc.begin(MhType.BINDING_UPDATE).bindingUpdate().sequence(9).flags(BindingUpdate.FLAG_A).lifetime(60);
        enc.nonceIndices(0x1111, 0x2222);
        final int at = enc.reserveBindingAuthorizationData();
        assertEquals(20, at);
        final int length = enc.finish();
        assertEquals(32, length);
        final byte[] kbm = BindingAuthorization.kbm(HOME_TOKEN, CARE_OF_TOKEN);
        assertEquals("2cc429832452134629f1f6d296ec8aefb4e4d8a9", Hex.encode(kbm));
        assertEquals("dd5783bcf1e9002bc00ad5b83a95ed6e4ebb4ad5", Hex.encode(BindingAuthorization.kbm(HOME_TOKEN)));
        // python3: hmac.new(kbm, coa + cn + mh_without_authenticator, sha1).hexdigest()[:24]
        assertEquals("508c680acae2e2d554df2809",
            Hex.encode(BindingAuthorization.authenticator(kbm, coa, cn, out, 0, length, at)));
    }

    @Test
    void shouldSignAndVerifyACgaBindingUpdate() throws Exception
    {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2040, new SecureRandom(new byte[]{ 7 })); // largest key whose signature fits one option
        final KeyPair mnKey = generator.generateKeyPair();
        final byte[] prefix = Arrays.copyOf(v6("2001:db8:100:1::"), 8);
        final Cga.Generated hoa = Cga.generate(prefix, mnKey.getPublic().getEncoded(), 1, new SecureRandom());
        final byte[] params = hoa.parameters().encode();
        assertTrue(params.length > 255, "parameters must be split: " + params.length);
        final byte[] coa = v6("2001:db8:3::3");
        final byte[] dar = v6("2001:db8:2::1");

        final byte[] mh = new byte[1024];
        final MobilityHeaderEncoder enc = new MobilityHeaderEncoder().wrap(new UnsafeBuffer(mh), 0, mh.length);
        enc.begin(MhType.BINDING_UPDATE).bindingUpdate().sequence(1).flags(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H)
            .lifetime(60);
        enc.cgaParameters(params, 0, params.length);
        final int signatureData = enc.beginOption(OptionType.SIGNATURE, 255);
        final int authenticator = enc.reserveBindingAuthorizationData();
        final int length = enc.finish();
        assertTrue(length > 0);
        final byte[] signature = CgaSignature.sign(mnKey.getPrivate(), coa, dar, mh, 0, signatureData - 2);
        assertEquals(255, signature.length);
        System.arraycopy(signature, 0, mh, signatureData, 255);
        final byte[] kbm = BindingAuthorization.kbm(HOME_TOKEN, CARE_OF_TOKEN);
        System.arraycopy(BindingAuthorization.authenticator(kbm, coa, dar, mh, 0, length, authenticator), 0,
            mh, authenticator, 12);
        enc.applyChecksum(coa, dar);

        assertTrue(receive(mh, length, hoa.address(), coa, dar, kbm));

        final byte[] tampered = mh.clone();
        tampered[BindingUpdate.LIFETIME_OFFSET + 1] ^= 1;
        assertFalse(receive(tampered, length, hoa.address(), coa, dar, kbm));
        assertFalse(BindingAuthorization.verify(kbm, coa, dar, tampered, 0, length, authenticator));
        assertFalse(CgaSignature.verify(hoa.parameters().publicKey(), coa, dar, tampered, 0, signatureData - 2,
            signature));
        assertFalse(CgaSignature.verify(hoa.parameters().publicKey(), coa, v6("2001:db8:2::2"), mh, 0,
            signatureData - 2, signature), "the correspondent address is covered");
    }

    /** The DAR side: validate, reassemble CGA Parameters, verify CGA against the HoA, signature, authenticator. */
    private static boolean receive(final byte[] mh, final int length, final byte[] hoa, final byte[] coa,
        final byte[] dar, final byte[] kbm)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(mh, 0, length);
        final ValidationResult result = new ValidationResult();
        if (!new MobilityHeaderValidator().validateWithoutChecksum(buffer, 0, length, result))
        {
            return false;
        }
        final MobilityOptionIterator it = new MobilityHeaderDecoder().wrap(buffer, 0, length)
            .options(new MobilityOptionIterator());
        final ByteArrayOutputStream params = new ByteArrayOutputStream();
        byte[] signature = null;
        int signatureOffset = -1;
        int authenticatorOffset = -1;
        while (it.next())
        {
            final MobilityOption o = it.option();
            switch (o.type())
            {
                case OptionType.CGA_PARAMETERS ->
                    params.writeBytes(o.copy(o.dataOffset(), new byte[o.length()], 0, o.length()));
                case OptionType.SIGNATURE ->
                {
                    signature = o.copy(o.dataOffset(), new byte[o.length()], 0, o.length());
                    signatureOffset = o.offset();
                }
                case OptionType.BINDING_AUTHORIZATION_DATA -> authenticatorOffset = o.dataOffset();
                default ->
                {
                }
            }
        }
        final byte[] p = params.toByteArray();
        assertEquals(2, (p.length + 254) / 255);
        if (Cga.verify(hoa, p, 0, p.length) != CgaVerification.VALID)
        {
            return false;
        }
        final CgaParameters parsed = CgaParameters.parse(p, 0, p.length);
        assertArrayEquals(p, parsed.encode());
        return CgaSignature.verify(parsed.publicKey(), coa, dar, mh, 0, signatureOffset, signature) &&
            BindingAuthorization.verify(kbm, coa, dar, mh, 0, length, authenticatorOffset);
    }

    @Test
    void shouldCarryThePermanentHomeKeygenTokenEncrypted() throws Exception
    {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        final KeyPair mnKey = generator.generateKeyPair();
        final byte[] phkt = { 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, (byte)0x80 };
        final byte[] encrypted = BindingAuthorization.encryptPermanentToken(mnKey.getPublic(), phkt);
        assertEquals(128, encrypted.length, "PHKT option data is the modulus size");
        assertArrayEquals(phkt, BindingAuthorization.decryptPermanentToken(mnKey.getPrivate(), encrypted));
        // Later BUs are authorized with Kbm = SHA1(PHKT | care-of keygen token) alone (RFC 4866).
        assertFalse(Arrays.equals(BindingAuthorization.kbm(phkt, CARE_OF_TOKEN), BindingAuthorization.kbm(phkt)));
    }
}
