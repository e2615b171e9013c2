package net.dmmgw.fastpath.pipeline;

/**
 * Receives punted packets. The IPC layer implements it by offering the frame to an Aeron
 * publication; it must copy the frame before returning and must not block or allocate.
 */
@FunctionalInterface
public interface PuntHandler
{
    /** Accepts nothing: punted packets are counted per reason and dropped as {@link DropReason#PUNT_REJECTED}. */
    PuntHandler COUNTED_DROP = (frame, length, port, reason) -> false;

    /**
     * @param frame  absolute address of the frame, as received.
     * @param length frame length.
     * @param port   ingress port.
     * @param reason why it is punted.
     * @return true if taken (copied), false if it must be dropped.
     */
    boolean onPunt(long frame, int length, int port, PuntReason reason);
}
