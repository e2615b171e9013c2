package net.dmmgw.control.dmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import net.dmmgw.control.app.ControlSettings;
import net.dmmgw.control.cmd.CmdConfig;
import net.dmmgw.control.codec.DmmConfig;
import net.dmmgw.control.maar.MaarConfig;
import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.ipc.Ipv6Words;

/** The MAAR and CMD sample files load; each kind of bad value is refused with its key named first. */
class DmmConfigFilesTest
{
    @Test
    void samplesLoad()
    {
        final NodeConfig maarFile = NodeConfig.load(Path.of("config", "maar.properties"));
        ControlSettings.from(maarFile); // the launcher's keys, which the sample carries too
        final MaarConfig m = MaarConfig.from(maarFile);
        assertArrayEquals(Ipv6Words.bytes("2001:db8:1::1"), m.address());
        assertArrayEquals(Ipv6Words.bytes("2001:db8:ff::1"), m.cmdAddress());
        assertEquals(65536, m.pool().size());
        assertEquals(2, m.peers().size());
        assertEquals(CmdMode.RELAY, m.cmdMode());
        assertEquals(Deregistration.STOP_TIMER, m.deregistration());
        assertFalse(m.dlif());
        assertEquals(900, m.lifetimeUnits());
        assertEquals(DmmConfig.IANA_BU_D_MASK, m.dmm().buDMask());
        assertEquals(1, m.mobileNodes().size());
        final NodeConfig cmdFile = NodeConfig.load(Path.of("config", "cmd.properties"));
        ControlSettings.from(cmdFile);
        final CmdConfig c = CmdConfig.from(cmdFile);
        assertEquals(CmdMode.RELAY, c.mode());
        assertEquals(3, c.maars().size());
        assertEquals(500, c.relayTimeoutMs());
        assertEquals(5000, c.expiryGraceMs());
        assertEquals(900, c.maxLifetimeUnits());
    }

    private static String maarError(final Consumer<Properties> change)
    {
        final Properties p = new Properties();
        p.setProperty("node.role", "maar");
        p.setProperty("maar.address", "2001:db8:1::1");
        p.setProperty("maar.cmd-address", "2001:db8:ff::1");
        p.setProperty("maar.prefix-pool", "2001:db8:100::/48");
        MaarConfig.from(new NodeConfig((Properties)p.clone())); // the base is valid
        change.accept(p);
        return assertThrows(ConfigException.class, () -> MaarConfig.from(new NodeConfig(p))).getMessage();
    }

    private static String cmdError(final Consumer<Properties> change)
    {
        final Properties p = new Properties();
        p.setProperty("node.role", "cmd");
        p.setProperty("cmd.address", "2001:db8:ff::1");
        p.setProperty("cmd.maars", "2001:db8:1::1,2001:db8:2::1");
        CmdConfig.from(new NodeConfig((Properties)p.clone()));
        change.accept(p);
        return assertThrows(ConfigException.class, () -> CmdConfig.from(new NodeConfig(p))).getMessage();
    }

    @Test
    void badMaarValuesNameTheirKey()
    {
        assertTrue(maarError(p -> p.setProperty("node.role", "mag")).startsWith("node.role:"));
        assertTrue(maarError(p -> p.remove("maar.address")).startsWith("maar.address:"));
        assertTrue(maarError(p -> p.setProperty("maar.cmd-address", "2001:db8:1::1")).startsWith("maar.cmd-address:"));
        assertTrue(maarError(p -> p.setProperty("maar.prefix-pool", "2001:db8::")).startsWith("maar.prefix-pool:"));
        assertTrue(maarError(p -> p.setProperty("maar.peers", "2001:db8:1::1")).startsWith("maar.peers:"));
        assertTrue(maarError(p -> p.setProperty("maar.peers", "nope")).startsWith("maar.peers:"));
        assertTrue(maarError(p -> p.setProperty("maar.cmd-mode", "hub")).startsWith("maar.cmd-mode:"));
        assertTrue(maarError(p -> p.setProperty("maar.deregistration", "c")).startsWith("maar.deregistration:"));
        assertTrue(maarError(p -> p.setProperty("maar.link-local", "2001:db8::1")).startsWith("maar.link-local:"));
        assertTrue(maarError(p -> p.setProperty("maar.mac", "03:00:00:00:00:01")).startsWith("maar.mac:"));
        assertTrue(maarError(p -> p.setProperty("maar.dlif", "yes")).startsWith("maar.dlif:"));
        assertTrue(maarError(p -> p.setProperty("maar.lifetime-s", "1")).startsWith("maar.lifetime-s:"));
        assertTrue(maarError(p -> p.setProperty("dmm.compat", "rfc")).startsWith("dmm.compat:"));
        assertTrue(maarError(p -> p.setProperty("mn.a.mac", "02:00:00:00:aa:01")).startsWith("mn.a.id:"));
        assertTrue(maarError(p -> p.setProperty("maar.typo", "1")).startsWith("maar.typo:"));
    }

    @Test
    void badCmdValuesNameTheirKey()
    {
        assertTrue(cmdError(p -> p.setProperty("node.role", "lma")).startsWith("node.role:"));
        assertTrue(cmdError(p -> p.remove("cmd.address")).startsWith("cmd.address:"));
        assertTrue(cmdError(p -> p.setProperty("cmd.mode", "hub")).startsWith("cmd.mode:"));
        assertTrue(cmdError(p -> p.remove("cmd.maars")).startsWith("cmd.maars:"));
        assertTrue(cmdError(p -> p.setProperty("cmd.maars", "2001:db8:1::1,2001:db8:1::1")).startsWith("cmd.maars:"));
        assertTrue(cmdError(p -> p.setProperty("cmd.maars", "2001:db8:ff::1")).startsWith("cmd.maars:"));
        assertTrue(cmdError(p -> p.setProperty("cmd.relay-timeout-ms", "0")).startsWith("cmd.relay-timeout-ms:"));
        assertTrue(cmdError(p -> p.setProperty("cmd.expiry-grace-ms", "-1")).startsWith("cmd.expiry-grace-ms:"));
        assertTrue(cmdError(p -> p.setProperty("dmm.compat", "x")).startsWith("dmm.compat:"));
        assertTrue(cmdError(p -> p.setProperty("cmd.deregistration", "a")).startsWith("cmd.deregistration:"));
    }

    @Test
    void draft02CompatibilityIsHonoured()
    {
        final Properties p = new Properties();
        p.setProperty("node.role", "cmd");
        p.setProperty("cmd.address", "2001:db8:ff::1");
        p.setProperty("cmd.maars", "2001:db8:1::1");
        p.setProperty("dmm.compat", "draft02");
        final CmdConfig c = CmdConfig.from(new NodeConfig(p));
        assertEquals(DmmConfig.DRAFT02_BU_D_MASK, c.dmm().buDMask());
        assertEquals(DmmConfig.PreviousMaarLayout.DRAFT02, c.dmm().previousMaarLayout());
    }
}
