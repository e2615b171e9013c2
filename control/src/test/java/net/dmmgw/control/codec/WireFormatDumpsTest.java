package net.dmmgw.control.codec;

import net.dmmgw.control.cli.Hex;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The byte dumps of wire-formats §9 decode to the documented values and re-encode octet for octet. */
class WireFormatDumpsTest
{
    static final byte[] MAG = Addr.v6("2001:db8:1::1");
    static final byte[] LMA = Addr.v6("2001:db8:2::1");
    static final byte[] NAI = "mn1@example.com".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PBU = Hex.decode(
        "3b 08 05 00 ae d7 00 01 c2 00 03 84 16 12 00 00" +
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00" +
        "08 10 01 6d 6e 31 40 65 78 61 6d 70 6c 65 2e 63" +
        "6f 6d 1b 08 00 00 65 92 00 80 80 00 17 02 00 01" +
        "18 02 00 04 01 02 00 00");
    static final byte[] PBA = Hex.decode(
        "3b 08 06 00 40 be 00 20 00 01 03 84 16 12 00 40" +
        "20 01 0d b8 01 00 00 01 00 00 00 00 00 00 00 00" +
        "08 10 01 6d 6e 31 40 65 78 61 6d 70 6c 65 2e 63" +
        "6f 6d 1b 08 00 00 65 92 00 80 80 00 17 02 00 01" +
        "18 02 00 04 01 02 00 00");
    static final byte[] DMM_PBU = Hex.decode(
        "3b060500c53e0002c21003844112004020010db8000a000000000000000000000102000001004510fe80000000000000021122fffe330101");

    private final MobilityHeaderValidator validator = new MobilityHeaderValidator();
    private final MobilityHeaderDecoder decoder = new MobilityHeaderDecoder();
    private final MobilityOptionIterator it = new MobilityOptionIterator();
    private final ValidationResult result = new ValidationResult();

