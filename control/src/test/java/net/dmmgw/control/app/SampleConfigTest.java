package net.dmmgw.control.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import net.dmmgw.control.node.NodeConfig;
import org.junit.jupiter.api.Test;

/** Every sample node file in control/config passes the launcher's whole validation (launcher keys, role keys, no unknown key). */
class SampleConfigTest
{
    @Test
    void everySampleIsAValidNodeFile() throws Exception
    {
        final List<Path> samples;
        try (Stream<Path> files = Files.list(Path.of("config")))
        {
            samples = files.filter(p -> p.toString().endsWith(".properties")).sorted().toList();
        }
        assertTrue(samples.size() >= 6, samples.toString());
        for (final Path sample : samples)
        {
            final NodeConfig config = NodeConfig.load(sample);
            final ControlSettings settings = ControlSettings.from(config);
            Roles.factory(settings.role()).configure(config);
            config.rejectUnknown();
            if (sample.endsWith("mag.properties") || sample.endsWith("maar.properties"))
            {
                assertEquals(ControlSettings.DATAPLANE, settings.transport(),
                    sample + ": a MAG's / MAAR's access links are data-plane ports");
            }
            else if (sample.endsWith("cmd.properties"))
            {
                assertEquals(ControlSettings.RAW, settings.transport());
                assertFalse(settings.dataPlaneClient(), "a CMD has no data plane");
            }
            else if (sample.endsWith("lma-split.properties"))
            {
                assertEquals(ControlSettings.DATAPLANE, settings.transport());
                assertEquals(-1, settings.nextHopMac(), "empty: learned");
                assertTrue(settings.ipc().toDataPlaneChannel().startsWith("aeron:udp"));
                assertArrayEquals(net.dmmgw.ipc.Ipv6Words.bytes("2001:db8:2::100"),
                    net.dmmgw.control.lma.LmaConfig.from(config).userPlaneAddress(),
                    "the split sample declares the data function's tunnel address (RFC 7389)");
            }
            else
            {
                assertEquals(ControlSettings.RAW, settings.transport(), sample + ": the default");
            }
        }
    }
}
