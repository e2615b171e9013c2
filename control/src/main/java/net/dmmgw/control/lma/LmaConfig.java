package net.dmmgw.control.lma;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.dmmgw.control.allocation.PrefixPool;
import net.dmmgw.control.routing.TunnelSettings;
import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;

/**
 * The LMA's settings (RFC 5213 §9 variables with their defaults), read from a {@link NodeConfig}. Keys:
 * <pre>
 * node.role=lma                                   lma.address=2001:db8:2::1
 * lma.hnp-pool=2001:db8:100::/48                  lma.served-domains=example.com,example.net   (* = any)
 * lma.proxy-registration=true                     lma.timestamp-mode=true
 * lma.timestamp-window-ms=300                     lma.min-delay-before-bce-delete-ms=10000
 * lma.max-delay-before-new-bce-assign-ms=1500     lma.max-lifetime-s=3600
 * peer.NAME.address=2001:db8:1::1                 (one group per MAG allowed to register proxies)
 * peer.NAME.key=hex  peer.NAME.spi=256             (optional: RFC 4285 MN-HA authentication required from it)
 * lma.data-plane-timeout-ms=1000                   (acks missing after this: PBA 128 and rollback)
 * lma.heartbeat-interval-ms=60000 (0 = off)       lma.missing-heartbeats-allowed=3   (RFC 5847)
 * journal.dir=/var/lib/dmmgw/lma                  journal.compact-after-records=100000
 * tunnel.egress-port=0  tunnel.mtu=1500  tunnel.hop-limit=64  tunnel.next-hop-mac=02:00:00:00:00:01
 * lma.user-plane-address=2001:db8:2::100          (optional, CP/DP split: the data function's tunnel address)
 * dmmgw.ipc.*                                     (the Aeron seam, see ipc/README.md)
 * </pre>
 * <p>
 * {@code lma.user-plane-address} (draft-sarikaya-dmm-cloud-mm §3, RFC 7389): when set, the control function at
 * {@code lma.address} keeps the signalling while the data function it programs terminates the tunnels at this
 * address: it is the tunnel local endpoint declared to the data plane and the Proxy-CoA tunnels' far end, and every
 * accepted PBA that grants a lifetime carries it in an LMA User-Plane Address option (type 59), whether or not the
 * PBU asked with the option's request form. Unset (the default), tunnels end at {@code lma.address} and no PBA
 * carries the option.
 *
 * @param userPlaneAddress the data function's tunnel address (16 octets), or null when control and data share
 *     {@code lma.address}.
 */
public record LmaConfig(
    byte[] address,
    String hnpPool,
    List<String> servedDomains,
    boolean proxyRegistration,
    boolean timestampMode,
    long timestampWindowMs,
    long minDelayBeforeBceDeleteMs,
    long maxDelayBeforeNewBceAssignMs,
    int maxLifetimeUnits,
    List<byte[]> peers,
    List<byte[]> peerKeys,
    List<Long> peerSpis,
    Path journalDirectory,
    long compactAfterRecords,
    int tunnelEgressPort,
    int tunnelMtu,
    int tunnelHopLimit,
    long tunnelNextHopMac,
    long heartbeatIntervalMs,
    int missingHeartbeatsAllowed,
    long dataPlaneTimeoutMs,
    byte[] userPlaneAddress)
{
    /**
     * Reads and validates the LMA keys, failing on the first bad or unknown one.
     *
     * @param c the node's file.
     * @return the settings.
     */
    public static LmaConfig from(final NodeConfig c)
    {
        c.requireRole("lma");
        final byte[] address = c.ipv6("lma.address");
        final String pool = c.string("lma.hnp-pool");
        try
        {
            PrefixPool.parse(pool);
        }
        catch (final RuntimeException ex)
        {
            throw new ConfigException("lma.hnp-pool", ex.getMessage());
        }
        final List<String> domains = c.list("lma.served-domains");
        if (domains.isEmpty())
        {
            throw new ConfigException("lma.served-domains", "missing (use * to serve every MN)");
        }
        final List<byte[]> peers = new ArrayList<>();
        final List<byte[]> keys = new ArrayList<>();
        final List<Long> spis = new ArrayList<>();
        for (final String name : c.groups("peer"))
        {
            peers.add(c.ipv6("peer." + name + ".address"));
            final String key = c.string("peer." + name + ".key", "");
            if (key.isEmpty())
            {
                keys.add(null);
                spis.add(0L);
                continue;
            }
            try
            {
                keys.add(java.util.HexFormat.of().parseHex(key));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new ConfigException("peer." + name + ".key", "not hex: " + ex.getMessage());
            }
            spis.add(c.number("peer." + name + ".spi", 256, 256, 0xFFFF_FFFFL));
        }
        if (peers.isEmpty())
        {
            throw new ConfigException("peer.NAME.address", "no MAG peer configured");
        }
        final TunnelSettings tunnel = TunnelSettings.from(c);
        final String userPlane = c.string("lma.user-plane-address", "").trim();
        final LmaConfig config = new LmaConfig(
            address, pool, domains,
            c.flag("lma.proxy-registration", true),
            c.flag("lma.timestamp-mode", true),
            c.number("lma.timestamp-window-ms", 300, 1, 60_000),
            c.number("lma.min-delay-before-bce-delete-ms", 10_000, 0, 3_600_000),
            c.number("lma.max-delay-before-new-bce-assign-ms", 1_500, 0, 60_000),
            (int)(c.number("lma.max-lifetime-s", 3600, 4, 65535L * 4) / 4),
            peers,
            keys,
            spis,
            Path.of(c.string("journal.dir")),
            c.number("journal.compact-after-records", 100_000, 16, Long.MAX_VALUE),
            tunnel.egressPort(),
            tunnel.mtu(),
            tunnel.hopLimit(),
            tunnel.nextHopMac(),
            c.number("lma.heartbeat-interval-ms", 60_000, 0, 3_600_000),
            (int)c.number("lma.missing-heartbeats-allowed", 3, 1, 100),
            c.number("lma.data-plane-timeout-ms", 1000, 10, 60_000),
            userPlane.isEmpty() ? null : NodeConfig.parseIpv6("lma.user-plane-address", userPlane));
        c.claim("dmmgw.ipc.");
        c.rejectUnknown();
        return config;
    }
}
