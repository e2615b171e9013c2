package net.dmmgw.control.anchor;

import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityOption;
import net.dmmgw.control.codec.MobilityOptionIterator;
import net.dmmgw.control.codec.OptionType;
import net.dmmgw.control.location.BindingCacheEntry;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A received Binding Update (a PBU at an LMA, a home registration at an HA) copied into its own buffer with its
 * addresses, and the options the anchors use pulled out once (offsets index {@link #bytes()}). Reused: {@link #load}
 * overwrites everything. The source is the care-of address as received (the Proxy-CoA for a PBU); the Alternate
 * Care-of Address option, when present, takes its place in {@link #proxyCoaHi()} / {@link #proxyCoaLo()}.
 */
public final class BindingUpdateMessage
{
    /** Largest MH kept. */
    public static final int CAPACITY = MobilityHeaderDecoder.MAX_LENGTH;

    private final byte[] bytes = new byte[CAPACITY];
    private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    private final byte[] source = new byte[16];
    private final byte[] destination = new byte[16];
    private final MobilityHeaderDecoder decoder = new MobilityHeaderDecoder();
    private final MobilityOptionIterator iterator = new MobilityOptionIterator();
    private final long[] prefixHi = new long[BindingCacheEntry.MAX_PREFIXES];
    private final long[] prefixLo = new long[BindingCacheEntry.MAX_PREFIXES];
    private final int[] prefixLength = new int[BindingCacheEntry.MAX_PREFIXES];
    private int length;
    private int sequence;
    private int flags;
    private int lifetime;
    private int mnIdOffset;
    private int mnIdLength;
    private int prefixCount;
    private boolean tooManyPrefixes;
    private int handoffIndicator;
    private int accessTechnologyType;
    private boolean hasTimestamp;
    private long timestamp;
    private int linkLayerOffset;
    private int linkLayerLength;
    private int linkLocalOffset;
    private int alternateCoaOffset;
    private boolean ipv4Requested;
    private int authOffset;
    private long authSpi;
    private int authSubtype;
    private int authDataOffset;
    private int authDataLength;

    /** Copies a BU in and parses it (the caller has validated it). */
    public void load(final byte[] src, final byte[] dst, final org.agrona.DirectBuffer mh, final int offset,
        final int len)
    {
        System.arraycopy(src, 0, source, 0, 16);
        System.arraycopy(dst, 0, destination, 0, 16);
        mh.getBytes(offset, bytes, 0, len);
        length = len;
        parse();
    }

    /** Copies another BU (a parked or in-flight one). */
    public void copyFrom(final BindingUpdateMessage other)
    {
        System.arraycopy(other.source, 0, source, 0, 16);
        System.arraycopy(other.destination, 0, destination, 0, 16);
        System.arraycopy(other.bytes, 0, bytes, 0, other.length);
        length = other.length;
        parse();
    }

    private void parse()
    {
        final MobilityHeaderDecoder mh = decoder.wrap(buffer, 0, length);
        final BindingUpdate bu = mh.bindingUpdate();
        sequence = bu.sequence();
        flags = bu.flags();
        lifetime = bu.lifetime();
        mnIdOffset = -1;
        mnIdLength = 0;
        prefixCount = 0;
        tooManyPrefixes = false;
        handoffIndicator = -1;
        accessTechnologyType = -1;
        hasTimestamp = false;
        timestamp = 0;
        linkLayerOffset = -1;
        linkLayerLength = 0;
        linkLocalOffset = -1;
        alternateCoaOffset = -1;
        ipv4Requested = false;
        authOffset = -1;
        final MobilityOptionIterator it = mh.options(iterator);
        while (it.next())
        {
            final MobilityOption o = it.option();
            switch (o.type())
            {
                case OptionType.MN_IDENTIFIER -> {
                    mnIdOffset = o.identifierOffset();
                    mnIdLength = o.identifierLength();
                }
                case OptionType.HOME_NETWORK_PREFIX -> {
                    if (prefixCount == prefixHi.length)
                    {
                        tooManyPrefixes = true;
                    }
                    else
                    {
                        prefixHi[prefixCount] = buffer.getLong(o.prefixOffset(), java.nio.ByteOrder.BIG_ENDIAN);
                        prefixLo[prefixCount] = buffer.getLong(o.prefixOffset() + 8, java.nio.ByteOrder.BIG_ENDIAN);
                        prefixLength[prefixCount++] = o.prefixLength();
                    }
                }
                case OptionType.HANDOFF_INDICATOR -> handoffIndicator = o.indicator();
                case OptionType.ACCESS_TECHNOLOGY_TYPE -> accessTechnologyType = o.u8(1);
                case OptionType.TIMESTAMP -> {
                    hasTimestamp = true;
                    timestamp = o.value64();
                }
                case OptionType.MN_LINK_LAYER_IDENTIFIER -> {
                    linkLayerOffset = o.linkLayerOffset();
                    linkLayerLength = o.linkLayerLength();
                }
                case OptionType.LINK_LOCAL_ADDRESS -> linkLocalOffset = o.addressOffset();
                case OptionType.ALTERNATE_COA -> alternateCoaOffset = o.addressOffset();
                case OptionType.IPV4_HOA_REQUEST -> ipv4Requested = true;
                case OptionType.MN_AUTHENTICATION -> {
                    authOffset = o.offset();
                    authSubtype = o.authenticationSubtype();
                    authSpi = o.spi();
                    authDataOffset = o.authenticationDataOffset();
                    authDataLength = o.authenticationDataLength();
                }
                default -> {
                }
            }
        }
    }

    /** @return the MH octets. */
    public byte[] bytes()
    {
        return bytes;
    }

    /** @return MH length. */
    public int length()
    {
        return length;
    }

    /** @return IPv6 source (the sending MAG). */
    public byte[] source()
    {
        return source;
    }

    /** @return IPv6 destination (this LMA). */
    public byte[] destination()
    {
        return destination;
    }

    /** @return Sequence #. */
    public int sequence()
    {
        return sequence;
    }

    /** @return true when P is set. */
    public boolean isProxy()
    {
        return (flags & BindingUpdate.FLAG_P) != 0;
    }

    /** @return requested lifetime (4-s units). */
    public int lifetime()
    {
        return lifetime;
    }

    /** @return offset of the MN-ID in {@link #bytes()}, -1 when absent. */
    public int mnIdOffset()
    {
        return mnIdOffset;
    }

    /** @return MN-ID length. */
    public int mnIdLength()
    {
        return mnIdLength;
    }

    /** @return number of HNP options. */
    public int prefixCount()
    {
        return prefixCount;
    }

    /** @return true when more HNP options came than a BCE holds. */
    public boolean tooManyPrefixes()
    {
        return tooManyPrefixes;
    }

    /** @return HNP {@code i}, upper word. */
    public long prefixHi(final int i)
    {
        return prefixHi[i];
    }

    /** @return HNP {@code i}, lower word. */
    public long prefixLo(final int i)
    {
        return prefixLo[i];
    }

    /** @return HNP {@code i} length. */
    public int prefixLength(final int i)
    {
        return prefixLength[i];
    }

    /** @return true when every HNP is ALL_ZERO (the MAG asks the LMA to assign). */
    public boolean allZeroPrefixes()
    {
        for (int i = 0; i < prefixCount; i++)
        {
            if (prefixHi[i] != 0 || prefixLo[i] != 0 || prefixLength[i] != 0)
            {
                return false;
            }
        }
        return true;
    }

    /** @return HI, -1 when absent. */
    public int handoffIndicator()
    {
        return handoffIndicator;
    }

    /** @return ATT, -1 when absent. */
    public int accessTechnologyType()
    {
        return accessTechnologyType;
    }

    /** @return true when a Timestamp option came. */
    public boolean hasTimestamp()
    {
        return hasTimestamp;
    }

    /** @return the Timestamp option (48.16). */
    public long timestamp()
    {
        return timestamp;
    }

    /** @return offset of the MN-LL-ID, -1 when absent. */
    public int linkLayerOffset()
    {
        return linkLayerOffset;
    }

    /** @return MN-LL-ID length. */
    public int linkLayerLength()
    {
        return linkLayerLength;
    }

    /** @return offset of the Link-local Address, -1 when absent. */
    public int linkLocalOffset()
    {
        return linkLocalOffset;
    }

    /** @return true when an IPv4 HoA is requested (RFC 5844). */
    public boolean ipv4Requested()
    {
        return ipv4Requested;
    }

    /** @return offset of the RFC 4285 authentication option, -1 when absent. */
    public int authOffset()
    {
        return authOffset;
    }

    /** @return its subtype (1 = MN-HA, 2 = MN-AAA). */
    public int authSubtype()
    {
        return authSubtype;
    }

    /** @return its Mobility SPI. */
    public long authSpi()
    {
        return authSpi;
    }

    /** @return offset of its Authentication Data. */
    public int authDataOffset()
    {
        return authDataOffset;
    }

    /** @return length of its Authentication Data. */
    public int authDataLength()
    {
        return authDataLength;
    }

    /** @return Proxy-CoA upper word: the Alternate CoA when present, otherwise the source. */
    public long proxyCoaHi()
    {
        return alternateCoaOffset >= 0 ? buffer.getLong(alternateCoaOffset, java.nio.ByteOrder.BIG_ENDIAN) :
            word(source, 0);
    }

    /** @return Proxy-CoA lower word. */
    public long proxyCoaLo()
    {
        return alternateCoaOffset >= 0 ? buffer.getLong(alternateCoaOffset + 8, java.nio.ByteOrder.BIG_ENDIAN) :
            word(source, 8);
    }

    /** @return source upper word. */
    public long sourceHi()
    {
        return word(source, 0);
    }

    /** @return source lower word. */
    public long sourceLo()
    {
        return word(source, 8);
    }

    /** @return the BU's flags word (BindingUpdate.FLAG_*). */
    public int flags()
    {
        return flags;
    }

    /** @return true when the BU carries an Alternate Care-of Address option. */
    public boolean hasAlternateCoa()
    {
        return alternateCoaOffset >= 0;
    }

    /** @return the upper (at = 0) or lower (at = 8) big-endian word of a 16-octet address. */
    public static long word(final byte[] b, final int at)
    {
        long v = 0;
        for (int i = at; i < at + 8; i++)
        {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }
}
