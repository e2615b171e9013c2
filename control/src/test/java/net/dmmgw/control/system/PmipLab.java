package net.dmmgw.control.system;

import static net.dmmgw.fastpath.system.Netns.ip;
import static net.dmmgw.fastpath.system.Netns.noIpv6;
import static net.dmmgw.fastpath.system.Netns.sysctl;
import static net.dmmgw.fastpath.system.Netns.veth;

import java.util.List;

import net.dmmgw.fastpath.system.Namespaces;
import net.dmmgw.fastpath.system.Shell;

/**
 * The namespaces of the end-to-end PMIPv6 test, named with a unique suffix; {@link #close()} deletes them all (and
 * with them every veth and bridge), also after a partial build.
 * <pre>
 *   cn ── cn0 ═ l0 [port 0] LMA data plane [port 1] l1 ═ rA ┐
 *                                                           core: a Linux router (forwarding)
 *   mag1: [port 1] g1 ═ r1 ┘   mag2: [port 1] h1 ═ r2 ┘
 *   mag1: [port 0] g0 ═ g0p ─ bridge b1 ┐  acc        mag2: [port 0] h0 ═ h0p ─ bridge b2
 *   mn: m0 ═ mp ──────────────── master b1 (later b2: the handoff)
 * </pre>
 * The data planes' veths carry no kernel IPv6 (nothing of the kernel's own reaches a data plane); the bridges and
 * their ports neither. The mobile node and the correspondent are unmodified Linux hosts.
 */
final class PmipLab implements AutoCloseable
{
    static final String CN_ADDRESS = "2001:db8:e0::2";
    static final String LMA_CN_SIDE = "2001:db8:e0::1";
    static final String LMA = "2001:db8:c0::1";
    static final String MAG1 = "2001:db8:c1::1";
    static final String MAG2 = "2001:db8:c2::1";
    static final String CN_MAC = "02:00:00:00:e0:02";
    static final String LMA_PORT0_MAC = "02:00:00:00:e0:01";
    static final String LMA_PORT1_MAC = "02:00:00:00:c0:01";
    static final String MAG1_CORE_MAC = "02:00:00:00:c1:01";
    static final String MAG2_CORE_MAC = "02:00:00:00:c2:01";
    /** The router's MAC on the LMA's link, MAG1's and MAG2's. */
    static final String ROUTER_A_MAC = "02:00:00:00:fe:00";
    static final String ROUTER_1_MAC = "02:00:00:00:fe:01";
    static final String ROUTER_2_MAC = "02:00:00:00:fe:02";
    /** FixedMAGLinkLayerAddressOnAllAccessLinks: both MAGs' access ports. */
    static final String MAG_ACCESS_MAC = "02:00:00:00:01:00";
    static final String MN_MAC = "02:00:00:00:aa:01";

    final String cn;
    final String lma;
    final String mag1;
    final String mag2;
    final String core;
    final String access;
    final String mn;
    private final Namespaces namespaces = new Namespaces();

    private PmipLab(final String suffix)
    {
        cn = "dmmgw-e2-cn-" + suffix;
        lma = "dmmgw-e2-lma-" + suffix;
        mag1 = "dmmgw-e2-mag1-" + suffix;
        mag2 = "dmmgw-e2-mag2-" + suffix;
        core = "dmmgw-e2-core-" + suffix;
        access = "dmmgw-e2-acc-" + suffix;
        mn = "dmmgw-e2-mn-" + suffix;
    }

    static PmipLab create(final String suffix)
    {
        final PmipLab lab = new PmipLab(suffix);
        try
        {
            lab.build();
            return lab;
        }
        catch (final RuntimeException ex)
        {
            lab.close();
            throw ex;
        }
    }

