package net.dmmgw.control.mag;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.control.routing.TunnelSettings;

/**
 * The MAG's settings (RFC 5213 §6 and §9, RFC 6275 retransmission, RFC 4861 router variables), read from a
 * {@link NodeConfig}. Keys (defaults shown):
 * <pre>
 * node.role=mag                                  mag.address=2001:db8:1::1        (Proxy-CoA, tunnel endpoint)
 * mag.lma-address=2001:db8:2::1                  mag.link-local=fe80::1           (the same on every MAG, §6.8)
 * mag.mac=02:00:00:00:01:00                      (the same on every MAG: the RA's source MAC and SLLAO)
 * mag.access-technology-type=3                   mag.handoff-indicator=4          (HI of a new attachment, 1..4)
 * mag.lifetime-s=3600                            mag.refresh-percent=80           (refresh after this % of the grant)
 * mag.timestamp-mode=true                        (Timestamp option in every PBU; off = sequence numbers only)
 * mag.initial-bindack-timeout-ms=1000            mag.max-bindack-timeout-ms=32000 mag.max-retransmissions=6
 * mag.max-rtr-adv-interval-s=600                 mag.router-lifetime-s=1800       mag.link-mtu=1460
 * mag.data-plane-timeout-ms=1000                 (acks missing after this: the registration is given up)
 * mag.request-user-plane-address=false           (PBUs ask for the LMA User-Plane Address, RFC 7389)
 * mn.NAME.mac=02:00:00:00:aa:01  mn.NAME.id=alice@example.com   (policy profile: the MN-ID NAI of each MAC)
 * tunnel.egress-port=0  tunnel.mtu=1500  tunnel.hop-limit=64  tunnel.next-hop-mac=02:00:00:00:00:01
 * dmmgw.ipc.*                                    (the Aeron seam, see ipc/README.md)
 * journal.dir=                                   (the Binding Update List's Chronicle journal; unset = memory only)
 * journal.compact-after-records=100000
 * </pre>
 *
 * @param address the MAG's global address: PBU source (Proxy-CoA) and tunnel endpoint.
 * @param lmaAddress the LMA.
 * @param linkLocal FixedMAGLinkLocalAddressOnAllAccessLinks: source of every RA.
 * @param mac FixedMAGLinkLayerAddressOnAllAccessLinks: source MAC of every RA and its SLLAO.
 * @param accessTechnologyType ATT option value.
 * @param handoffIndicator HI of the PBU for a new attachment (refreshes send 5).
 * @param lifetimeUnits requested lifetime in 4-s units.
 * @param refreshPercent share of the granted lifetime after which the binding is refreshed.
 * @param timestampMode whether PBUs carry a Timestamp option (must match the LMA).
 * @param initialBindackTimeoutMs first retransmission timeout (InitialBindackTimeoutFirstReg).
 * @param maxBindackTimeoutMs largest retransmission timeout (MAX_BINDACK_TIMEOUT).
 * @param maxRetransmissions retransmissions before a PBU is given up.
 * @param maxRtrAdvIntervalMs period of the unsolicited RAs (MaxRtrAdvInterval).
 * @param routerLifetimeS RA Router Lifetime (bounded by the binding's remaining lifetime).
 * @param linkMtu the MTU option (the tunnel MTU minus its 40-octet header, typically).
 * @param dataPlaneTimeoutMs how long the MAG waits for the data plane's acks.
 * @param mobileNodes the policy profile.
 * @param tunnel the tunnel towards the LMA.
 * @param requestUserPlaneAddress whether PBUs carry the request form of the LMA User-Plane Address option. Whether
 *     asked or not, an IPv6 address in that option of the PBA that accepts a registration becomes the remote end of
 *     the session's tunnel (PBUs still go to {@code mag.lma-address}).
 * @param journalDirectory where the Binding Update List is journalled, or null (kept in memory only).
 * @param compactAfterRecords journal records appended between compactions.
 */
