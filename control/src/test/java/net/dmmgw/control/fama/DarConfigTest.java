package net.dmmgw.control.fama;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import net.dmmgw.control.admin.AdminTarget;
import net.dmmgw.control.admin.HaAdmin;
import net.dmmgw.control.fama.mn.AnchoredAddress;
import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample dar.properties loads; each bad value is refused with an error that starts with its key; the admin
 * view (role {@code dar}) lists a DAR's bindings and its counters, and detach removes one.
 */
class DarConfigTest
{
    @TempDir
    Path dir;

    @Test
    void sampleLoads()
    {
        final DarConfig c = DarConfig.from(NodeConfig.load(Path.of("config", "dar.properties")));
        assertEquals(64, c.prefix().length());
        assertEquals(900, c.maxLifetimeUnits());
        assertEquals(150, c.refreshIntervalUnits());
        assertEquals(0, c.minSec());
        assertFalse(c.returnRoutability());
        assertEquals(100_000, c.journal().compactAfterRecords());
    }

    @Test
    void badValuesNameTheirKey()
    {
        final String[][] cases = {
            { "node.role", "ha" },
            { "dar.address", "not-an-address" },
            { "dar.prefix", "2001:db8:a1::" },
            { "dar.prefix", "2001:db8:a1::/80" },            // a CGA needs a /64 inside it
            { "dar.max-lifetime-s", "2" },
            { "dar.refresh-interval-s", "-4" },
            { "dar.cga-min-sec", "8" },
            { "dar.return-routability", "maybe" },
            { "dar.data-plane-timeout-ms", "1" },
            { "journal.compact-after-records", "3" },
            { "tunnel.next-hop-mac", "zz" },
            { "dar.typo", "1" },
        };
        for (final String[] bad : cases)
        {
            final Properties p = FamaRig.properties(dir, 0);
            p.setProperty(bad[0], bad[1]);
            final ConfigException ex = assertThrows(ConfigException.class, () -> DarConfig.from(new NodeConfig(p)),
                bad[0] + "=" + bad[1]);
            assertTrue(ex.getMessage().startsWith(bad[0]), bad[0] + "=" + bad[1] + " → " + ex.getMessage());
        }
        final Properties missing = FamaRig.properties(dir, 0);
        missing.remove("dar.prefix");
        assertTrue(assertThrows(ConfigException.class, () -> DarConfig.from(new NodeConfig(missing))).getMessage()
            .startsWith("dar.prefix"));
    }

    @Test
    void theAdminViewShowsTheDar()
    {
        try (FamaRig rig = new FamaRig(dir, new Properties()))
        {
            final AnchoredAddress a1 = rig.attach(0);
            rig.attach(1);
            final AdminTarget admin = new HaAdmin(rig.dar(0), "dar");
            assertEquals("dar", admin.role());
            final List<Map<String, Object>> bindings = admin.bindings();
            assertEquals(1, bindings.size());
            assertEquals(FamaRig.text(a1.home()), FamaRig.text(net.dmmgw.ipc.Ipv6Words.bytes(
                (String)bindings.get(0).get("mnId"))));
            assertEquals(1L, admin.counters().get("bas_sent"));
            assertEquals(0L, admin.counters().get("authentication_failures"));
            admin.detach((String)bindings.get(0).get("mnId"));
            assertEquals(0, rig.dar(0).cache().size());
            assertEquals(0, rig.dataPlane(0).tunnelCount());
        }
    }
}
