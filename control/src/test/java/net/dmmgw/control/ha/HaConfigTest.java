package net.dmmgw.control.ha;

import java.nio.file.Path;
import java.util.Properties;

import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample ha.properties loads; each bad value is refused with an error that starts with its key. */
class HaConfigTest
{
    @Test
    void sampleLoads()
    {
        final HaConfig c = HaConfig.from(NodeConfig.load(Path.of("config", "ha.properties")));
        assertEquals(64, c.homePrefixLength());
        assertEquals(900, c.maxLifetimeUnits());
        assertEquals(150, c.refreshIntervalUnits());
        assertEquals(2, c.mobileNodes().size());
        assertTrue(c.requireAuthentication());
        assertNull(c.userPlaneAddress(), "the CP/DP option is off by default");
        assertEquals(59, c.userPlaneOptionType());
        assertEquals(300, c.mobileNodes().get(0).spi());
    }

    @Test
    void badValuesNameTheirKey()
    {
        final String[][] cases = {
            { "node.role", "lma" },
            { "ha.address", "not-an-address" },
            { "ha.address", "2001:db8:99::1" },              // not on the home link
            { "ha.home-prefix", "2001:db8:10::" },
            { "ha.home-prefix", "2001:db8:10::/200" },
            { "ha.max-lifetime-s", "2" },
            { "ha.refresh-interval-s", "-4" },
            { "ha.home-prefix-valid-lifetime-s", "x" },
            { "ha.user-plane-address", "10.0.0.1" },
            { "ha.user-plane-option-type", "256" },
            { "ha.require-authentication", "maybe" },
            { "mn.mn1.home-address", "2001:db8:99::100" },   // outside the home prefix
            { "mn.mn1.home-address", HaRig.HA },
            { "mn.mn2.home-address", HaRig.HOA1 },            // duplicate
            { "mn.mn1.key", "xyz" },
            { "mn.mn1.spi", "12" },
            { "mn.mn1.enabled", "perhaps" },
            { "tunnel.next-hop-mac", "zz" },
            { "ha.typo", "1" },
        };
        for (final String[] bad : cases)
        {
            final Properties p = HaRig.properties(Path.of("target", "ha-config"));
            p.setProperty(bad[0], bad[1]);
            final ConfigException ex = assertThrows(ConfigException.class, () -> HaConfig.from(new NodeConfig(p)),
                bad[0] + "=" + bad[1]);
            assertTrue(ex.getMessage().startsWith(bad[0]), bad[0] + "=" + bad[1] + " → " + ex.getMessage());
        }
        final Properties keyless = HaRig.properties(Path.of("target", "ha-config"));
        keyless.remove("mn.mn2.key");
        final ConfigException ex = assertThrows(ConfigException.class, () -> HaConfig.from(new NodeConfig(keyless)));
        assertTrue(ex.getMessage().startsWith("mn.mn2.key"), ex.getMessage());
        keyless.setProperty("ha.require-authentication", "false");
        assertNull(HaConfig.from(new NodeConfig(keyless)).mobileNodes().get(1).key());
    }
}
