package net.dmmgw.control.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Encode then decode every message type and every option; the values that come out are the values put in. */
class RoundTripTest
{
    private final MobilityHeaderValidator validator = new MobilityHeaderValidator();
    private final ValidationResult result = new ValidationResult();
    private final MobilityOptionIterator it = new MobilityOptionIterator();

    private MobilityHeaderDecoder decode(final DmmConfig config, final byte[] mh, final byte[] src, final byte[] dst)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(mh);
        assertTrue(new MobilityHeaderValidator(config).validate(buffer, 0, mh.length, src, dst, result),
            result.toString());
        return new MobilityHeaderDecoder(config).wrap(buffer, 0, mh.length);
    }

    /** Options in order, padding left out; each entry is a copy of the option's octets. */
    private List<MobilityOption> options(final MobilityHeaderDecoder mh)
    {
        final List<MobilityOption> list = new ArrayList<>();
        final MobilityOptionIterator iter = mh.options(new MobilityOptionIterator());
        while (iter.next())
        {
            final MobilityOption o = iter.option();
            assertAligned(o);
            if (!o.isPadding())
            {
                final MobilityOption copy = new MobilityOption();
                copy.set(mh.buffer(), mh.offset(), o.offset(), o.wireType(), o.type(), o.length(), mh.config());
                list.add(copy);
            }
        }
        assertEquals(ValidationError.NONE, iter.error());
        return list;
    }

    private static void assertAligned(final MobilityOption o)
    {
        final int x = OptionType.alignX(o.type());
        if (x > 0)
        {
            assertEquals(OptionType.alignY(o.type()), o.offset() % x,
                OptionType.name(o.type()) + " at " + o.offset() + " breaks " + x + "n+" + OptionType.alignY(o.type()));
        }
    }

    private static byte[] bytes(final MobilityOption o, final int mhOffset, final int n)
    {
        return o.copy(mhOffset, new byte[n], 0, n);
    }

    @Test
    void shouldRoundTripFullPbu()
    {
        final byte[] mh = SampleMessages.fullPbu();
        assertEquals(0, mh.length % 8);
        final MobilityHeaderDecoder d = decode(DmmConfig.iana(), mh, SampleMessages.MAG, SampleMessages.LMA);
        assertEquals(mh.length / 8 - 1, d.headerLen());
        final BindingUpdate bu = d.bindingUpdate();
        assertEquals(7, bu.sequence());
        assertEquals(0xc200, bu.flags());
        assertEquals(900, bu.lifetime());
        final List<MobilityOption> o = options(d);
        assertEquals(12, o.size());
        assertEquals(OptionType.HOME_NETWORK_PREFIX, o.get(0).type());
        assertEquals(64, o.get(0).prefixLength());
        assertArrayEquals(SampleMessages.HNP1, bytes(o.get(0), o.get(0).prefixOffset(), 16));
        assertArrayEquals(SampleMessages.HNP2, bytes(o.get(1), o.get(1).prefixOffset(), 16));
        assertEquals(1, o.get(2).identifierSubtype());
        assertArrayEquals(SampleMessages.NAI, bytes(o.get(2), o.get(2).identifierOffset(), o.get(2).identifierLength()));
        assertEquals(1, o.get(3).indicator());
        assertEquals(4, o.get(4).indicator());
        assertArrayEquals(SampleMessages.MAC, bytes(o.get(5), o.get(5).linkLayerOffset(), o.get(5).linkLayerLength()));
        assertArrayEquals(SampleMessages.LINK_LOCAL, bytes(o.get(6), o.get(6).addressOffset(), 16));
        assertEquals(SampleMessages.TS_SECONDS, o.get(7).timestampSeconds());
        assertEquals(SampleMessages.TS_FRACTION, o.get(7).timestampFraction());
        assertEquals(0x01020304L, o.get(8).greKey());
        assertEquals(OptionType.IPV4_HOA_REQUEST, o.get(9).type());
        assertEquals(24, o.get(9).ipv4PrefixLength());
        assertEquals(0, o.get(9).ipv4Address());
        assertArrayEquals(SampleMessages.ALT_COA, bytes(o.get(10), o.get(10).addressOffset(), 16));
        assertEquals(OptionType.LMA_USER_PLANE_ADDRESS, o.get(11).type());
        assertEquals(0, o.get(11).addressLength());
    }

    @Test
    void shouldRoundTripFullPba()
    {
        final byte[] mh = SampleMessages.fullPba();
        final MobilityHeaderDecoder d = decode(DmmConfig.iana(), mh, SampleMessages.LMA, SampleMessages.MAG);
        final BindingAck ba = d.bindingAck();
        assertEquals(0, ba.status());
        assertEquals(BindingAck.FLAG_P, ba.flags());
        assertEquals(7, ba.sequence());
        assertEquals(900, ba.lifetime());
        final List<MobilityOption> o = options(d);
        assertEquals(14, o.size());
        assertEquals(OptionType.IPV4_HOA_REPLY, o.get(9).type());
        assertEquals(0, o.get(9).ipv4Status());
        assertEquals(24, o.get(9).ipv4PrefixLength());
        assertEquals(Addr.v4("10.0.0.5"), o.get(9).ipv4Address());
        assertEquals(Addr.v4("10.0.0.1"), o.get(10).ipv4Address());
        assertTrue(o.get(11).dhcpServer());
        assertEquals(16, o.get(12).addressLength());
        assertArrayEquals(Addr.v6("2001:db8:2::99"), bytes(o.get(12), o.get(12).addressOffset(), 16));
        assertEquals(OptionType.BINDING_REFRESH_ADVICE, o.get(13).type());
        assertEquals(100, o.get(13).refreshInterval());
    }

    @Test
    void shouldRoundTripMipv6BuWithCgaSplitAndBadLast()
    {
        final byte[] mh = SampleMessages.mipv6Bu();
        final MobilityHeaderDecoder d = decode(DmmConfig.iana(), mh, SampleMessages.ALT_COA, SampleMessages.LMA);
        assertEquals(BindingUpdate.FLAG_A | BindingUpdate.FLAG_K, d.bindingUpdate().flags());
        final List<MobilityOption> o = options(d);
        assertEquals(0x1111, o.get(0).homeNonceIndex());
        assertEquals(0x2222, o.get(0).careOfNonceIndex());
        assertEquals(OptionType.CGA_PARAMETERS_REQUEST, o.get(1).type());
        assertEquals(0, o.get(1).length());
        // 300 octets of CGA Parameters: one full option of 255 and one of 45, back to back.
        assertEquals(OptionType.CGA_PARAMETERS, o.get(2).type());
        assertEquals(255, o.get(2).length());
        assertEquals(OptionType.CGA_PARAMETERS, o.get(3).type());
        assertEquals(45, o.get(3).length());
        assertEquals(o.get(2).offset() + 257, o.get(3).offset());
        final byte[] joined = new byte[300];
        o.get(2).copy(o.get(2).dataOffset(), joined, 0, 255);
        o.get(3).copy(o.get(3).dataOffset(), joined, 255, 45);
        assertArrayEquals(SampleMessages.CGA_PARAMS, joined);
        assertArrayEquals(SampleMessages.SIG, bytes(o.get(4), o.get(4).dataOffset(), 128));
        assertEquals(OptionType.CARE_OF_TEST_INIT, o.get(5).type());
        assertEquals(1, o.get(6).authenticationSubtype());
        assertEquals(0x1000L, o.get(6).spi());
        assertArrayEquals(SampleMessages.AUTH, bytes(o.get(6), o.get(6).authenticationDataOffset(), 16));
        assertEquals(0x0102030405060708L, o.get(7).value64());
        assertEquals(32473L, o.get(8).vendorId());
        assertEquals(7, o.get(8).vendorSubtype());
        assertArrayEquals(SampleMessages.VENDOR_DATA, bytes(o.get(8), o.get(8).vendorDataOffset(), 2));
        assertEquals(OptionType.MOBILE_NETWORK_PREFIX, o.get(9).type());
        assertEquals(48, o.get(9).prefixLength());
        assertArrayEquals(SampleMessages.MNP, bytes(o.get(9), o.get(9).prefixOffset(), 16));
        assertEquals(42, o.get(10).restartCounter());
        final MobilityOption bad = o.get(11);
        assertEquals(OptionType.BINDING_AUTHORIZATION_DATA, bad.type());
        assertEquals(mh.length, bad.offset() + bad.size(), "BAD is the last octets of the message");
        assertArrayEquals(Arrays.copyOf(SampleMessages.AUTH, 12), bytes(bad, bad.dataOffset(), 12));
    }

    @Test
    void shouldRoundTripMipv6Ba()
    {
        final byte[] mh = SampleMessages.mipv6Ba();
        final MobilityHeaderDecoder d = decode(DmmConfig.iana(), mh, SampleMessages.LMA, SampleMessages.ALT_COA);
        final List<MobilityOption> o = options(d);
        assertArrayEquals(SampleMessages.PHKT, bytes(o.get(0), o.get(0).dataOffset(), 128));
        assertEquals(0x0a0b0c0d0e0f1011L, o.get(1).value64());
        assertEquals(10, o.get(2).refreshInterval());
    }

    @Test
    void shouldRoundTripDmmOptionsWithSeveralPreviousMaars()
    {
        for (final DmmConfig config : new DmmConfig[]{ DmmConfig.iana(), DmmConfig.draft02(),
            DmmConfig.of(200, 201, 202, 203, 204, 205, 0x0008, 0x01, DmmConfig.PreviousMaarLayout.RFC8885) })
        {
            final byte[] mh = SampleMessages.dmmPba(config);
            final MobilityHeaderDecoder d = decode(config, mh, SampleMessages.LMA, SampleMessages.MAG);
            assertTrue(d.hasDFlag());
            assertEquals(BindingAck.FLAG_P | config.baDMask(), d.bindingAck().flags());
            final List<MobilityOption> o = options(d);
            assertEquals(OptionType.ANCHORED_PREFIX, o.get(1).type());
            assertEquals(config.wireType(OptionType.ANCHORED_PREFIX), o.get(1).wireType());
            assertArrayEquals(SampleMessages.HNP1, bytes(o.get(1), o.get(1).prefixOffset(), 16));
            assertEquals(48, o.get(2).prefixLength());
            assertEquals(OptionType.LOCAL_PREFIX, o.get(2).type());
            assertEquals(OptionType.PREVIOUS_MAAR, o.get(3).type());
            assertEquals(config.previousMaarLayout().length(), o.get(3).length());
            assertArrayEquals(SampleMessages.P_MAAR1, bytes(o.get(3), o.get(3).addressOffset(), 16));
            assertEquals(64, o.get(3).prefixLength());
            assertArrayEquals(SampleMessages.HNP1, bytes(o.get(3), o.get(3).prefixOffset(), 16));
            assertArrayEquals(SampleMessages.P_MAAR2, bytes(o.get(4), o.get(4).addressOffset(), 16));
            assertArrayEquals(SampleMessages.HNP2, bytes(o.get(4), o.get(4).prefixOffset(), 16));
            assertArrayEquals(SampleMessages.S_MAAR, bytes(o.get(5), o.get(5).addressOffset(), 16));
            assertArrayEquals(SampleMessages.DLIF_LL, bytes(o.get(6), o.get(6).addressOffset(), 16));
            assertEquals(OptionType.DLIF_LINK_LAYER, o.get(7).type());
            assertArrayEquals(SampleMessages.DLIF_MAC,
                bytes(o.get(7), o.get(7).linkLayerOffset(), o.get(7).linkLayerLength()));
        }
    }

    @Test
    void shouldPutTheDFlagWhereTheConfigurationSays()
    {
        final byte[] iana = SampleMessages.dmmPbu(DmmConfig.iana());
        final byte[] draft = SampleMessages.dmmPbu(DmmConfig.draft02());
        assertEquals(0xc210, ((iana[8] & 0xFF) << 8) | (iana[9] & 0xFF));
        assertEquals(0xc300, ((draft[8] & 0xFF) << 8) | (draft[9] & 0xFF));
        // Read with the other configuration, the D flag is not seen, so the DMM options are refused.
        final UnsafeBuffer buffer = new UnsafeBuffer(draft);
        assertFalse(validator.validateWithoutChecksum(buffer, 0, draft.length, result));
        assertEquals(ValidationError.DMM_OPTION_WITHOUT_D_FLAG, result.error());
    }

    @Test
    void shouldRoundTripEverySmallMessage()
    {
        for (final SampleMessages.Sample s : SampleMessages.all())
        {
            final MobilityHeaderDecoder d = decode(DmmConfig.iana(), s.mh(), s.src(), s.dst());
            assertEquals(0, s.mh().length % 8, s.name());
            switch (s.name())
            {
                case "brr" -> assertEquals(8, s.mh().length);
                case "hoti" -> assertEquals(0x1122334455667788L, d.testInit().cookie());
                case "coti" -> assertEquals(0x0102030405060708L, d.testInit().cookie());
                case "hot" ->
                {
                    assertEquals(5, d.testReply().nonceIndex());
                    assertEquals(0x1122334455667788L, d.testReply().cookie());
                    assertEquals(0x99aabbccddeeff00L, d.testReply().keygenToken());
                }
                case "cot" -> assertEquals(0x1020304050607080L, d.testReply().keygenToken());
                case "be" ->
                {
                    assertEquals(2, d.bindingError().status());
                    assertArrayEquals(SampleMessages.HOA, d.bindingError().copyHomeAddress(new byte[16]));
                }
                case "heartbeat" ->
                {
                    assertEquals(Heartbeat.FLAG_R, d.heartbeat().flags());
                    assertEquals(0xfedcba98L, d.heartbeat().sequence());
                    assertEquals(77, options(d).get(0).restartCounter());
                }
                case "bri", "bra" ->
                {
                    final BindingRevocation br = d.bindingRevocation();
                    assertEquals(s.name().equals("bri") ? 1 : 2, br.revocationType());
                    assertEquals(s.name().equals("bri") ? 2 : 0, br.triggerOrStatus());
                    assertEquals(11, br.sequence());
                    assertEquals(BindingRevocation.FLAG_P, br.flags());
                }
                default ->
                {
                }
            }
        }
    }

    @Test
    void shouldEncodeUpToTheTwoKilobyteLimitAndRefuseOneOctetMore()
    {
        final byte[] out = new byte[4096];
        final MobilityHeaderEncoder enc = new MobilityHeaderEncoder().wrap(new UnsafeBuffer(out), 0, out.length);
        enc.begin(MhType.BINDING_UPDATE).bindingUpdate().sequence(1).flags(BindingUpdate.FLAG_A).lifetime(1);
        // 12 fixed + 7 × 257 (Experimental, 255 data octets) = 1811; + 1 × 237 → 2048 exactly.
        final byte[] data = SampleMessages.sequence(255);
        for (int i = 0; i < 7; i++)
        {
            enc.rawOption(OptionType.EXPERIMENTAL, data, 0, 255);
        }
        enc.rawOption(OptionType.EXPERIMENTAL, data, 0, 235);
        assertEquals(2048, enc.finish(SampleMessages.MAG, SampleMessages.LMA));
        final byte[] mh = Arrays.copyOf(out, 2048);
        final MobilityHeaderDecoder d = decode(DmmConfig.iana(), mh, SampleMessages.MAG, SampleMessages.LMA);
        assertEquals(255, d.headerLen());
        final List<MobilityOption> o = options(d);
        assertEquals(8, o.size());
        assertArrayEquals(data, bytes(o.get(6), o.get(6).dataOffset(), 255));

        enc.wrap(new UnsafeBuffer(out), 0, out.length).begin(MhType.BINDING_UPDATE);
        for (int i = 0; i < 7; i++)
        {
            enc.rawOption(OptionType.EXPERIMENTAL, data, 0, 255);
        }
        enc.rawOption(OptionType.EXPERIMENTAL, data, 0, 236);
        assertTrue(enc.hasOverflowed());
        assertEquals(-1, enc.finish());
    }

    @Test
    void shouldRefuseToWritePastTheBufferCapacity()
    {
        final byte[] out = new byte[40];
        final MobilityHeaderEncoder enc = new MobilityHeaderEncoder().wrap(new UnsafeBuffer(out), 0, 32);
        enc.begin(MhType.BINDING_UPDATE).homeNetworkPrefix(64, SampleMessages.HNP1);
        assertEquals(32, enc.position());
        enc.homeNetworkPrefix(64, SampleMessages.HNP2);
        assertTrue(enc.hasOverflowed());
        assertEquals(-1, enc.finish());
        assertEquals(0, out[32], "nothing written past the capacity");
    }

    @Test
    void shouldPadWithPad1AndPadNAsAlignmentRequires()
    {
        final byte[] out = new byte[64];
        final MobilityHeaderEncoder enc = new MobilityHeaderEncoder().wrap(new UnsafeBuffer(out), 0, out.length);
        enc.begin(MhType.BINDING_UPDATE).handoffIndicator(1); // 12..15
        enc.rawOption(OptionType.EXPERIMENTAL, new byte[1], 0, 1); // 16..18, next free 19
        enc.bindingRefreshAdvice(5); // 2n: Pad1 at 19, option at 20
        assertEquals(OptionType.PAD1, out[19]);
        assertEquals(OptionType.BINDING_REFRESH_ADVICE, out[20]);
        enc.alternateCareOfAddress(SampleMessages.ALT_COA); // free at 24; 8n+6 needs 6 octets: PadN Length 4
        assertEquals(OptionType.PADN, out[24]);
        assertEquals(4, out[25]);
        assertEquals(OptionType.ALTERNATE_COA, out[30]);
        enc.handoffIndicator(2); // 48..51, then 4 octets of tail padding
        assertEquals(56, enc.finish());
        assertEquals(6, out[1]);
        assertEquals(OptionType.PADN, out[52]);
        assertEquals(2, out[53]);
    }
}
