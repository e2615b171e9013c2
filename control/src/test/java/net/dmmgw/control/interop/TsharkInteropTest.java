package net.dmmgw.control.interop;

import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityOption;
import net.dmmgw.control.codec.MobilityOptionIterator;
import net.dmmgw.control.codec.SamplesPcap;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every sample message (all types, all options) is written into one pcap inside IPv6 packets and dissected by
 * tshark. tshark must find no malformed packet and no expert item beyond the "IE data not dissected yet" note for
 * the option types Wireshark 4.0 does not know (59, 65-70); each option must sit at the offset and size we encoded
 * with the same octets; and the fields tshark interprets must equal the encoded values.
 */
class TsharkInteropTest
{
    /** Ethernet (14) + IPv6 (40): frame offset of the MH. */
    private static final int MH_POS = 54;
    private static final String NOTE = "4194304";

    private static List<SamplesPcap.Entry> samples;
    private static List<List<Field>> packets;
    private static String verbose;

    record Field(String name, String show, int pos, int size)
    {
    }

    @BeforeAll
    static void dissect() throws Exception
    {
        samples = SamplesPcap.samples();
        final PcapWriter w = new PcapWriter();
        for (final SamplesPcap.Entry e : samples)
        {
            w.add(e.src(), e.dst(), e.mh());
        }
        final Path dir = Files.createDirectories(Path.of("target", "interop"));
        final Path pcap = w.write(dir.resolve("tshark-samples.pcap"));
        verbose = ExternalTool.run(List.of("tshark", "-r", pcap.getFileName().toString(), "-V"), dir);
        final String pdml = ExternalTool.run(List.of("tshark", "-r", pcap.getFileName().toString(), "-T", "pdml"), dir);
        final Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(pdml.getBytes(StandardCharsets.UTF_8)));
        final NodeList packetNodes = doc.getElementsByTagName("packet");
        packets = new ArrayList<>();
        for (int i = 0; i < packetNodes.getLength(); i++)
        {
            final List<Field> fields = new ArrayList<>();
            collect(packetNodes.item(i), fields);
            packets.add(fields);
        }
        assertEquals(samples.size(), packets.size(), "tshark saw every frame");
    }

    private static void collect(final Node node, final List<Field> out)
    {
        final NodeList children = node.getChildNodes();
        for (int i = 0; i < children.getLength(); i++)
        {
            if (children.item(i) instanceof Element e)
            {
                if (e.getTagName().equals("field") || e.getTagName().equals("proto"))
                {
                    out.add(new Field(e.getAttribute("name"), e.getAttribute("show"),
                        parse(e.getAttribute("pos")), parse(e.getAttribute("size"))));
                }
                collect(e, out);
            }
        }
    }

    private static int parse(final String s)
    {
        return s.isEmpty() ? -1 : Integer.parseInt(s);
    }

    private static boolean wiresharkKnows(final int wireType)
    {
        return wireType <= 52 || wireType == 55;
    }

    private static String colonHex(final byte[] b, final int from, final int length)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + length; i++)
        {
            sb.append(i > from ? ":" : "").append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }

    @Test
    void shouldDissectWithoutMalformedOrExpertWarnings()
    {
        for (int p = 0; p < packets.size(); p++)
        {
            final String name = samples.get(p).name();
            final List<Field> fields = packets.get(p);
            int notes = 0;
            int unknownOptions = 0;
            for (final Field f : fields)
            {
                assertTrue(!f.name().startsWith("_ws.malformed"), name + ": tshark marks the packet malformed");
                if (f.name().equals("_ws.expert.severity"))
                {
                    assertEquals(NOTE, f.show(), name + ": expert item above Note level");
                    notes++;
                }
                if (f.name().equals("_ws.expert.message"))
                {
                    assertEquals("IE data not dissected yet", f.show(), name);
                }
                if (f.name().equals("mip6.mobility_opt"))
                {
                    unknownOptions++;
                    assertTrue(!wiresharkKnows(Integer.parseInt(f.show())), name + ": known option shown as unknown");
                }
            }
            assertEquals(unknownOptions, notes, name + ": one note per option Wireshark does not know, nothing else");
        }
    }

    @Test
    void shouldShowNoMalformedOrExpertWarningInTheVerboseDissection()
    {
        assertTrue(verbose.contains("Mobility Header Type: Binding Update (5)"), "tshark -V dissected the frames");
        int notes = 0;
        for (final String line : verbose.split("\n"))
        {
            assertTrue(!line.contains("Malformed"), line);
            if (line.contains("Expert Info"))
            {
                assertTrue(line.contains("[Expert Info (Note/Undecoded): IE data not dissected yet]"), line);
                notes++;
            }
        }
        assertEquals(11, notes, "LMA User-Plane in PBU and PBA, 2 DMM options in the DMM PBU, 7 in the DMM PBA");
    }

    @Test
    void shouldPlaceEveryOptionWhereWeEncodedItWithTheSameOctets()
    {
        final MobilityHeaderDecoder decoder = new MobilityHeaderDecoder();
        final MobilityOptionIterator it = new MobilityOptionIterator();
        int checked = 0;
        for (int p = 0; p < packets.size(); p++)
        {
            final SamplesPcap.Entry sample = samples.get(p);
            final List<Field> tsharkOptions = packets.get(p).stream()
                .filter(f -> f.name().startsWith("mip6.options.") || f.name().equals("mip6.mobility_opt"))
                .toList();
            decoder.wrap(new UnsafeBuffer(sample.mh()), 0, sample.mh().length).options(it);
            int i = 0;
            while (it.next())
            {
                final MobilityOption o = it.option();
                final Field f = tsharkOptions.get(i++);
                assertEquals(MH_POS + o.offset(), f.pos(), sample.name() + " option " + i + " position");
                if (wiresharkKnows(o.wireType()))
                {
                    assertEquals(o.size(), f.size(), sample.name() + " option " + i + " size");
                    assertEquals(colonHex(sample.mh(), o.offset(), o.size()), f.show(), sample.name() + " octets");
                }
                else
                {
                    assertEquals(String.valueOf(o.wireType()), f.show(), sample.name() + " unknown type");
                }
                checked++;
            }
            assertEquals(tsharkOptions.size(), i, sample.name() + ": tshark and we count the same options");
        }
        assertTrue(checked > 60);
    }

    private static Map<String, List<String>> values(final String sample)
    {
        for (int p = 0; p < samples.size(); p++)
        {
            if (samples.get(p).name().equals(sample))
            {
                return packets.get(p).stream().collect(Collectors.groupingBy(Field::name,
                    Collectors.mapping(Field::show, Collectors.toList())));
            }
        }
        throw new AssertionError(sample);
    }

    private static void expect(final Map<String, List<String>> v, final String field, final String... shows)
    {
        assertEquals(List.of(shows), v.get(field), field);
    }

    @Test
    void shouldShowTheEncodedHeaderFieldsAndChecksum()
    {
        for (int p = 0; p < packets.size(); p++)
        {
            final SamplesPcap.Entry s = samples.get(p);
            final Map<String, List<String>> v = values(s.name());
            expect(v, "mip6.proto", "59");
            expect(v, "mip6.hlen", String.valueOf(s.mh()[1] & 0xFF));
            expect(v, "mip6.mhtype", String.valueOf(s.mh()[2] & 0xFF));
            expect(v, "mip6.csum", String.format("0x%02x%02x", s.mh()[4] & 0xFF, s.mh()[5] & 0xFF));
        }
    }

    @Test
    void shouldShowPbuAndPbaValues()
    {
        final Map<String, List<String>> pbu = values("pbu");
        expect(pbu, "mip6.bu.seqnr", "7");
        expect(pbu, "mip6.bu.a_flag", "1");
        expect(pbu, "mip6.bu.h_flag", "1");
        expect(pbu, "mip6.bu.p_flag", "1");
        expect(pbu, "mip6.bu.lifetime", "900");
        expect(pbu, "mip6.nemo.mnp.pfl", "64", "64");
        expect(pbu, "mip6.nemo.mnp.mnp", "2001:db8:100:1::", "2001:db8:100:2::");
        expect(pbu, "mip6.mnid.subtype", "1");
        expect(pbu, "mip6.mnid.identifier", "mn1@example.com");
        expect(pbu, "mip6.hi", "1");
        expect(pbu, "mip6.att", "4");
        expect(pbu, "mip6.mnlli.lli", "00:11:22:33:44:55");
        expect(pbu, "mip6.lila_lla", "fe80::1");
        expect(pbu, "mip6.timestamp_tmp", "Jan  1, 2024 00:00:00.500000000 UTC");
        expect(pbu, "mip6.gre_key", "16909060");
        expect(pbu, "mip6.ipv4ha.preflen", "24");
        expect(pbu, "mip6.ipv4ha.ha", "0.0.0.0");
        expect(pbu, "mip6.acoa.acoa", "2001:db8:3::3");

        final Map<String, List<String>> pba = values("pba");
        expect(pba, "mip6.ba.status", "0");
        expect(pba, "mip6.ba.p_flag", "1");
        expect(pba, "mip6.ba.seqnr", "7");
        expect(pba, "mip6.ba.lifetime", "900");
        expect(pba, "mip6.ipv4aa.sts", "0");
        expect(pba, "mip6.ipv4ha.ha", "10.0.0.5");
        expect(pba, "mip6.ipv4dra.dra", "10.0.0.1");
        expect(pba, "mip6.ipv4dsm.s_flag", "1");
        expect(pba, "mip6.bra.interval", "100");
    }

    @Test
    void shouldShowMipv6BuAndBaValues()
    {
        final Map<String, List<String>> bu = values("mipv6-bu");
        expect(bu, "mip6.bu.seqnr", "9");
        expect(bu, "mip6.bu.k_flag", "1");
        expect(bu, "mip6.bu.lifetime", "60");
        expect(bu, "mip6.ni.hni", "4369");
        expect(bu, "mip6.ni.cni", "8738");
        assertEquals(2, bu.get("mip6.cgar.cga_par").size(), "CGA Parameters split in two options");
        expect(bu, "mip6.auth.subtype", "1");
        expect(bu, "mip6.auth.mobility_spi", "4096");
        expect(bu, "mip6.vsm.vendorId", "32473");
        expect(bu, "mip6.vsm.subtype", "7");
        expect(bu, "mip6.nemo.mnp.pfl", "48");
        expect(bu, "mip6.nemo.mnp.mnp", "2001:db8:200::");
        expect(bu, "mip6.rc", "42");
        expect(bu, "mip6.bad.auth", "01:02:03:04:05:06:07:08:09:0a:0b:0c");

        final Map<String, List<String>> ba = values("mipv6-ba");
        expect(ba, "mip6.ba.k_flag", "1");
        expect(ba, "mip6.ba.seqnr", "9");
        expect(ba, "mip6.bra.interval", "10");
        assertTrue(ba.get("mip6.phkt.phkt").get(0).startsWith("33:33:33"));
    }

    @Test
    void shouldShowOtherMessageValues()
    {
        expect(values("hoti"), "mip6.hoti.cookie", "0x1122334455667788");
        expect(values("coti"), "mip6.coti.cookie", "0x0102030405060708");
        final Map<String, List<String>> hot = values("hot");
        expect(hot, "mip6.hot.nindex", "5");
        expect(hot, "mip6.hot.cookie", "0x1122334455667788");
        expect(hot, "mip6.hot.token", "0x99aabbccddeeff00");
        final Map<String, List<String>> cot = values("cot");
        expect(cot, "mip6.cot.nindex", "6");
        expect(cot, "mip6.cot.cookie", "0x0102030405060708");
        expect(cot, "mip6.hot.token", "0x1020304050607080"); // Wireshark 4.0 labels the CoT token as hot.token
        final Map<String, List<String>> be = values("be");
        expect(be, "mip6.be.status", "2");
        expect(be, "mip6.be.haddr", "2001:db8:100:1::1");
        final Map<String, List<String>> hb = values("heartbeat");
        expect(hb, "mip6.hb.r_flag", "1");
        expect(hb, "mip6.hb.u_flag", "0");
        expect(hb, "mip6.hb.seqnr", "4275878552");
        expect(hb, "mip6.rc", "77");
        final Map<String, List<String>> bri = values("bri");
        expect(bri, "mip6.bri_br.type", "1");
        expect(bri, "mip6.bri_r.trigger", "2");
        expect(bri, "mip6.bri_seqnr", "11");
        expect(bri, "mip6.bri_ip", "1");
        expect(bri, "mip6.mnid.identifier", "mn1@example.com");
        final Map<String, List<String>> bra = values("bra");
        expect(bra, "mip6.bri_br.type", "2");
        expect(bra, "mip6.bri_status", "0");
        expect(bra, "mip6.bri_ap", "1");
        final Map<String, List<String>> dmm = values("dmm-pba");
        expect(dmm, "mip6.mobility_opt", "65", "66", "67", "67", "68", "69", "70");
    }
}
