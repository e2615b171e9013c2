package net.dmmgw.control.lma;

import java.nio.charset.StandardCharsets;

import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.control.codec.OptionType;
import net.dmmgw.control.location.MessageOrdering;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.UnsafeBuffer;

/** PBUs from our own encoder, for tests that are about state rather than wire interop (those use scapy). */
final class PbuBuilder
{
    private static final byte[] ALL_ZERO = new byte[16];
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    private final MobilityHeaderEncoder encoder = new MobilityHeaderEncoder();

    /**
     * @param prefix null for ALL_ZERO, else the /64 to re-register.
     * @return the MH.
     */
    byte[] pbu(final String mag, final String nai, final int seq, final int lifetimeUnits, final int hi,
        final String prefix, final long nowMs)
    {
        return pbu(mag, nai, seq, lifetimeUnits, hi, prefix, nowMs, 4, null);
    }

    /**
     * @param att Access Technology Type.
     * @param linkLayer the MN-LL-ID, or null for none.
     * @return the MH.
     */
    byte[] pbu(final String mag, final String nai, final int seq, final int lifetimeUnits, final int hi,
        final String prefix, final long nowMs, final int att, final byte[] linkLayer)
    {
        final byte[] id = nai.getBytes(StandardCharsets.US_ASCII);
        encoder.wrap(buffer, 0, buffer.capacity()).begin(MhType.BINDING_UPDATE).bindingUpdate()
            .sequence(seq).flags(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_P)
            .lifetime(lifetimeUnits);
        encoder.homeNetworkPrefix(prefix == null ? 0 : 64, prefix == null ? ALL_ZERO : Ipv6Words.bytes(prefix))
            .mobileNodeIdentifier(1, id, 0, id.length);
        final long ts = MessageOrdering.timestampOfMillis(nowMs);
        encoder.timestamp(ts >>> 16, (int)(ts & 0xFFFF)).handoffIndicator(hi).accessTechnologyType(att);
        if (linkLayer != null)
        {
            encoder.linkLayerOption(OptionType.MN_LINK_LAYER_IDENTIFIER, linkLayer);
        }
        final int length = encoder.finish(Ipv6Words.bytes(mag), Ipv6Words.bytes(LmaRig.LMA));
        final byte[] out = new byte[length];
        buffer.getBytes(0, out);
        return out;
    }
}