    @Test
    void shouldDecodePbuDumpAndVerifyChecksum()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(PBU);
        assertTrue(validator.validate(buffer, 0, PBU.length, MAG, LMA, result), result.toString());
        decoder.wrap(buffer, 0, PBU.length);
        assertEquals(72, decoder.declaredLength());
        assertEquals(0xaed7, decoder.checksum());
        final BindingUpdate bu = decoder.bindingUpdate();
        assertEquals(1, bu.sequence());
        assertEquals(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_P, bu.flags());
        assertEquals(900, bu.lifetime());
        decoder.options(it);
        assertTrue(it.next());
        assertEquals(OptionType.HOME_NETWORK_PREFIX, it.option().type());
        assertEquals(12, it.option().offset());
        assertEquals(0, it.option().prefixLength());
        assertTrue(it.next());
        assertEquals(OptionType.MN_IDENTIFIER, it.option().type());
        assertEquals(1, it.option().identifierSubtype());
        final MobilityOption o = it.option();
        assertArrayEquals(NAI, o.copy(o.identifierOffset(), new byte[o.identifierLength()], 0, o.identifierLength()));
        assertTrue(it.next());
        assertEquals(OptionType.TIMESTAMP, it.option().type());
        assertEquals(1704067200L, it.option().timestampSeconds());
        assertEquals(0x8000, it.option().timestampFraction());
        assertTrue(it.next());
        assertEquals(1, it.option().indicator());
        assertTrue(it.next());
        assertEquals(4, it.option().indicator());
        assertTrue(it.next());
        assertEquals(OptionType.PADN, it.option().type());
        assertFalse(it.next());
        assertEquals(ValidationError.NONE, it.error());
    }

    @Test
    void shouldReEncodePbuIdentically()
    {
        final byte[] out = new byte[128];
        final MobilityHeaderEncoder enc = new MobilityHeaderEncoder().wrap(new UnsafeBuffer(out), 0, out.length);
        enc.begin(MhType.BINDING_UPDATE).bindingUpdate().sequence(1)
            .flags(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_P).lifetime(900);
        enc.homeNetworkPrefix(0, new byte[16]).mobileNodeIdentifier(1, NAI, 0, NAI.length)
            .timestamp(1704067200L, 0x8000).handoffIndicator(1).accessTechnologyType(4);
        assertEquals(72, enc.finish(MAG, LMA));
        assertArrayEquals(PBU, java.util.Arrays.copyOf(out, 72));
    }

    @Test
    void shouldDecodeAndReEncodePbaIdentically()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(PBA);
        assertTrue(validator.validate(buffer, 0, PBA.length, LMA, MAG, result), result.toString());
        final BindingAck ba = decoder.wrap(buffer, 0, PBA.length).bindingAck();
        assertEquals(0, ba.status());
        assertEquals(BindingAck.FLAG_P, ba.flags());
        assertEquals(1, ba.sequence());
        assertEquals(900, ba.lifetime());
        decoder.options(it).next();
        assertEquals(64, it.option().prefixLength());
        assertArrayEquals(Addr.v6("2001:db8:100:1::"), it.option().copy(it.option().prefixOffset(), new byte[16], 0, 16));

        final byte[] out = new byte[128];
        final MobilityHeaderEncoder enc = new MobilityHeaderEncoder().wrap(new UnsafeBuffer(out), 0, out.length);
        enc.begin(MhType.BINDING_ACK).bindingAck().status(0).flags(BindingAck.FLAG_P).sequence(1).lifetime(900);
        enc.homeNetworkPrefix(64, Addr.v6("2001:db8:100:1::")).mobileNodeIdentifier(1, NAI, 0, NAI.length)
            .timestamp(1704067200L, 0x8000).handoffIndicator(1).accessTechnologyType(4);
        assertEquals(72, enc.finish(LMA, MAG));
        assertArrayEquals(PBA, java.util.Arrays.copyOf(out, 72));
    }

    @Test
    void shouldDecodeAndReEncodeDmmDumpIdentically()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(DMM_PBU);
        // The checksum holds for MAG -> LMA; the dump is a tshark demo without MN-ID, so an LMA answers 160.
        assertFalse(validator.validate(buffer, 0, DMM_PBU.length, MAG, LMA, result));
        assertEquals(ValidationError.MISSING_MN_IDENTIFIER, result.error());
        assertEquals(ValidationAction.REJECT_WITH_STATUS, result.action());
        assertEquals(StatusCode.MISSING_MN_IDENTIFIER_OPTION, result.code());
        decoder.wrap(buffer, 0, DMM_PBU.length);
        assertTrue(decoder.hasDFlag());
        assertEquals(2, decoder.bindingUpdate().sequence());
        decoder.options(it).next();
        assertEquals(OptionType.ANCHORED_PREFIX, it.option().type());
        assertEquals(64, it.option().prefixLength());
        it.next();
        it.next();
        it.next();
        assertEquals(OptionType.DLIF_LINK_LOCAL, it.option().type());
        assertEquals(38, it.option().offset());

        final byte[] out = new byte[128];
        final MobilityHeaderEncoder enc = new MobilityHeaderEncoder().wrap(new UnsafeBuffer(out), 0, out.length);
        enc.begin(MhType.BINDING_UPDATE).bindingUpdate().sequence(2).flags(0xc210).lifetime(900);
        enc.prefixOption(OptionType.ANCHORED_PREFIX, 64, Addr.v6("2001:db8:a::"));
        // The dump pads with PadN(4 octets) + PadN(2 octets) where the encoder would emit one PadN(6): write them raw.
        enc.rawOption(OptionType.PADN, new byte[2], 0, 2).rawOption(OptionType.PADN, new byte[0], 0, 0);
        enc.address16(OptionType.DLIF_LINK_LOCAL, Addr.v6("fe80::211:22ff:fe33:101"));
        assertEquals(56, enc.finish(MAG, LMA));
        assertArrayEquals(DMM_PBU, java.util.Arrays.copyOf(out, 56));
    }
}
