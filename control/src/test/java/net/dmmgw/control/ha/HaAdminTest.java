package net.dmmgw.control.ha;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import net.dmmgw.control.admin.AdminException;
import net.dmmgw.control.admin.HaAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static net.dmmgw.control.ha.BuBuilder.bu;
import static net.dmmgw.control.ha.HaRig.COA1;
import static net.dmmgw.control.ha.HaRig.HOA1;
import static net.dmmgw.control.ha.HaRig.KEY1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The home agent's admin view after a registration, and detach deleting it (called on the rig's thread). */
class HaAdminTest
{
    @TempDir
    Path dir;

    @Test
    void viewsMatchTheRegistrationAndDetachDeletesIt()
    {
        final HaRig r = new HaRig(dir, new Properties());
        try
        {
            assertEquals(1, r.send(COA1, HOA1, bu(7).nai("mn1@example.com").auth(KEY1, 300).build(COA1, HOA1))
                .size());
            final HaAdmin admin = new HaAdmin(r.ha);
            final List<Map<String, Object>> bindings = admin.bindings();
            assertEquals(1, bindings.size());
            assertEquals(HOA1, bindings.get(0).get("mnId"));
            assertEquals(COA1, bindings.get(0).get("careOf"));
            assertEquals("ACTIVE", bindings.get(0).get("state"));
            assertEquals(7, bindings.get(0).get("sequence"));
            assertEquals(List.of(Map.of("id", 1, "local", HaRig.HA, "remote", COA1, "references", 1)),
                admin.tunnels());
            assertEquals(List.of(Map.of("table", "DESTINATION", "prefix", HOA1 + "/128", "action", "TUNNEL",
                "tunnel", 1, "via", COA1, "mnId", HOA1)), admin.routes());
            assertEquals(1L, admin.counters().get("bas_sent"));
            assertEquals(List.of(1), admin.detach(HOA1).get("deletedBindings"));
            assertEquals(List.of(), admin.bindings());
            assertEquals(List.of(), admin.tunnels());
            assertEquals(AdminException.NOT_FOUND, assertThrows(AdminException.class, () -> admin.detach(HOA1))
                .status());
            assertEquals(AdminException.CONFLICT, assertThrows(AdminException.class, () -> admin.attach(HOA1, 0))
                .status());
        }
        finally
        {
            r.close();
        }
    }
}
