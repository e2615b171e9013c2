package net.dmmgw.control.codec;

import java.util.Arrays;

/**
 * Mobility option types (IANA "Mobility Options"), their names, the data length rules this codec enforces and the
 * "xn+y" alignment the encoder applies. The six DMM options are listed here by their RFC 8885 numbers (65-70);
 * on the wire they may use other numbers, mapped by {@link DmmConfig}.
 */
public final class OptionType
{
    /** Pad1: one zero octet, no Length. */
    public static final int PAD1 = 0;
    /** PadN. */
    public static final int PADN = 1;
    /** Binding Refresh Advice (RFC 6275). */
    public static final int BINDING_REFRESH_ADVICE = 2;
    /** Alternate Care-of Address (RFC 6275). */
    public static final int ALTERNATE_COA = 3;
    /** Nonce Indices (RFC 6275). */
    public static final int NONCE_INDICES = 4;
    /** Binding Authorization Data (RFC 6275); must be the last option. */
    public static final int BINDING_AUTHORIZATION_DATA = 5;
    /** Mobile Network Prefix (RFC 3963). */
    public static final int MOBILE_NETWORK_PREFIX = 6;
    /** Mobile Node Identifier (RFC 4283, subtypes of RFC 8371). */
    public static final int MN_IDENTIFIER = 8;
    /** MN-HA / MN-AAA Authentication (RFC 4285). */
    public static final int MN_AUTHENTICATION = 9;
    /** Mobility Message Replay Protection (RFC 4285). */
    public static final int REPLAY_PROTECTION = 10;
    /** CGA Parameters Request (RFC 4866). */
    public static final int CGA_PARAMETERS_REQUEST = 11;
    /** CGA Parameters (RFC 4866); consecutive options are concatenated. */
    public static final int CGA_PARAMETERS = 12;
    /** Signature (RFC 4866). */
    public static final int SIGNATURE = 13;
    /** Permanent Home Keygen Token (RFC 4866). */
    public static final int PERMANENT_HOME_KEYGEN_TOKEN = 14;
    /** Care-of Test Init (RFC 4866). */
    public static final int CARE_OF_TEST_INIT = 15;
    /** Care-of Test (RFC 4866). */
    public static final int CARE_OF_TEST = 16;
    /** Experimental Mobility Option (RFC 5096). */
    public static final int EXPERIMENTAL = 18;
    /** Vendor-Specific (RFC 5094). */
    public static final int VENDOR_SPECIFIC = 19;
    /** Home Network Prefix (RFC 5213). */
    public static final int HOME_NETWORK_PREFIX = 22;
    /** Handoff Indicator (RFC 5213). */
    public static final int HANDOFF_INDICATOR = 23;
    /** Access Technology Type (RFC 5213). */
    public static final int ACCESS_TECHNOLOGY_TYPE = 24;
    /** Mobile Node Link-layer Identifier (RFC 5213). */
    public static final int MN_LINK_LAYER_IDENTIFIER = 25;
    /** Link-local Address (RFC 5213). */
    public static final int LINK_LOCAL_ADDRESS = 26;
    /** Timestamp, 48.16 fixed point since 1970 (RFC 5213). */
    public static final int TIMESTAMP = 27;
    /** Restart Counter (RFC 5847). */
    public static final int RESTART_COUNTER = 28;
    /** GRE Key (RFC 5845). */
    public static final int GRE_KEY = 33;
    /** IPv4 Home Address Request (RFC 5844). */
    public static final int IPV4_HOA_REQUEST = 36;
    /** IPv4 Home Address Reply (RFC 5844). */
    public static final int IPV4_HOA_REPLY = 37;
    /** IPv4 Default-Router Address (RFC 5844). */
    public static final int IPV4_DEFAULT_ROUTER = 38;
    /** IPv4 DHCP Support Mode (RFC 5844). */
    public static final int IPV4_DHCP_SUPPORT_MODE = 39;
    /** LMA User-Plane Address (RFC 7389). */
    public static final int LMA_USER_PLANE_ADDRESS = 59;
    /** Anchored Prefix (RFC 8885). */
    public static final int ANCHORED_PREFIX = 65;
    /** Local Prefix (RFC 8885). */
    public static final int LOCAL_PREFIX = 66;
    /** Previous MAAR (RFC 8885). */
    public static final int PREVIOUS_MAAR = 67;
    /** Serving MAAR (RFC 8885). */
    public static final int SERVING_MAAR = 68;
    /** DLIF Link-local Address (RFC 8885). */
    public static final int DLIF_LINK_LOCAL = 69;
    /** DLIF Link-layer Address (RFC 8885). */
    public static final int DLIF_LINK_LAYER = 70;