public record MagConfig(
    byte[] address,
    byte[] lmaAddress,
    byte[] linkLocal,
    long mac,
    int accessTechnologyType,
    int handoffIndicator,
    int lifetimeUnits,
    int refreshPercent,
    boolean timestampMode,
    long initialBindackTimeoutMs,
    long maxBindackTimeoutMs,
    int maxRetransmissions,
    long maxRtrAdvIntervalMs,
    int routerLifetimeS,
    int linkMtu,
    long dataPlaneTimeoutMs,
    List<MobileNodeProfile> mobileNodes,
    TunnelSettings tunnel,
    boolean requestUserPlaneAddress,
    Path journalDirectory,
    long compactAfterRecords)
{
    /**
     * One mobile node of the policy profile.
     *
     * @param name the NAME of its {@code mn.NAME.*} keys.
     * @param mac its MAC (low 48 bits), by which attachments are recognised.
     * @param nai its MN-Identifier (RFC 4283 NAI, subtype 1).
     */
    public record MobileNodeProfile(String name, long mac, byte[] nai)
    {
    }

    /**
     * Reads and validates the MAG keys, failing on the first bad or unknown one.
     *
     * @param c the node's file.
     * @return the settings.
     */
    public static MagConfig from(final NodeConfig c)
    {
        final String role = c.string("node.role");
        if (!role.equals("mag"))
        {
            throw new ConfigException("node.role", "this reader is for role mag, got '" + role + "'");
        }
        final byte[] address = c.ipv6("mag.address");
        final byte[] lma = c.ipv6("mag.lma-address");
        final byte[] linkLocal = NodeConfig.parseIpv6("mag.link-local", c.string("mag.link-local", "fe80::1"));
        if ((linkLocal[0] & 0xFF) != 0xFE || (linkLocal[1] & 0xC0) != 0x80)
        {
            throw new ConfigException("mag.link-local", "not a link-local (fe80::/10) address");
        }
        final long mac = c.mac("mag.mac", "02:00:00:00:01:00");
        if ((mac & 0x0100_0000_0000L) != 0 || mac == 0)
        {
            throw new ConfigException("mag.mac", "must be a unicast MAC");
        }
        final long initial = c.number("mag.initial-bindack-timeout-ms", 1000, 100, 60_000);
        final long max = c.number("mag.max-bindack-timeout-ms", 32_000, 100, 600_000);
        if (max < initial)
        {
            throw new ConfigException("mag.max-bindack-timeout-ms", "must be >= mag.initial-bindack-timeout-ms");
        }
        final MagConfig config = new MagConfig(
            address, lma, linkLocal, mac,
            (int)c.number("mag.access-technology-type", 3, 1, 255),
            (int)c.number("mag.handoff-indicator", 4, 1, 4),
            (int)(c.number("mag.lifetime-s", 3600, 4, 65535L * 4) / 4),
            (int)c.number("mag.refresh-percent", 80, 10, 95),
            c.flag("mag.timestamp-mode", true),
            initial, max,
            (int)c.number("mag.max-retransmissions", 6, 0, 32),
            c.number("mag.max-rtr-adv-interval-s", 600, 4, 1800) * 1000,
            (int)c.number("mag.router-lifetime-s", 1800, 0, 9000),
            (int)c.number("mag.link-mtu", 1460, 1280, 9216),
            c.number("mag.data-plane-timeout-ms", 1000, 10, 60_000),
            mobileNodes(c),
            TunnelSettings.from(c),
            c.flag("mag.request-user-plane-address", false),
            c.string("journal.dir", "").isBlank() ? null : Path.of(c.string("journal.dir").trim()),
            c.number("journal.compact-after-records", 100_000, 16, Long.MAX_VALUE));
        c.claim("dmmgw.ipc.");
        c.rejectUnknown();
        return config;
    }

    /**
     * Reads the policy profile, {@code mn.NAME.mac} and {@code mn.NAME.id} (the MN-ID NAI), shared by the MAG and the
     * MAAR; MACs must be distinct and NAIs fit an MN-ID option.
     *
     * @param c the node's file.
     * @return one profile per NAME.
     */
    public static List<MobileNodeProfile> mobileNodes(final NodeConfig c)
    {
        final List<MobileNodeProfile> nodes = new ArrayList<>();
        final Map<Long, String> byMac = new HashMap<>();
        for (final String name : c.groups("mn"))
        {
            final String macKey = "mn." + name + ".mac";
            final long nodeMac = c.mac(macKey, c.string(macKey));
            final String previous = byMac.putIfAbsent(nodeMac, name);
            if (previous != null)
            {
                throw new ConfigException(macKey, "the same MAC as mn." + previous + ".mac");
            }
            final String idKey = "mn." + name + ".id";
            final byte[] nai = c.string(idKey).trim().getBytes(StandardCharsets.UTF_8);
            if (nai.length > 253)
            {
                throw new ConfigException(idKey, "longer than an MN-ID option holds (253 octets)");
            }
            nodes.add(new MobileNodeProfile(name, nodeMac, nai));
        }
        return List.copyOf(nodes);
    }
}
