package net.dmmgw.control.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.dmmgw.control.mag.MagConfig;
import net.dmmgw.control.mag.MobileAccessGateway;
import net.dmmgw.control.metrics.LatencyHistogram;

/**
 * The admin view of a MAG: its Binding Update List, tunnel to the LMA, the uplink (SOURCE) and delivery routes per
 * served node, neighbours, the LMA peer, counters, handover latency; attach / detach by MN-ID, profile name or MAC.
 */
public final class MagAdmin implements AdminTarget
{
    private final MobileAccessGateway mag;

    /** @param mag the MAG (read on its agent thread only). */
    public MagAdmin(final MobileAccessGateway mag)
    {
        this.mag = mag;
    }

    /** {@inheritDoc} */
    public String role()
    {
        return "mag";
    }

    /** {@inheritDoc} */
    public List<Map<String, Object>> bindings()
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final MobileAccessGateway.SessionView s : mag.sessions())
        {
            list.add(Views.map("mnId", s.mnId(), "mac", Views.mac(s.mac()), "port", s.port(), "prefixes",
                Views.ips(s.prefixes()), "lma", lmaAddress(), "state", s.state(), "expiresAt", Views.time(s.expiresAtMs())));
        }
        return list;
    }

    /** {@inheritDoc} */
    public List<Map<String, Object>> tunnels()
    {
        return Views.tunnels(mag.routing());
    }

    /** {@inheritDoc} */
    public List<Map<String, Object>> routes()
    {
        final int tunnel = mag.routing().tunnelOf(net.dmmgw.ipc.Ipv6Words.word(mag.config().lmaAddress(), 0),
            net.dmmgw.ipc.Ipv6Words.word(mag.config().lmaAddress(), 8));
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final MobileAccessGateway.SessionView s : mag.sessions())
        {
            if (!s.state().equals("REGISTERED") && !s.state().equals("REFRESHING"))
            {
                continue;
            }
            for (final String prefix : Views.ips(s.prefixes()))
            {
                list.add(Views.map("table", "SOURCE", "prefix", prefix, "action", "TUNNEL", "tunnel", tunnel,
                    "via", lmaAddress(), "mnId", s.mnId()));
                list.add(Views.map("table", "DESTINATION", "prefix", prefix, "action", "DELIVER", "port", s.port(),
                    "mnId", s.mnId()));
            }
        }
        return list;
    }

    /** {@inheritDoc} */
    public List<Map<String, Object>> neighbours()
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final MobileAccessGateway.NeighbourView n : mag.neighbours())
        {
            list.add(Views.map("port", n.port(), "address", Views.ip(n.address()), "mac", Views.mac(n.mac()), "mnId",
                n.mnId()));
        }
        return list;
    }

    /** {@inheritDoc} The MAG answers the LMA's heartbeats and sends none, so the LMA's reachability is not known. */
    public List<Map<String, Object>> peers()
    {
        return List.of(Views.map("address", lmaAddress(), "role", "lma", "heartbeat", "answered only",
            "pbasAccepted", mag.pbasAccepted(), "lastRejectionStatus", mag.lastRejectionStatus()));
    }

    /** {@inheritDoc} */
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("pbus_sent", mag.pbusSent());
        m.put("retransmissions", mag.retransmissions());
        m.put("pbas_accepted", mag.pbasAccepted());
        m.put("rejections", mag.rejections());
        m.put("registration_timeouts", mag.registrationTimeouts());
        m.put("unmatched_pbas", mag.unmatchedPbas());
        m.put("dropped", mag.dropped());
        m.put("unknown_mobile_nodes", mag.unknownMobileNodes());
        m.put("ignored_frames", mag.ignoredFrames());
        m.put("router_advertisements", mag.routerAdvertisements());
        m.put("neighbour_advertisements", mag.neighbourAdvertisements());
        m.put("access_send_failures", mag.accessSendFailures());
        m.put("data_plane_failures", mag.dataPlaneFailures());
        m.put("expiries", mag.expiries());
        m.put("neighbours_learnt", mag.neighboursLearnt());
        m.put("resync_failures", mag.resyncFailures());
        return m;
    }

    /** {@inheritDoc} */
    public Map<String, Long> ipc()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("epoch", mag.epoch());
        m.put("resync_acks_outstanding", (long)mag.resyncPending());
        m.put("data_plane_failures", mag.dataPlaneFailures());
        m.put("resync_failures", mag.resyncFailures());
        return m;
    }

    /** {@inheritDoc} */
    public LatencyHistogram handoverLatency()
    {
        return mag.handoverLatency().copy();
    }

    /** {@inheritDoc} */
    public Map<String, Object> attach(final String mn, final int port)
    {
        final MagConfig.MobileNodeProfile p = profile(mn);
        if (!mag.attach(port, p.mac()))
        {
            throw new AdminException(AdminException.CONFLICT, p.name() + " is already attached");
        }
        return Views.map("mnId", nai(p), "mac", Views.mac(p.mac()), "port", port, "result", "attach started");
    }

    /** {@inheritDoc} */
    public Map<String, Object> detach(final String mn)
    {
        final MagConfig.MobileNodeProfile p = profile(mn);
        if (!mag.detach(p.mac()))
        {
            throw new AdminException(AdminException.NOT_FOUND, p.name() + " is not attached");
        }
        return Views.map("mnId", nai(p), "mac", Views.mac(p.mac()), "result", "detached, de-registration sent");
    }

    private MagConfig.MobileNodeProfile profile(final String mn)
    {
        return Views.profile(mag.config().mobileNodes(), mn, "MAG");
    }

    private static String nai(final MagConfig.MobileNodeProfile p)
    {
        return Views.nai(p);
    }

    private String lmaAddress()
    {
        return Views.ip(net.dmmgw.ipc.Ipv6Words.word(mag.config().lmaAddress(), 0),
            net.dmmgw.ipc.Ipv6Words.word(mag.config().lmaAddress(), 8));
    }
}
