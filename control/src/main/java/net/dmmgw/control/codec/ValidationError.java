package net.dmmgw.control.codec;

/**
 * Everything {@link MobilityHeaderValidator} can find wrong, each with the receiver action and code the RFCs
 * prescribe. {@link ValidationAction#REJECT_WITH_STATUS} applies to a Binding Update; on any other message the
 * validator turns it into {@link ValidationAction#DROP}.
 */
public enum ValidationError
{
    /** Nothing wrong. */
    NONE(ValidationAction.ACCEPT, 0, "valid"),
    /** Fewer octets than the 8-octet minimum or than Header Len declares. */
    TRUNCATED(ValidationAction.DROP, 0, "message shorter than Header Len declares"),
    /** Payload Proto is not 59 (RFC 6275 §6.1.1). */
    BAD_PAYLOAD_PROTO(ValidationAction.ICMP_PARAMETER_PROBLEM, 0, "Payload Proto is not 59 (No Next Header)"),
    /** Checksum over pseudo-header and MH is wrong (RFC 6275 §9.2: drop silently). */
    BAD_CHECKSUM(ValidationAction.DROP, 0, "checksum mismatch"),
    /** MH Type this node does not process (RFC 6275 §9.2: Binding Error status 2). */
    UNKNOWN_MH_TYPE(ValidationAction.BINDING_ERROR, StatusCode.BE_UNRECOGNIZED_MH_TYPE, "unrecognized MH Type"),
    /** Header Len below the minimum for the type (RFC 6275 §9.2: Parameter Problem at the Header Len octet). */
    HEADER_LEN_TOO_SMALL(ValidationAction.ICMP_PARAMETER_PROBLEM, 0, "Header Len below the minimum for the type"),
    /** An option's Type/Length or data runs past the end of the MH. */
    OPTION_OVERRUN(ValidationAction.DROP, 0, "option runs past the end of the message"),
    /** Length 0 on an option that must carry data. */
    OPTION_ZERO_LENGTH(ValidationAction.DROP, 0, "zero Length on an option that requires data"),
    /** Length differs from the option's fixed length or is below its minimum. */
    OPTION_BAD_LENGTH(ValidationAction.DROP, 0, "option Length invalid for its type"),
    /** A field inside an option is out of range (e.g. prefix length above 128). */
    OPTION_BAD_VALUE(ValidationAction.DROP, 0, "option field out of range"),
    /** Binding Authorization Data is followed by another option (RFC 6275 §6.2.7). */
    BAD_NOT_LAST(ValidationAction.DROP, 0, "Binding Authorization Data is not the last option"),
    /** CGA Parameters options are not consecutive (RFC 4866 §5.1: cannot be reassembled). */
    CGA_PARAMETERS_NOT_CONSECUTIVE(ValidationAction.REJECT_WITH_STATUS,
        StatusCode.CGA_AND_SIGNATURE_VERIFICATION_FAILED, "CGA Parameters options are not consecutive"),
    /** A DMM option in a message without the D flag (RFC 8885: DMM options only with D = 1). */
    DMM_OPTION_WITHOUT_D_FLAG(ValidationAction.REJECT_WITH_STATUS, StatusCode.REASON_UNSPECIFIED,
        "DMM option in a message whose D flag is clear"),
    /** PBU without MN-ID (RFC 5213 §5.3.1 check 3). */
    MISSING_MN_IDENTIFIER(ValidationAction.REJECT_WITH_STATUS, StatusCode.MISSING_MN_IDENTIFIER_OPTION,
        "PBU without Mobile Node Identifier option"),
    /** PBU with more than one MN-ID (RFC 5213 requires exactly one; the RFC names no status, 128 is used). */
    DUPLICATE_MN_IDENTIFIER(ValidationAction.REJECT_WITH_STATUS, StatusCode.REASON_UNSPECIFIED,
        "PBU with more than one Mobile Node Identifier option"),
    /** PBU without HNP (RFC 5213 §5.3.1 check 7). */
    MISSING_HOME_NETWORK_PREFIX(ValidationAction.REJECT_WITH_STATUS, StatusCode.MISSING_HOME_NETWORK_PREFIX_OPTION,
        "PBU without Home Network Prefix option"),
    /** PBU without Handoff Indicator (RFC 5213 §5.3.1 check 8). */
    MISSING_HANDOFF_INDICATOR(ValidationAction.REJECT_WITH_STATUS, StatusCode.MISSING_HANDOFF_INDICATOR_OPTION,
        "PBU without Handoff Indicator option"),
    /** PBU without Access Technology Type (RFC 5213 §5.3.1 check 9). */
    MISSING_ACCESS_TECH_TYPE(ValidationAction.REJECT_WITH_STATUS, StatusCode.MISSING_ACCESS_TECH_TYPE_OPTION,
        "PBU without Access Technology Type option");

    private final ValidationAction action;
    private final int code;
    private final String description;

    ValidationError(final ValidationAction action, final int code, final String description)
    {
        this.action = action;
        this.code = code;
        this.description = description;
    }

    /** @return receiver action for a Binding Update. */
    public ValidationAction action()
    {
        return action;
    }

    /** @return BA status for {@link ValidationAction#REJECT_WITH_STATUS}, Binding Error status, or 0. */
    public int code()
    {
        return code;
    }

    /** @return human-readable description. */
    public String description()
    {
        return description;
    }
}
