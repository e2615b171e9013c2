package net.dmmgw.control.admin;

import java.util.List;
import java.util.Map;

import net.dmmgw.control.metrics.LatencyHistogram;

/**
 * What the admin API reads from and asks of one role. Every method runs on the node's agent thread (the server
 * calls it through {@link AgentCall}) and returns copies (maps and lists of strings and numbers) that are safe to
 * hand to another thread.
 */
public interface AdminTarget
{
    /** @return lma, mag, … */
    String role();

    /** @return every binding; each has at least {@code mnId} and {@code state}. */
    List<Map<String, Object>> bindings();

    /** @return the tunnels in use. */
    List<Map<String, Object>> tunnels();

    /** @return the routes this role programmed (table, prefix, action, target). */
    List<Map<String, Object>> routes();

    /** @return the neighbour entries this role programmed (none for an anchor). */
    List<Map<String, Object>> neighbours();

    /** @return the signalling peers and their heartbeat state. */
    List<Map<String, Object>> peers();

    /** @return the role's counters (monotonic, by name). */
    Map<String, Long> counters();

    /** @return data-plane state: epoch, acks outstanding (resync), timeouts (names → values). */
    Map<String, Long> ipc();

    /** @return the handover latency histogram (a copy), or null when the role measures none. */
    default LatencyHistogram handoverLatency()
    {
        return null;
    }

    /**
     * Administrative attachment of a mobile node.
     *
     * @param mn the node: its MN-ID, profile name or MAC.
     * @param port access port.
     * @return what happened.
     */
    default Map<String, Object> attach(final String mn, final int port)
    {
        throw new AdminException(AdminException.CONFLICT, "the " + role() + " role has no attach: use it on a MAG or MAAR");
    }

    /**
     * Administrative detachment (MAG) or binding deletion (anchor).
     *
     * @param mn the node: its MN-ID, profile name or MAC.
     * @return what happened.
     */
    Map<String, Object> detach(String mn);
}