    /** Marks a type the codec does not interpret: the iterator skips it by its Length. */
    public static final int UNKNOWN = -1;

    /** Largest Length octet. */
    public static final int MAX_DATA_LENGTH = 255;

    private static final String[] NAMES = new String[256];
    /** Required data length, or -1 when variable. */
    private static final int[] FIXED_LENGTH = new int[256];
    /** Smallest data length for variable-length options. */
    private static final int[] MIN_LENGTH = new int[256];
    private static final int[] ALIGN_X = new int[256];
    private static final int[] ALIGN_Y = new int[256];

    static
    {
        Arrays.fill(FIXED_LENGTH, -1);
        define(PAD1, "Pad1", -1, 0, 0, 0);
        define(PADN, "PadN", -1, 0, 0, 0);
        define(BINDING_REFRESH_ADVICE, "Binding Refresh Advice", 2, 2, 2, 0);
        define(ALTERNATE_COA, "Alternate Care-of Address", 16, 16, 8, 6);
        define(NONCE_INDICES, "Nonce Indices", 4, 4, 2, 0);
        define(BINDING_AUTHORIZATION_DATA, "Binding Authorization Data", 12, 12, 8, 2);
        define(MOBILE_NETWORK_PREFIX, "Mobile Network Prefix", 18, 18, 8, 4);
        define(7, "Mobility Header Link-Layer Address", -1, 0, 0, 0);
        define(MN_IDENTIFIER, "Mobile Node Identifier", -1, 2, 0, 0);
        define(MN_AUTHENTICATION, "MN-HA/MN-AAA Authentication", -1, 5, 4, 1);
        define(REPLAY_PROTECTION, "Mobility Message Replay Protection", 8, 8, 8, 2);
        define(CGA_PARAMETERS_REQUEST, "CGA Parameters Request", 0, 0, 0, 0);
        define(CGA_PARAMETERS, "CGA Parameters", -1, 1, 0, 0);
        define(SIGNATURE, "Signature", -1, 1, 0, 0);
        define(PERMANENT_HOME_KEYGEN_TOKEN, "Permanent Home Keygen Token", -1, 1, 0, 0);
        define(CARE_OF_TEST_INIT, "Care-of Test Init", 0, 0, 0, 0);
        define(CARE_OF_TEST, "Care-of Test", 8, 8, 0, 0);
        define(17, "DNS Update", -1, 0, 0, 0);
        define(EXPERIMENTAL, "Experimental Mobility Option", -1, 0, 0, 0);
        define(VENDOR_SPECIFIC, "Vendor-Specific", -1, 5, 4, 2);
        define(20, "Service Selection", -1, 0, 0, 0);
        define(21, "Binding Authorization Data for FMIPv6", -1, 0, 0, 0);
        define(HOME_NETWORK_PREFIX, "Home Network Prefix", 18, 18, 8, 4);
        define(HANDOFF_INDICATOR, "Handoff Indicator", 2, 2, 0, 0);
        define(ACCESS_TECHNOLOGY_TYPE, "Access Technology Type", 2, 2, 0, 0);
        define(MN_LINK_LAYER_IDENTIFIER, "Mobile Node Link-layer Identifier", -1, 3, 8, 2);
        define(LINK_LOCAL_ADDRESS, "Link-local Address", 16, 16, 8, 6);
        define(TIMESTAMP, "Timestamp", 8, 8, 8, 2);
        define(RESTART_COUNTER, "Restart Counter", 4, 4, 4, 2);
        define(GRE_KEY, "GRE Key", 6, 6, 4, 2);
        define(IPV4_HOA_REQUEST, "IPv4 Home Address Request", 6, 6, 4, 0);
        define(IPV4_HOA_REPLY, "IPv4 Home Address Reply", 6, 6, 4, 0);
        define(IPV4_DEFAULT_ROUTER, "IPv4 Default-Router Address", 6, 6, 4, 0);
        define(IPV4_DHCP_SUPPORT_MODE, "IPv4 DHCP Support Mode", 2, 2, 0, 0);
        define(LMA_USER_PLANE_ADDRESS, "LMA User-Plane Address", -1, 2, 4, 0);
        define(ANCHORED_PREFIX, "Anchored Prefix", 18, 18, 8, 4);
        define(LOCAL_PREFIX, "Local Prefix", 18, 18, 8, 4);
        define(PREVIOUS_MAAR, "Previous MAAR", 34, 34, 8, 4);
        define(SERVING_MAAR, "Serving MAAR", 16, 16, 8, 6);
        define(DLIF_LINK_LOCAL, "DLIF Link-local Address", 16, 16, 8, 6);
        define(DLIF_LINK_LAYER, "DLIF Link-layer Address", -1, 3, 8, 2);
    }

