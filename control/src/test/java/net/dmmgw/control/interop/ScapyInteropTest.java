package net.dmmgw.control.interop;

import net.dmmgw.control.cli.Hex;
import net.dmmgw.control.codec.BindingAck;
import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityHeaderValidator;
import net.dmmgw.control.codec.MobilityOption;
import net.dmmgw.control.codec.MobilityOptionIterator;
import net.dmmgw.control.codec.OptionType;
import net.dmmgw.control.codec.StatusCode;
import net.dmmgw.control.codec.ValidationResult;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Messages built by Debian's scapy (one python run, see src/test/resources/interop/scapy_messages.py) validate,
 * checksum included, and decode to the values the script put in.
 */
class ScapyInteropTest
{
    private static final Pattern LINE = Pattern.compile(
        "\\{\"name\": \"([^\"]+)\", \"src\": \"([^\"]+)\", \"dst\": \"([^\"]+)\", \"hex\": \"([0-9a-f]+)\"}");
    private static final Map<String, byte[]> MESSAGES = new HashMap<>();
    private static final Map<String, byte[][]> ADDRESSES = new HashMap<>();

    private final MobilityHeaderDecoder decoder = new MobilityHeaderDecoder();

    @BeforeAll
    static void runScapy() throws Exception
    {
        final Path dir = Files.createDirectories(Path.of("target", "interop"));
        final Path script = dir.resolve("scapy_messages.py");
        try (InputStream in = ScapyInteropTest.class.getResourceAsStream("/interop/scapy_messages.py"))
        {
            Files.write(script, in.readAllBytes());
        }
        final String out = ExternalTool.run(List.of("/usr/bin/python3", script.getFileName().toString()), dir);
        for (final String line : out.split("\n"))
        {
            final Matcher m = LINE.matcher(line.trim());
            assertTrue(m.matches(), "unexpected scapy output: " + line);
            MESSAGES.put(m.group(1), Hex.decode(m.group(4)));
            ADDRESSES.put(m.group(1), new byte[][]{
                InetAddress.getByName(m.group(2)).getAddress(), InetAddress.getByName(m.group(3)).getAddress() });
        }
        assertEquals(12, MESSAGES.size(), new String(out.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    private MobilityHeaderDecoder decode(final String name)
    {
        final byte[] mh = MESSAGES.get(name);
        final ValidationResult result = new ValidationResult();
        final UnsafeBuffer buffer = new UnsafeBuffer(mh);
        assertTrue(new MobilityHeaderValidator().validate(buffer, 0, mh.length, ADDRESSES.get(name)[0],
            ADDRESSES.get(name)[1], result), name + ": " + result);
        return decoder.wrap(buffer, 0, mh.length);
    }

    private static List<MobilityOption> options(final MobilityHeaderDecoder d)
    {
        final List<MobilityOption> list = new ArrayList<>();
        final MobilityOptionIterator it = d.options(new MobilityOptionIterator());
        while (it.next())
        {
            if (!it.option().isPadding())
            {
                // Re-walk to a fresh iterator position per option: keep (offset, type) pairs by copying the iterator.
                final MobilityOptionIterator copy = d.options(new MobilityOptionIterator());
                while (copy.next() && copy.option().offset() != it.option().offset())
                {
                    // advance to the same option
                }
                list.add(copy.option());
            }
        }
        return list;
    }

    private static byte[] v6(final String literal) throws Exception
    {
        return InetAddress.getByName(literal).getAddress();
    }

    private static byte[] bytes(final MobilityOption o, final int at, final int n)
    {
        return o.copy(at, new byte[n], 0, n);
    }

    @Test
    void shouldDecodeScapyPbuIdenticalToTheSpecDump()
    {
        final MobilityHeaderDecoder d = decode("pbu");
        final BindingUpdate bu = d.bindingUpdate();
        assertEquals(1, bu.sequence());
        assertEquals(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_P, bu.flags());
        assertEquals(900, bu.lifetime());
        final List<MobilityOption> o = options(d);
        assertEquals(OptionType.HOME_NETWORK_PREFIX, o.get(0).type());
        assertEquals(0, o.get(0).prefixLength());
        assertEquals("mn1@example.com", new String(bytes(o.get(1), o.get(1).identifierOffset(), 15),
            StandardCharsets.US_ASCII));
        assertEquals(1704067200L, o.get(2).timestampSeconds());
        assertEquals(0x8000, o.get(2).timestampFraction());
        assertEquals(1, o.get(3).indicator());
        assertEquals(4, o.get(4).indicator());
        assertEquals("3b080500aed7", Hex.encode(MESSAGES.get("pbu"), 0, 6), "same header and checksum as §9");
    }

    @Test
    void shouldDecodeScapyPbaWithTwoHnps() throws Exception
    {
        final MobilityHeaderDecoder d = decode("pba");
        assertEquals(BindingAck.FLAG_P, d.bindingAck().flags());
        final List<MobilityOption> o = options(d);
        assertEquals(64, o.get(0).prefixLength());
        assertArrayEquals(v6("2001:db8:100:1::"), bytes(o.get(0), o.get(0).prefixOffset(), 16));
        assertArrayEquals(v6("2001:db8:100:2::"), bytes(o.get(1), o.get(1).prefixOffset(), 16));
        assertEquals(OptionType.MN_IDENTIFIER, o.get(2).type());
    }

    @Test
    void shouldDecodeScapyMipv6BuAndBa() throws Exception
    {
        final MobilityHeaderDecoder d = decode("mipv6-bu");
        assertEquals(BindingUpdate.FLAG_A | BindingUpdate.FLAG_K, d.bindingUpdate().flags());
        assertEquals(9, d.bindingUpdate().sequence());
        assertEquals(60, d.bindingUpdate().lifetime());
        final List<MobilityOption> o = options(d);
        assertEquals(0x1111, o.get(0).homeNonceIndex());
        assertEquals(0x2222, o.get(0).careOfNonceIndex());
        assertArrayEquals(v6("2001:db8:3::3"), bytes(o.get(1), o.get(1).addressOffset(), 16));
        assertEquals(48, o.get(2).prefixLength());
        assertArrayEquals(v6("2001:db8:200::"), bytes(o.get(2), o.get(2).prefixOffset(), 16));
        assertEquals(1, o.get(3).authenticationSubtype());
        assertEquals(0x1000L, o.get(3).spi());
        assertEquals(12, o.get(3).authenticationDataLength());
        assertEquals(0x0102030405060708L, o.get(4).value64());
        assertEquals(OptionType.CGA_PARAMETERS_REQUEST, o.get(5).type());
        assertEquals(40, o.get(6).length());
        assertEquals(64, o.get(7).length());
        assertEquals(OptionType.CARE_OF_TEST_INIT, o.get(8).type());
        assertEquals(OptionType.BINDING_AUTHORIZATION_DATA, o.get(9).type());
        assertArrayEquals(new byte[]{ 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12 },
            bytes(o.get(9), o.get(9).dataOffset(), 12));

        final MobilityHeaderDecoder ba = decode("mipv6-ba");
        assertEquals(BindingAck.FLAG_K, ba.bindingAck().flags());
        final List<MobilityOption> b = options(ba);
        assertEquals(10, b.get(0).refreshInterval());
        assertEquals(OptionType.PERMANENT_HOME_KEYGEN_TOKEN, b.get(1).type());
        assertEquals(64, b.get(1).length());
        assertEquals(0x0a0b0c0d0e0f1011L, b.get(2).value64());
    }

    @Test
    void shouldDecodeScapyRejectedBaAndOtherMessages() throws Exception
    {
        final BindingAck rejected = decode("ba-rejected").bindingAck();
        assertEquals(160, rejected.status());
        assertEquals("MISSING_MN_IDENTIFIER_OPTION", StatusCode.name(rejected.status()));
        assertEquals(5, rejected.sequence());
        assertEquals(MhType.BINDING_REFRESH_REQUEST, decode("brr").mhType());
        assertEquals(0x1122334455667788L, decode("hoti").testInit().cookie());
        assertEquals(0x0102030405060708L, decode("coti").testInit().cookie());
        final MobilityHeaderDecoder hot = decode("hot");
        assertEquals(5, hot.testReply().nonceIndex());
        assertEquals(0x99aabbccddeeff00L, hot.testReply().keygenToken());
        final MobilityHeaderDecoder cot = decode("cot");
        assertEquals(6, cot.testReply().nonceIndex());
        assertEquals(0x1020304050607080L, cot.testReply().keygenToken());
        final MobilityHeaderDecoder be = decode("be");
        assertEquals(2, be.bindingError().status());
        assertArrayEquals(v6("2001:db8:100:1::1"), be.bindingError().copyHomeAddress(new byte[16]));
    }

    @Test
    void shouldDecodeScapyDmmPbaWithSeveralPreviousMaars() throws Exception
    {
        final MobilityHeaderDecoder d = decode("dmm-pba");
        assertTrue(d.hasDFlag());
        final List<MobilityOption> o = options(d);
        assertEquals(OptionType.ANCHORED_PREFIX, o.get(1).type());
        assertArrayEquals(v6("2001:db8:a::"), bytes(o.get(1), o.get(1).prefixOffset(), 16));
        assertEquals(OptionType.PREVIOUS_MAAR, o.get(2).type());
        assertArrayEquals(v6("2001:db8:a::1"), bytes(o.get(2), o.get(2).addressOffset(), 16));
        assertEquals(64, o.get(2).prefixLength());
        assertArrayEquals(v6("2001:db8:100:1::"), bytes(o.get(2), o.get(2).prefixOffset(), 16));
        assertArrayEquals(v6("2001:db8:b::1"), bytes(o.get(3), o.get(3).addressOffset(), 16));
        assertArrayEquals(v6("2001:db8:100:2::"), bytes(o.get(3), o.get(3).prefixOffset(), 16));
    }
}
