package net.dmmgw.fastpath.pipeline;

/**
 * RFC 6438: the outer flow label of a tunnelled packet, derived from the inner flow so that ECMP inside the tunnel
 * spreads load while keeping each flow on one path. The one Java definition: the data plane's encapsulation and
 * perf's {@code JavaEncapRef} call it; {@code perf/rate.d/encap_ref.c} and {@code gen_inputs.py} restate it in
 * their languages, so that outputs compare bit for bit.
 */
public final class FlowLabel
{
    private FlowLabel()
    {
    }

    /**
     * @param srcHi         inner source, octets 0..7.
     * @param srcLo         inner source, octets 8..15.
     * @param dstHi         inner destination, octets 0..7.
     * @param dstLo         inner destination, octets 8..15.
     * @param innerLabel    the inner flow label (low 20 bits used).
     * @param upperProtocol the inner upper-layer protocol.
     * @return the 20-bit label, never 0.
     */
    public static int derive(
        final long srcHi, final long srcLo, final long dstHi, final long dstLo, final int innerLabel,
        final int upperProtocol)
    {
        long h = srcHi * 0x9E3779B97F4A7C15L;
        h = (h ^ srcLo) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ dstHi) * 0x9E3779B97F4A7C15L;
        h = (h ^ dstLo) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ ((long)(innerLabel & 0xFFFFF) << 8 | upperProtocol)) * 0x9E3779B97F4A7C15L;
        final int label = (int)(h >>> 44) & 0xFFFFF;
        return label == 0 ? 1 : label;
    }
}
