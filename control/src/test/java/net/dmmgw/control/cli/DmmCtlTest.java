package net.dmmgw.control.cli;

import net.dmmgw.control.interop.PcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dmmctl decode end to end through picocli: output JSON, exit codes, error messages. */
class DmmCtlTest
{
    static final String PBU = "3b080500aed70001c200038416120000000000000000000000000000000000000810016d6e31406578616d" +
        "706c652e636f6d1b080000659200808000170200011802000401020000";
    static final String PBU_NO_MNID = "3b060500c53e0002c21003844112004020010db8000a000000000000000000000102000001" +
        "004510fe80000000000000021122fffe330101";
    static final String IPV6_HEADER = "6000000000488740" + "20010db8000100000000000000000001" +
        "20010db8000200000000000000000001";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        final CommandLine cmd = new CommandLine(new DmmCtl());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    @Test
    void shouldDecodeTheSpecPbuAsJsonWithVerifiedChecksum()
    {
        assertEquals(ExitCode.OK, run("decode", "--hex", PBU, "--src", "2001:db8:1::1", "--dst", "2001:db8:2::1"));
        final String json = out.toString().trim();
        assertTrue(json.startsWith("{\"length\":72,\"payloadProto\":59,\"headerLen\":8,\"declaredLength\":72," +
            "\"mhType\":5,\"mhTypeName\":\"Binding Update\",\"checksum\":\"0xaed7\""), json);
        assertTrue(json.contains("\"fields\":{\"sequence\":1,\"flags\":\"0xc200\",\"flagNames\":[\"A\",\"H\",\"P\"]," +
            "\"proxy\":true,\"lifetime\":900,\"lifetimeSeconds\":3600}"), json);
        assertTrue(json.contains("{\"offset\":12,\"type\":22,\"name\":\"Home Network Prefix\",\"length\":18," +
            "\"prefixLength\":0,\"prefix\":\"::\"}"), json);
        assertTrue(json.contains("\"identifier\":\"mn1@example.com\""), json);
        assertTrue(json.contains("\"utc\":\"2024-01-01T00:00:00.500Z\""), json);
        assertTrue(json.contains("\"valueName\":\"IEEE 802.11a/b/g\""), json);
        assertTrue(json.endsWith("\"validation\":{\"valid\":true,\"checksumVerified\":true,\"error\":\"NONE\"," +
            "\"description\":\"valid\",\"action\":\"ACCEPT\",\"offset\":0}}"), json);
    }

    @Test
    void shouldDecodeAWholeIpv6Packet()
    {
        assertEquals(ExitCode.OK, run("decode", "--ipv6", "--hex", IPV6_HEADER + PBU));
        assertTrue(out.toString().contains("\"checksumVerified\":true"));
        out.getBuffer().setLength(0);
        final String wrongDestination = IPV6_HEADER.substring(0, IPV6_HEADER.length() - 1) + "2";
        assertEquals(ExitCode.INVALID_MESSAGE, run("decode", "--ipv6", "--hex", wrongDestination + PBU));
        assertTrue(out.toString().contains("\"error\":\"BAD_CHECKSUM\""), out.toString());
    }

    @Test
    void shouldReportTheStatusCodeAValidationErrorMapsTo()
    {
        assertEquals(ExitCode.INVALID_MESSAGE, run("decode", "--hex", PBU_NO_MNID));
        final String json = out.toString();
        assertTrue(json.contains("\"flagNames\":[\"A\",\"H\",\"P\",\"D\"]"), json);
        assertTrue(json.contains("\"name\":\"Anchored Prefix\""), json);
        assertTrue(json.contains("\"name\":\"DLIF Link-local Address\",\"length\":16," +
            "\"address\":\"fe80::211:22ff:fe33:101\""), json);
        assertTrue(json.contains("\"action\":\"REJECT_WITH_STATUS\",\"offset\":8,\"statusCode\":160," +
            "\"statusName\":\"MISSING_MN_IDENTIFIER_OPTION\""), json);
        assertTrue(json.contains("\"checksumVerified\":false"), json);
    }

