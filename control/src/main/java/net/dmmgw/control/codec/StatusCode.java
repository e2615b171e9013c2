package net.dmmgw.control.codec;

/**
 * Binding Acknowledgement status codes (IANA "Status Codes" registry, complete as of RFC 8278), with the registry
 * names, plus Binding Error status values.
 */
public final class StatusCode
{
    /** Binding Update accepted / Proxy Binding Update accepted. */
    public static final int ACCEPTED = 0;
    /** Lowest rejection code: values below it mean the binding was accepted. */
    public static final int FIRST_REJECTION = 128;
    /** Reason unspecified. */
    public static final int REASON_UNSPECIFIED = 128;
    /** Administratively prohibited. */
    public static final int ADMINISTRATIVELY_PROHIBITED = 129;
    /** Insufficient resources. */
    public static final int INSUFFICIENT_RESOURCES = 130;
    /** Home registration not supported. */
    public static final int HOME_REGISTRATION_NOT_SUPPORTED = 131;
    /** Sequence number out of window. */
    public static final int SEQUENCE_NUMBER_OUT_OF_WINDOW = 135;
    /** MIPV6-MESG-ID-REQD (RFC 4285). */
    public static final int MIPV6_MESG_ID_REQD = 145;
    /** MIPV6-AUTH-FAIL (RFC 4285). */
    public static final int MIPV6_AUTH_FAIL = 146;
    /** CGA and signature verification failed (RFC 4866). */
    public static final int CGA_AND_SIGNATURE_VERIFICATION_FAILED = 148;
    /** PROXY_REG_NOT_ENABLED (RFC 5213). */
    public static final int PROXY_REG_NOT_ENABLED = 152;
    /** TIMESTAMP_MISMATCH (RFC 5213). */
    public static final int TIMESTAMP_MISMATCH = 156;
    /** MISSING_HOME_NETWORK_PREFIX_OPTION (RFC 5213). */
    public static final int MISSING_HOME_NETWORK_PREFIX_OPTION = 158;
    /** MISSING_MN_IDENTIFIER_OPTION (RFC 5213). */
    public static final int MISSING_MN_IDENTIFIER_OPTION = 160;
    /** MISSING_HANDOFF_INDICATOR_OPTION (RFC 5213). */
    public static final int MISSING_HANDOFF_INDICATOR_OPTION = 161;
    /** MISSING_ACCESS_TECH_TYPE_OPTION (RFC 5213). */
    public static final int MISSING_ACCESS_TECH_TYPE_OPTION = 162;

    /** Binding Error status 1: unknown binding for Home Address destination option. */
    public static final int BE_UNKNOWN_BINDING_FOR_HOME_ADDRESS = 1;
    /** Binding Error status 2: unrecognized MH Type value. */
    public static final int BE_UNRECOGNIZED_MH_TYPE = 2;

    private static final String[] NAMES = new String[256];

    static
    {
        final String[] accepted = {
            "Binding Update accepted", "Accepted but prefix discovery necessary", "GRE_KEY_OPTION_NOT_REQUIRED",
            "GRE_TUNNELING_BUT_TLV_HEADER_NOT_SUPPORTED", "MCOA NOTCOMPLETE", "MCOA RETURNHOME WO/NDP",
            "PBU_ACCEPTED_TB_IGNORED_SETTINGSMISMATCH" };
        final String[] rejected = {
            "Reason unspecified", "Administratively prohibited", "Insufficient resources",
            "Home registration not supported", "Not home subnet", "Not home agent for this mobile node",
            "Duplicate Address Detection failed", "Sequence number out of window", "Expired home nonce index",
            "Expired care-of nonce index", "Expired nonces", "Registration type change disallowed",
            "Mobile Router Operation not permitted", "Invalid Prefix", "Not Authorized for Prefix",
            "Forwarding Setup failed (prefixes missing)", "MIPV6-ID-MISMATCH", "MIPV6-MESG-ID-REQD",
            "MIPV6-AUTH-FAIL", "Permanent home keygen token unavailable", "CGA and signature verification failed",
            "Permanent home keygen token exists", "Non-null home nonce index expected",
            "SERVICE_AUTHORIZATION_FAILED", "PROXY_REG_NOT_ENABLED", "NOT_LMA_FOR_THIS_MOBILE_NODE",
            "MAG_NOT_AUTHORIZED_FOR_PROXY_REG", "NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX", "TIMESTAMP_MISMATCH",
            "TIMESTAMP_LOWER_THAN_PREV_ACCEPTED", "MISSING_HOME_NETWORK_PREFIX_OPTION",
            "BCE_PBU_PREFIX_SET_DO_NOT_MATCH", "MISSING_MN_IDENTIFIER_OPTION", "MISSING_HANDOFF_INDICATOR_OPTION",
            "MISSING_ACCESS_TECH_TYPE_OPTION", "GRE_KEY_OPTION_REQUIRED", "MCOA MALFORMED",
            "MCOA NON-MCOA BINDING EXISTS", "MCOA PROHIBITED", "MCOA UNKNOWN COA", "MCOA BULK REGISTRATION PROHIBITED",
            "MCOA SIMULTANEOUS HOME AND FOREIGN PROHIBITED", "NOT_AUTHORIZED_FOR_IPV4_MOBILITY_SERVICE",
            "NOT_AUTHORIZED_FOR_IPV4_HOME_ADDRESS", "NOT_AUTHORIZED_FOR_IPV6_MOBILITY_SERVICE",
            "MULTIPLE_IPV4_HOME_ADDRESS_ASSIGNMENT_NOT_SUPPORTED", "Invalid Care-of Address",
            "INVALID_MOBILE_NODE_GROUP_IDENTIFIER", "REINIT_SA_WITH_HAC", "NOT_AUTHORIZED_FOR_DELEGATED_MNP",
            "REQUESTED_DMNP_IN_USE", "CANNOT_MEET_QOS_SERVICE_REQUEST", "CANNOT_SUPPORT_MULTIPATH_BINDING" };
        System.arraycopy(accepted, 0, NAMES, 0, accepted.length);
        System.arraycopy(rejected, 0, NAMES, FIRST_REJECTION, rejected.length);
    }

    private StatusCode()
    {
    }

    /**
     * @param status BA status octet.
     * @return IANA registry name, or "Unassigned".
     */
    public static String name(final int status)
    {
        final String name = status >= 0 && status < 256 ? NAMES[status] : null;
        return name != null ? name : "Unassigned";
    }

    /**
     * @param status BA status octet.
     * @return true when the status means the binding was accepted (below 128).
     */
    public static boolean isAccepted(final int status)
    {
        return status < FIRST_REJECTION;
    }

    /**
     * @param status Binding Error status octet.
     * @return RFC 6275 name of the Binding Error status.
     */
    public static String bindingErrorName(final int status)
    {
        switch (status)
        {
            case BE_UNKNOWN_BINDING_FOR_HOME_ADDRESS:
                return "Unknown binding for Home Address destination option";
            case BE_UNRECOGNIZED_MH_TYPE:
                return "Unrecognized MH Type value";
            default:
                return "Unassigned";
        }
    }
}
