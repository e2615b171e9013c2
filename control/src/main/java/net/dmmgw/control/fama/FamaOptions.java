package net.dmmgw.control.fama;

import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityOption;
import net.dmmgw.control.codec.MobilityOptionIterator;
import net.dmmgw.control.codec.OptionType;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The RFC 4866 / RFC 6275 security options of one BU or BA, found in one pass without allocating: the CGA
 * Parameters (consecutive options concatenated into this object's buffer), the Signature, the Binding Authorization
 * Data, the (encrypted) Permanent Home Keygen Token, Nonce Indices, Care-of Test Init and Care-of Test. Offsets are
 * MH offsets (from the Payload Proto octet) of the scanned octets. Reused: {@link #scan} overwrites everything.
 */
public final class FamaOptions
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private final MobilityHeaderDecoder decoder = new MobilityHeaderDecoder();
    private final MobilityOptionIterator iterator = new MobilityOptionIterator();
    private final byte[] cgaParameters = new byte[MobilityHeaderDecoder.MAX_LENGTH];
    private int cgaParametersLength;
    private int signatureOptionOffset;
    private int signatureDataOffset;
    private int signatureLength;
    private int authenticatorOffset;
    private int tokenDataOffset;
    private int tokenLength;
    private boolean nonceIndices;
    private int homeNonceIndex;
    private int careOfNonceIndex;
    private boolean careOfTestInit;
    private boolean careOfTest;
    private long careOfKeygenToken;

    /**
     * Scans a validated MH.
     *
     * @param mh its octets from offset 0 (the Payload Proto octet).
     * @param length its length.
     * @return this.
     */
    public FamaOptions scan(final byte[] mh, final int length)
    {
        cgaParametersLength = 0;
        signatureOptionOffset = -1;
        signatureDataOffset = -1;
        signatureLength = 0;
        authenticatorOffset = -1;
        tokenDataOffset = -1;
        tokenLength = 0;
        nonceIndices = false;
        careOfTestInit = false;
        careOfTest = false;
        buffer.wrap(mh, 0, length);
        final MobilityOptionIterator it = decoder.wrap(buffer, 0, length).options(iterator);
        while (it.next())
        {
            final MobilityOption o = it.option();
            switch (o.type())
            {
                case OptionType.CGA_PARAMETERS -> {
                    System.arraycopy(mh, o.dataOffset(), cgaParameters, cgaParametersLength, o.length());
                    cgaParametersLength += o.length();
                }
                case OptionType.SIGNATURE -> {
                    signatureOptionOffset = o.offset();
                    signatureDataOffset = o.dataOffset();
                    signatureLength = o.length();
                }
                case OptionType.BINDING_AUTHORIZATION_DATA -> authenticatorOffset = o.dataOffset();
                case OptionType.PERMANENT_HOME_KEYGEN_TOKEN -> {
                    tokenDataOffset = o.dataOffset();
                    tokenLength = o.length();
                }
                case OptionType.NONCE_INDICES -> {
                    nonceIndices = true;
                    homeNonceIndex = o.homeNonceIndex();
                    careOfNonceIndex = o.careOfNonceIndex();
                }
                case OptionType.CARE_OF_TEST_INIT -> careOfTestInit = true;
                case OptionType.CARE_OF_TEST -> {
                    careOfTest = true;
                    careOfKeygenToken = o.value64();
                }
                default -> {
                }
            }
        }
        return this;
    }

    /** @return true when the message carries CGA Parameters or a Signature (a CGA-authorized BU). */
    public boolean isCgaSigned()
    {
        return cgaParametersLength > 0 || signatureOptionOffset >= 0;
    }

    /** @return the concatenated CGA Parameters structure (valid up to {@link #cgaParametersLength()}). */
    public byte[] cgaParameters()
    {
        return cgaParameters;
    }

    /** @return its length, 0 when absent. */
    public int cgaParametersLength()
    {
        return cgaParametersLength;
    }

    /** @return MH offset of the Signature option's Type octet (the end of the signed data), -1 when absent. */
    public int signatureOptionOffset()
    {
        return signatureOptionOffset;
    }

    /** @return MH offset of the signature value. */
    public int signatureDataOffset()
    {
        return signatureDataOffset;
    }

    /** @return signature length. */
    public int signatureLength()
    {
        return signatureLength;
    }

    /** @return MH offset of the Binding Authorization Data authenticator, -1 when absent. */
    public int authenticatorOffset()
    {
        return authenticatorOffset;
    }

    /** @return MH offset of the Permanent Home Keygen Token option's data, -1 when absent. */
    public int tokenDataOffset()
    {
        return tokenDataOffset;
    }

    /** @return its length. */
    public int tokenLength()
    {
        return tokenLength;
    }

    /** @return true when a Nonce Indices option came. */
    public boolean hasNonceIndices()
    {
        return nonceIndices;
    }

    /** @return its home nonce index. */
    public int homeNonceIndex()
    {
        return homeNonceIndex;
    }

    /** @return its care-of nonce index. */
    public int careOfNonceIndex()
    {
        return careOfNonceIndex;
    }

    /** @return true when a Care-of Test Init option came. */
    public boolean hasCareOfTestInit()
    {
        return careOfTestInit;
    }

    /** @return true when a Care-of Test option came. */
    public boolean hasCareOfTest()
    {
        return careOfTest;
    }

    /** @return its care-of keygen token. */
    public long careOfKeygenToken()
    {
        return careOfKeygenToken;
    }
}
