package net.dmmgw.control.codec.cga;

/** Outcome of verifying an address against CGA Parameters (RFC 3972 §5). Any value but VALID maps to BA 148. */
public enum CgaVerification
{
    /** The address is a CGA of these parameters. */
    VALID,
    /** The parameters cannot be parsed. */
    MALFORMED_PARAMETERS,
    /** Collision Count is not 0, 1 or 2. */
    BAD_COLLISION_COUNT,
    /** The Subnet Prefix differs from the address's /64. */
    PREFIX_MISMATCH,
    /** Hash1 differs from the interface identifier (Sec and u/g bits ignored). */
    HASH1_MISMATCH,
    /** The leftmost 16 × Sec bits of Hash2 are not zero. */
    HASH2_SEC_CHECK_FAILED
}
