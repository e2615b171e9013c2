package net.dmmgw.control.codec;

/**
 * Mobility Header message types (IANA "Mobility Header Types") and the fixed-part length of those this codec
 * decodes.
 */
public final class MhType
{
    /** Binding Refresh Request, RFC 6275. */
    public static final int BINDING_REFRESH_REQUEST = 0;
    /** Home Test Init, RFC 6275. */
    public static final int HOME_TEST_INIT = 1;
    /** Care-of Test Init, RFC 6275. */
    public static final int CARE_OF_TEST_INIT = 2;
    /** Home Test, RFC 6275. */
    public static final int HOME_TEST = 3;
    /** Care-of Test, RFC 6275. */
    public static final int CARE_OF_TEST = 4;
    /** Binding Update (a Proxy Binding Update when P is set), RFC 6275 / RFC 5213. */
    public static final int BINDING_UPDATE = 5;
    /** Binding Acknowledgement (a PBA when P is set), RFC 6275 / RFC 5213. */
    public static final int BINDING_ACK = 6;
    /** Binding Error, RFC 6275. */
    public static final int BINDING_ERROR = 7;
    /** Heartbeat, RFC 5847. */
    public static final int HEARTBEAT = 13;
    /** Binding Revocation (BRI / BRA), RFC 5846. */
    public static final int BINDING_REVOCATION = 16;

    /** Offset of the first octet after the 6-octet common header. */
    public static final int MESSAGE_DATA_OFFSET = 6;

    private static final String[] NAMES = {
        "Binding Refresh Request", "Home Test Init", "Care-of Test Init", "Home Test", "Care-of Test",
        "Binding Update", "Binding Acknowledgement", "Binding Error", "Fast Binding Update",
        "Fast Binding Acknowledgment", "Fast Neighbor Advertisement", "Experimental Mobility Header",
        "Home Agent Switch", "Heartbeat", "Handover Initiate", "Handover Acknowledge", "Binding Revocation",
        "Localized Routing Initiation", "Localized Routing Acknowledgment", "Update Notification",
        "Update Notification Acknowledgement", "Flow Binding Message", "Subscription Query",
        "Subscription Response" };

    /** Offset where options start, per type this codec decodes; -1 for the others. */
    private static final int[] OPTIONS_OFFSET = new int[256];

    static
    {
        java.util.Arrays.fill(OPTIONS_OFFSET, -1);
        OPTIONS_OFFSET[BINDING_REFRESH_REQUEST] = 8;
        OPTIONS_OFFSET[HOME_TEST_INIT] = 16;
        OPTIONS_OFFSET[CARE_OF_TEST_INIT] = 16;
        OPTIONS_OFFSET[HOME_TEST] = 24;
        OPTIONS_OFFSET[CARE_OF_TEST] = 24;
        OPTIONS_OFFSET[BINDING_UPDATE] = 12;
        OPTIONS_OFFSET[BINDING_ACK] = 12;
        OPTIONS_OFFSET[BINDING_ERROR] = 24;
        OPTIONS_OFFSET[HEARTBEAT] = 12;
        OPTIONS_OFFSET[BINDING_REVOCATION] = 12;
    }

    private MhType()
    {
    }

    /**
     * @param type MH Type octet.
     * @return IANA name, or "Unassigned".
     */
    public static String name(final int type)
    {
        return type >= 0 && type < NAMES.length ? NAMES[type] : "Unassigned";
    }

    /**
     * @param type MH Type octet.
     * @return true when this codec decodes the type (and so does not answer it with Binding Error status 2).
     */
    public static boolean isSupported(final int type)
    {
        return type >= 0 && type < 256 && OPTIONS_OFFSET[type] >= 0;
    }

    /**
     * @param type a supported MH Type.
     * @return offset of the first option (the end of the fixed part), or -1 if the type is not supported.
     */
    public static int optionsOffset(final int type)
    {
        return type >= 0 && type < 256 ? OPTIONS_OFFSET[type] : -1;
    }

    /**
     * @param type a supported MH Type.
     * @return smallest legal Header Len for the type (fixed part rounded up to 8 octets, minus the first 8).
     */
    public static int minHeaderLen(final int type)
    {
        final int fixed = optionsOffset(type);
        return fixed < 0 ? 0 : ((fixed + 7) >> 3) - 1;
    }
}