    @Test
    void shouldReadDraft02DFlagPositionsWhenAsked()
    {
        final String draft = PBU_NO_MNID.replace("c2100384", "c3000384");
        assertEquals(ExitCode.INVALID_MESSAGE, run("decode", "--hex", draft, "--dmm-compat", "draft02"));
        assertTrue(out.toString().contains("\"flagNames\":[\"A\",\"H\",\"P\",\"D\"]"), out.toString());
        assertTrue(out.toString().contains("MISSING_MN_IDENTIFIER"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(ExitCode.INVALID_MESSAGE, run("decode", "--hex", draft));
        assertTrue(out.toString().contains("\"flagNames\":[\"A\",\"H\",\"P\",\"F\"]"), out.toString());
        assertTrue(out.toString().contains("DMM_OPTION_WITHOUT_D_FLAG"), out.toString());
    }

    @Test
    void shouldFailClearlyOnBadHex()
    {
        assertEquals(ExitCode.BAD_INPUT, run("decode", "--hex", "3b0g"));
        assertTrue(err.toString().contains("not a hex digit: 'g'"), err.toString());
        assertEquals(ExitCode.BAD_INPUT, run("decode", "--hex", "3b0"));
        assertTrue(err.toString().contains("odd number of hex digits"), err.toString());
        assertEquals(ExitCode.BAD_INPUT, run("decode", "--ipv6", "--hex", PBU));
        assertTrue(err.toString().contains("not an IPv6 packet"), err.toString());
    }

    @Test
    void shouldRejectUsageErrorsWithCode2()
    {
        assertEquals(ExitCode.USAGE, run("decode"));
        assertEquals(ExitCode.USAGE, run("decode", "--hex", PBU, "--pcap", "x.pcap"));
        assertEquals(ExitCode.USAGE, run("decode", "--hex", PBU, "--src", "2001:db8::1"));
        assertEquals(ExitCode.USAGE, run("decode", "--hex", PBU, "--dmm-compat", "draft03"));
        assertEquals(ExitCode.USAGE, run());
        assertEquals(ExitCode.OK, run("decode", "--help"));
        assertTrue(out.toString().contains("--pcap=FILE"), out.toString());
    }

    @Test
    void shouldDecodeEveryMobilityHeaderOfAPcap(@TempDir final Path dir) throws Exception
    {
        final byte[] mag = InetAddress.getByName("2001:db8:1::1").getAddress();
        final byte[] lma = InetAddress.getByName("2001:db8:2::1").getAddress();
        final Path pcap = new PcapWriter().add(mag, lma, Hex.decode(PBU)).add(mag, lma, Hex.decode(PBU_NO_MNID))
            .write(dir.resolve("two.pcap"));
        assertEquals(ExitCode.INVALID_MESSAGE, run("decode", "--pcap", pcap.toString()));
        final String[] lines = out.toString().trim().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("{\"frame\":1,\"length\":72"), lines[0]);
        assertTrue(lines[0].contains("\"valid\":true,\"checksumVerified\":true"), lines[0]);
        assertTrue(lines[1].startsWith("{\"frame\":2,"), lines[1]);
        assertTrue(lines[1].contains("\"statusCode\":160"), lines[1]);
    }

    @Test
    void shouldFailClearlyOnUnreadableOrUnsupportedPcap(@TempDir final Path dir) throws Exception
    {
        assertEquals(ExitCode.BAD_INPUT, run("decode", "--pcap", dir.resolve("missing.pcap").toString()));
        assertTrue(err.toString().contains("missing.pcap"), err.toString());
        final Path pcapng = Files.write(dir.resolve("x.pcapng"),
            new byte[]{ 0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0x1c, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0 });
        assertEquals(ExitCode.BAD_INPUT, run("decode", "--pcap", pcapng.toString()));
        assertTrue(err.toString().contains("pcapng is not supported"), err.toString());
        final Path empty = new PcapWriter().write(dir.resolve("empty.pcap"));
        assertEquals(ExitCode.BAD_INPUT, run("decode", "--pcap", empty.toString()));
        assertTrue(err.toString().contains("no Mobility Header"), err.toString());
    }

    @Test
    void shouldNameRevocationTriggersAndIpv4ReplyStatus()
    {
        assertEquals(ExitCode.OK, run("decode", "--hex", "3b02100000000102000b8000000000000000000000000000"));
        assertTrue(out.toString().contains("\"revocationTrigger\":2,\"revocationTriggerName\":" +
            "\"Inter-MAG Handover - same Access Type\""), out.toString());
        assertTrue(out.toString().contains("\"flagNames\":[\"P\"]"), out.toString());
    }

    @Test
    void shouldParseOptionsWithoutRunning()
    {
        final DecodeCommand cmd = CommandLine.populateCommand(new DecodeCommand(), "--hex", "3b", "--ipv6");
        assertEquals("3b", cmd.source.hex);
        assertTrue(cmd.ipv6);
        assertEquals("iana", cmd.dmmCompat);
        assertThrows(CommandLine.ParameterException.class,
            () -> CommandLine.populateCommand(new DecodeCommand(), "--hex", "3b", "--pcap", "f"));
    }
}
