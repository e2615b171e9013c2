package net.dmmgw.control.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each malformed input is reported as the right error, action, code and offset. */
class ValidationTest
{
    private final MobilityHeaderValidator validator = new MobilityHeaderValidator();
    private final ValidationResult result = new ValidationResult();

    private boolean check(final byte[] mh)
    {
        return validator.validateWithoutChecksum(new UnsafeBuffer(mh), 0, mh.length, result);
    }

    private static byte[] pbu(final SampleMessages.Body body)
    {
        return SampleMessages.encode(DmmConfig.iana(), MhType.BINDING_UPDATE, SampleMessages.MAG, SampleMessages.LMA,
            e ->
            {
                e.bindingUpdate().sequence(1).flags(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_P)
                    .lifetime(10);
                body.write(e);
            });
    }

    private void expect(final ValidationError error, final ValidationAction action, final int code, final int offset)
    {
        assertEquals(error, result.error(), result.toString());
        assertEquals(action, result.action(), result.toString());
        assertEquals(code, result.code(), result.toString());
        assertEquals(offset, result.offset(), result.toString());
    }

    @Test
    void shouldRejectPbuWithoutMnIdWith160()
    {
        assertFalse(check(pbu(e -> e.homeNetworkPrefix(0, new byte[16]).handoffIndicator(1).accessTechnologyType(4))));
        expect(ValidationError.MISSING_MN_IDENTIFIER, ValidationAction.REJECT_WITH_STATUS, 160, 8);
    }

    @Test
    void shouldRejectPbuWithoutHnpWith158()
    {
        assertFalse(check(pbu(e -> e.mobileNodeIdentifier(1, SampleMessages.NAI, 0, 15).handoffIndicator(1)
            .accessTechnologyType(4))));
        expect(ValidationError.MISSING_HOME_NETWORK_PREFIX, ValidationAction.REJECT_WITH_STATUS, 158, 8);
    }

    @Test
    void shouldRejectPbuWithoutHiWith161AndWithoutAttWith162()
    {
        assertFalse(check(pbu(e -> e.mobileNodeIdentifier(1, SampleMessages.NAI, 0, 15)
            .homeNetworkPrefix(0, new byte[16]).accessTechnologyType(4))));
        expect(ValidationError.MISSING_HANDOFF_INDICATOR, ValidationAction.REJECT_WITH_STATUS, 161, 8);
        assertFalse(check(pbu(e -> e.mobileNodeIdentifier(1, SampleMessages.NAI, 0, 15)
            .homeNetworkPrefix(0, new byte[16]).handoffIndicator(1))));
        expect(ValidationError.MISSING_ACCESS_TECH_TYPE, ValidationAction.REJECT_WITH_STATUS, 162, 8);
    }

    @Test
    void shouldRejectPbuWithTwoMnIds()
    {
        assertFalse(check(pbu(e -> e.mobileNodeIdentifier(1, SampleMessages.NAI, 0, 15)
            .mobileNodeIdentifier(1, SampleMessages.NAI, 0, 3).homeNetworkPrefix(0, new byte[16]).handoffIndicator(1)
            .accessTechnologyType(4))));
        expect(ValidationError.DUPLICATE_MN_IDENTIFIER, ValidationAction.REJECT_WITH_STATUS, 128, 8);
    }

    @Test
    void shouldNotApplyPmipRulesToAPlainBu()
    {
        final byte[] bu = SampleMessages.encode(DmmConfig.iana(), MhType.BINDING_UPDATE, SampleMessages.MAG,
            SampleMessages.LMA, e -> e.bindingUpdate().flags(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H));
        assertTrue(check(bu), result.toString());
        assertEquals(16, bu.length, "BU without options is padded from 12 to 16 octets");
    }

    @Test
    void shouldDetectBadChecksumAndAcceptTheRightOne()
    {
        final byte[] mh = SampleMessages.fullPbu();
        final UnsafeBuffer buffer = new UnsafeBuffer(mh);
        assertTrue(validator.validate(buffer, 0, mh.length, SampleMessages.MAG, SampleMessages.LMA, result));
        assertFalse(validator.validate(buffer, 0, mh.length, SampleMessages.MAG, SampleMessages.ALT_COA, result),
            "the pseudo-header covers the addresses");
        mh[20] ^= 0x01;
        assertFalse(validator.validate(buffer, 0, mh.length, SampleMessages.MAG, SampleMessages.LMA, result));
        expect(ValidationError.BAD_CHECKSUM, ValidationAction.DROP, 0, 4);
    }

    @Test
    void shouldReportHeaderLenBelowMinimumAsParameterProblemAtOctet1()
    {
        final byte[] mh = Arrays.copyOf(SampleMessages.encode(DmmConfig.iana(), MhType.HOME_TEST, SampleMessages.LMA,
            SampleMessages.HOA, e -> e.message().testReply().nonceIndex(1)), 24);
        mh[1] = 1; // HoT needs 24 octets: Header Len 2
        assertFalse(check(Arrays.copyOf(mh, 16)));
        expect(ValidationError.HEADER_LEN_TOO_SMALL, ValidationAction.ICMP_PARAMETER_PROBLEM, 0, 1);
    }

    @Test
    void shouldReportTruncationWhenHeaderLenExceedsTheOctetsPresent()
    {
        final byte[] mh = SampleMessages.fullPbu();
        assertFalse(check(Arrays.copyOf(mh, mh.length - 8)));
        expect(ValidationError.TRUNCATED, ValidationAction.DROP, 0, 1);
        assertFalse(check(Arrays.copyOf(mh, 5)));
        expect(ValidationError.TRUNCATED, ValidationAction.DROP, 0, 0);
    }

