package net.dmmgw.control.fama;

import net.dmmgw.control.ha.HomePrefix;
import net.dmmgw.control.journal.JournalSettings;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.control.routing.TunnelSettings;

/**
 * The distributed anchor router's settings (draft-bernardos-dmm-cmip §3), read from a {@link NodeConfig}. Keys
 * (defaults in brackets):
 * <pre>
 * node.role=dar                       dar.address=2001:db8:a1::1     (BA source, tunnel end)
 * dar.prefix=2001:db8:a1::/64         (what this DAR delegates on its access links; home addresses must be in it,
 *                                      else 132; /8../64, a CGA needs a /64 subnet prefix inside it)
 * dar.max-lifetime-s [3600]           dar.refresh-interval-s [0 = no Binding Refresh Advice]
 * dar.cga-min-sec [0]                 (a home address whose CGA Sec is lower is refused with 148)
 * dar.return-routability [false]      (draft §5: a new care-of address must be proven with the care-of test, 137)
 * dar.data-plane-timeout-ms [1000]
 * dar.access.* (the access link: Router Advertisements of dar.prefix, its hosts resolved; see DarAccessSettings)
 * journal.dir, journal.compact-after-records [100000], tunnel.* (see TunnelSettings), dmmgw.ipc.*
 * </pre>
 *
 * @param address the DAR's address.
 * @param prefix the delegated prefix.
 * @param maxLifetimeUnits longest lifetime granted (4-s units).
 * @param refreshIntervalUnits Binding Refresh Advice (4-s units, 0 = none).
 * @param minSec lowest CGA Sec accepted.
 * @param returnRoutability the care-of test of draft §5 is required for a new care-of address.
 * @param dataPlaneTimeoutMs acks missing after this: 128 and rollback.
 * @param journal the binding journal's keys.
 * @param tunnel the {@code tunnel.*} keys.
 * @param access the access link, or null when the process does not drive one.
 */
public record DarConfig(
    byte[] address,
    HomePrefix prefix,
    int maxLifetimeUnits,
    int refreshIntervalUnits,
    int minSec,
    boolean returnRoutability,
    long dataPlaneTimeoutMs,
    JournalSettings journal,
    TunnelSettings tunnel,
    DarAccessSettings access)
{
    /**
     * Reads and validates the DAR keys, failing on the first bad or unknown one (the message starts with the key).
     *
     * @param c the node's file.
     * @return the settings.
     */
    public static DarConfig from(final NodeConfig c)
    {
        c.requireRole("dar");
        final byte[] address = c.ipv6("dar.address");
        final HomePrefix prefix = HomePrefix.parse("dar.prefix", c.string("dar.prefix"), 64);
        final DarConfig config = new DarConfig(
            address, prefix,
            (int)(c.number("dar.max-lifetime-s", 3600, 4, 65535L * 4) / 4),
            (int)(c.number("dar.refresh-interval-s", 0, 0, 65535L * 4) / 4),
            (int)c.number("dar.cga-min-sec", 0, 0, 7),
            c.flag("dar.return-routability", false),
            c.number("dar.data-plane-timeout-ms", 1000, 10, 60_000),
            JournalSettings.from(c),
            TunnelSettings.from(c),
            DarAccessSettings.from(c));
        c.claim("dmmgw.ipc.");
        c.rejectUnknown();
        return config;
    }
}
