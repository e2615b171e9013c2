package net.dmmgw.lab;

import static net.dmmgw.fastpath.system.Netns.ip;
import static net.dmmgw.fastpath.system.Netns.noIpv6;
import static net.dmmgw.fastpath.system.Netns.sysctl;
import static net.dmmgw.fastpath.system.Netns.veth;

import java.util.ArrayList;
import java.util.List;

import net.dmmgw.fastpath.system.Namespaces;
import net.dmmgw.fastpath.system.Shell;

/**
 * The namespaces of the DMM lab, named {@code dmmgw-lab-<tag>-<host>}; {@link #close()} deletes them all (and with
 * them every veth and bridge), also after a partial build.
 * <pre>
 *   cmd: c0 ═ rc ┐
 *   cn:  n0 ═ rn ┤ core: a Linux router (forwarding; a route to each MAAR's pool via that MAAR)
 *   maarI: [port 1] k1 ═ rI ┘  (I = 1, 2, 3: each MAAR's data-plane core port on its own link to the router)
 *   maarI: [port 0] k0 ═ aI ─ bridge bI (namespace acc, one bridge per access link)
 *   mn: m0 ═ mp ─ master b1, later b2, then b3 (the moves)
 * </pre>
 * The data planes' veths, the bridges and their ports carry no kernel IPv6; the CMD, the correspondent, the router
 * and the mobile node are plain Linux hosts. With FAMA ({@link #create create(tag, true)}) the anchors are DARs
 * ({@code darI}, the same links), there is no CMD, and the kernel's RA processing is off on the node's m0 (our agent
 * reads the RAs).
 */
final class LabNetwork implements AutoCloseable
{
    static final int MAARS = 3;
    static final String CMD_ADDRESS = "2001:db8:ff::1";
    static final String CN_ADDRESS = "2001:db8:e0::2";
    static final String CN_PREFIX = "2001:db8:e0::/64";
    static final String MN_MAC = "02:00:00:00:aa:01";
    static final String MN_ID = "alice@example.com";
    /** The access-link router identity, the same on every MAAR (no DLIF). */
    static final String ACCESS_MAC = "02:00:00:00:01:00";
    static final String ACCESS_LINK_LOCAL = "fe80::1";

    final String tag;
    final String core;
    final String cmd;
    final String cn;
    final String access;
    final String mn;
    /** FAMA: DARs instead of MAARs (namespaces darI), no CMD, the node runs the mobile-node agent. */
    final boolean fama;
    private final String[] maars = new String[MAARS];
    private final Namespaces namespaces = new Namespaces();

    private LabNetwork(final String tag, final boolean fama)
    {
        this.tag = tag;
        this.fama = fama;
        core = name(tag, "core");
        cmd = name(tag, "cmd");
        cn = name(tag, "cn");
        access = name(tag, "acc");
        mn = name(tag, "mn");
        for (int i = 0; i < MAARS; i++)
        {
            maars[i] = name(tag, (fama ? "dar" : "maar") + (i + 1));
        }
    }

    /** @return the namespace name of a lab host. */
    static String name(final String tag, final String host)
    {
        return "dmmgw-lab-" + tag + "-" + host;
    }

    /** @return MAAR n's (1-based) global address: PBU source, tunnel end, its data plane's core port. */
    static String maarAddress(final int n)
    {
        return "2001:db8:c" + n + "::1";
    }

    /** @return the router's address on MAAR n's link. */
    static String routerAddress(final int n)
    {
        return "2001:db8:c" + n + "::fe";
    }

    /** @return the router's MAC on MAAR n's link (the MAAR's next hop for tunnels, signalling and its uplink). */
    static String routerMac(final int n)
    {
        return "02:00:00:00:fe:0" + n;
    }

    /** @return the MAC of MAAR n's data-plane core port. */
    static String maarCoreMac(final int n)
    {
        return "02:00:00:00:c" + n + ":01";
    }

    /** @return MAAR n's exclusive prefix pool. */
    static String maarPool(final int n)
    {
        return "2001:db8:" + n + "00::/48";
    }

    /** @return anchor n's namespace (MAAR n, or DAR n with FAMA). */
    String anchor(final int n)
    {
        return maars[n - 1];
    }

    /** @return anchor n's link-local on its access link (FAMA: one router identity per DAR). */
    static String darLinkLocal(final int n)
    {
        return "fe80::d" + n;
    }

    /** @return anchor n's MAC on its access link (FAMA). */
    static String darAccessMac(final int n)
    {
        return "02:00:00:00:0d:0" + n;
    }

