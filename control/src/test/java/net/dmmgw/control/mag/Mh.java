package net.dmmgw.control.mag;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import net.dmmgw.control.codec.BindingAck;
import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityHeaderValidator;
import net.dmmgw.control.codec.MobilityOption;
import net.dmmgw.control.codec.MobilityOptionIterator;
import net.dmmgw.control.codec.OptionType;
import net.dmmgw.control.codec.ValidationResult;
import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A PBU or PBA as it travelled, validated (checksum over its addresses) and decoded with the codec. */
record Mh(int type, int flags, int sequence, int lifetime, int status, List<String> prefixes, String mnId,
    int handoffIndicator, int accessTechnologyType, long timestamp, long linkLayer)
{
    static Mh of(final InMemorySignallingTransport.Message m)
    {
        final UnsafeBuffer b = new UnsafeBuffer(m.mh());
        final ValidationResult result = new ValidationResult();
        assertTrue(new MobilityHeaderValidator().validate(b, 0, m.mh().length, m.source(), m.destination(), result),
            result.toString());
        final MobilityHeaderDecoder d = new MobilityHeaderDecoder().wrap(b, 0, m.mh().length);
        final int type = d.mhType();
        int flags = -1;
        int sequence = -1;
        int lifetime = -1;
        int status = -1;
        if (type == MhType.BINDING_UPDATE)
        {
            final BindingUpdate bu = d.bindingUpdate();
            flags = bu.flags();
            sequence = bu.sequence();
            lifetime = bu.lifetime();
        }
        else if (type == MhType.BINDING_ACK)
        {
            final BindingAck ba = d.bindingAck();
            flags = ba.flags();
            sequence = ba.sequence();
            lifetime = ba.lifetime();
            status = ba.status();
        }
        final List<String> prefixes = new ArrayList<>();
        String mnId = null;
        int hi = -1;
        int att = -1;
        long ts = -1;
        long ll = -1;
        final MobilityOptionIterator it = d.options(new MobilityOptionIterator());
        while (it.next())
        {
            final MobilityOption o = it.option();
            switch (o.type())
            {
                case OptionType.HOME_NETWORK_PREFIX -> prefixes.add(Ipv6Words.text(
                    b.getLong(o.prefixOffset(), ByteOrder.BIG_ENDIAN), b.getLong(o.prefixOffset() + 8,
                        ByteOrder.BIG_ENDIAN)) + "/" + o.prefixLength());
                case OptionType.MN_IDENTIFIER -> {
                    final byte[] id = new byte[o.identifierLength()];
                    b.getBytes(o.identifierOffset(), id);
                    mnId = new String(id, StandardCharsets.UTF_8);
                }
                case OptionType.HANDOFF_INDICATOR -> hi = o.indicator();
                case OptionType.ACCESS_TECHNOLOGY_TYPE -> att = o.u8(1);
                case OptionType.TIMESTAMP -> ts = o.value64();
                case OptionType.MN_LINK_LAYER_IDENTIFIER -> {
                    ll = 0;
                    for (int i = 0; i < o.linkLayerLength(); i++)
                    {
                        ll = (ll << 8) | (b.getByte(o.linkLayerOffset() + i) & 0xFF);
                    }
                }
                default -> {
                }
            }
        }
        return new Mh(type, flags, sequence, lifetime, status, List.copyOf(prefixes), mnId, hi, att, ts, ll);
    }
}
