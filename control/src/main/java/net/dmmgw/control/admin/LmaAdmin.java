package net.dmmgw.control.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.location.BindingState;
import net.dmmgw.control.lma.LocalMobilityAnchor;

/** The admin view of an LMA: its binding cache, tunnels to MAGs, HNP routes, peers with heartbeats, counters. */
public final class LmaAdmin implements AdminTarget
{
    private final LocalMobilityAnchor lma;

    /** @param lma the LMA (read on its agent thread only). */
    public LmaAdmin(final LocalMobilityAnchor lma)
    {
        this.lma = lma;
    }

    /** {@inheritDoc} */
    public String role()
    {
        return "lma";
    }

    /** {@inheritDoc} */
    public List<Map<String, Object>> bindings()
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final LocalMobilityAnchor.BindingView b : lma.bindings())
        {
            final BindingCacheEntry e = lma.cache().byId(b.id());
            list.add(Views.map("id", b.id(), "mnId", b.mnId(), "prefixes", Views.ips(b.prefixes()),
                "proxyCoa", Views.ip(b.proxyCoa()),
                "state", b.state().name(), "tunnel", e == null ? 0 : e.tunnelId(),
                "handoffIndicator", e == null ? 0 : e.handoffIndicator(),
                "accessTechnologyType", e == null ? 0 : e.accessTechnologyType(),
                "expiresAt", Views.time(b.expiresAtMs())));
        }
        return list;
    }

    /** {@inheritDoc} */
    public List<Map<String, Object>> tunnels()
    {
        return Views.tunnels(lma.routing());
    }

    /** {@inheritDoc} */
    public List<Map<String, Object>> routes()
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final BindingCacheEntry e : lma.cache().entries())
        {
            if (e.state() != BindingState.ACTIVE || e.isBusy())
            {
                continue;
            }
            for (int i = 0; i < e.prefixCount(); i++)
            {
                list.add(Views.map("table", "DESTINATION", "prefix", Views.ip(e.prefix(i), 0) + "/64",
                    "action", "TUNNEL", "tunnel", e.tunnelId(), "via", Views.ip(e.proxyCoaHi(), e.proxyCoaLo()),
                    "mnId", new String(e.mnId(), java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
        return list;
    }

    /** {@inheritDoc} */
    public List<Map<String, Object>> neighbours()
    {
        return List.of();
    }

    /** {@inheritDoc} */
    public List<Map<String, Object>> peers()
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final LocalMobilityAnchor.PeerView p : lma.peers())
        {
            list.add(Views.map("address", Views.ip(p.address()), "reachable", p.reachable(),
                "heartbeat", lma.config().heartbeatIntervalMs() == 0 ? "off" : p.heartbeatOutstanding() ?
                    "awaiting" : "ok",
                "missedHeartbeats", p.missedHeartbeats(), "heartbeatSequence", p.heartbeatSequence(),
                "authenticated", p.authenticated()));
        }
        return list;
    }

    /** {@inheritDoc} */
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("pbas_sent", lma.pbasSent());
        m.put("dropped", lma.dropped());
        m.put("stale_deregistrations", lma.staleDeregistrations());
        m.put("rollbacks", lma.rollbacks());
        m.put("expired", lma.expired());
        m.put("authentication_failures", lma.authenticationFailures());
        m.put("data_plane_timeouts", lma.dataPlaneTimeouts());
        m.put("replay_conflicts", lma.replayConflicts());
        m.put("resync_failures", lma.resyncFailures());
        return m;
    }

    /** {@inheritDoc} */
    public Map<String, Long> ipc()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("epoch", lma.epoch());
        m.put("resync_acks_outstanding", (long)lma.resyncPending());
        m.put("data_plane_timeouts", lma.dataPlaneTimeouts());
        m.put("resync_failures", lma.resyncFailures());
        return m;
    }

    /** {@inheritDoc} Deletes the MN's bindings (routes, tunnel reference, prefixes, journal). */
    public Map<String, Object> detach(final String mn)
    {
        final List<Integer> deleted = new ArrayList<>();
        for (final LocalMobilityAnchor.BindingView b : lma.bindings())
        {
            if (b.mnId().equals(mn) && lma.deleteBinding(b.id()))
            {
                deleted.add(b.id());
            }
        }
        if (deleted.isEmpty())
        {
            throw new AdminException(AdminException.NOT_FOUND, "no binding for " + mn + " (or a transaction for it" +
                " is in flight)");
        }
        return Views.map("mnId", mn, "deletedBindings", deleted);
    }
}
