package net.dmmgw.control.lma;

import java.nio.file.Path;
import java.util.Properties;

import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.anchor.BindingUpdateMessage;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.ipc.Ipv6Words;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample file loads; each kind of bad value is refused with the key named. */
class LmaConfigTest
{
    @Test
    void sampleFileLoads()
    {
        final LmaConfig c = LmaConfig.from(NodeConfig.load(Path.of("config", "lma.properties")));
        assertEquals(Ipv6Words.hi("2001:db8:2::1"), BindingUpdateMessage.word(c.address(), 0));
        assertEquals(2, c.peers().size());
        assertEquals(300, c.timestampWindowMs());
        assertEquals(10_000, c.minDelayBeforeBceDeleteMs());
        assertEquals(1_500, c.maxDelayBeforeNewBceAssignMs());
        assertEquals(900, c.maxLifetimeUnits());
        assertTrue(c.timestampMode());
    }

    private static String error(final String key, final String value)
    {
        final Properties p = LmaRig.properties(Path.of("target", "unused"));
        if (value == null)
        {
            p.remove(key);
        }
        else
        {
            p.setProperty(key, value);
        }
        return assertThrows(ConfigException.class, () -> LmaConfig.from(new NodeConfig(p))).getMessage();
    }

    @Test
    void badValuesNameTheirKey()
    {
        assertTrue(error("node.role", "mag").startsWith("node.role:"));
        assertTrue(error("lma.address", "10.0.0.1").startsWith("lma.address:"));
        assertTrue(error("lma.address", null).startsWith("lma.address: missing"));
        assertTrue(error("lma.hnp-pool", "2001:db8::/16").startsWith("lma.hnp-pool:"));
        assertTrue(error("lma.hnp-pool", "2001:db8:100::").startsWith("lma.hnp-pool:"));
        assertTrue(error("lma.timestamp-window-ms", "abc").startsWith("lma.timestamp-window-ms: not a number"));
        assertTrue(error("lma.max-lifetime-s", "1").startsWith("lma.max-lifetime-s:"));
        assertTrue(error("lma.timestamp-mode", "yes").startsWith("lma.timestamp-mode:"));
        assertTrue(error("peer.mag1.address", "nonsense").startsWith("peer.mag1.address:"));
        assertTrue(error("tunnel.mtu", "1280").startsWith("tunnel.mtu:"));
        assertTrue(error("tunnel.next-hop-mac", "zz").startsWith("tunnel.next-hop-mac:"));
        assertTrue(error("lma.servd-domains", "x").startsWith("lma.servd-domains: unknown key"));
        assertTrue(error("journal.dir", null).startsWith("journal.dir: missing"));
    }
}
