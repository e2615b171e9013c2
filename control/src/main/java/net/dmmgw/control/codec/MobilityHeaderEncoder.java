package net.dmmgw.control.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Writes a Mobility Header: {@link #begin(int)} the message, fill its fixed part through the typed view
 * ({@link #bindingUpdate()}, {@link #message()}), append options, then {@link #finish(byte[], byte[])}.
 *
 * <p>Each option is placed at its "xn+y" alignment (from {@link OptionType}) with Pad1 / PadN in front, and
 * {@code finish} pads the MH to a multiple of 8, sets Header Len and the checksum. Writing past the buffer capacity
 * or the 2048-octet MH limit does not throw: the encoder stops writing, {@link #hasOverflowed()} turns true and
 * {@code finish} returns -1. No allocation.
 */
public final class MobilityHeaderEncoder
{
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    private final DmmConfig config;
    private final MobilityHeaderDecoder message;
    private final UnsafeBuffer addresses = new UnsafeBuffer(new byte[32]);
    private MutableDirectBuffer buffer;
    private int offset;
    private int limit;
    private int position;
    private boolean overflowed;

    /** Encoder with the IANA DMM numbers. */
    public MobilityHeaderEncoder()
    {
        this(DmmConfig.iana());
    }

    /**
     * @param config DMM numbers (types, D masks, Previous MAAR layout).
     */
    public MobilityHeaderEncoder(final DmmConfig config)
    {
        this.config = config;
        this.message = new MobilityHeaderDecoder(config);
    }

    /**
     * @param buffer destination.
     * @param offset index where the Payload Proto octet goes.
     * @param capacity octets available from offset.
     * @return this.
     */
    public MobilityHeaderEncoder wrap(final MutableDirectBuffer buffer, final int offset, final int capacity)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.limit = Math.min(capacity, MobilityHeaderDecoder.MAX_LENGTH);
        this.position = 0;
        this.overflowed = false;
        return this;
    }

    /**
     * Start a message: common header (Payload Proto 59) and a zeroed fixed part.
     *
     * @param mhType a type for which {@link MhType#isSupported(int)} holds.
     * @return this.
     * @throws IllegalArgumentException for a type without a known layout (a programming error).
     */
    public MobilityHeaderEncoder begin(final int mhType)
    {
        final int fixed = MhType.optionsOffset(mhType);
        if (fixed < 0)
        {
            throw new IllegalArgumentException("no layout for MH Type " + mhType);
        }
        overflowed = fixed > limit;
        position = 0;
        if (overflowed)
        {
            return this;
        }
        buffer.setMemory(offset, fixed, (byte)0);
        buffer.putByte(offset, (byte)MobilityHeaderDecoder.NO_NEXT_HEADER);
        buffer.putByte(offset + 2, (byte)mhType);
        position = fixed;
        return this;
    }

    /**
     * The message being written, with its typed views ({@code message().heartbeat().sequence(1)}); the setters of a
     * view write the fixed part.
     *
     * @return the message view.
     */
    public MobilityHeaderDecoder message()
    {
        return message.wrap(buffer, offset, limit);
    }

    /** @return the BU view of the message being written (shortcut for {@code message().bindingUpdate()}). */
    public BindingUpdate bindingUpdate()
    {
        return message().bindingUpdate();
    }

    /** @return the BA view of the message being written (shortcut for {@code message().bindingAck()}). */
    public BindingAck bindingAck()
    {
        return message().bindingAck();
    }

    /** @return true once something did not fit; the message is then unusable. */
    public boolean hasOverflowed()
    {
        return overflowed;
    }

    /** @return MH octets written so far. */
    public int position()
    {
        return position;
    }

    /**
     * Pad for the option's alignment and write its Type and Length.
     *
     * @param canonicalType IANA type (DMM options as 65-70; mapped to the configured wire type).
     * @param dataLength Length octet.
     * @return MH offset of the first data octet, or -1 when it does not fit.
     */
    public int beginOption(final int canonicalType, final int dataLength)
    {
        return beginOption(config.wireType(canonicalType), dataLength,
            OptionType.alignX(canonicalType), OptionType.alignY(canonicalType));
    }

    /**
     * Pad for an explicit alignment and write Type and Length; for options this codec does not model.
     *
     * @param wireType type octet.
     * @param dataLength Length octet (0-255).
     * @param x alignment multiple (0 = none).
     * @param y alignment offset.
     * @return MH offset of the first data octet, or -1 when it does not fit.
     */
    public int beginOption(final int wireType, final int dataLength, final int x, final int y)
    {
        if (overflowed || dataLength < 0 || dataLength > OptionType.MAX_DATA_LENGTH)
        {
            overflowed = true;
            return -1;
        }
        final int pad = x > 0 ? Math.floorMod(y - position, x) : 0;
        if (position + pad + 2 + dataLength > limit)
        {
            overflowed = true;
            return -1;
        }
        writePadding(pad);
        buffer.putByte(offset + position, (byte)wireType);
        buffer.putByte(offset + position + 1, (byte)dataLength);
        buffer.setMemory(offset + position + 2, dataLength, (byte)0);
        position += 2 + dataLength;
        return position - dataLength;
    }

    private void writePadding(final int pad)
    {
        if (pad == 1)
        {
            buffer.putByte(offset + position, (byte)OptionType.PAD1);
        }
        else if (pad >= 2)
        {
            buffer.putByte(offset + position, (byte)OptionType.PADN);
            buffer.putByte(offset + position + 1, (byte)(pad - 2));
            buffer.setMemory(offset + position + 2, pad - 2, (byte)0);
        }
        position += pad;
    }

    private void put8(final int at, final int delta, final int value)
    {
        if (at >= 0)
        {
            final int rel = at + delta;
            buffer.putByte(offset + rel, (byte)value);
        }
    }

    private void put16(final int at, final int delta, final int value)
    {
        if (at >= 0)
        {
            final int rel = at + delta;
            buffer.putShort(offset + rel, (short)value, NET);
        }
    }

    private void put32(final int at, final int delta, final long value)
    {
        if (at >= 0)
        {
            final int rel = at + delta;
            buffer.putInt(offset + rel, (int)value, NET);
        }
    }

    private void put64(final int at, final int delta, final long value)
    {
        if (at >= 0)
        {
            final int rel = at + delta;
            buffer.putLong(offset + rel, value, NET);
        }
    }

    private void putBytes(final int at, final int delta, final byte[] src, final int srcOffset, final int length)
    {
        if (at >= 0)
        {
            final int rel = at + delta;
            buffer.putBytes(offset + rel, src, srcOffset, length);
        }
    }

    /**
     * Option with opaque data (Experimental, or a type this codec does not model), no alignment.
     *
     * @param wireType type octet.
     * @param data data octets.
     * @param dataOffset first octet.
     * @param length data length (0-255).
     * @return this.
     */
    public MobilityHeaderEncoder rawOption(final int wireType, final byte[] data, final int dataOffset, final int length)
    {
        putBytes(beginOption(wireType, length, 0, 0), 0, data, dataOffset, length);
        return this;
    }

    /**
     * @param interval Refresh Interval in 4-s units.
     * @return this.
     */
    public MobilityHeaderEncoder bindingRefreshAdvice(final int interval)
    {
        put16(beginOption(OptionType.BINDING_REFRESH_ADVICE, 2), 0, interval);
        return this;
    }

    /**
     * @param address 16-octet care-of address.
     * @return this.
     */
    public MobilityHeaderEncoder alternateCareOfAddress(final byte[] address)
    {
        return address16(OptionType.ALTERNATE_COA, address);
    }

    /**
     * @param homeNonceIndex Home Nonce Index.
     * @param careOfNonceIndex Care-of Nonce Index.
     * @return this.
     */
    public MobilityHeaderEncoder nonceIndices(final int homeNonceIndex, final int careOfNonceIndex)
    {
        final int at = beginOption(OptionType.NONCE_INDICES, 4);
        put16(at, 0, homeNonceIndex);
        put16(at, 2, careOfNonceIndex);
        return this;
    }

    /**
     * Reserve a Binding Authorization Data option (it must be the last option); fill the authenticator after
     * {@link #finish()} with {@link net.dmmgw.control.codec.cga.BindingAuthorization}.
     *
     * @return MH offset of the 12-octet authenticator, or -1 when it does not fit.
     */
    public int reserveBindingAuthorizationData()
    {
        return beginOption(OptionType.BINDING_AUTHORIZATION_DATA, 12);
    }

    /**
     * Binding Authorization Data with a ready authenticator (it must be the last option).
     *
     * @param authenticator the 96-bit authenticator (first 12 octets used).
     * @return this.
     */
    public MobilityHeaderEncoder bindingAuthorizationData(final byte[] authenticator)
    {
        putBytes(reserveBindingAuthorizationData(), 0, authenticator, 0, 12);
        return this;
    }

    /**
     * @param type MOBILE_NETWORK_PREFIX, HOME_NETWORK_PREFIX, ANCHORED_PREFIX or LOCAL_PREFIX.
     * @param prefixLength 0-128.
     * @param prefix 16-octet prefix.
     * @return this.
     */
    public MobilityHeaderEncoder prefixOption(final int type, final int prefixLength, final byte[] prefix)
    {
        final int at = beginOption(type, 18);
        put8(at, 1, prefixLength);
        putBytes(at, 2, prefix, 0, 16);
        return this;
    }

    /**
     * @param prefixLength 0-128 (0 with :: asks the LMA for a prefix).
     * @param prefix 16-octet prefix.
     * @return this.
     */
    public MobilityHeaderEncoder homeNetworkPrefix(final int prefixLength, final byte[] prefix)
    {
        return prefixOption(OptionType.HOME_NETWORK_PREFIX, prefixLength, prefix);
    }

    /**
     * @param subtype 1 = NAI, 2-8 per RFC 8371.
     * @param identifier identifier octets (no terminator).
     * @param idOffset first octet.
     * @param idLength identifier length (1-254).
     * @return this.
     */
    public MobilityHeaderEncoder mobileNodeIdentifier(
        final int subtype, final byte[] identifier, final int idOffset, final int idLength)
    {
        final int at = beginOption(OptionType.MN_IDENTIFIER, 1 + idLength);
        put8(at, 0, subtype);
        putBytes(at, 1, identifier, idOffset, idLength);
        return this;
    }

    /**
     * @param subtype 1 = MN-HA, 2 = MN-AAA.
     * @param spi Mobility SPI.
     * @param authData authentication data.
     * @param authOffset first octet.
     * @param authLength data length (0-250).
     * @return this.
     */
    public MobilityHeaderEncoder mnAuthentication(
        final int subtype, final long spi, final byte[] authData, final int authOffset, final int authLength)
    {
        final int at = beginOption(OptionType.MN_AUTHENTICATION, 5 + authLength);
        put8(at, 0, subtype);
        put32(at, 1, spi);
        putBytes(at, 5, authData, authOffset, authLength);
        return this;
    }

    /**
     * @param ntpTimestamp 64-bit NTP-format timestamp (RFC 4285).
     * @return this.
     */
    public MobilityHeaderEncoder replayProtection(final long ntpTimestamp)
    {
        put64(beginOption(OptionType.REPLAY_PROTECTION, 8), 0, ntpTimestamp);
        return this;
    }

    /** @return this, with a CGA Parameters Request option. */
    public MobilityHeaderEncoder cgaParametersRequest()
    {
        beginOption(OptionType.CGA_PARAMETERS_REQUEST, 0);
        return this;
    }

    /**
     * CGA Parameters, split into consecutive options of at most 255 octets.
     *
     * @param parameters encoded CGA Parameters structure.
     * @param paramOffset first octet.
     * @param paramLength structure length.
     * @return this.
     */
    public MobilityHeaderEncoder cgaParameters(final byte[] parameters, final int paramOffset, final int paramLength)
    {
        int done = 0;
        while (done < paramLength && !overflowed)
        {
            final int chunk = Math.min(OptionType.MAX_DATA_LENGTH, paramLength - done);
            putBytes(beginOption(OptionType.CGA_PARAMETERS, chunk), 0, parameters, paramOffset + done, chunk);
            done += chunk;
        }
        return this;
    }

    /**
     * @param signature RSA signature (at most 255 octets: RSA up to 2040 bits).
     * @return this.
     */
    public MobilityHeaderEncoder signature(final byte[] signature)
    {
        putBytes(beginOption(OptionType.SIGNATURE, signature.length), 0, signature, 0, signature.length);
        return this;
    }

    /**
     * @param token encrypted Permanent Home Keygen Token.
     * @return this.
     */
    public MobilityHeaderEncoder permanentHomeKeygenToken(final byte[] token)
    {
        putBytes(beginOption(OptionType.PERMANENT_HOME_KEYGEN_TOKEN, token.length), 0, token, 0, token.length);
        return this;
    }

    /** @return this, with a Care-of Test Init option. */
    public MobilityHeaderEncoder careOfTestInit()
    {
        beginOption(OptionType.CARE_OF_TEST_INIT, 0);
        return this;
    }

    /**
     * @param careOfKeygenToken 64-bit care-of keygen token.
     * @return this.
     */
    public MobilityHeaderEncoder careOfTest(final long careOfKeygenToken)
    {
        put64(beginOption(OptionType.CARE_OF_TEST, 8), 0, careOfKeygenToken);
        return this;
    }

    /**
     * @param vendorId SMI enterprise number.
     * @param subtype vendor sub-type.
     * @param data vendor data.
     * @return this.
     */
    public MobilityHeaderEncoder vendorSpecific(final long vendorId, final int subtype, final byte[] data)
    {
        final int at = beginOption(OptionType.VENDOR_SPECIFIC, 5 + data.length);
        put32(at, 0, vendorId);
        put8(at, 4, subtype);
        putBytes(at, 5, data, 0, data.length);
        return this;
    }

    /** Options whose 2 data octets are Reserved(8) then a value(8): HI, ATT, DHCP Support Mode. */
    private MobilityHeaderEncoder reservedThenOctet(final int type, final int value)
    {
        put8(beginOption(type, 2), 1, value);
        return this;
    }

    /**
     * @param handoffIndicator HI value (1-6).
     * @return this.
     */
    public MobilityHeaderEncoder handoffIndicator(final int handoffIndicator)
    {
        return reservedThenOctet(OptionType.HANDOFF_INDICATOR, handoffIndicator);
    }

    /**
     * @param accessTechnologyType ATT value.
     * @return this.
     */
    public MobilityHeaderEncoder accessTechnologyType(final int accessTechnologyType)
    {
        return reservedThenOctet(OptionType.ACCESS_TECHNOLOGY_TYPE, accessTechnologyType);
    }

    /**
     * @param type MN_LINK_LAYER_IDENTIFIER or DLIF_LINK_LAYER.
     * @param linkLayer link-layer identifier (e.g. a 6-octet MAC).
     * @return this.
     */
    public MobilityHeaderEncoder linkLayerOption(final int type, final byte[] linkLayer)
    {
        final int at = beginOption(type, 2 + linkLayer.length);
        putBytes(at, 2, linkLayer, 0, linkLayer.length);
        return this;
    }

    /**
     * @param address 16-octet MAG link-local address (:: to request the stored one).
     * @return this.
     */
    public MobilityHeaderEncoder linkLocalAddress(final byte[] address)
    {
        return address16(OptionType.LINK_LOCAL_ADDRESS, address);
    }

    /**
     * @param type an option whose data is one 16-octet address (Alternate CoA, Link-local Address, Serving MAAR,
     *             DLIF Link-local Address).
     * @param address the address.
     * @return this.
     */
    public MobilityHeaderEncoder address16(final int type, final byte[] address)
    {
        putBytes(beginOption(type, 16), 0, address, 0, 16);
        return this;
    }

    /**
     * @param seconds seconds since 1970-01-01 UTC (48 bits).
     * @param fraction units of 1/65536 s.
     * @return this.
     */
    public MobilityHeaderEncoder timestamp(final long seconds, final int fraction)
    {
        put64(beginOption(OptionType.TIMESTAMP, 8), 0, (seconds << 16) | (fraction & 0xFFFF));
        return this;
    }

    /**
     * @param counter 32-bit restart counter.
     * @return this.
     */
    public MobilityHeaderEncoder restartCounter(final long counter)
    {
        put32(beginOption(OptionType.RESTART_COUNTER, 4), 0, counter);
        return this;
    }

    /**
     * @param key GRE Key Identifier.
     * @return this.
     */
    public MobilityHeaderEncoder greKey(final long key)
    {
        final int at = beginOption(OptionType.GRE_KEY, 6);
        put32(at, 2, key);
        return this;
    }

    /**
     * @param prefixLength 0-32.
     * @param address IPv4 address (0 asks for dynamic assignment).
     * @return this.
     */
    public MobilityHeaderEncoder ipv4HomeAddressRequest(final int prefixLength, final long address)
    {
        final int at = beginOption(OptionType.IPV4_HOA_REQUEST, 6);
        put8(at, 0, prefixLength << 2);
        put32(at, 2, address);
        return this;
    }

    /**
     * @param status Reply status (0 success, 128-132 failures).
     * @param prefixLength 0-32.
     * @param address assigned IPv4 address.
     * @return this.
     */
    public MobilityHeaderEncoder ipv4HomeAddressReply(final int status, final int prefixLength, final long address)
    {
        final int at = beginOption(OptionType.IPV4_HOA_REPLY, 6);
        put8(at, 0, status);
        put8(at, 1, prefixLength << 2);
        put32(at, 2, address);
        return this;
    }

    /**
     * @param address IPv4 default router.
     * @return this.
     */
    public MobilityHeaderEncoder ipv4DefaultRouter(final long address)
    {
        final int at = beginOption(OptionType.IPV4_DEFAULT_ROUTER, 6);
        put32(at, 2, address);
        return this;
    }

    /**
     * @param dhcpServer true: S = 1 (DHCP server); false: relay.
     * @return this.
     */
    public MobilityHeaderEncoder ipv4DhcpSupportMode(final boolean dhcpServer)
    {
        return reservedThenOctet(OptionType.IPV4_DHCP_SUPPORT_MODE, dhcpServer ? 1 : 0);
    }

    /**
     * @param address null or empty to request one (PBU), 4 octets (IPv4) or 16 octets (IPv6).
     * @return this.
     */
    public MobilityHeaderEncoder lmaUserPlaneAddress(final byte[] address)
    {
        final int length = address == null ? 0 : address.length;
        final int at = beginOption(OptionType.LMA_USER_PLANE_ADDRESS, 2 + length);
        if (length > 0)
        {
            putBytes(at, 2, address, 0, length);
        }
        return this;
    }

    /**
     * Previous MAAR, in the configured layout.
     *
     * @param maarAddress 16-octet P-MAAR global address.
     * @param prefixLength prefix length of the HNP anchored there.
     * @param prefix 16-octet HNP.
     * @return this.
     */
    public MobilityHeaderEncoder previousMaar(final byte[] maarAddress, final int prefixLength, final byte[] prefix)
    {
        final boolean rfc = config.previousMaarLayout() == DmmConfig.PreviousMaarLayout.RFC8885;
        final int at = beginOption(OptionType.PREVIOUS_MAAR, config.fixedLength(OptionType.PREVIOUS_MAAR));
        if (at >= 0)
        {
            final int plenAt = rfc ? at + 1 : at;
            put8(plenAt, 0, prefixLength);
            putBytes(plenAt, 1, maarAddress, 0, 16);
            putBytes(plenAt, 17, prefix, 0, 16);
        }
        return this;
    }

    /**
     * Pad the MH to a multiple of 8 and set Header Len; the checksum is left 0 (see {@link #applyChecksum}).
     *
     * @return MH length in octets, or -1 after an overflow.
     */
    public int finish()
    {
        if (overflowed)
        {
            return -1;
        }
        final int pad = (8 - (position & 7)) & 7;
        if (position + pad > limit)
        {
            overflowed = true;
            return -1;
        }
        writePadding(pad);
        buffer.putByte(offset + 1, (byte)((position >> 3) - 1));
        buffer.putShort(offset + MhChecksum.CHECKSUM_OFFSET, (short)0, NET);
        return position;
    }

    /**
     * Finish and set the checksum.
     *
     * @param source 16-octet IPv6 source address.
     * @param destination 16-octet IPv6 destination address.
     * @return MH length, or -1 after an overflow.
     */
    public int finish(final byte[] source, final byte[] destination)
    {
        final int length = finish();
        if (length > 0)
        {
            applyChecksum(source, destination);
        }
        return length;
    }

    /**
     * (Re)compute the checksum of a finished message, e.g. after filling a Binding Authorization Data
     * authenticator.
     *
     * @param source 16-octet IPv6 source address.
     * @param destination 16-octet IPv6 destination address.
     */
    public void applyChecksum(final byte[] source, final byte[] destination)
    {
        addresses.putBytes(0, source, 0, 16);
        addresses.putBytes(16, destination, 0, 16);
        applyChecksum(addresses, 0, 16);
    }

    /**
     * (Re)compute the checksum of a finished message with addresses from a buffer.
     *
     * @param addressBuffer buffer holding the addresses.
     * @param srcIndex index of the source address.
     * @param dstIndex index of the destination address.
     */
    public void applyChecksum(final DirectBuffer addressBuffer, final int srcIndex, final int dstIndex)
    {
        buffer.putShort(offset + MhChecksum.CHECKSUM_OFFSET, (short)0, NET);
        final int sum = MhChecksum.compute(addressBuffer, srcIndex, dstIndex, buffer, offset, position);
        buffer.putShort(offset + MhChecksum.CHECKSUM_OFFSET, (short)sum, NET);
    }
}
