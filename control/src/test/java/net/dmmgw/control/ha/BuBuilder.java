package net.dmmgw.control.ha;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Binding Updates from a simulated mobile node built with our codec; the RFC 4285 authenticator is computed here
 * with the JDK's HMAC-SHA1 (care-of address ‖ home address ‖ MH up to the SPI, checksum zero, first 96 bits), not
 * with the HA's code.
 */
final class BuBuilder
{
    private int sequence;
    private int flags = BindingUpdate.FLAG_A | BindingUpdate.FLAG_H;
    private int lifetime = 1000; // 4000 s: above ha.max-lifetime-s in HaRig
    private String nai;
    private String alternateCoa;
    private String key;
    private long spi;
    private int mhType = MhType.BINDING_UPDATE;

    private static final byte[] HA = Ipv6Words.bytes(HaRig.HA);
    private static final java.util.Map<String, Mac> MACS = new java.util.HashMap<>();

    private static Mac mac(final String hexKey)
    {
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(hexKey), "HmacSHA1"));
            return mac;
        }
        catch (final java.security.GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    static BuBuilder bu(final int sequence)
    {
        final BuBuilder b = new BuBuilder();
        b.sequence = sequence;
        return b;
    }

    BuBuilder flags(final int value)
    {
        flags = value;
        return this;
    }

    BuBuilder lifetime(final int value)
    {
        lifetime = value;
        return this;
    }

    BuBuilder nai(final String value)
    {
        nai = value;
        return this;
    }

    BuBuilder alternateCoa(final String value)
    {
        alternateCoa = value;
        return this;
    }

    BuBuilder auth(final String hexKey, final long value)
    {
        key = hexKey;
        spi = value;
        return this;
    }

    BuBuilder type(final int value)
    {
        mhType = value;
        return this;
    }

    /** @return the MH sent from {@code careOf} with home address {@code home} to the HA. */
    byte[] build(final String careOf, final String home)
    {
        return build(Ipv6Words.bytes(careOf), Ipv6Words.bytes(home));
    }

    /** @return the MH sent from {@code careOf} with home address {@code hoa} to the HA (16-octet addresses). */
    byte[] build(final byte[] careOf, final byte[] hoa)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final MobilityHeaderEncoder enc = new MobilityHeaderEncoder().wrap(buffer, 0, 512).begin(mhType);
        if (mhType == MhType.BINDING_UPDATE)
        {
            enc.bindingUpdate().sequence(sequence & 0xFFFF).flags(flags).lifetime(lifetime);
        }
        if (alternateCoa != null)
        {
            enc.alternateCareOfAddress(Ipv6Words.bytes(alternateCoa));
        }
        if (nai != null)
        {
            final byte[] id = nai.getBytes(StandardCharsets.UTF_8);
            enc.mobileNodeIdentifier(1, id, 0, id.length);
        }
        int authAt = -1;
        if (key != null)
        {
            enc.mnAuthentication(1, spi, new byte[12], 0, 12);
            authAt = enc.position() - 12;
        }
        final byte[] ha = HA;
        final int length = enc.finish(hoa, ha);
        if (authAt >= 0)
        {
            final byte[] mh = new byte[length];
            buffer.getBytes(0, mh);
            mh[4] = 0;
            mh[5] = 0;
            try
            {
                final Mac mac = MACS.computeIfAbsent(key, BuBuilder::mac);
                mac.update(careOf);
                mac.update(hoa);
                mac.update(mh, 0, authAt);
                buffer.putBytes(authAt, Arrays.copyOf(mac.doFinal(), 12));
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
            enc.applyChecksum(hoa, ha);
        }
        final byte[] out = new byte[length];
        buffer.getBytes(0, out);
        return out;
    }
}