    /** @return the /64 DAR n delegates (the first of its pool). */
    static String darPrefix(final int n)
    {
        return "2001:db8:" + n + "00::/64";
    }

    static LabNetwork create(final String tag, final boolean fama)
    {
        final LabNetwork net = new LabNetwork(tag, fama);
        try
        {
            net.build();
            return net;
        }
        catch (final RuntimeException ex)
        {
            net.close();
            throw ex;
        }
    }

    private void build()
    {
        final List<String> all = new ArrayList<>(fama ? List.of(core, cn, access, mn) : List.of(core, cmd, cn, access,
            mn));
        all.addAll(List.of(maars));
        namespaces.add(all);
        sysctl(core, "net.ipv6.conf.all.forwarding=1");
        // CMD and correspondent: plain hosts on their own links to the router.
        veth(cn, "n0", core, "rn");
        host(cn, "n0", CN_ADDRESS + "/64", "2001:db8:e0::fe");
        // The hosts whose packets reach a data plane fill in their checksums themselves: a veth leaves them to
        // "hardware" (CHECKSUM_PARTIAL), and DPDK's af_packet port would read and forward them unfinished.
        checksumsInSoftware(cn, "n0");
        router("rn", "02:00:00:00:fe:0e", "2001:db8:e0::fe/64");
        if (!fama)
        {
            veth(cmd, "c0", core, "rc");
            host(cmd, "c0", CMD_ADDRESS + "/64", "2001:db8:ff::fe");
            checksumsInSoftware(cmd, "c0");
            router("rc", "02:00:00:00:fe:0c", "2001:db8:ff::fe/64");
        }
        // The access side: one bridge per MAAR.
        for (int n = 1; n <= MAARS; n++)
        {
            ip(access, "link", "add", "b" + n, "type", "bridge");
            noIpv6(access, "b" + n);
            ip(access, "link", "set", "b" + n, "up");
        }
        for (int n = 1; n <= MAARS; n++)
        {
            final String ns = anchor(n);
            veth(ns, "k1", core, "r" + n);
            veth(ns, "k0", access, "a" + n);
            noIpv6(ns, "k0");
            noIpv6(ns, "k1");
            noIpv6(access, "a" + n);
            ip(access, "link", "set", "a" + n, "master", "b" + n);
            ip(access, "link", "set", "a" + n, "up");
            ip(ns, "link", "set", "k0", "up");
            ip(ns, "link", "set", "k1", "up");
            router("r" + n, routerMac(n), routerAddress(n) + "/64");
            // The prefixes MAAR n anchors are reached through it (its control process answers the router's NS).
            ip(core, "-6", "route", "add", maarPool(n), "via", maarAddress(n), "dev", "r" + n);
        }
        // The mobile node: its MAC is the one the MAARs' policy profile knows; its link comes up later, on b1.
        veth(mn, "m0", access, "mp");
        noIpv6(access, "mp");
        ip(access, "link", "set", "mp", "master", "b1");
        ip(access, "link", "set", "mp", "up");
        ip(mn, "link", "set", "m0", "address", MN_MAC);
        checksumsInSoftware(mn, "m0");
        // accept_ra_rt_info_max_plen: take RFC 4191 routes up to /64 (the MAARs' local networks, DLIF on).
        for (final String setting : List.of("keep_addr_on_down=1", "accept_dad=0", "router_solicitation_delay=0",
            "router_solicitation_interval=1", "use_tempaddr=0", "addr_gen_mode=0", "accept_ra_rt_info_max_plen=64"))
        {
            sysctl(mn, "net.ipv6.conf.m0." + setting);
        }
        if (fama)
        {
            // The mobile-node agent reads the RAs itself and configures its CGAs; the kernel must not (the agent
            // turns this off too, but before the link comes up nothing may slip through).
            sysctl(mn, "net.ipv6.conf.m0.accept_ra=0");
            sysctl(mn, "net.ipv6.conf.m0.autoconf=0");
            ip(mn, "link", "set", "lo", "up");
        }
    }

    private static void checksumsInSoftware(final String ns, final String link)
    {
        Shell.run(10, "ip", "netns", "exec", ns, "ethtool", "-K", link, "tx", "off");
    }

    private void host(final String ns, final String link, final String address, final String gateway)
    {
        ip(ns, "link", "set", link, "up");
        ip(ns, "-6", "addr", "add", address, "dev", link, "nodad");
        ip(ns, "-6", "route", "add", "default", "via", gateway, "dev", link);
    }

    private void router(final String link, final String mac, final String address)
    {
        ip(core, "link", "set", link, "address", mac);
        ip(core, "link", "set", link, "up");
        ip(core, "-6", "addr", "add", address, "dev", link, "nodad");
    }

