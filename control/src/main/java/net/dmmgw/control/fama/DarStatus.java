package net.dmmgw.control.fama;

/**
 * The Binding Acknowledgement statuses a DAR adds to the home agent's ({@link net.dmmgw.control.ha.HaStatus}):
 * RFC 4866's.
 */
public final class DarStatus
{
    /**
     * RFC 6275 "Expired care-of nonce index": with {@code dar.return-routability=true}, the BU moves the binding to a
     * care-of address it has not proven; the BA (sent to that address) carries a Care-of Test option when the BU
     * asked with Care-of Test Init.
     */
    public static final int CARE_OF_TEST_REQUIRED = 137;
    /** RFC 4866: the BU is authorized with a permanent home keygen token this DAR does not hold (no binding). */
    public static final int PERMANENT_HOME_KEYGEN_TOKEN_UNAVAILABLE = 147;
    /**
     * RFC 4866: CGA and signature verification failed (the home address is no CGA of the parameters, Sec too low,
     * the signature is wrong, or the BU carries no authorization at all); also our answer to a wrong permanent
     * home keygen token (see the README: RFC 6275 would drop such a BU silently).
     */
    public static final int CGA_AND_SIGNATURE_VERIFICATION_FAILED = 148;

    private DarStatus()
    {
    }
}
