package net.dmmgw.control.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.dmmgw.control.cmd.CentralMobilityDatabase;

/**
 * The admin view of a CMD: one binding per mobile node with its serving MAAR, the prefix that MAAR anchors and the
 * P-MAAR list (Appendix B), the configured MAARs as peers, counters. A CMD has no data plane (no tunnels, routes,
 * neighbours or epoch) and no access link: attach and detach are refused.
 */
public final class CmdAdmin implements AdminTarget
{
    private final CentralMobilityDatabase cmd;

    /** @param cmd the CMD (read on its agent thread only). */
    public CmdAdmin(final CentralMobilityDatabase cmd)
    {
        this.cmd = cmd;
    }

    /** {@inheritDoc} */
    public String role()
    {
        return "cmd";
    }

    /** {@inheritDoc} */
    public List<Map<String, Object>> bindings()
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final CentralMobilityDatabase.SessionView s : cmd.sessions())
        {
            final List<Map<String, Object>> previous = new ArrayList<>();
            for (final String p : s.previousMaars())
            {
                previous.add(Views.map("address", Views.ip(p.substring(0, p.indexOf(' '))), "prefix",
                    Views.ip(p.substring(p.indexOf(' ') + 1))));
            }
            list.add(Views.map("mnId", s.mnId(), "state", s.state(), "servingMaar", Views.ip(s.servingMaar()),
                "servingPrefix", Views.ip(s.servingPrefix()), "previousMaars", previous, "awaitingPreviousMaars",
                s.awaitingPreviousMaars(), "expiresAt", Views.time(s.expiresAtMs())));
        }
        return list;
    }

    /** {@inheritDoc} None: a CMD has no data plane. */
    public List<Map<String, Object>> tunnels()
    {
        return List.of();
    }

    /** {@inheritDoc} None: a CMD has no data plane. */
    public List<Map<String, Object>> routes()
    {
        return List.of();
    }

    /** {@inheritDoc} None: a CMD has no access link. */
    public List<Map<String, Object>> neighbours()
    {
        return List.of();
    }

    /** {@inheritDoc} The configured MAARs; DMM signalling has no heartbeats, so reachability is not known. */
    public List<Map<String, Object>> peers()
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        final String mode = cmd.config().mode().name().toLowerCase(Locale.ROOT);
        for (final byte[] maar : cmd.config().maars())
        {
            list.add(Views.map("address", Views.ip(maar), "role", "maar", "mode", mode, "heartbeat", "none"));
        }
        return list;
    }

    /** {@inheritDoc} */
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("registrations", cmd.registrations());
        m.put("handovers", cmd.handovers());
        m.put("refreshes", cmd.refreshes());
        m.put("renewals", cmd.renewals());
        m.put("stale_refreshes", cmd.staleRefreshes());
        m.put("session_ends", cmd.sessionEnds());
        m.put("expiries", cmd.expiries());
        m.put("refused", cmd.refused());
        m.put("dropped", cmd.dropped());
        m.put("relay_timeouts", cmd.relayTimeouts());
        m.put("late_pbas", cmd.latePbas());
        m.put("unmatched_pbas", cmd.unmatchedPbas());
        m.put("retransmissions", cmd.retransmissions());
        m.put("unanswered_pbus", cmd.unansweredPbus());
        m.put("maar_refusals", cmd.maarRefusals());
        return m;
    }

    /** {@inheritDoc} Empty: a CMD has no data plane. */
    public Map<String, Long> ipc()
    {
        return Map.of();
    }

    /** {@inheritDoc} Refused: only the serving MAAR ends a session (§3.5); detach the node there. */
    public Map<String, Object> detach(final String mn)
    {
        throw new AdminException(AdminException.CONFLICT,
            "the cmd role has no detach: a session ends at its serving MAAR (use detach on the MAAR)");
    }
}
