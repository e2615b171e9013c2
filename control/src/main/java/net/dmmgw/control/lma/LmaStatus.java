package net.dmmgw.control.lma;

/** PBA status values the LMA sends (RFC 5213 §8.9, RFC 5844), beyond those named in the codec's StatusCode. */
public final class LmaStatus
{
    /** Accepted. */
    public static final int ACCEPTED = 0;
    /** Reason unspecified (also: the data plane refused the change). */
    public static final int REASON_UNSPECIFIED = 128;
    /** No prefix left in the pool. */
    public static final int INSUFFICIENT_RESOURCES = 130;
    /** Sequence number not newer (sequence-number mode). */
    public static final int SEQUENCE_NUMBER_OUT_OF_WINDOW = 135;
    /** RFC 4285: the MN-HA authenticator did not verify. */
    public static final int MIPV6_AUTH_FAIL = 146;
    /** Proxy registration not enabled. */
    public static final int PROXY_REG_NOT_ENABLED = 152;
    /** This LMA does not serve the MN. */
    public static final int NOT_LMA_FOR_THIS_MOBILE_NODE = 153;
    /** The MAG is not a configured peer. */
    public static final int MAG_NOT_AUTHORIZED_FOR_PROXY_REG = 154;
    /** A requested HNP is not the MN's. */
    public static final int NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX = 155;
    /** Timestamp outside the validity window (or missing in timestamp mode). */
    public static final int TIMESTAMP_MISMATCH = 156;
    /** Timestamp not later than the last accepted one. */
    public static final int TIMESTAMP_LOWER_THAN_PREV_ACCEPTED = 157;
    /** No HNP option. */
    public static final int MISSING_HOME_NETWORK_PREFIX_OPTION = 158;
    /** Requested HNP set differs from the BCE's. */
    public static final int BCE_PBU_PREFIX_SET_DO_NOT_MATCH = 159;
    /** No MN-ID option. */
    public static final int MISSING_MN_IDENTIFIER_OPTION = 160;
    /** No Handoff Indicator option. */
    public static final int MISSING_HANDOFF_INDICATOR_OPTION = 161;
    /** No ATT option. */
    public static final int MISSING_ACCESS_TECH_TYPE_OPTION = 162;
    /** RFC 5844: IPv4 mobility is not offered by this LMA. */
    public static final int NOT_AUTHORIZED_FOR_IPV4_MOBILITY_SERVICE = 170;

    private LmaStatus()
    {
    }
}
