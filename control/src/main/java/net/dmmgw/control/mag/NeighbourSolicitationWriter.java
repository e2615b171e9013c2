package net.dmmgw.control.mag;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The multicast Neighbour Solicitation (RFC 4861 §4.3, §7.2.2) with which a node resolves a neighbour's link-layer
 * address: to the target's solicited-node multicast address (ff02::1:ffXX:XXXX, Ethernet 33:33:ff:XX:XX:XX), from
 * the sending port's address, Hop Limit 255, Source Link-layer Address option = the port's MAC. One reused buffer.
 */
public final class NeighbourSolicitationWriter
{
    private static final int NS_LENGTH = 24 + 8;
    private static final long SOLICITED_NODE_HI = 0xFF02_0000_0000_0000L;
    private static final long SOLICITED_NODE_LO = 0x0000_0001_FF00_0000L;
    private static final long SOLICITED_NODE_MAC = 0x3333_FF00_0000L;

    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(NdFrames.ICMP + NS_LENGTH));

    /**
     * Writes a solicitation for {@code target} from a port.
     *
     * @return the frame length ({@link #frame()} holds it).
     */
    public int write(final long sourceMac, final long sourceHi, final long sourceLo, final long targetHi,
        final long targetLo)
    {
        final UnsafeBuffer f = frame;
        final long low24 = targetLo & 0xFF_FFFFL;
        NdFrames.headers(f, SOLICITED_NODE_MAC | low24, sourceMac, sourceHi, sourceLo, SOLICITED_NODE_HI,
            SOLICITED_NODE_LO | low24, NS_LENGTH);
        final int at = NdFrames.ICMP;
        f.putByte(at, (byte)NeighbourDiscoveryFrame.NEIGHBOUR_SOLICITATION);
        f.putByte(at + 1, (byte)0);
        f.putInt(at + 4, 0);
        f.putLong(at + 8, targetHi, ByteOrder.BIG_ENDIAN);
        f.putLong(at + 16, targetLo, ByteOrder.BIG_ENDIAN);
        f.putByte(at + 24, (byte)1); // Source Link-layer Address
        f.putByte(at + 25, (byte)1);
        NdFrames.putMac(f, at + 26, sourceMac);
        return NdFrames.checksum(f, NS_LENGTH);
    }

    /** @return the buffer the last frame was written into. */
    public DirectBuffer frame()
    {
        return frame;
    }
}
