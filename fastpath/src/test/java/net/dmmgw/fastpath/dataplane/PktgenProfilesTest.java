package net.dmmgw.fastpath.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.dmmgw.dpdk.pcap.PcapFile;
import net.dmmgw.fastpath.pipeline.Verdict;
import net.dmmgw.fastpath.support.Rig;
import net.dmmgw.fastpath.table.PortRole;

/**
 * The pktgen-dpdk profiles of {@code scripts/pktgen} (pktgen itself is not installable here):
 * {@code check_profiles.py} runs each Lua profile under lua5.4 against a recording stand-in of
 * pktgen's Lua API, builds the frames the sequence profile describes with scapy, generates perf/rate's
 * pcaps the replay profile sends, and has tshark decode all of them (no malformed frame, UDP
 * checksums good, every destination in a prefix of the route set). Then every one of those frames
 * goes through the data plane's pipeline with the tables that {@code dataplane-perf.properties}
 * (parsed by {@link DataPlaneConfig}) installs: each must be forwarded out of port 1, tunnelled frames
 * decapsulated first. So the profiles and the sample configuration agree, which is what a perf lab needs.
 */
class PktgenProfilesTest
{
    private static final Path PKTGEN = Path.of("..", "scripts", "pktgen").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void shouldGenerateValidIpv6TrafficThatTheSampleDataPlaneConfigurationForwards() throws Exception
    {
        final Process checker = new ProcessBuilder("/usr/bin/python3",
            PKTGEN.resolve("check").resolve("check_profiles.py").toString(), dir.toString())
            .redirectErrorStream(true).start();
        final String report = new String(checker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(checker.waitFor(120, TimeUnit.SECONDS), "check_profiles.py did not finish");
        System.out.print(report);
        assertEquals(0, checker.exitValue(), report);
        assertEquals(5, report.lines().filter(line -> line.startsWith("OK ")).count(), report);

        // The sample configuration, with its lab/ files where the checker generated them.
        Files.copy(PKTGEN.resolve("next-hop.txt"), dir.resolve("next-hop.txt"));
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(PKTGEN.resolve("dataplane-perf.properties")))
        {
            properties.load(reader);
        }
        final DataPlaneConfig config = DataPlaneConfig.parse(properties, dir);
        assertEquals(List.of("-l", "2,3"), config.ealArguments().subList(0, 2));

        try (Rig rig = new Rig(config.limits(), 1000, 10))
        {
            for (final PortConfig port : config.ports())
            {
                Rig.ok(rig.tables.configurePort(port.id(), port.role(), port.mac(), port.address()));
                assertEquals(PortRole.CORE, port.role());
            }
            final StaticState.Loaded loaded = new StaticState(rig.tables, config.routeAction(), config.ingressFilter())
                .load(config.stateFiles());
            assertEquals(1000, loaded.destinationRoutes);
            assertEquals(1024, loaded.tunnels);

            assertAllForwarded(rig, dir.resolve("plain-seq.pcap"), 16, false);
            assertAllForwarded(rig, dir.resolve("lab").resolve("forward.pcap"), 1000, false);
            assertAllForwarded(rig, dir.resolve("lab").resolve("decap.pcap"), 1000, true);
        }
    }

    private static void assertAllForwarded(final Rig rig, final Path pcap, final int frames, final boolean tunnelled)
        throws IOException
    {
        final List<byte[]> input = PcapFile.read(pcap);
        assertEquals(frames, input.size(), pcap.toString());
        for (int i = 0; i < input.size(); i++)
        {
            final byte[] frame = input.get(i);
            final Verdict verdict = rig.run(frame, 0);
            final String what = pcap.getFileName() + " frame " + (i + 1);
            assertEquals(Verdict.TRANSMIT, verdict, what + ": " + rig.ctx.dropReason());
            assertEquals(1, rig.ctx.egressPort(), what);
            final byte[] out = rig.output();
            // The (inner) IPv6 packet leaves with its hop limit decremented, toward next hop 1's MAC.
            final int inner = tunnelled ? 14 + 40 : 14;
            assertEquals(frame.length - (inner - 14), out.length, what);
            assertTrue(Arrays.equals(out, 14 + 8, out.length, frame, inner + 8, frame.length), what + ": addresses/payload");
            assertEquals((frame[inner + 7] & 0xFF) - 1, out[14 + 7] & 0xFF, what + ": hop limit");
            assertEquals(0x02_00_00_00_00_feL, mac(out, 0), what + ": destination MAC");
            assertEquals(0x02_00_00_00_00_02L, mac(out, 6), what + ": source MAC = port 1's");
        }
    }

    private static long mac(final byte[] frame, final int offset)
    {
        long mac = 0;
        for (int i = 0; i < 6; i++)
        {
            mac = mac << 8 | (frame[offset + i] & 0xFF);
        }
        return mac;
    }
}
