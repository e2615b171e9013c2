package net.dmmgw.control.mag;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The solicited Neighbour Advertisement (RFC 4861 §4.4, §7.2.4) with which a MAG answers a mobile node's Neighbour
 * Solicitation for the MAG's fixed link-local address: without it the node's entry for its default router goes
 * from DELAY to PROBE to FAILED (Neighbour Unreachability Detection) and its uplink stops until the next RA. Flags
 * R = S = O = 1, Target = the link-local, Target Link-layer Address option = the MAG's fixed MAC. One reused buffer.
 */
public final class NeighbourAdvertisementWriter
{
    private static final int NA_LENGTH = 24 + 8;
    private static final int FLAGS_R_S_O = 0xE000_0000;

    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(NdFrames.ICMP + NA_LENGTH));
    private final long sourceMac;
    private final byte[] linkLocal;

    /**
     * @param sourceMac the MAG's fixed MAC.
     * @param linkLocal the MAG's fixed link-local address (16 octets).
     */
    public NeighbourAdvertisementWriter(final long sourceMac, final byte[] linkLocal)
    {
        this.sourceMac = sourceMac;
        this.linkLocal = linkLocal.clone();
    }

    /**
     * Writes the answer to a solicitation from a unicast source.
     *
     * @return the frame length ({@link #frame()} holds it).
     */
    public int write(final long destinationMac, final long destinationHi, final long destinationLo)
    {
        final UnsafeBuffer f = frame;
        NdFrames.headers(f, destinationMac, sourceMac, linkLocal, destinationHi, destinationLo, NA_LENGTH);
        final int at = NdFrames.ICMP;
        f.putByte(at, (byte)NeighbourDiscoveryFrame.NEIGHBOUR_ADVERTISEMENT);
        f.putByte(at + 1, (byte)0);
        f.putInt(at + 4, FLAGS_R_S_O, ByteOrder.BIG_ENDIAN);
        f.putBytes(at + 8, linkLocal);
        f.putByte(at + 24, (byte)2); // Target Link-layer Address
        f.putByte(at + 25, (byte)1);
        NdFrames.putMac(f, at + 26, sourceMac);
        return NdFrames.checksum(f, NA_LENGTH);
    }

    /** @return the buffer the last frame was written into. */
    public DirectBuffer frame()
    {
        return frame;
    }
}
