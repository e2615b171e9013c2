package net.dmmgw.fastpath.pipeline;

/**
 * Where {@link Pipeline#processBurst(PacketContext[], int, BurstOutput)} hands each packet of a burst once its
 * outcome is final, from the action pass itself: the data-plane worker queues a transmitted mbuf for its egress
 * port there, so the burst is not walked once more after the pipeline. One implementation per process on the
 * hot path (the worker's), so the calls stay monomorphic and inline.
 */
public interface BurstOutput
{
    /** Hands nothing anywhere: the outcome stays in the contexts only. */
    BurstOutput NONE = new BurstOutput()
    {
        @Override
        public void transmit(final int index, final int port, final long address, final int length)
        {
        }

        @Override
        public void notTransmitted(final int index, final PacketContext ctx)
        {
        }
    };

    /**
     * Packet {@code index} of the burst is {@link Verdict#TRANSMIT}ted.
     *
     * @param index   its index in the burst.
     * @param port    egress port.
     * @param address absolute address of the frame to send (at or before the received frame).
     * @param length  its length.
     */
    void transmit(int index, int port, long address, int length);

    /**
     * Packet {@code index} of the burst is not transmitted as received: {@link Verdict#TRANSMIT_GENERATED},
     * {@link Verdict#PUNT} (already handed to the punt handler) or {@link Verdict#DROP}; counted already.
     *
     * @param index its index in the burst.
     * @param ctx   its context.
     */
    void notTransmitted(int index, PacketContext ctx);
}