    /** Brings the mobile node's link up on the bridge it is on (it solicits a router, SLAAC follows). */
    void mobileNodeUp()
    {
        ip(mn, "link", "set", "m0", "up");
    }

    /**
     * Moves the mobile node to MAAR n's access link while its interface is down, as a radio re-association would:
     * when it comes up it solicits a router (Linux sends no RS on a mere carrier flap). Its addresses stay
     * ({@code keep_addr_on_down}).
     */
    void moveMobileNodeTo(final int n)
    {
        ip(mn, "link", "set", "m0", "down");
        ip(access, "link", "set", "mp", "nomaster");
        ip(access, "link", "set", "mp", "master", "b" + n);
        ip(mn, "link", "set", "m0", "up");
    }

    /** The node leaves every access link: its interface down, its veth end on no bridge. */
    void mobileNodeLeaves()
    {
        ip(mn, "link", "set", "m0", "down");
        ip(access, "link", "set", "mp", "nomaster");
    }

    /** {@code count} UDP datagrams (port 9, discard) from the correspondent to each address, 5 ms apart. */
    void udpFromCorrespondent(final List<String> addresses, final int count)
    {
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", cn, "/usr/bin/python3", "-c",
            """
            import socket, sys, time
            s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
            for i in range(int(sys.argv[1])):
                for a in sys.argv[2:]:
                    s.sendto(b"probe", (a, 9))
                time.sleep(0.005)
            """, Integer.toString(count)));
        command.addAll(addresses);
        Shell.run(30, command.toArray(String[]::new));
    }

    /**
     * {@code count} IPv6-in-IPv6 packets per tunnel (5 ms apart), sent by the router as if from one MAAR to another: a
     * UDP datagram (port 9) inside, outer and inner headers as given, so that a MAAR's data plane shows whether it
     * still has a tunnel from that peer (decapsulated) or not (dropped: tunnel packet from unknown peer).
     *
     * @param tunnels "outer source,outer destination,inner source,inner destination" each.
     */
    void encapsulatedFromRouter(final List<String> tunnels, final int count)
    {
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", core, "/usr/bin/python3", "-c",
            """
            import socket, struct, sys, time
            def a(x):
                return socket.inet_pton(socket.AF_INET6, x)
            def csum(data):
                data += b"\\0" * (len(data) % 2)
                s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
                while s >> 16:
                    s = (s & 0xFFFF) + (s >> 16)
                return (~s) & 0xFFFF
            def ip6(src, dst, nh, payload):
                return struct.pack("!IHBB", 6 << 28, len(payload), nh, 64) + a(src) + a(dst) + payload
            def udp(src, dst, data):
                n = 8 + len(data)
                head = struct.pack("!HHHH", 40000, 9, n, 0)
                c = csum(a(src) + a(dst) + struct.pack("!I3xB", n, 17) + head + data) or 0xFFFF
                return struct.pack("!HHHH", 40000, 9, n, c) + data
            s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)  # IPv6 header included
            for i in range(int(sys.argv[1])):
                for t in sys.argv[2:]:
                    osrc, odst, isrc, idst = t.split(",")
                    s.sendto(ip6(osrc, odst, 41, ip6(isrc, idst, 17, udp(isrc, idst, b"tunnel probe"))), (odst, 0))
                time.sleep(0.005)
            """, Integer.toString(count)));
        command.addAll(tunnels);
        Shell.run(30, command.toArray(String[]::new));
    }

    /** @return {@code ip -6 addr show dev m0 scope global} in the mobile node. */
    String mobileNodeAddresses()
    {
        return Shell.run(10, "ip", "-n", mn, "-6", "addr", "show", "dev", "m0", "scope", "global");
    }

    /** @return {@code ip -6 route show} in the mobile node (RFC 4191 routes appear as {@code proto ra}). */
    String mobileNodeRoutes()
    {
        return Shell.run(10, "ip", "-n", mn, "-6", "route", "show");
    }

    /** @return the local network MAAR n offers (RFC 8885 §3.6; advertised as an RFC 4191 route with DLIF on). */
    static String maarLocalPrefix(final int n)
    {
        return "2001:db8:f" + n + "::/48";
    }

    /** @return the router's neighbour table (how it resolved the MAARs). */
    String routerNeighbours()
    {
        return Shell.run(10, "ip", "-n", core, "-6", "neigh", "show");
    }





    /** Deletes every namespace it made (veths and bridges go with them). */
    public synchronized void close()
    {
        namespaces.close();
    }
}