    private OptionType()
    {
    }

    private static void define(
        final int type, final String name, final int fixed, final int min, final int x, final int y)
    {
        NAMES[type] = name;
        FIXED_LENGTH[type] = fixed;
        MIN_LENGTH[type] = min;
        ALIGN_X[type] = x;
        ALIGN_Y[type] = y;
    }

    /**
     * @param canonicalType option type in IANA numbering (DMM options as 65-70), or {@link #UNKNOWN}.
     * @return name of the option, or "Unknown".
     */
    public static String name(final int canonicalType)
    {
        final String name = canonicalType >= 0 && canonicalType < 256 ? NAMES[canonicalType] : null;
        return name != null ? name : "Unknown";
    }

    /**
     * @param canonicalType option type in IANA numbering.
     * @return true when this codec interprets the option's data (others are only skipped).
     */
    public static boolean isKnown(final int canonicalType)
    {
        return canonicalType >= 0 && canonicalType < 256 && NAMES[canonicalType] != null;
    }

    /**
     * @param canonicalType option type in IANA numbering.
     * @return the Length the option must carry, or -1 when it is variable.
     */
    public static int fixedLength(final int canonicalType)
    {
        return canonicalType >= 0 && canonicalType < 256 ? FIXED_LENGTH[canonicalType] : -1;
    }

    /**
     * @param canonicalType option type in IANA numbering.
     * @return the smallest acceptable Length (for example 2 for a MN-ID: subtype plus at least one octet).
     */
    public static int minLength(final int canonicalType)
    {
        return canonicalType >= 0 && canonicalType < 256 ? MIN_LENGTH[canonicalType] : 0;
    }

    /**
     * @param canonicalType option type in IANA numbering.
     * @return x of the "xn+y" alignment, 0 when the option has no alignment requirement.
     */
    public static int alignX(final int canonicalType)
    {
        return canonicalType >= 0 && canonicalType < 256 ? ALIGN_X[canonicalType] : 0;
    }

    /**
     * @param canonicalType option type in IANA numbering.
     * @return y of the "xn+y" alignment.
     */
    public static int alignY(final int canonicalType)
    {
        return canonicalType >= 0 && canonicalType < 256 ? ALIGN_Y[canonicalType] : 0;
    }

    /**
     * @param canonicalType option type in IANA numbering.
     * @return true for the six RFC 8885 DMM options.
     */
    public static boolean isDmm(final int canonicalType)
    {
        return canonicalType >= ANCHORED_PREFIX && canonicalType <= DLIF_LINK_LAYER;
    }
}
