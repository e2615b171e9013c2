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
    int refreshAdvice, String userPlaneAddress, long authSpi, boolean authLast, byte[] raw, byte[] to, byte[] home)
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
        long spi = -1;
        int authAt = -1;
        int lastOption = -1;
        final MobilityOptionIterator it = d.options(new MobilityOptionIterator());
        while (it.next())
        {
            final MobilityOption o = it.option();
            if (!o.isPadding())
            {
                lastOption = o.type();
            }
            if (o.type() == OptionType.MN_AUTHENTICATION)
            {
                assertEquals(1, o.authenticationSubtype(), "MN-HA");
                assertEquals(12, o.authenticationDataLength());
                spi = o.spi();
                authAt = o.authenticationDataOffset();
            }
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
            ba.flags(), ba.sequence(), ba.lifetime(), refresh, userPlane, spi,
            authAt < 0 || lastOption == OptionType.MN_AUTHENTICATION, m.mh(), m.destination(), finalDestination);
    }

    /**
     * RFC 4285 on the BA, computed with the JDK's Mac: First(96, HMAC-SHA1(key, care-of address (the BA's
     * destination) ‖ home address ‖ BA up to the SPI with the checksum zero)).
     *
     * @return true when the BA carries an MN-HA option whose authenticator matches this key.
     */
    boolean authenticatedWith(final String hexKey) throws Exception
    {
        if (authSpi < 0)
        {
            return false;
        }
        final byte[] mh = raw.clone();
        mh[4] = 0;
        mh[5] = 0;
        int authAt = -1;
        final UnsafeBuffer b = new UnsafeBuffer(raw);
        final MobilityOptionIterator it = new MobilityHeaderDecoder().wrap(b, 0, raw.length)
            .options(new MobilityOptionIterator());
        while (it.next())
        {
            if (it.option().type() == OptionType.MN_AUTHENTICATION)
            {
                authAt = it.option().authenticationDataOffset();
            }
        }
        final javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(java.util.HexFormat.of().parseHex(hexKey), "HmacSHA1"));
        mac.update(to);
        mac.update(home);
        mac.update(mh, 0, authAt);
        return java.util.Arrays.equals(java.util.Arrays.copyOf(mac.doFinal(), 12),
            java.util.Arrays.copyOfRange(raw, authAt, authAt + 12));
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
