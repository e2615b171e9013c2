package net.dmmgw.control.dmm;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

import net.dmmgw.control.codec.BindingAck;
import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.DmmConfig;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityHeaderValidator;
import net.dmmgw.control.codec.MobilityOption;
import net.dmmgw.control.codec.MobilityOptionIterator;
import net.dmmgw.control.codec.OptionType;
import net.dmmgw.control.codec.ValidationResult;

/**
 * A received (validated) PBU or PBA between MAARs and the CMD, read in one pass: type, D flag, Sequence #,
 * lifetime, status, MN-ID, the first /64 HNP, the Serving MAAR option and every Previous MAAR option. Reused;
 * offsets index the buffer it was read from and are valid until the next {@link #read}.
 */
public final class DmmMessage
{
    private final MobilityOptionIterator iterator = new MobilityOptionIterator();
    private final MobilityHeaderValidator validator;
    private final MobilityHeaderDecoder decoder;
    private final ValidationResult validation = new ValidationResult();
    private final PreviousMaarList previous = new PreviousMaarList();
    private DirectBuffer buffer;
    private int mhType;
    private boolean dFlag;
    private boolean proxy;
    private int sequence;
    private int lifetime;
    private int status;
    private int mnIdOffset;
    private int mnIdLength;
    private long prefix;
    private boolean hasServing;
    private long servingHi;
    private long servingLo;
    private int handoffIndicator;
    private int accessTechnologyType;
    private boolean hasDlifLinkLocal;
    private long dlifLinkLocalHi;
    private long dlifLinkLocalLo;
    private long dlifMac;

    /** A reader with the IANA DMM numbering. */
    public DmmMessage()
    {
        this(DmmConfig.iana());
    }

    /** @param config DMM numbering (D masks, option types, Previous MAAR layout). */
    public DmmMessage(final DmmConfig config)
    {
        this.validator = new MobilityHeaderValidator(config);
        this.decoder = new MobilityHeaderDecoder(config);
    }

    /**
     * Validates a received message (checksum over these addresses) and reads it when it is a BU or BA.
     *
     * @return false when it is invalid or another MH type (nothing read).
     */
    public boolean receive(final byte[] source, final byte[] destination, final DirectBuffer mh, final int offset,
        final int length)
    {
        if (!validator.validate(mh, offset, length, source, destination, validation))
        {
            return false;
        }
        final MobilityHeaderDecoder m = decoder.wrap(mh, offset, length);
        if (m.mhType() != MhType.BINDING_UPDATE && m.mhType() != MhType.BINDING_ACK)
        {
            return false;
        }
        read(m, mh, offset);
        return true;
    }