    private void build()
    {
        namespaces.add(List.of(cn, lma, mag1, mag2, core, access, mn));
        // Data-plane ports: veths whose kernel side stays silent.
        veth(cn, "cn0", lma, "l0");
        veth(lma, "l1", core, "rA");
        veth(mag1, "g1", core, "r1");
        veth(mag2, "h1", core, "r2");
        veth(mag1, "g0", access, "g0p");
        veth(mag2, "h0", access, "h0p");
        veth(mn, "m0", access, "mp");
        for (final String[] quiet : new String[][] {{lma, "l0"}, {lma, "l1"}, {mag1, "g0"}, {mag1, "g1"}, {mag2, "h0"},
            {mag2, "h1"}, {access, "g0p"}, {access, "h0p"}, {access, "mp"}})
        {
            noIpv6(quiet[0], quiet[1]);
        }
        // The access side: one bridge per MAG, the mobile node's link on MAG1's first.
        for (final String bridge : List.of("b1", "b2"))
        {
            ip(access, "link", "add", bridge, "type", "bridge");
            noIpv6(access, bridge);
            ip(access, "link", "set", bridge, "up");
        }
        ip(access, "link", "set", "g0p", "master", "b1");
        ip(access, "link", "set", "h0p", "master", "b2");
        ip(access, "link", "set", "mp", "master", "b1");
        for (final String link : List.of("g0p", "h0p", "mp"))
        {
            ip(access, "link", "set", link, "up");
        }
        for (final String[] up : new String[][] {{lma, "l0"}, {lma, "l1"}, {mag1, "g0"}, {mag1, "g1"}, {mag2, "h0"},
            {mag2, "h1"}})
        {
            ip(up[0], "link", "set", up[1], "up");
        }
        // The core router: a Linux host forwarding between the LMA's link and each MAG's. It resolves the LMA's and
        // the MAGs' addresses by Neighbour Discovery (their control processes answer through the data planes).
        sysctl(core, "net.ipv6.conf.all.forwarding=1");
        router("rA", ROUTER_A_MAC, "2001:db8:c0::fe/64");
        router("r1", ROUTER_1_MAC, "2001:db8:c1::fe/64");
        router("r2", ROUTER_2_MAC, "2001:db8:c2::fe/64");
        // The correspondent: the HNP pool through the LMA's data plane; it resolves port 0's address by ND (the
        // LMA's control process answers through its data plane).
        ip(cn, "link", "set", "cn0", "address", CN_MAC);
        ip(cn, "link", "set", "cn0", "up");
        ip(cn, "-6", "addr", "add", CN_ADDRESS + "/64", "dev", "cn0", "nodad");
        ip(cn, "-6", "route", "add", "2001:db8:100::/40", "via", LMA_CN_SIDE, "dev", "cn0");
        // The mobile node: its MAC is the one the MAGs' policy profile knows; the link comes up later.
        ip(mn, "link", "set", "m0", "address", MN_MAC);
        sysctl(mn, "net.ipv6.conf.m0.keep_addr_on_down=1");
    }

    private void router(final String link, final String mac, final String address)
    {
        ip(core, "link", "set", link, "address", mac);
        ip(core, "link", "set", link, "up");
        ip(core, "-6", "addr", "add", address, "dev", link, "nodad");
    }

    /** @return the correspondent's neighbour table (how it resolved the LMA data plane's port 0). */
    String correspondentNeighbours()
    {
        return Shell.run(10, "ip", "-n", cn, "-6", "neigh", "show");
    }

    /** @return the router's neighbour table (how it resolved the LMA and the MAGs). */
    String routerNeighbours()
    {
        return Shell.run(10, "ip", "-n", core, "-6", "neigh", "show");
    }

    /** Brings the mobile node's link up (it solicits a router and configures its address by SLAAC). */
    void mobileNodeUp()
    {
        ip(mn, "link", "set", "m0", "up");
    }

    /**
     * Moves the mobile node's link from MAG1's access bridge to MAG2's while its interface is down, as a radio
     * re-association would: when it comes up again the node solicits a router (Linux sends no RS on a mere carrier
     * flap of an interface already configured). It keeps its addresses across the down ({@code keep_addr_on_down}).
     */
    void moveMobileNodeToMag2()
    {
        ip(mn, "link", "set", "m0", "down");
        ip(access, "link", "set", "mp", "nomaster");
        ip(access, "link", "set", "mp", "master", "b2");
        ip(mn, "link", "set", "m0", "up");
    }

    /** @return {@code ip -6 addr} of the mobile node's global addresses. */
    String mobileNodeAddresses()
    {
        return Shell.run(10, "ip", "-n", mn, "-6", "addr", "show", "dev", "m0", "scope", "global");
    }





    /** Deletes every namespace it made (veths and bridges go with them). */
    public void close()
    {
        namespaces.close();
    }
}
