package net.dmmgw.control.mag;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The solicited Neighbour Advertisement (RFC 4861 §4.4, §7.2.4) with which a node answers a Neighbour Solicitation
 * for one of its addresses: a MAG for its fixed link-local (without it a mobile node's entry for its default router
 * goes from DELAY to PROBE to FAILED and its uplink stops until the next RA), a control process for its role's
 * address on its data plane's signalling port (a router on the core resolving it). Flags R = S = O = 1 (all of
 * them are routers), Target = source = the address, Target Link-layer Address option = the MAC. One reused buffer.
 */
public final class NeighbourAdvertisementWriter
{
    private static final int NA_LENGTH = 24 + 8;
    private static final int FLAGS_R_S_O = 0xE000_0000;

    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(NdFrames.ICMP + NA_LENGTH));
    private final long sourceMac;
    private final byte[] address;
    private final byte[] scratch = new byte[16];

    /**
     * @param sourceMac the MAC advertised (and the frame's source).
     * @param address the address advertised (and the packet's source; 16 octets).
     */
    public NeighbourAdvertisementWriter(final long sourceMac, final byte[] address)
    {
        this.sourceMac = sourceMac;
        this.address = address.clone();
    }

    /**
     * Writes the answer to a solicitation from a unicast source.
     *
     * @return the frame length ({@link #frame()} holds it).
     */
    public int write(final long destinationMac, final long destinationHi, final long destinationLo)
    {
        return write(sourceMac, address, destinationMac, destinationHi, destinationLo);
    }

    /**
     * Writes the answer for another identity of the same node (a DLIF's logical MAC and link-local, RFC 8885 §3.6).
     *
     * @return the frame length ({@link #frame()} holds it).
     */
    public int write(final long advertisedMac, final long advertisedHi, final long advertisedLo,
        final long destinationMac, final long destinationHi, final long destinationLo)
    {
        for (int b = 0; b < 8; b++)
        {
            scratch[b] = (byte)(advertisedHi >>> (56 - 8 * b));
            scratch[8 + b] = (byte)(advertisedLo >>> (56 - 8 * b));
        }
        return write(advertisedMac, scratch, destinationMac, destinationHi, destinationLo);
    }

    private int write(final long sourceMac, final byte[] address, final long destinationMac, final long destinationHi,
        final long destinationLo)
    {
        final UnsafeBuffer f = frame;
        NdFrames.headers(f, destinationMac, sourceMac, address, destinationHi, destinationLo, NA_LENGTH);
        final int at = NdFrames.ICMP;
        f.putByte(at, (byte)NeighbourDiscoveryFrame.NEIGHBOUR_ADVERTISEMENT);
        f.putByte(at + 1, (byte)0);
        f.putInt(at + 4, FLAGS_R_S_O, ByteOrder.BIG_ENDIAN);
        f.putBytes(at + 8, address);
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
