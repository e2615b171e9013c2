package net.dmmgw.control.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.dmmgw.control.maar.MobilityAnchorAccessRouter;
import net.dmmgw.control.mag.MagConfig;
import net.dmmgw.control.metrics.LatencyHistogram;
import net.dmmgw.ipc.Ipv6Words;

/**
 * The admin view of a MAAR: its local bindings (serving with the P-MAAR list, or previous with the serving MAAR),
 * the tunnels to other MAARs, the routes and neighbours it programmed for them, the CMD and peer MAARs, counters;
 * attach / detach by MN-ID, profile name or MAC as on a MAG (a detach sends nothing: the binding runs out, §3.5).
 */
public final class MaarAdmin implements AdminTarget
{
    private final MobilityAnchorAccessRouter maar;

    /** @param maar the MAAR (read on its agent thread only). */
    public MaarAdmin(final MobilityAnchorAccessRouter maar)
    {
        this.maar = maar;
    }

    /** {@inheritDoc} */
    public String role()
    {
        return "maar";
    }

    /** {@inheritDoc} */
    public List<Map<String, Object>> bindings()
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final MobilityAnchorAccessRouter.SessionView s : maar.sessions())
        {
            final boolean serving = s.role().equals("SERVING");
            list.add(Views.map("mnId", s.mnId(), "state", s.role(), "registered", s.registered(), "anchoredPrefix",
                Views.ip(s.anchoredPrefix()), "mac", Views.mac(s.mac()), "port", serving ? s.port() : null,
                "attached", serving && s.attached(), "servingMaar", serving ? null : Views.ip(s.servingMaar()),
                "previousMaars", previous(s), "expiresAt", s.expiresAtMs() == 0 ? null : Views.time(s.expiresAtMs()),
                "attachSeenAtMs", s.attachSeenAtMs() == 0 ? null : s.attachSeenAtMs(),
                "programmedAtMs", s.programmedAtMs() == 0 ? null : s.programmedAtMs(), "programming", s.programming()));
        }
        return list;
    }

    /** {@inheritDoc} */
    public List<Map<String, Object>> tunnels()
    {
        return Views.tunnels(maar.routing());
    }

    /**
     * {@inheritDoc} Serving: its own prefix and each P-MAAR's delivered on the access port, each P-MAAR's prefix
     * sent by source into the tunnel to that P-MAAR. Previous: its anchored prefix into the tunnel to the S-MAAR.
     */
    public List<Map<String, Object>> routes()
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final MobilityAnchorAccessRouter.SessionView s : maar.sessions())
        {
            if (!s.registered())
            {
                continue;
            }
            final String anchored = Views.ip(s.anchoredPrefix());
            if (!s.role().equals("SERVING"))
            {
                list.add(Views.map("table", "DESTINATION", "prefix", anchored, "action", "TUNNEL", "tunnel",
                    tunnelTo(s.servingMaar()), "via", Views.ip(s.servingMaar()), "mnId", s.mnId()));
                continue;
            }
            list.add(Views.map("table", "DESTINATION", "prefix", anchored, "action", "DELIVER", "port", s.port(),
                "mnId", s.mnId()));
            for (final String p : s.previousMaars())
            {
                final String address = p.substring(0, p.indexOf(' '));
                final String prefix = Views.ip(p.substring(p.indexOf(' ') + 1));
                list.add(Views.map("table", "SOURCE", "prefix", prefix, "action", "TUNNEL", "tunnel",
                    tunnelTo(address), "via", Views.ip(address), "mnId", s.mnId()));
                list.add(Views.map("table", "DESTINATION", "prefix", prefix, "action", "DELIVER", "port", s.port(),
                    "mnId", s.mnId()));
            }
        }
        return list;
    }

    /** {@inheritDoc} One entry per prefix the node uses on the access link (its EUI-64 address in each). */
    public List<Map<String, Object>> neighbours()
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final MobilityAnchorAccessRouter.SessionView s : maar.sessions())
        {
            if (!s.role().equals("SERVING") || !s.registered())
            {
                continue;
            }
            final long iid = net.dmmgw.control.maar.DlifIdentity.eui64(s.mac());
            list.add(neighbour(s, s.anchoredPrefix(), iid));
            for (final String p : s.previousMaars())
            {
                list.add(neighbour(s, p.substring(p.indexOf(' ') + 1), iid));
            }
        }
        return list;
    }

    /** {@inheritDoc} The CMD and the peer MAARs; DMM signalling has no heartbeats, so reachability is not known. */
    public List<Map<String, Object>> peers()
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        list.add(Views.map("address", Views.ip(maar.config().cmdAddress()), "role", "cmd", "mode",
            maar.config().cmdMode().name().toLowerCase(java.util.Locale.ROOT), "heartbeat", "none",
            "registrations", maar.registrations(), "rejections", maar.rejections()));
        for (final byte[] peer : maar.config().peers())
        {
            final String address = Views.ip(peer);
            list.add(Views.map("address", address, "role", "maar", "heartbeat", "none", "tunnel", tunnelTo(address)));
        }
        return list;
    }

    /** {@inheritDoc} */
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("pbus_sent", maar.pbusSent());
        m.put("retransmissions", maar.retransmissions());
        m.put("registrations", maar.registrations());
        m.put("rejections", maar.rejections());
        m.put("dropped", maar.dropped());
        m.put("unmatched", maar.unmatched());
        m.put("unknown_mobile_nodes", maar.unknownMobileNodes());
        m.put("pool_exhausted", maar.poolExhausted());
        m.put("tunnels_to_previous", maar.tunnelsToPrevious());
        m.put("became_previous", maar.becamePrevious());
        m.put("renewals", maar.renewals());
        m.put("deregistrations", maar.deregistrations());
        m.put("session_ends", maar.sessionEnds());
        m.put("removed_by_cmd", maar.removedByCmd());
        m.put("router_advertisements", maar.routerAdvertisements());
        m.put("ignored_frames", maar.ignoredFrames());
        m.put("neighbour_advertisements", maar.neighbourAdvertisements());
        m.put("list_full", maar.listFull());
        m.put("dlif_mismatches", maar.dlifMismatches());
        m.put("data_plane_refusals", maar.dataPlaneRefusals());
        m.put("data_plane_timeouts", maar.dataPlaneTimeouts());
        m.put("dlif_refusals", maar.dlifRefusals());
        return m;
    }

    /** {@inheritDoc} As S-MAAR: attachment seen to its data plane's acks of the registration's routes. */
    public LatencyHistogram handoverLatency()
    {
        return maar.handoverLatency().copy();
    }

    /** {@inheritDoc} A MAAR keeps no data-plane epoch (no resync): its refusals and timeouts only. */
    public Map<String, Long> ipc()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("data_plane_refusals", maar.dataPlaneRefusals());
        m.put("data_plane_timeouts", maar.dataPlaneTimeouts());
        m.put("dlif_refusals", maar.dlifRefusals());
        return m;
    }

    /** {@inheritDoc} */
    public Map<String, Object> attach(final String mn, final int port)
    {
        final MagConfig.MobileNodeProfile p = Views.profile(maar.config().mobileNodes(), mn, "MAAR");
        if (!maar.attach(port, p.mac()))
        {
            throw new AdminException(AdminException.CONFLICT, p.name() + " is already served here (or the pool is empty)");
        }
        return Views.map("mnId", Views.nai(p), "mac", Views.mac(p.mac()), "port", port, "result", "attach started");
    }

    /** {@inheritDoc} */
    public Map<String, Object> detach(final String mn)
    {
        final MagConfig.MobileNodeProfile p = Views.profile(maar.config().mobileNodes(), mn, "MAAR");
        if (!maar.detach(p.mac()))
        {
            throw new AdminException(AdminException.NOT_FOUND, p.name() + " is not attached here");
        }
        return Views.map("mnId", Views.nai(p), "mac", Views.mac(p.mac()), "result",
            "detached, no more refreshes: the binding ends at its lifetime unless the node attaches elsewhere");
    }

    private static List<Map<String, Object>> previous(final MobilityAnchorAccessRouter.SessionView s)
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final String p : s.previousMaars())
        {
            list.add(Views.map("address", Views.ip(p.substring(0, p.indexOf(' '))), "prefix",
                Views.ip(p.substring(p.indexOf(' ') + 1))));
        }
        return list;
    }

    private static Map<String, Object> neighbour(final MobilityAnchorAccessRouter.SessionView s, final String prefix,
        final long iid)
    {
        final long hi = Ipv6Words.hi(prefix.substring(0, prefix.indexOf('/')));
        return Views.map("port", s.port(), "address", Views.ip(hi, iid), "mac", Views.mac(s.mac()), "mnId", s.mnId());
    }

    private int tunnelTo(final String address)
    {
        return maar.routing().tunnelOf(Ipv6Words.hi(address), Ipv6Words.lo(address));
    }
}
