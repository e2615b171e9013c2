package net.dmmgw.control.codec;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Checks a received Mobility Header in the order of RFC 6275 §9.2 and RFC 5213 §5.3.1 and reports the first
 * problem, as a value, in a reused {@link ValidationResult}. Never throws on any input and never reads outside
 * [offset, offset + length). One instance per thread; allocation-free.
 *
 * <p>Order: length against Header Len, checksum (when addresses are given), Payload Proto, MH Type, minimum Header
 * Len, then each option (structure, Length, field ranges, BAD last, CGA Parameters consecutive, DMM options only
 * with D = 1), then the PBU rules (exactly one MN-ID, at least one HNP, an HI, an ATT).
 */
public final class MobilityHeaderValidator
{
    private final DmmConfig config;
    private final MobilityHeaderDecoder decoder;
    private final MobilityOptionIterator iterator = new MobilityOptionIterator();
    private final UnsafeBuffer addresses = new UnsafeBuffer(new byte[32]);

    /** Validator with the IANA DMM numbers. */
    public MobilityHeaderValidator()
    {
        this(DmmConfig.iana());
    }

    /**
     * @param config DMM numbers and D masks.
     */
    public MobilityHeaderValidator(final DmmConfig config)
    {
        this.config = config;
        this.decoder = new MobilityHeaderDecoder(config);
    }

    /**
     * Validate including the checksum, with the addresses taken from a buffer (e.g. the IPv6 header in front).
     *
     * @param buffer holding the MH.
     * @param offset index of the Payload Proto octet.
     * @param length octets available (the IPv6 upper-layer length).
     * @param addressBuffer buffer holding the IPv6 source and destination addresses.
     * @param srcIndex index of the source address.
     * @param dstIndex index of the destination address (final destination if routed).
     * @param result reused result.
     * @return true when valid.
     */
    public boolean validate(
        final DirectBuffer buffer, final int offset, final int length,
        final DirectBuffer addressBuffer, final int srcIndex, final int dstIndex, final ValidationResult result)
    {
        return check(buffer, offset, length, addressBuffer, srcIndex, dstIndex, result);
    }

    /**
     * Validate including the checksum.
     *
     * @param buffer holding the MH.
     * @param offset index of the Payload Proto octet.
     * @param length octets available.
     * @param source 16-octet IPv6 source address.
     * @param destination 16-octet IPv6 destination address.
     * @param result reused result.
     * @return true when valid.
     */
    public boolean validate(
        final DirectBuffer buffer, final int offset, final int length,
        final byte[] source, final byte[] destination, final ValidationResult result)
    {
        addresses.putBytes(0, source, 0, 16);
        addresses.putBytes(16, destination, 0, 16);
        return check(buffer, offset, length, addresses, 0, 16, result);
    }

    /**
     * Validate everything but the checksum (no IPv6 addresses known).
     *
     * @param buffer holding the MH.
     * @param offset index of the Payload Proto octet.
     * @param length octets available.
     * @param result reused result.
     * @return true when valid.
     */
    public boolean validateWithoutChecksum(
        final DirectBuffer buffer, final int offset, final int length, final ValidationResult result)
    {
        return check(buffer, offset, length, null, 0, 0, result);
    }

    private boolean check(
        final DirectBuffer buffer, final int offset, final int length,
        final DirectBuffer addressBuffer, final int srcIndex, final int dstIndex, final ValidationResult result)
    {
        result.reset();
        if (length < 8 || offset < 0 || length > buffer.capacity() - offset)
        {
            return result.fail(ValidationError.TRUNCATED, 0, -1, -1);
        }
        final MobilityHeaderDecoder mh = decoder.wrap(buffer, offset, length);
        final int type = mh.mhType();
        final int total = mh.declaredLength();
        if (total > length)
        {
            return result.fail(ValidationError.TRUNCATED, 1, -1, type);
        }
        if (addressBuffer != null &&
            !MhChecksum.verify(addressBuffer, srcIndex, dstIndex, buffer, offset, total))
        {
            return result.fail(ValidationError.BAD_CHECKSUM, MhChecksum.CHECKSUM_OFFSET, -1, type);
        }
        if (mh.payloadProto() != MobilityHeaderDecoder.NO_NEXT_HEADER)
        {
            return result.fail(ValidationError.BAD_PAYLOAD_PROTO, 0, -1, type);
        }
        if (!MhType.isSupported(type))
        {
            return result.fail(ValidationError.UNKNOWN_MH_TYPE, 2, -1, type);
        }
        if (mh.headerLen() < MhType.minHeaderLen(type))
        {
            return result.fail(ValidationError.HEADER_LEN_TOO_SMALL, 1, -1, type);
        }
        return checkOptions(mh, type, result);
    }

