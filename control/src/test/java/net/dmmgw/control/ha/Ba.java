package net.dmmgw.control.ha;

import net.dmmgw.control.anchor.BindingUpdateMessage;
import net.dmmgw.control.codec.BindingAck;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A BA the HA sent, validated by our codec with the checksum over HA → final destination (the home address of the
 * type 2 Routing header when there is one), and decoded: fixed part, Binding Refresh Advice, and the option of
 * {@code userPlaneType} (the data function's address).
 */
record Ba(String careOf, String routingHeaderHome, int status, int flags, int sequence, int lifetime,
    int refreshAdvice, String userPlaneAddress)
{
    static Ba of(final InMemorySignallingTransport.Message m)
    {
        return of(m, OptionType.LMA_USER_PLANE_ADDRESS);
    }

    static Ba of(final InMemorySignallingTransport.Message m, final int userPlaneType)
    {
        final UnsafeBuffer b = new UnsafeBuffer(m.mh());
        final byte[] finalDestination = m.homeAddress() != null ? m.homeAddress() : m.destination();
        final ValidationResult result = new ValidationResult();
        assertTrue(new MobilityHeaderValidator().validate(b, 0, m.mh().length, m.source(), finalDestination, result),
            result.toString());
        assertEquals(norm(HaRig.HA), text(m.source()), "BA source");
        final MobilityHeaderDecoder d = new MobilityHeaderDecoder().wrap(b, 0, m.mh().length);
        assertEquals(MhType.BINDING_ACK, d.mhType());
        final BindingAck ba = d.bindingAck();
        int refresh = -1;
        String userPlane = null;
        final MobilityOptionIterator it = d.options(new MobilityOptionIterator());
        while (it.next())
        {
            final MobilityOption o = it.option();
            if (o.type() == OptionType.BINDING_REFRESH_ADVICE)
            {
                refresh = o.u16(0);
            }
            else if (o.type() == userPlaneType)
            {
                assertEquals(18, o.length(), "Reserved(16) + IPv6 address");
                final byte[] a = new byte[16];
                b.getBytes(o.dataOffset() + 2, a);
                userPlane = text(a);
            }
        }
        return new Ba(text(m.destination()), m.homeAddress() == null ? null : text(m.homeAddress()), ba.status(),
            ba.flags(), ba.sequence(), ba.lifetime(), refresh, userPlane);
    }

    static String text(final byte[] a)
    {
        return Ipv6Words.text(BindingUpdateMessage.word(a, 0), BindingUpdateMessage.word(a, 8));
    }

    /** @return the address in the same text form as {@link #text(byte[])}. */
    static String norm(final String address)
    {
        return text(Ipv6Words.bytes(address));
    }
}
