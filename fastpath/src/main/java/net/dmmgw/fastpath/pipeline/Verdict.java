package net.dmmgw.fastpath.pipeline;

/**
 * What the caller must do with a processed packet.
 */
public enum Verdict
{
    /** Transmit the (rewritten) frame at {@link PacketContext#outAddress()} on the egress port. */
    TRANSMIT,
    /**
     * The packet was dropped ({@link PacketContext#dropReason()}) and an ICMPv6 error was written into
     * the caller's error buffer: transmit that frame ({@link PacketContext#outAddress()}) on the egress
     * port and free the original.
     */
    TRANSMIT_GENERATED,
    /** The punt handler took a copy; free the original. */
    PUNT,
    /** Free the packet; the reason is counted. */
    DROP
}
