package net.dmmgw.control.codec;

import org.agrona.DirectBuffer;

/**
 * Flyweight over a received Mobility Header: the common part and typed views of the fixed part.
 *
 * <pre>
 *  0: Payload Proto (8)  1: Header Len (8)  2: MH Type (8)  3: Reserved (8)
 *  4: Checksum (16)
 *  6: Message Data (type-specific fixed part, then options)
 * </pre>
 * Wrapping reads nothing. Run {@link MobilityHeaderValidator} first; after a successful validation every accessor
 * stays inside the buffer.
 */
public final class MobilityHeaderDecoder extends MhFlyweight
{
    /** Payload Proto a sender sets: IPv6 No Next Header. */
    public static final int NO_NEXT_HEADER = 59;
    /** Largest MH: Header Len 255. */
    public static final int MAX_LENGTH = 2048;

    private final DmmConfig config;
    private int length;
    private final BindingUpdate bindingUpdate = new BindingUpdate();
    private final BindingAck bindingAck = new BindingAck();
    private final BindingError bindingError = new BindingError();
    private final TestInit testInit = new TestInit();
    private final TestReply testReply = new TestReply();
    private final Heartbeat heartbeat = new Heartbeat();
    private final BindingRevocation bindingRevocation = new BindingRevocation();

    /** Decoder with the IANA DMM numbers. */
    public MobilityHeaderDecoder()
    {
        this(DmmConfig.iana());
    }

    /**
     * @param config DMM option numbers and flag masks.
     */
    public MobilityHeaderDecoder(final DmmConfig config)
    {
        this.config = config;
    }

    /**
     * @param buffer holding the MH.
     * @param offset index of its Payload Proto octet.
     * @param length octets available from offset (the upper-layer payload length).
     * @return this.
     */
    public MobilityHeaderDecoder wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        super.wrap(buffer, offset);
        this.length = length;
        return this;
    }

    /** @return the DMM configuration. */
    public DmmConfig config()
    {
        return config;
    }

    /** @return octets available in the buffer from the MH start. */
    public int availableLength()
    {
        return length;
    }

    /** @return Payload Proto. */
    public int payloadProto()
    {
        return u8(0);
    }

    /** @return Header Len (8-octet units beyond the first 8). */
    public int headerLen()
    {
        return u8(1);
    }

    /** @return the MH length Header Len gives: 8 × (Header Len + 1). */
    public int declaredLength()
    {
        return (u8(1) + 1) << 3;
    }

    /** @return MH Type. */
    public int mhType()
    {
        return u8(2);
    }

    /** @return Reserved octet. */
    public int reserved()
    {
        return u8(3);
    }

    /** @return Checksum field. */
    public int checksum()
    {
        return u16(MhChecksum.CHECKSUM_OFFSET);
    }

    /** @return offset of the first option for this MH Type, -1 for a type the codec does not decode. */
    public int optionsOffset()
    {
        return MhType.optionsOffset(mhType());
    }

    /**
     * Point an iterator at this message's options (up to the declared length).
     *
     * @param iterator reused iterator.
     * @return the iterator.
     */
    public MobilityOptionIterator options(final MobilityOptionIterator iterator)
    {
        return iterator.wrap(buffer, offset, optionsOffset(), Math.min(declaredLength(), length), config);
    }

    /** @return the BU view of this message. */
    public BindingUpdate bindingUpdate()
    {
        bindingUpdate.wrap(buffer, offset);
        return bindingUpdate;
    }

    /** @return the BA view of this message. */
    public BindingAck bindingAck()
    {
        bindingAck.wrap(buffer, offset);
        return bindingAck;
    }

    /** @return the Binding Error view of this message. */
    public BindingError bindingError()
    {
        bindingError.wrap(buffer, offset);
        return bindingError;
    }

    /** @return the HoTI / CoTI view of this message. */
    public TestInit testInit()
    {
        testInit.wrap(buffer, offset);
        return testInit;
    }

    /** @return the HoT / CoT view of this message. */
    public TestReply testReply()
    {
        testReply.wrap(buffer, offset);
        return testReply;
    }

    /** @return the Heartbeat view of this message. */
    public Heartbeat heartbeat()
    {
        heartbeat.wrap(buffer, offset);
        return heartbeat;
    }

    /** @return the Binding Revocation view of this message. */
    public BindingRevocation bindingRevocation()
    {
        bindingRevocation.wrap(buffer, offset);
        return bindingRevocation;
    }

    /** @return true for a BU with D set under the configured mask, or a BA with D set. */
    public boolean hasDFlag()
    {
        final int type = mhType();
        if (type == MhType.BINDING_UPDATE)
        {
            return (u16(BindingUpdate.FLAGS_OFFSET) & config.buDMask()) != 0;
        }
        return type == MhType.BINDING_ACK && (u8(BindingAck.FLAGS_OFFSET) & config.baDMask()) != 0;
    }
}
