package net.dmmgw.control.dmm;

import java.nio.ByteBuffer;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import net.dmmgw.control.codec.BindingAck;
import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.DmmConfig;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.control.codec.OptionType;

/**
 * Encodes the DMM PBU and PBA (draft-ietf-dmm-pmipv6-dlif §4) into one reused buffer, D flag set under the
 * configured mask:
 * <ul>
 * <li>PBU (A, H, P, D): HNP and Anchored Prefix (the /64 the sender anchors, or the P-MAAR's prefix when the CMD
 * relays), MN-ID, HI, ATT, and the Serving MAAR option when the CMD tells a P-MAAR where the node is;</li>
 * <li>PBA (P, D): status, the HNP (when given), MN-ID, the Serving MAAR option (when given) and a Previous MAAR
 * option per selected element of a P-MAAR list.</li>
 * </ul>
 * Either may carry the sender's DLIF identity ({@link #withDlif}).
 * No allocation.
 */
public final class DmmMessageWriter
{
    private static final int CAPACITY = 1024;

    private final DmmConfig config;
    private final MobilityHeaderEncoder encoder;
    private final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY));
    private final byte[] prefixOctets = new byte[16];
    private final byte[] addressOctets = new byte[16];
    private final byte[] source = new byte[16];
    private final byte[] destination = new byte[16];
    private final byte[] macOctets = new byte[6];
    private boolean dlif;
    private long dlifMac;
    private long dlifLinkLocalHi;
    private long dlifLinkLocalLo;

    /** @param config DMM numbering (option types, D masks, Previous MAAR layout). */
    public DmmMessageWriter(final DmmConfig config)
    {
        this.config = config;
        this.encoder = new MobilityHeaderEncoder(config);
    }

    /**
     * A DMM PBU.
     *
     * @param servingHi Serving MAAR address (upper word); with {@code servingLo} both 0: no Serving MAAR option.
     * @return the MH length in {@link #buffer()}, -1 if it did not fit.
     */
    public int pbu(final int sequence, final int lifetime, final byte[] mnId, final int mnIdLength, final long prefix,
        final int handoffIndicator, final int accessTechnologyType, final long servingHi, final long servingLo,
        final long sourceHi, final long sourceLo, final long destinationHi, final long destinationLo)
    {
        final MobilityHeaderEncoder enc = encoder.wrap(out, 0, CAPACITY).begin(MhType.BINDING_UPDATE);
        enc.bindingUpdate().sequence(sequence)
            .flags(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_P | config.buDMask())
            .lifetime(lifetime);
        octets(prefixOctets, prefix, 0);
        enc.homeNetworkPrefix(64, prefixOctets)
            .prefixOption(OptionType.ANCHORED_PREFIX, 64, prefixOctets)
            .mobileNodeIdentifier(1, mnId, 0, mnIdLength)
            .handoffIndicator(handoffIndicator)
            .accessTechnologyType(accessTechnologyType);
        if (servingHi != 0 || servingLo != 0)
        {
            octets(addressOctets, servingHi, servingLo);
            enc.address16(OptionType.SERVING_MAAR, addressOctets);
        }
        return finish(enc, sourceHi, sourceLo, destinationHi, destinationLo);
    }

    /**
     * A DMM PBA.
     *
     * @param prefix HNP to carry (upper word of a /64), 0 for none.
     * @param servingHi Serving MAAR option address, 0 / 0 for none.
     * @param previous P-MAAR list, or null.
     * @param include bit i set: element i of {@code previous} goes in as a Previous MAAR option.
     * @return the MH length in {@link #buffer()}, -1 if it did not fit.
     */
    public int pba(final int status, final int sequence, final int lifetime, final byte[] mnId, final int mnIdLength,
        final long prefix, final long servingHi, final long servingLo, final PreviousMaarList previous,
        final long include, final long sourceHi, final long sourceLo, final long destinationHi,
        final long destinationLo)
    {
        final MobilityHeaderEncoder enc = encoder.wrap(out, 0, CAPACITY).begin(MhType.BINDING_ACK);
        enc.bindingAck().status(status).flags(BindingAck.FLAG_P | config.baDMask()).sequence(sequence)
            .lifetime(lifetime);
        if (prefix != 0)
        {
            octets(prefixOctets, prefix, 0);
            enc.homeNetworkPrefix(64, prefixOctets);
        }
        if (mnIdLength > 0)
        {
            enc.mobileNodeIdentifier(1, mnId, 0, mnIdLength);
        }
        if (servingHi != 0 || servingLo != 0)
        {
            octets(addressOctets, servingHi, servingLo);
            enc.address16(OptionType.SERVING_MAAR, addressOctets);
        }
        if (previous != null)
        {
            for (int i = 0; i < previous.size(); i++)
            {
                if ((include & (1L << i)) != 0)
                {
                    octets(addressOctets, previous.addressHi(i), previous.addressLo(i));
                    octets(prefixOctets, previous.prefix(i), 0);
                    enc.previousMaar(addressOctets, 64, prefixOctets);
                }
            }
        }
        return finish(enc, sourceHi, sourceLo, destinationHi, destinationLo);
    }

    /**
     * The next message (only) also carries the DLIF Link-local and DLIF Link-layer options (§4.7–4.8): the identity
     * of the sender's logical interface for the node.
     *
     * @return this.
     */
    public DmmMessageWriter withDlif(final long logicalMac, final long linkLocalHi, final long linkLocalLo)
    {
        dlif = true;
        dlifMac = logicalMac;
        dlifLinkLocalHi = linkLocalHi;
        dlifLinkLocalLo = linkLocalLo;
        return this;
    }

    /** @return the buffer of the last message. */
    public DirectBuffer buffer()
    {
        return out;
    }

    /** @return the 16-octet source of the last message (reused). */
    public byte[] source()
    {
        return source;
    }

    /** @return the 16-octet destination of the last message (reused). */
    public byte[] destination()
    {
        return destination;
    }

    private int finish(final MobilityHeaderEncoder enc, final long sourceHi, final long sourceLo,
        final long destinationHi, final long destinationLo)
    {
        if (dlif)
        {
            dlif = false;
            octets(addressOctets, dlifLinkLocalHi, dlifLinkLocalLo);
            enc.address16(OptionType.DLIF_LINK_LOCAL, addressOctets);
            for (int b = 0; b < 6; b++)
            {
                macOctets[b] = (byte)(dlifMac >>> (40 - 8 * b));
            }
            enc.linkLayerOption(OptionType.DLIF_LINK_LAYER, macOctets);
        }
        octets(source, sourceHi, sourceLo);
        octets(destination, destinationHi, destinationLo);
        return enc.finish(source, destination);
    }

    /** Writes two big-endian words into 16 octets. */
    public static void octets(final byte[] to, final long hi, final long lo)
    {
        for (int b = 0; b < 8; b++)
        {
            to[b] = (byte)(hi >>> (56 - 8 * b));
            to[8 + b] = (byte)(lo >>> (56 - 8 * b));
        }
    }
}
