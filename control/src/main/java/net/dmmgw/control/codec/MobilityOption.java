package net.dmmgw.control.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * One mobility option, as positioned by {@link MobilityOptionIterator}. Generic readers take offsets relative to the
 * first data octet (the one after Length); named readers interpret the layouts of wire-formats §3.2 / §3.6 and are
 * only meaningful for the types their javadoc names. Offsets returned (e.g. {@link #prefixOffset()}) count from
 * the MH start, ready for {@link #copy(int, byte[], int, int)}.
 */
public final class MobilityOption
{
    private DirectBuffer buffer;
    private int mhOffset;
    private int offset;
    private int wireType;
    private int type;
    private int length;
    private DmmConfig config;

    void set(
        final DirectBuffer buffer, final int mhOffset, final int offset, final int wireType, final int type,
        final int length, final DmmConfig config)
    {
        this.buffer = buffer;
        this.mhOffset = mhOffset;
        this.offset = offset;
        this.wireType = wireType;
        this.type = type;
        this.length = length;
        this.config = config;
    }

    /** @return the type octet as on the wire. */
    public int wireType()
    {
        return wireType;
    }

    /** @return the IANA type (DMM options as 65-70 whatever their wire number), or {@link OptionType#UNKNOWN}. */
    public int type()
    {
        return type;
    }

    /** @return Length octet (0 for Pad1, which has none). */
    public int length()
    {
        return length;
    }

    /** @return octets the option occupies: 1 for Pad1, Length + 2 otherwise. */
    public int size()
    {
        return wireType == OptionType.PAD1 ? 1 : length + 2;
    }

    /** @return MH offset of the Type octet. */
    public int offset()
    {
        return offset;
    }

    /** @return MH offset of the first data octet. */
    public int dataOffset()
    {
        return offset + 2;
    }

    /** @return true for Pad1 and PadN. */
    public boolean isPadding()
    {
        return wireType == OptionType.PAD1 || wireType == OptionType.PADN;
    }

    /**
     * @param i data octet index.
     * @return unsigned octet.
     */
    public int u8(final int i)
    {
        return buffer.getByte(mhOffset + offset + 2 + i) & 0xFF;
    }

    /**
     * @param i data octet index.
     * @return unsigned 16-bit big-endian value.
     */
    public int u16(final int i)
    {
        return buffer.getShort(mhOffset + offset + 2 + i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param i data octet index.
     * @return unsigned 32-bit big-endian value.
     */
    public long u32(final int i)
    {
        return buffer.getInt(mhOffset + offset + 2 + i, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    }

    /**
     * @param i data octet index.
     * @return 64-bit big-endian value.
     */
    public long u64(final int i)
    {
        return buffer.getLong(mhOffset + offset + 2 + i, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Copy octets of the message.
     *
     * @param mhRelOffset MH offset to copy from (e.g. {@link #prefixOffset()}).
     * @param dst destination.
     * @param dstOffset destination index.
     * @param count octets.
     * @return dst.
     */
    public byte[] copy(final int mhRelOffset, final byte[] dst, final int dstOffset, final int count)
    {
        buffer.getBytes(mhOffset + mhRelOffset, dst, dstOffset, count);
        return dst;
    }

    /** @return Binding Refresh Advice: Refresh Interval in 4-s units. */
    public int refreshInterval()
    {
        return u16(0);
    }

    /** @return Nonce Indices: Home Nonce Index. */
    public int homeNonceIndex()
    {
        return u16(0);
    }

    /** @return Nonce Indices: Care-of Nonce Index. */
    public int careOfNonceIndex()
    {
        return u16(2);
    }

    /**
     * @return MNP, HNP, Anchored Prefix, Local Prefix: Prefix Length; Previous MAAR: its HNP's Prefix Length.
     */
    public int prefixLength()
    {
        if (type == OptionType.PREVIOUS_MAAR)
        {
            return u8(config.previousMaarLayout() == DmmConfig.PreviousMaarLayout.RFC8885 ? 1 : 0);
        }
        return u8(1);
    }

    /** @return MNP, HNP, Anchored Prefix, Local Prefix, Previous MAAR: MH offset of the 16-octet prefix. */
    public int prefixOffset()
    {
        if (type == OptionType.PREVIOUS_MAAR)
        {
            return addressOffset() + 16;
        }
        return offset + 4;
    }

    /**
     * @return MH offset of the 16-octet address of Alternate CoA, Link-local Address, Serving MAAR, DLIF
     * Link-local Address and Previous MAAR (the P-MAAR address), or of the LMA User-Plane Address.
     */
    public int addressOffset()
    {
        switch (type)
        {
            case OptionType.PREVIOUS_MAAR:
                return offset + (config.previousMaarLayout() == DmmConfig.PreviousMaarLayout.RFC8885 ? 4 : 3);
            case OptionType.LMA_USER_PLANE_ADDRESS:
                return offset + 4;
            default:
                return offset + 2;
        }
    }

    /** @return LMA User-Plane Address: address octets carried (0 = request, 4 = IPv4, 16 = IPv6). */
    public int addressLength()
    {
        return length - 2;
    }

    /** @return Mobile Node Identifier: Subtype (1 = NAI). */
    public int identifierSubtype()
    {
        return u8(0);
    }

    /** @return Mobile Node Identifier: MH offset of the identifier. */
    public int identifierOffset()
    {
        return offset + 3;
    }

    /** @return Mobile Node Identifier: identifier length. */
    public int identifierLength()
    {
        return length - 1;
    }

    /** @return MN-HA/MN-AAA Authentication: Subtype (1 = MN-HA, 2 = MN-AAA). */
    public int authenticationSubtype()
    {
        return u8(0);
    }

    /** @return MN-HA/MN-AAA Authentication: Mobility SPI. */
    public long spi()
    {
        return u32(1);
    }

    /** @return MN-HA/MN-AAA Authentication: MH offset of the authentication data. */
    public int authenticationDataOffset()
    {
        return offset + 7;
    }

    /** @return MN-HA/MN-AAA Authentication: authentication data length. */
    public int authenticationDataLength()
    {
        return length - 5;
    }

    /** @return Replay Protection: 64-bit NTP timestamp; Care-of Test: care-of keygen token. */
    public long value64()
    {
        return u64(0);
    }

    /** @return Vendor-Specific: SMI enterprise number. */
    public long vendorId()
    {
        return u32(0);
    }

    /** @return Vendor-Specific: Sub-Type. */
    public int vendorSubtype()
    {
        return u8(4);
    }

    /** @return Vendor-Specific: MH offset of the vendor data. */
    public int vendorDataOffset()
    {
        return offset + 7;
    }

    /** @return Handoff Indicator: HI value; Access Technology Type: ATT value (second data octet). */
    public int indicator()
    {
        return u8(1);
    }

    /** @return Timestamp: 48-bit seconds since 1970-01-01 UTC. */
    public long timestampSeconds()
    {
        return u64(0) >>> 16;
    }

    /** @return Timestamp: fraction in units of 1/65536 s. */
    public int timestampFraction()
    {
        return u16(6);
    }

    /** @return Restart Counter: the counter. */
    public long restartCounter()
    {
        return u32(0);
    }

    /** @return GRE Key: GRE Key Identifier. */
    public long greKey()
    {
        return u32(2);
    }

    /** @return MN Link-layer Identifier, DLIF Link-layer Address: MH offset of the link-layer octets. */
    public int linkLayerOffset()
    {
        return offset + 4;
    }

    /** @return MN Link-layer Identifier, DLIF Link-layer Address: link-layer octets. */
    public int linkLayerLength()
    {
        return length - 2;
    }

    /** @return IPv4 HoA Request (top 6 bits of octet 0) / Reply (top 6 bits of octet 1): Prefix-len. */
    public int ipv4PrefixLength()
    {
        return (type == OptionType.IPV4_HOA_REPLY ? u8(1) : u8(0)) >>> 2;
    }

    /** @return IPv4 HoA Reply: Status. */
    public int ipv4Status()
    {
        return u8(0);
    }

    /** @return IPv4 HoA Request / Reply, IPv4 Default-Router: the IPv4 address as an unsigned 32-bit value. */
    public long ipv4Address()
    {
        return u32(2);
    }

    /** @return IPv4 DHCP Support Mode: true when S = 1 (DHCP server), false for relay. */
    public boolean dhcpServer()
    {
        return (u8(1) & 0x01) != 0;
    }
}
