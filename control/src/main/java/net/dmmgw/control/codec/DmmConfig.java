package net.dmmgw.control.codec;

import java.util.Arrays;

/**
 * Wire numbers of the DMM extension (RFC 8885 / draft-ietf-dmm-pmipv6-dlif): the six option types, the D flag
 * masks in the BU flags word and the BA flags octet, and the Previous MAAR layout. Immutable; build one at start-up
 * and share it.
 *
 * <p>{@link #iana()} gives the registry values (types 65-70, BU D = 0x0010, BA D = 0x02, Previous MAAR with a
 * reserved octet, Length 34). {@link #draft02()} reproduces what draft -02 drew: BU D = 0x0100, BA D = 0x10 and a
 * Previous MAAR without the reserved octet (Length 33); its option types stay 65-70 unless overridden, because the
 * draft left them "TBD".
 */
public final class DmmConfig
{
    /** Layout of the Previous MAAR option data. */
    public enum PreviousMaarLayout
    {
        /** RFC 8885: Reserved(8), Prefix Length(8), P-MAAR address(128), HNP(128); Length 34. */
        RFC8885(34),
        /** draft-02: Prefix Length(8), P-MAAR address(128), HNP(128); Length 33. */
        DRAFT02(33);

        private final int length;

        PreviousMaarLayout(final int length)
        {
            this.length = length;
        }

        /** @return the Length octet of the option in this layout. */
        public int length()
        {
            return length;
        }
    }

    /** BU flags-word D mask assigned by IANA (RFC 8885). */
    public static final int IANA_BU_D_MASK = 0x0010;
    /** BA flags-octet D mask assigned by IANA (RFC 8885). */
    public static final int IANA_BA_D_MASK = 0x02;
    /** BU D position drawn in draft -02 (collides with F of RFC 5555). */
    public static final int DRAFT02_BU_D_MASK = 0x0100;
    /** BA D position drawn in draft -02 (collides with T of RFC 5845). */
    public static final int DRAFT02_BA_D_MASK = 0x10;

    private static final DmmConfig IANA = new DmmConfig(
        new int[]{ 65, 66, 67, 68, 69, 70 }, IANA_BU_D_MASK, IANA_BA_D_MASK, PreviousMaarLayout.RFC8885);

    private final int[] wireTypes;
    private final int buDMask;
    private final int baDMask;
    private final PreviousMaarLayout previousMaarLayout;
    private final int[] canonicalByWire = new int[256];

    private DmmConfig(
        final int[] wireTypes, final int buDMask, final int baDMask, final PreviousMaarLayout previousMaarLayout)
    {
        if (wireTypes.length != 6)
        {
            throw new IllegalArgumentException("need 6 DMM option types, got " + wireTypes.length);
        }
        if (Integer.bitCount(buDMask) != 1 || (buDMask & 0xFFFF) != buDMask)
        {
            throw new IllegalArgumentException("BU D mask must be one bit of 16: 0x" + Integer.toHexString(buDMask));
        }
        if (Integer.bitCount(baDMask) != 1 || (baDMask & 0xFF) != baDMask)
        {
            throw new IllegalArgumentException("BA D mask must be one bit of 8: 0x" + Integer.toHexString(baDMask));
        }
        for (int i = 0; i < 256; i++)
        {
            canonicalByWire[i] = OptionType.isKnown(i) && !OptionType.isDmm(i) ? i : OptionType.UNKNOWN;
        }
        for (int i = 0; i < 6; i++)
        {
            final int t = wireTypes[i];
            if (t < 2 || t > 255)
            {
                throw new IllegalArgumentException("DMM option type out of range 2-255: " + t);
            }
            if (OptionType.isKnown(t) && !OptionType.isDmm(t))
            {
                throw new IllegalArgumentException(
                    "DMM option type " + t + " collides with " + OptionType.name(t));
            }
            if (canonicalByWire[t] != OptionType.UNKNOWN)
            {
                throw new IllegalArgumentException("DMM option type " + t + " configured twice");
            }
            canonicalByWire[t] = OptionType.ANCHORED_PREFIX + i;
        }
        this.wireTypes = wireTypes.clone();
        this.buDMask = buDMask;
        this.baDMask = baDMask;
        this.previousMaarLayout = previousMaarLayout;
    }

    /** @return the IANA / RFC 8885 configuration (the default). */
    public static DmmConfig iana()
    {
        return IANA;
    }

    /** @return draft-02 compatibility: draft D positions and the 33-octet Previous MAAR, types 65-70. */
    public static DmmConfig draft02()
    {
        return new DmmConfig(
            new int[]{ 65, 66, 67, 68, 69, 70 }, DRAFT02_BU_D_MASK, DRAFT02_BA_D_MASK, PreviousMaarLayout.DRAFT02);
    }

    /**
     * Any combination, for example types taken from a lab prototype.
     *
     * @param anchoredPrefix wire type of Anchored Prefix.
     * @param localPrefix wire type of Local Prefix.
     * @param previousMaar wire type of Previous MAAR.
     * @param servingMaar wire type of Serving MAAR.
     * @param dlifLinkLocal wire type of DLIF Link-local Address.
     * @param dlifLinkLayer wire type of DLIF Link-layer Address.
     * @param buDMask one bit of the 16-bit BU flags word.
     * @param baDMask one bit of the BA flags octet.
     * @param layout Previous MAAR layout.
     * @return the configuration.
     * @throws IllegalArgumentException naming the bad value (a collision with a registered option, a duplicate,
     *                                  a mask that is not a single bit).
     */
    public static DmmConfig of(
        final int anchoredPrefix, final int localPrefix, final int previousMaar, final int servingMaar,
        final int dlifLinkLocal, final int dlifLinkLayer, final int buDMask, final int baDMask,
        final PreviousMaarLayout layout)
    {
        return new DmmConfig(
            new int[]{ anchoredPrefix, localPrefix, previousMaar, servingMaar, dlifLinkLocal, dlifLinkLayer },
            buDMask, baDMask, layout);
    }

    /**
     * @param wireType option type octet as received.
     * @return the IANA type it stands for (DMM options as 65-70), or {@link OptionType#UNKNOWN}.
     */
    public int canonicalType(final int wireType)
    {
        return canonicalByWire[wireType & 0xFF];
    }

    /**
     * @param canonicalType an IANA option type.
     * @return the type octet to put on the wire.
     */
    public int wireType(final int canonicalType)
    {
        return OptionType.isDmm(canonicalType) ? wireTypes[canonicalType - OptionType.ANCHORED_PREFIX] : canonicalType;
    }

    /**
     * @param canonicalType an IANA option type.
     * @return the Length it must have under this configuration, -1 when variable.
     */
    public int fixedLength(final int canonicalType)
    {
        return canonicalType == OptionType.PREVIOUS_MAAR ? previousMaarLayout.length() :
            OptionType.fixedLength(canonicalType);
    }

    /** @return D mask in the 16-bit BU flags word. */
    public int buDMask()
    {
        return buDMask;
    }

    /** @return D mask in the BA flags octet. */
    public int baDMask()
    {
        return baDMask;
    }

    /** @return Previous MAAR layout. */
    public PreviousMaarLayout previousMaarLayout()
    {
        return previousMaarLayout;
    }

    @Override
    public String toString()
    {
        return "DmmConfig{types=" + Arrays.toString(wireTypes) + ", buD=0x" + Integer.toHexString(buDMask) +
            ", baD=0x" + Integer.toHexString(baDMask) + ", previousMaar=" + previousMaarLayout + "}";
    }
}