    private boolean checkOptions(final MobilityHeaderDecoder mh, final int type, final ValidationResult result)
    {
        final boolean dFlag = mh.hasDFlag();
        final MobilityOptionIterator it = mh.options(iterator);
        int mnIds = 0;
        int hnps = 0;
        int handoffIndicators = 0;
        int accessTechTypes = 0;
        boolean authorizationSeen = false;
        int cgaRun = 0; // 0: none yet, 1: inside the run, 2: run ended
        while (it.next())
        {
            final MobilityOption option = it.option();
            if (authorizationSeen)
            {
                return result.fail(ValidationError.BAD_NOT_LAST, option.offset(), option.wireType(), type);
            }
            final int t = option.type();
            if (t == OptionType.CGA_PARAMETERS)
            {
                if (cgaRun == 2)
                {
                    return result.fail(
                        ValidationError.CGA_PARAMETERS_NOT_CONSECUTIVE, option.offset(), option.wireType(), type);
                }
                cgaRun = 1;
            }
            else if (cgaRun == 1)
            {
                cgaRun = 2;
            }
            if (option.isPadding() || t == OptionType.UNKNOWN)
            {
                continue;
            }
            final ValidationError lengthError = checkLength(option);
            if (lengthError != ValidationError.NONE)
            {
                return result.fail(lengthError, option.offset(), option.wireType(), type);
            }
            if (!valuesInRange(option))
            {
                return result.fail(ValidationError.OPTION_BAD_VALUE, option.dataOffset(), option.wireType(), type);
            }
            if (OptionType.isDmm(t) && !dFlag)
            {
                return result.fail(ValidationError.DMM_OPTION_WITHOUT_D_FLAG, option.offset(), option.wireType(), type);
            }
            switch (t)
            {
                case OptionType.MN_IDENTIFIER:
                    mnIds++;
                    break;
                case OptionType.HOME_NETWORK_PREFIX:
                    hnps++;
                    break;
                case OptionType.HANDOFF_INDICATOR:
                    handoffIndicators++;
                    break;
                case OptionType.ACCESS_TECHNOLOGY_TYPE:
                    accessTechTypes++;
                    break;
                case OptionType.BINDING_AUTHORIZATION_DATA:
                    authorizationSeen = true;
                    break;
                default:
                    break;
            }
        }
        if (it.error() != ValidationError.NONE)
        {
            return result.fail(it.error(), it.errorOffset(), -1, type);
        }
        if (type == MhType.BINDING_UPDATE && mh.bindingUpdate().isProxy())
        {
            return checkProxyBindingUpdate(mnIds, hnps, handoffIndicators, accessTechTypes, result);
        }
        return true;
    }

    private ValidationError checkLength(final MobilityOption option)
    {
        final int t = option.type();
        final int length = option.length();
        final int fixed = config.fixedLength(t);
        final int min = fixed >= 0 ? fixed : OptionType.minLength(t);
        if ((fixed >= 0 && length != fixed) || length < min)
        {
            return length == 0 ? ValidationError.OPTION_ZERO_LENGTH : ValidationError.OPTION_BAD_LENGTH;
        }
        if (t == OptionType.LMA_USER_PLANE_ADDRESS)
        {
            final int addressLength = option.addressLength();
            if (addressLength != 0 && addressLength != 4 && addressLength != 16)
            {
                return ValidationError.OPTION_BAD_LENGTH;
            }
        }
        return ValidationError.NONE;
    }

    private static boolean valuesInRange(final MobilityOption option)
    {
        switch (option.type())
        {
            case OptionType.MOBILE_NETWORK_PREFIX:
            case OptionType.HOME_NETWORK_PREFIX:
            case OptionType.ANCHORED_PREFIX:
            case OptionType.LOCAL_PREFIX:
            case OptionType.PREVIOUS_MAAR:
                return option.prefixLength() <= 128;
            case OptionType.IPV4_HOA_REQUEST:
            case OptionType.IPV4_HOA_REPLY:
                return option.ipv4PrefixLength() <= 32;
            default:
                return true;
        }
    }

    private static boolean checkProxyBindingUpdate(
        final int mnIds, final int hnps, final int handoffIndicators, final int accessTechTypes,
        final ValidationResult result)
    {
        // RFC 5213 §5.3.1 order: MN-ID (check 3) before HNP (7), HI (8), ATT (9).
        final int where = BindingUpdate.FLAGS_OFFSET;
        if (mnIds == 0)
        {
            return result.fail(ValidationError.MISSING_MN_IDENTIFIER, where, -1, MhType.BINDING_UPDATE);
        }
        if (mnIds > 1)
        {
            return result.fail(ValidationError.DUPLICATE_MN_IDENTIFIER, where, -1, MhType.BINDING_UPDATE);
        }
        if (hnps == 0)
        {
            return result.fail(ValidationError.MISSING_HOME_NETWORK_PREFIX, where, -1, MhType.BINDING_UPDATE);
        }
        if (handoffIndicators == 0)
        {
            return result.fail(ValidationError.MISSING_HANDOFF_INDICATOR, where, -1, MhType.BINDING_UPDATE);
        }
        if (accessTechTypes == 0)
        {
            return result.fail(ValidationError.MISSING_ACCESS_TECH_TYPE, where, -1, MhType.BINDING_UPDATE);
        }
        return true;
    }
}
