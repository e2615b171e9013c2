package net.dmmgw.control.lma;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.dmmgw.control.codec.BindingAck;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityHeaderValidator;
import net.dmmgw.control.codec.MobilityOption;
import net.dmmgw.control.codec.MobilityOptionIterator;
import net.dmmgw.control.codec.OptionType;
import net.dmmgw.control.codec.ValidationResult;
import net.dmmgw.control.node.InMemorySignallingTransport;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A PBA the LMA sent, validated (checksum over its addresses) and decoded with our codec. */
record Pba(String source, String destination, int status, int flags, int sequence, int lifetime,
    List<String> prefixes, String mnId, int handoffIndicator, int accessTechnologyType, long timestamp,
    byte[] linkLayer, byte[] raw)
{
    static Pba of(final InMemorySignallingTransport.Message m)
    {
        final UnsafeBuffer b = new UnsafeBuffer(m.mh());
        final ValidationResult result = new ValidationResult();
        assertTrue(new MobilityHeaderValidator().validate(b, 0, m.mh().length, m.source(), m.destination(), result),
            result.toString());
        final MobilityHeaderDecoder d = new MobilityHeaderDecoder().wrap(b, 0, m.mh().length);
        assertEquals(MhType.BINDING_ACK, d.mhType());
        final BindingAck ba = d.bindingAck();
        final List<String> prefixes = new ArrayList<>();
        String mnId = null;
        int hi = -1;
        int att = -1;
        long ts = -1;
        byte[] ll = null;
        final MobilityOptionIterator it = d.options(new MobilityOptionIterator());
        while (it.next())
        {
            final MobilityOption o = it.option();
            switch (o.type())
            {
                case OptionType.HOME_NETWORK_PREFIX -> {
                    final byte[] p = new byte[16];
                    b.getBytes(o.prefixOffset(), p);
                    prefixes.add(text(p) + "/" + o.prefixLength());
                }
                case OptionType.MN_IDENTIFIER -> {
                    final byte[] id = new byte[o.identifierLength()];
                    b.getBytes(o.identifierOffset(), id);
                    mnId = new String(id);
                }
                case OptionType.HANDOFF_INDICATOR -> hi = o.indicator();
                case OptionType.ACCESS_TECHNOLOGY_TYPE -> att = o.indicator();
                case OptionType.TIMESTAMP -> ts = o.value64();
                case OptionType.MN_LINK_LAYER_IDENTIFIER -> {
                    ll = new byte[o.linkLayerLength()];
                    b.getBytes(o.linkLayerOffset(), ll);
                }
                default -> {
                }
            }
        }
        return new Pba(text(m.source()), text(m.destination()), ba.status(), ba.flags(), ba.sequence(),
            ba.lifetime(), prefixes, mnId, hi, att, ts, ll, m.mh());
    }

    static String text(final byte[] address)
    {
        try
        {
            return InetAddress.getByAddress(address).getHostAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException(ex);
        }
    }

    /** @return the form {@link #text} gives, for comparisons. */
    static String norm(final String address)
    {
        try
        {
            return InetAddress.getByName(address).getHostAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException(ex);
        }
    }

    @Override
    public String toString()
    {
        return "PBA status " + status + " seq " + sequence + " lifetime " + lifetime + " " + prefixes + " " + mnId +
            " hi " + hi() + " ts " + Long.toHexString(timestamp) + " ll " + Arrays.toString(linkLayer);
    }

    private int hi()
    {
        return handoffIndicator;
    }
}
