package net.dmmgw.control.app;

import java.nio.file.Path;

import net.dmmgw.control.admin.RunDir;
import net.dmmgw.control.node.NodeConfig;

/**
 * The launcher's keys for the operator interface (control/README.md "Operator guide"):
 * <pre>
 * admin.enabled=true                  serve the admin API (dmmctl) and /metrics on loopback
 * admin.run-dir=                      where admin.url and admin.token (0600) are written; default $DMMGW_RUN_DIR,
 *                                     else /run/dmmgw (where dmmctl looks)
 * admin.port=0                        loopback TCP port; 0 = ephemeral (dmmctl reads it from admin.url)
 * dataplane.counters-file=            the data plane's counters file, for show counters / metrics (optional)
 * </pre>
 *
 * @param enabled admin.enabled.
 * @param runDir admin.run-dir.
 * @param port admin.port.
 * @param countersFile dataplane.counters-file, or null.
 */
public record AdminSettings(boolean enabled, Path runDir, int port, Path countersFile)
{
    /**
     * @throws net.dmmgw.control.node.ConfigException naming the bad key.
     */
    public static AdminSettings from(final NodeConfig c)
    {
        final boolean enabled = c.flag("admin.enabled", true);
        final String runDir = c.string("admin.run-dir", "");
        final int port = (int)c.number("admin.port", 0, 0, 65535);
        final String counters = c.string("dataplane.counters-file", "");
        return new AdminSettings(enabled, runDir.isEmpty() ? RunDir.path() : Path.of(runDir), port,
            counters.isEmpty() ? null : Path.of(counters));
    }
}
