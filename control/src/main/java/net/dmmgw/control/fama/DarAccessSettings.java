package net.dmmgw.control.fama;

import net.dmmgw.control.node.NodeConfig;

/**
 * The DAR's access link ({@code dar.access.*}, all optional; without {@code dar.access.mac} the process does not
 * drive an access link, e.g. a DAR whose access routers are elsewhere):
 * <pre>
 * dar.access.mac=02:00:00:00:0d:01        the router identity on the link: RA / NA source MAC (required to drive it)
 * dar.access.link-local=fe80::1           its link-local address (RA source, answered in NS) [fe80::1]
 * dar.access.port=0                       the data-plane access port [0]
 * dar.access.ra-interval-ms=1000          unsolicited RAs to all nodes (RFC 6275 §7.5 allows short intervals on a
 *                                         link with mobile nodes; 0 = only answers to RS) [1000]
 * dar.access.router-lifetime-s=1800       [1800]
 * dar.access.valid-lifetime-s=86400       of dar.prefix [86400]; preferred = valid
 * dar.access.mtu=1500                     the RA's MTU option [1500]
 * </pre>
 *
 * @param port data-plane access port.
 * @param mac router MAC (low 48 bits).
 * @param linkLocal router link-local (16 octets).
 * @param raIntervalMs unsolicited RA period (0 = none).
 * @param routerLifetimeS Router Lifetime.
 * @param validLifetimeS the prefix's valid (and preferred) lifetime.
 * @param mtu MTU option.
 */
public record DarAccessSettings(int port, long mac, byte[] linkLocal, long raIntervalMs, int routerLifetimeS,
    long validLifetimeS, int mtu)
{
    /**
     * @param c the node's file.
     * @return the settings, or null when {@code dar.access.mac} is absent (no access link driven).
     */
    public static DarAccessSettings from(final NodeConfig c)
    {
        final String mac = c.string("dar.access.mac", "");
        if (mac.isBlank())
        {
            return null;
        }
        final byte[] linkLocal = NodeConfig.parseIpv6("dar.access.link-local", c.string("dar.access.link-local",
            "fe80::1"));
        if ((linkLocal[0] & 0xFF) != 0xFE || (linkLocal[1] & 0xC0) != 0x80)
        {
            throw new net.dmmgw.control.node.ConfigException("dar.access.link-local", "not a link-local address");
        }
        return new DarAccessSettings(
            (int)c.number("dar.access.port", 0, 0, 65535),
            c.mac("dar.access.mac", mac),
            linkLocal,
            c.number("dar.access.ra-interval-ms", 1000, 0, 3_600_000),
            (int)c.number("dar.access.router-lifetime-s", 1800, 0, 9000),
            c.number("dar.access.valid-lifetime-s", 86400, 1, 0xFFFF_FFFFL),
            (int)c.number("dar.access.mtu", 1500, 1280, 65535));
    }
}
