package net.dmmgw.control.mag;

import java.nio.ByteBuffer;

import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.control.codec.OptionType;
import net.dmmgw.control.location.BindingCacheEntry;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes the MAG's PBU (RFC 5213 §6.9.1.5, wire-formats §4.7) into one reused buffer: A = H = P = 1 (L, K, M,
 * R = 0), the session's HNPs (ALL_ZERO before the first PBA), MN-ID (NAI), HI, ATT, MN-LL-ID (the node's MAC) and
 * the Timestamp when one is given, and the request form of the LMA User-Plane Address option (RFC 7389, no address)
 * when configured; no Home Address option. No allocation.
 */
final class ProxyBindingUpdateWriter
{
    private static final int CAPACITY = 512;
    private static final byte[] ALL_ZERO = new byte[16];

    private final MobilityHeaderEncoder encoder = new MobilityHeaderEncoder();
    private final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY));
    private final byte[] prefix = new byte[16];
    private final byte[] source;
    private final byte[] destination;
    private final boolean requestUserPlane;

    /**
     * @param source the MAG's address (Proxy-CoA).
     * @param destination the LMA's address.
     * @param requestUserPlane whether every PBU asks for the LMA's user-plane address (RFC 7389 request form).
     */
    ProxyBindingUpdateWriter(final byte[] source, final byte[] destination, final boolean requestUserPlane)
    {
        this.source = source.clone();
        this.destination = destination.clone();
        this.requestUserPlane = requestUserPlane;
    }

    /**
     * @param timestamp 48.16 Timestamp option, or -1 for none (sequence-number mode).
     * @return the MH length in {@link #buffer()}, -1 if it did not fit.
     */
    int write(final MagSession s, final int sequence, final int lifetime, final int handoffIndicator,
        final long timestamp)
    {
        final BindingCacheEntry e = s.entry;
        final MobilityHeaderEncoder enc = encoder.wrap(out, 0, CAPACITY).begin(MhType.BINDING_UPDATE);
        enc.bindingUpdate().sequence(sequence)
            .flags(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_P).lifetime(lifetime);
        if (e.prefixCount() == 0)
        {
            enc.homeNetworkPrefix(0, ALL_ZERO);
        }
        for (int i = 0; i < e.prefixCount(); i++)
        {
            final long hi = e.prefix(i);
            for (int b = 0; b < 8; b++)
            {
                prefix[b] = (byte)(hi >>> (56 - 8 * b));
            }
            enc.homeNetworkPrefix(64, prefix);
        }
        enc.mobileNodeIdentifier(1, e.mnId(), 0, e.mnId().length)
            .handoffIndicator(handoffIndicator)
            .accessTechnologyType(e.accessTechnologyType())
            .linkLayerOption(OptionType.MN_LINK_LAYER_IDENTIFIER, s.macOctets);
        if (timestamp != -1)
        {
            enc.timestamp(timestamp >>> 16, (int)(timestamp & 0xFFFF));
        }
        if (requestUserPlane)
        {
            enc.lmaUserPlaneAddress(null);
        }
        return enc.finish(source, destination);
    }

    /** @return the buffer of the last PBU. */
    DirectBuffer buffer()
    {
        return out;
    }
}
