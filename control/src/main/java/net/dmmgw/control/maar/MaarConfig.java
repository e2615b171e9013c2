package net.dmmgw.control.maar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.dmmgw.control.allocation.PrefixPool;
import net.dmmgw.control.codec.DmmConfig;
import net.dmmgw.control.journal.JournalSettings;
import net.dmmgw.control.dmm.CmdMode;
import net.dmmgw.control.dmm.Deregistration;
import net.dmmgw.control.dmm.DmmSettings;
import net.dmmgw.control.mag.MagConfig;
import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.control.routing.TunnelSettings;

/**
 * The MAAR's settings, read from a {@link NodeConfig}. Keys (defaults shown):
 * <pre>
 * node.role=maar
 * maar.address=2001:db8:1::1            (PBU source, tunnel endpoint)
 * maar.cmd-address=2001:db8:ff::1       (the CMD)
 * maar.prefix-pool=2001:db8:a100::/48   (exclusive to this MAAR: the /64s it anchors)
 * maar.peers=2001:db8:2::1,...          (the other MAARs: accepted as sources of locator-mode PBAs)
 * maar.cmd-mode=relay                   (relay | locator | proxy: as the CMD's cmd.mode; locator makes this MAAR
 *                                        answer the S-MAAR directly as a P-MAAR)
 * maar.deregistration=a                 (a: stop the BCE timer as P-MAAR; b: de-register at expiry, the CMD renews)
 * maar.link-local=fe80::1  maar.mac=02:00:00:00:01:00   (the router identity of the access links)
 * maar.dlif=false                       (one logical interface per (node, anchoring MAAR), §3.6)
 * maar.access-technology-type=3  maar.lifetime-s=3600  maar.refresh-percent=80
 * maar.retransmit-timeout-ms=1000  maar.max-retransmissions=6
 * maar.data-plane-timeout-ms=1000      (an RA waits this long at most for the data plane's acks)
 * maar.max-rtr-adv-interval-s=600  maar.router-lifetime-s=1800  maar.link-mtu=1460
 * maar.initial-rtr-advertisements=3     (RAs after a change of what is advertised, RFC 4861 §6.2.4: 1..3)
 * maar.initial-rtr-adv-interval-ms=1000 (between those; RFC 4861 MAX_INITIAL_RTR_ADVERT_INTERVAL is 16 s)
 * maar.local-prefixes=                  (this MAAR's local networks, RFC 4191 routes through its DLIF)
 * maar.peer-local-prefixes=             (other MAARs' local networks: prefix/length@MAAR; see LocalNetworks)
 * dmm.compat=iana                       (iana | draft02)
 * mn.NAME.mac=02:00:00:00:aa:01  mn.NAME.id=alice@example.com   (policy profile)
 * journal.dir=                          (the sessions' Chronicle journal, as the MAG's; unset = memory only)
 * journal.compact-after-records=100000
 * tunnel.*  dmmgw.ipc.*
 * </pre>
 */
public record MaarConfig(
    byte[] address,
    byte[] cmdAddress,
    PrefixPool pool,
    List<byte[]> peers,
    CmdMode cmdMode,
    Deregistration deregistration,
    byte[] linkLocal,
    long mac,
    boolean dlif,
    int accessTechnologyType,
    int lifetimeUnits,
    int refreshPercent,
    long retransmitTimeoutMs,
    int maxRetransmissions,
    long dataPlaneTimeoutMs,
    long maxRtrAdvIntervalMs,
    int routerLifetimeS,
    int linkMtu,
    int initialRtrAdvertisements,
    long initialRtrAdvIntervalMs,
    LocalNetworks localNetworks,
    DmmConfig dmm,
    List<MagConfig.MobileNodeProfile> mobileNodes,
    TunnelSettings tunnel,
    JournalSettings journal)
{
    /**
     * Reads and validates the MAAR keys, failing on the first bad or unknown one (the message starts with the key).
     */
    public static MaarConfig from(final NodeConfig c)
    {
        c.requireRole("maar");
        final byte[] address = c.ipv6("maar.address");
        final byte[] cmd = c.ipv6("maar.cmd-address");
        if (Arrays.equals(address, cmd))
        {
            throw new ConfigException("maar.cmd-address", "is the MAAR's own address");
        }
        final PrefixPool pool;
        try
        {
            pool = PrefixPool.parse(c.string("maar.prefix-pool"));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException("maar.prefix-pool", ex.getMessage());
        }
        final List<byte[]> peers = new ArrayList<>();
        for (final String text : c.list("maar.peers"))
        {
            final byte[] a = NodeConfig.parseIpv6("maar.peers", text);
            if (Arrays.equals(a, address) || Arrays.equals(a, cmd))
            {
                throw new ConfigException("maar.peers", "lists this MAAR or the CMD: " + text);
            }
            peers.add(a);
        }
        final byte[] linkLocal = NodeConfig.parseIpv6("maar.link-local", c.string("maar.link-local", "fe80::1"));
        if ((linkLocal[0] & 0xFF) != 0xFE || (linkLocal[1] & 0xC0) != 0x80)
        {
            throw new ConfigException("maar.link-local", "not a link-local (fe80::/10) address");
        }
        final long mac = c.mac("maar.mac", "02:00:00:00:01:00");
        if ((mac & 0x0100_0000_0000L) != 0 || mac == 0)
        {
            throw new ConfigException("maar.mac", "must be a unicast MAC");
        }
        final MaarConfig config = new MaarConfig(address, cmd, pool, List.copyOf(peers),
            CmdMode.parse("maar.cmd-mode", c.string("maar.cmd-mode", "relay")),
            Deregistration.parse("maar.deregistration", c.string("maar.deregistration", "a")),
            linkLocal, mac,
            c.flag("maar.dlif", false),
            (int)c.number("maar.access-technology-type", 3, 1, 255),
            (int)(c.number("maar.lifetime-s", 3600, 4, 65535L * 4) / 4),
            (int)c.number("maar.refresh-percent", 80, 10, 95),
            c.number("maar.retransmit-timeout-ms", 1000, 10, 60_000),
            (int)c.number("maar.max-retransmissions", 6, 0, 32),
            c.number("maar.data-plane-timeout-ms", 1000, 10, 60_000),
            c.number("maar.max-rtr-adv-interval-s", 600, 4, 1800) * 1000,
            (int)c.number("maar.router-lifetime-s", 1800, 0, 9000),
            (int)c.number("maar.link-mtu", 1460, 1280, 9216),
            (int)c.number("maar.initial-rtr-advertisements", 3, 1, 3),
            c.number("maar.initial-rtr-adv-interval-ms", 1000, 100, 16_000),
            LocalNetworks.from(c, address, peers),
            DmmSettings.compat(c),
            MagConfig.mobileNodes(c),
            TunnelSettings.from(c),
            journal(c));
        c.claim("dmmgw.ipc.");
        c.rejectUnknown();
        return config;
    }

    /** @return the journal keys, or null when {@code journal.dir} is unset (sessions in memory only). */
    private static JournalSettings journal(final NodeConfig c)
    {
        final long compactAfterRecords = c.number("journal.compact-after-records", 100_000, 16, Long.MAX_VALUE);
        final String dir = c.string("journal.dir", "").trim();
        return dir.isEmpty() ? null : new JournalSettings(java.nio.file.Path.of(dir), compactAfterRecords);
    }
}
