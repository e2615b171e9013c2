package net.dmmgw.perf.codec;

import net.dmmgw.control.codec.BindingAck;
import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.control.codec.MobilityHeaderValidator;
import net.dmmgw.control.codec.MobilityOption;
import net.dmmgw.control.codec.MobilityOptionIterator;
import net.dmmgw.control.codec.OptionType;
import net.dmmgw.control.codec.ValidationResult;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Mobility Header codec costs on the control path:
 * <ul>
 *   <li>{@code decodeValidatePbu}: checksum + full validation of the 72-octet PBU of wire-formats §9, then the
 *   fields an LMA reads (sequence, flags, lifetime, each option's type and the HNP / MN-ID / HI / ATT values);</li>
 *   <li>{@code encodePba}: a full PBA (HNP, MN-ID, Timestamp, HI, ATT, Link-local Address) with padding, Header Len
 *   and checksum.</li>
 * </ul>
 * Target: ≤ 150 ns for decode + validate, 0 B/op for both (check with {@code -prof gc}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED") // Agrona on Java 25
public class MhCodecBenchmark
{
    private static final String PBU_HEX = "3b080500aed70001c200038416120000000000000000000000000000000000000810016d6e3140" +
        "6578616d706c652e636f6d1b080000659200808000170200011802000401020000";

    private final MobilityHeaderValidator validator = new MobilityHeaderValidator();
    private final MobilityHeaderDecoder decoder = new MobilityHeaderDecoder();
    private final MobilityOptionIterator iterator = new MobilityOptionIterator();
    private final ValidationResult result = new ValidationResult();
    private final MobilityHeaderEncoder encoder = new MobilityHeaderEncoder();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[256]);
    private UnsafeBuffer pbu;
    private byte[] mag;
    private byte[] lma;
    private byte[] hnp;
    private byte[] linkLocal;
    private byte[] nai;

    /** Builds the inputs once. */
    @Setup
    public void setUp() throws Exception
    {
        pbu = new UnsafeBuffer(HexFormat.of().parseHex(PBU_HEX));
        mag = InetAddress.getByName("2001:db8:1::1").getAddress();
        lma = InetAddress.getByName("2001:db8:2::1").getAddress();
        hnp = InetAddress.getByName("2001:db8:100:1::").getAddress();
        linkLocal = InetAddress.getByName("fe80::1").getAddress();
        nai = "mn1@example.com".getBytes(StandardCharsets.US_ASCII);
        if (decodeValidatePbu() <= 0 || encodePba() != 88)
        {
            throw new IllegalStateException("benchmark inputs are wrong: " + result);
        }
    }

    /** @return a value derived from every field read, so nothing is dead code. */
    @Benchmark
    public long decodeValidatePbu()
    {
        if (!validator.validate(pbu, 0, pbu.capacity(), mag, lma, result))
        {
            return -1;
        }
        final MobilityHeaderDecoder mh = decoder.wrap(pbu, 0, pbu.capacity());
        final BindingUpdate bu = mh.bindingUpdate();
        long acc = bu.sequence() + bu.flags() + bu.lifetime();
        final MobilityOptionIterator it = mh.options(iterator);
        while (it.next())
        {
            final MobilityOption o = it.option();
            switch (o.type())
            {
                case OptionType.HOME_NETWORK_PREFIX -> acc += o.prefixLength() + o.u64(2) + o.u64(10);
                case OptionType.MN_IDENTIFIER -> acc += o.identifierLength() + o.identifierSubtype();
                case OptionType.HANDOFF_INDICATOR, OptionType.ACCESS_TECHNOLOGY_TYPE -> acc += o.indicator();
                case OptionType.TIMESTAMP -> acc += o.timestampSeconds();
                default -> acc += o.type();
            }
        }
        return acc;
    }

    /** @return the PBA length (88 octets). */
    @Benchmark
    public int encodePba()
    {
        final MobilityHeaderEncoder e = encoder.wrap(out, 0, out.capacity()).begin(MhType.BINDING_ACK);
        e.bindingAck().status(0).flags(BindingAck.FLAG_P).sequence(1).lifetime(900);
        e.homeNetworkPrefix(64, hnp).mobileNodeIdentifier(1, nai, 0, nai.length).timestamp(1704067200L, 0x8000)
            .handoffIndicator(1).accessTechnologyType(4).linkLocalAddress(linkLocal);
        return e.finish(lma, mag);
    }
}