    @Test
    void shouldAnswerUnknownMhTypeWithBindingErrorStatus2()
    {
        final byte[] mh = SampleMessages.fullPbu();
        mh[2] = 11;
        assertFalse(check(mh));
        expect(ValidationError.UNKNOWN_MH_TYPE, ValidationAction.BINDING_ERROR, 2, 2);
    }

    @Test
    void shouldReportPayloadProtoOtherThan59AsParameterProblemAtOctet0()
    {
        final byte[] mh = SampleMessages.fullPbu();
        mh[0] = 6;
        assertFalse(check(mh));
        expect(ValidationError.BAD_PAYLOAD_PROTO, ValidationAction.ICMP_PARAMETER_PROBLEM, 0, 0);
    }

    @Test
    void shouldReportOptionRunningPastTheEnd()
    {
        final byte[] mh = SampleMessages.fullPbu();
        mh[13] = (byte)200; // HNP at 12 claims 200 data octets
        assertFalse(check(mh));
        expect(ValidationError.OPTION_OVERRUN, ValidationAction.DROP, 0, 12);
    }

    @Test
    void shouldReportZeroLengthAndWrongLength()
    {
        final byte[] zero = pbu(e -> e.rawOption(OptionType.MN_IDENTIFIER, new byte[0], 0, 0));
        assertFalse(check(zero));
        expect(ValidationError.OPTION_ZERO_LENGTH, ValidationAction.DROP, 0, 12);
        assertEquals(OptionType.MN_IDENTIFIER, result.optionType());
        final byte[] wrong = pbu(e -> e.rawOption(OptionType.TIMESTAMP, new byte[6], 0, 6));
        assertFalse(check(wrong));
        expect(ValidationError.OPTION_BAD_LENGTH, ValidationAction.DROP, 0, 12);
        final byte[] lmaUp = pbu(e -> e.rawOption(OptionType.LMA_USER_PLANE_ADDRESS, new byte[5], 0, 5));
        assertFalse(check(lmaUp));
        assertEquals(ValidationError.OPTION_BAD_LENGTH, result.error());
    }

    @Test
    void shouldReportPrefixLengthAbove128()
    {
        assertFalse(check(pbu(e -> e.homeNetworkPrefix(129, SampleMessages.HNP1))));
        expect(ValidationError.OPTION_BAD_VALUE, ValidationAction.DROP, 0, 14);
    }

    @Test
    void shouldRequireBindingAuthorizationDataToBeLast()
    {
        final byte[] mh = SampleMessages.encode(DmmConfig.iana(), MhType.BINDING_UPDATE, SampleMessages.ALT_COA,
            SampleMessages.LMA, e ->
            {
                e.bindingUpdate().flags(BindingUpdate.FLAG_A);
                e.nonceIndices(1, 2).bindingAuthorizationData(new byte[12]).bindingRefreshAdvice(3);
            });
        assertFalse(check(mh));
        assertEquals(ValidationError.BAD_NOT_LAST, result.error());
        assertEquals(ValidationAction.DROP, result.action());
        assertEquals(OptionType.BINDING_REFRESH_ADVICE, result.optionType());
    }

    @Test
    void shouldRequireCgaParametersToBeConsecutive()
    {
        final byte[] mh = SampleMessages.encode(DmmConfig.iana(), MhType.BINDING_UPDATE, SampleMessages.ALT_COA,
            SampleMessages.LMA, e ->
            {
                e.bindingUpdate().flags(BindingUpdate.FLAG_A);
                e.cgaParameters(new byte[10], 0, 10).nonceIndices(1, 2).cgaParameters(new byte[10], 0, 10);
            });
        assertFalse(check(mh));
        expect(ValidationError.CGA_PARAMETERS_NOT_CONSECUTIVE, ValidationAction.REJECT_WITH_STATUS, 148,
            result.offset());
    }

    @Test
    void shouldRefuseDmmOptionsWithoutDFlagAndDropSuchABa()
    {
        final byte[] pba = SampleMessages.dmmPba(DmmConfig.iana());
        pba[7] = (byte)BindingAck.FLAG_P; // clear D
        assertFalse(check(pba));
        assertEquals(ValidationError.DMM_OPTION_WITHOUT_D_FLAG, result.error());
        assertEquals(ValidationAction.DROP, result.action(), "a BA is never answered with a status");
        assertEquals(0, result.code());
    }

    @Test
    void shouldSkipUnknownOptionsByLength()
    {
        assertTrue(check(pbu(e -> e.rawOption(150, new byte[7], 0, 7).rawOption(OptionType.EXPERIMENTAL,
                new byte[3], 0, 3).mobileNodeIdentifier(1, SampleMessages.NAI, 0, 15)
            .homeNetworkPrefix(0, new byte[16]).handoffIndicator(1).accessTechnologyType(4))), result.toString());
    }

    @Test
    void shouldNeverReadOutsideTheGivenRange()
    {
        final byte[] mh = SampleMessages.fullPbu();
        final byte[] padded = new byte[mh.length + 16];
        System.arraycopy(mh, 0, padded, 8, mh.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(padded);
        assertTrue(validator.validateWithoutChecksum(buffer, 8, mh.length, result));
        assertFalse(validator.validateWithoutChecksum(buffer, 8, padded.length, result),
            "a length reaching past the buffer is refused, not read");
        expect(ValidationError.TRUNCATED, ValidationAction.DROP, 0, 0);
        assertFalse(validator.validateWithoutChecksum(buffer, -1, 8, result));
        expect(ValidationError.TRUNCATED, ValidationAction.DROP, 0, 0);
        assertFalse(validator.validateWithoutChecksum(buffer, 8, Integer.MAX_VALUE, result), "no int overflow");
        expect(ValidationError.TRUNCATED, ValidationAction.DROP, 0, 0);
    }
}
