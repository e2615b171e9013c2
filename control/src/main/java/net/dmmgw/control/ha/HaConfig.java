package net.dmmgw.control.ha;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.dmmgw.control.routing.TunnelSettings;
import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;

/**
 * The home agent's settings (RFC 6275 §10), read from a {@link NodeConfig}. Keys (defaults in brackets):
 * <pre>
 * node.role=ha                                    ha.address=2001:db8:10::1   (on the home link)
 * ha.home-prefix=2001:db8:10::/64                 (home addresses must be in it, else 132)
 * ha.home-prefix-valid-lifetime-s [4294967295]    (granted lifetime ≤ this; 4294967295 = infinite)
 * ha.max-lifetime-s [3600]                        ha.refresh-interval-s [0 = no Binding Refresh Advice]
 * ha.require-authentication [true]                (every mn.NAME needs a key: RFC 4285 MN-HA option)
 * ha.user-plane-address                           (CP/DP split: the data function's tunnel address, told to the
 *                                                  MN in the BA; unset = the HA address is the tunnel end)
 * ha.user-plane-option-type [59]                  (option type that carries it; 59 = RFC 7389 LMA User-Plane)
 * ha.data-plane-timeout-ms [1000]
 * mn.NAME.home-address=2001:db8:10::100           mn.NAME.nai=mn1@example.com   (optional)
 * mn.NAME.key=hex  mn.NAME.spi [256]              mn.NAME.enabled [true]        (false: 129)
 * journal.dir, journal.compact-after-records [100000], tunnel.* (see TunnelSettings), dmmgw.ipc.*
 * </pre>
 */
public record HaConfig(
    byte[] address,
    byte[] homePrefix,
    int homePrefixLength,
    long homePrefixValidLifetimeS,
    int maxLifetimeUnits,
    int refreshIntervalUnits,
    boolean requireAuthentication,
    byte[] userPlaneAddress,
    int userPlaneOptionType,
    long dataPlaneTimeoutMs,
    List<HaMobileNode> mobileNodes,
    Path journalDirectory,
    long compactAfterRecords,
    TunnelSettings tunnel)
{
    /**
     * Reads and validates the HA keys, failing on the first bad or unknown one (the message starts with the key).
     *
     * @param c the node's file.
     * @return the settings.
     */
    public static HaConfig from(final NodeConfig c)
    {
        c.requireRole("ha");
        final HomePrefix home = HomePrefix.parse("ha.home-prefix", c.string("ha.home-prefix"), 127);
        final byte[] prefix = home.prefix();
        final int prefixLength = home.length();
        final byte[] address = c.ipv6("ha.address");
        if (!HomePrefix.contains(prefix, prefixLength, address))
        {
            throw new ConfigException("ha.address", "not on the home link (outside ha.home-prefix)");
        }
        final boolean requireAuthentication = c.flag("ha.require-authentication", true);
        final List<HaMobileNode> nodes = new ArrayList<>();
        for (final String name : c.groups("mn"))
        {
            final String k = "mn." + name + ".";
            final byte[] hoa = c.ipv6(k + "home-address");
            if (!HomePrefix.contains(prefix, prefixLength, hoa))
            {
                throw new ConfigException(k + "home-address", "outside ha.home-prefix");
            }
            if (Arrays.equals(hoa, address))
            {
                throw new ConfigException(k + "home-address", "is the HA address");
            }
            for (final HaMobileNode other : nodes)
            {
                if (Arrays.equals(other.homeAddress(), hoa))
                {
                    throw new ConfigException(k + "home-address", "also the home address of mn." + other.name());
                }
            }
            final String nai = c.string(k + "nai", "");
            final String keyText = c.string(k + "key", "");
            if (keyText.isEmpty() && requireAuthentication)
            {
                throw new ConfigException(k + "key", "missing (ha.require-authentication=true)");
            }
            nodes.add(new HaMobileNode(name, hoa, nai.isEmpty() ? null : nai.getBytes(StandardCharsets.UTF_8),
                keyText.isEmpty() ? null : c.hex(k + "key"),
                c.number(k + "spi", 256, 256, 0xFFFF_FFFFL),
                c.flag(k + "enabled", true)));
        }
        final String userPlane = c.string("ha.user-plane-address", "");
        final HaConfig config = new HaConfig(
            address, prefix, prefixLength,
            c.number("ha.home-prefix-valid-lifetime-s", 0xFFFF_FFFFL, 4, 0xFFFF_FFFFL),
            (int)(c.number("ha.max-lifetime-s", 3600, 4, 65535L * 4) / 4),
            (int)(c.number("ha.refresh-interval-s", 0, 0, 65535L * 4) / 4),
            requireAuthentication,
            userPlane.isEmpty() ? null : NodeConfig.parseIpv6("ha.user-plane-address", userPlane),
            (int)c.number("ha.user-plane-option-type", 59, 1, 255),
            c.number("ha.data-plane-timeout-ms", 1000, 10, 60_000),
            List.copyOf(nodes),
            Path.of(c.string("journal.dir")),
            c.number("journal.compact-after-records", 100_000, 16, Long.MAX_VALUE),
            TunnelSettings.from(c));
        c.claim("dmmgw.ipc.");
        c.rejectUnknown();
        return config;
    }
}