    /**
     * @param mh a decoder wrapped on a validated BU or BA.
     * @param mhBuffer the buffer it wraps.
     * @param mhOffset where the Mobility Header starts in it (the codec's option offsets count from there).
     */
    public void read(final MobilityHeaderDecoder mh, final DirectBuffer mhBuffer, final int mhOffset)
    {
        buffer = mhBuffer;
        final int base = mhOffset;
        mhType = mh.mhType();
        dFlag = mh.hasDFlag();
        if (mhType == MhType.BINDING_UPDATE)
        {
            final BindingUpdate bu = mh.bindingUpdate();
            sequence = bu.sequence();
            lifetime = bu.lifetime();
            proxy = (bu.flags() & BindingUpdate.FLAG_P) != 0;
            status = 0;
        }
        else
        {
            final BindingAck ba = mh.bindingAck();
            sequence = ba.sequence();
            lifetime = ba.lifetime();
            proxy = (ba.flags() & BindingAck.FLAG_P) != 0;
            status = ba.status();
        }
        mnIdOffset = -1;
        mnIdLength = 0;
        prefix = 0;
        hasServing = false;
        handoffIndicator = 0;
        accessTechnologyType = 0;
        hasDlifLinkLocal = false;
        dlifMac = -1;
        previous.clear();
        final MobilityOptionIterator it = mh.options(iterator);
        while (it.next())
        {
            final MobilityOption o = it.option();
            switch (o.type())
            {
                case OptionType.HOME_NETWORK_PREFIX -> {
                    if (prefix == 0 && o.prefixLength() == 64 &&
                        mhBuffer.getLong(base + o.prefixOffset() + 8, ByteOrder.BIG_ENDIAN) == 0)
                    {
                        prefix = mhBuffer.getLong(base + o.prefixOffset(), ByteOrder.BIG_ENDIAN);
                    }
                }
                case OptionType.MN_IDENTIFIER -> {
                    mnIdOffset = base + o.identifierOffset();
                    mnIdLength = o.identifierLength();
                }
                case OptionType.SERVING_MAAR -> {
                    hasServing = true;
                    servingHi = mhBuffer.getLong(base + o.addressOffset(), ByteOrder.BIG_ENDIAN);
                    servingLo = mhBuffer.getLong(base + o.addressOffset() + 8, ByteOrder.BIG_ENDIAN);
                }
                case OptionType.PREVIOUS_MAAR -> {
                    if (o.prefixLength() == 64 && mhBuffer.getLong(base + o.prefixOffset() + 8, ByteOrder.BIG_ENDIAN) == 0)
                    {
                        previous.add(mhBuffer.getLong(base + o.addressOffset(), ByteOrder.BIG_ENDIAN),
                            mhBuffer.getLong(base + o.addressOffset() + 8, ByteOrder.BIG_ENDIAN),
                            mhBuffer.getLong(base + o.prefixOffset(), ByteOrder.BIG_ENDIAN));
                    }
                }
                case OptionType.DLIF_LINK_LOCAL -> {
                    hasDlifLinkLocal = true;
                    dlifLinkLocalHi = mhBuffer.getLong(base + o.addressOffset(), ByteOrder.BIG_ENDIAN);
                    dlifLinkLocalLo = mhBuffer.getLong(base + o.addressOffset() + 8, ByteOrder.BIG_ENDIAN);
                }
                case OptionType.DLIF_LINK_LAYER -> {
                    if (o.linkLayerLength() == 6)
                    {
                        long mac = 0;
                        for (int b = 0; b < 6; b++)
                        {
                            mac = (mac << 8) | (mhBuffer.getByte(base + o.linkLayerOffset() + b) & 0xFF);
                        }
                        dlifMac = mac;
                    }
                }
                case OptionType.HANDOFF_INDICATOR -> handoffIndicator = o.u8(1);
                case OptionType.ACCESS_TECHNOLOGY_TYPE -> accessTechnologyType = o.u8(1);
                default -> {
                }
            }
        }
    }

    /** @return true for a Binding Update. */
    public boolean isUpdate()
    {
        return mhType == MhType.BINDING_UPDATE;
    }

    /** @return true for a Binding Acknowledgement. */
    public boolean isAck()
    {
        return mhType == MhType.BINDING_ACK;
    }

    /** @return the D flag under the configured mask. */
    public boolean dFlag()
    {
        return dFlag;
    }

    /** @return the P flag. */
    public boolean isProxy()
    {
        return proxy;
    }

    public int sequence()
    {
        return sequence;
    }

    /** @return lifetime in 4-s units. */
    public int lifetime()
    {
        return lifetime;
    }

    /** @return BA status (0 for a BU). */
    public int status()
    {
        return status;
    }

    /** @return the MN-ID length, 0 when there is none. */
    public int mnIdLength()
    {
        return mnIdLength;
    }

    /** Copies the MN-ID to the start of {@code destination}. */
    public void copyMnId(final byte[] destination)
    {
        buffer.getBytes(mnIdOffset, destination, 0, mnIdLength);
    }

    /** @return the first /64 HNP (upper word), 0 when none. */
    public long prefix()
    {
        return prefix;
    }

    public boolean hasServingMaar()
    {
        return hasServing;
    }

    public long servingHi()
    {
        return servingHi;
    }

    public long servingLo()
    {
        return servingLo;
    }

    /** @return the Previous MAAR options (/64 ones), in order. */
    public PreviousMaarList previousMaars()
    {
        return previous;
    }

    /** @return true when a DLIF Link-local Address option was present. */
    public boolean hasDlifLinkLocal()
    {
        return hasDlifLinkLocal;
    }

    public long dlifLinkLocalHi()
    {
        return dlifLinkLocalHi;
    }

    public long dlifLinkLocalLo()
    {
        return dlifLinkLocalLo;
    }

    /** @return the 6-octet DLIF Link-layer Address, -1 when absent. */
    public long dlifMac()
    {
        return dlifMac;
    }

    public int handoffIndicator()
    {
        return handoffIndicator;
    }

    public int accessTechnologyType()
    {
        return accessTechnologyType;
    }
}
