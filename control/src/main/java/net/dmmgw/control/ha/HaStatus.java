package net.dmmgw.control.ha;

/** The Binding Acknowledgement statuses the home agent sends (RFC 6275 §6.1.8, RFC 4285, RFC 5213). */
public final class HaStatus
{
    /** Binding Update accepted. */
    public static final int ACCEPTED = 0;
    /** Reason unspecified (the data plane refused or did not answer). */
    public static final int REASON_UNSPECIFIED = 128;
    /** Administratively prohibited ({@code mn.NAME.enabled=false}). */
    public static final int ADMINISTRATIVELY_PROHIBITED = 129;
    /** Home registration not supported (H clear: this node is no correspondent node). */
    public static final int HOME_REGISTRATION_NOT_SUPPORTED = 131;
    /** Not home subnet (the home address is outside the home prefix). */
    public static final int NOT_HOME_SUBNET = 132;
    /** Not home agent for this mobile node (unknown home address, NAI mismatch, de-registering no binding). */
    public static final int NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE = 133;
    /** Sequence number out of window (the BA carries the last accepted number). */
    public static final int SEQUENCE_NUMBER_OUT_OF_WINDOW = 135;
    /** Registration type change disallowed (H clear for a home binding). */
    public static final int REGISTRATION_TYPE_CHANGE_DISALLOWED = 139;
    /** RFC 4285: the MN-HA authentication option is missing or wrong. */
    public static final int MIPV6_AUTH_FAIL = 146;
    /** RFC 5213: P set, this node does not serve proxy registrations. */
    public static final int PROXY_REG_NOT_ENABLED = 152;
    /** Invalid care-of address (unspecified, loopback, multicast, link-local, or on the home link without being the home address). */
    public static final int INVALID_CARE_OF_ADDRESS = 174;

    private HaStatus()
    {
    }
}
