package net.dmmgw.control.mag;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.app.ControlSettings;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.ipc.Ipv6Words;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample file loads with the RFC defaults; each kind of bad value is refused with the key named. */
class MagConfigTest
{
    @Test
    void sampleFileLoads()
    {
        // The sample is a whole node file: the launcher reads its keys first, as ControlNode does.
        final NodeConfig file = NodeConfig.load(Path.of("config", "mag.properties"));
        ControlSettings.from(file);
        final MagConfig c = MagConfig.from(file);
        assertArrayEquals(Ipv6Words.bytes("2001:db8:1::1"), c.address());
        assertArrayEquals(Ipv6Words.bytes("2001:db8:2::1"), c.lmaAddress());
        assertArrayEquals(Ipv6Words.bytes("fe80::1"), c.linkLocal());
        assertEquals(0x02_00_00_00_01_00L, c.mac());
        assertEquals(1000, c.initialBindackTimeoutMs());
        assertEquals(32_000, c.maxBindackTimeoutMs());
        assertEquals(900, c.lifetimeUnits());
        assertEquals(600_000, c.maxRtrAdvIntervalMs());
        assertEquals(4, c.handoffIndicator());
        assertTrue(c.timestampMode());
        assertEquals(2, c.mobileNodes().size());
        assertEquals(0x02_00_00_00_AA_01L, c.mobileNodes().get(0).mac());
        assertArrayEquals("alice@example.com".getBytes(StandardCharsets.UTF_8), c.mobileNodes().get(0).nai());
        assertEquals(1, c.tunnel().egressPort());
        assertEquals(0x02_00_00_00_00_02L, c.tunnel().nextHopMac());
    }

    private static String error(final String key, final String value)
    {
        final Properties p = MagRig.magProperties(MagRig.MAG1, new Properties());
        if (value == null)
        {
            p.remove(key);
        }
        else
        {
            p.setProperty(key, value);
        }
        return assertThrows(ConfigException.class, () -> MagConfig.from(new NodeConfig(p))).getMessage();
    }

    @Test
    void badValuesNameTheirKey()
    {
        assertTrue(error("node.role", "lma").startsWith("node.role:"));
        assertTrue(error("mag.address", null).startsWith("mag.address: missing"));
        assertTrue(error("mag.lma-address", "10.0.0.1").startsWith("mag.lma-address:"));
        assertTrue(error("mag.link-local", "2001:db8::1").startsWith("mag.link-local: not a link-local"));
        assertTrue(error("mag.mac", "03:00:00:00:00:01").startsWith("mag.mac: must be a unicast MAC"));
        assertTrue(error("mag.mac", "zz").startsWith("mag.mac: not a MAC"));
        assertTrue(error("mag.handoff-indicator", "5").startsWith("mag.handoff-indicator:"));
        assertTrue(error("mag.lifetime-s", "2").startsWith("mag.lifetime-s:"));
        assertTrue(error("mag.max-bindack-timeout-ms", "500").startsWith("mag.max-bindack-timeout-ms:"));
        assertTrue(error("mag.max-rtr-adv-interval-s", "3").startsWith("mag.max-rtr-adv-interval-s:"));
        assertTrue(error("mag.router-lifetime-s", "9001").startsWith("mag.router-lifetime-s:"));
        assertTrue(error("mag.timestamp-mode", "yes").startsWith("mag.timestamp-mode:"));
        assertTrue(error("mn.bob.mac", "02:00:00:00:aa:01").startsWith("mn.bob.mac: the same MAC as mn.alice.mac"));
        assertTrue(error("mn.bob.mac", null).startsWith("mn.bob.mac: missing"));
        assertTrue(error("mn.bob.id", null).startsWith("mn.bob.id: missing"));
        assertTrue(error("tunnel.mtu", "1280").startsWith("tunnel.mtu:"));
        assertTrue(error("tunnel.next-hop-mac", "zz").startsWith("tunnel.next-hop-mac:"));
        assertTrue(error("mag.lifetme-s", "10").startsWith("mag.lifetme-s: unknown key"));
    }
}
