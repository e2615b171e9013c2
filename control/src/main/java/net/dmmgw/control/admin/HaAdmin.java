package net.dmmgw.control.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.dmmgw.control.ha.HomeRegistrar;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.location.BindingState;

/**
 * The admin view of a home agent (and of a FAMA DAR, the same {@link HomeRegistrar}): bindings (identified by home address, shown as {@code mnId}), tunnels to care-of
 * addresses, HoA /128 routes, counters; detach deletes the binding of a home address. A home agent has no
 * configured signalling peers (its mobile nodes come from anywhere), so {@code peers} is empty.
 */
public final class HaAdmin implements AdminTarget
{
    private final HomeRegistrar ha;
    private final String role;

    /** @param ha the home agent (read on its agent thread only). */
    public HaAdmin(final HomeRegistrar ha)
    {
        this(ha, "ha");
    }

    /**
     * @param registrar the home agent or DAR (read on its agent thread only).
     * @param role its role name ({@code ha}, {@code dar}).
     */
    public HaAdmin(final HomeRegistrar registrar, final String role)
    {
        this.ha = registrar;
        this.role = role;
    }

    /** {@inheritDoc} */
    public String role()
    {
        return role;
    }

    /** {@inheritDoc} */
    public List<Map<String, Object>> bindings()
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final HomeRegistrar.BindingView b : ha.bindings())
        {
            final BindingCacheEntry e = ha.cache().byId(b.id());
            list.add(Views.map("id", b.id(), "mnId", Views.ip(b.homeAddress()), "careOf", Views.ip(b.careOfAddress()),
                "state", e == null ? null : e.state().name(), "tunnel", e == null ? 0 : e.tunnelId(),
                "sequence", b.lastSequence(), "expiresAt", Views.time(b.expiresAtMs())));
        }
        return list;
    }

    /** {@inheritDoc} */
    public List<Map<String, Object>> tunnels()
    {
        return Views.tunnels(ha.routing());
    }

    /** {@inheritDoc} */
    public List<Map<String, Object>> routes()
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final BindingCacheEntry e : ha.cache().entries())
        {
            if (e.state() == BindingState.ACTIVE && !e.isBusy())
            {
                final String home = Views.ip(net.dmmgw.ipc.Ipv6Words.word(e.mnId(), 0),
                    net.dmmgw.ipc.Ipv6Words.word(e.mnId(), 8));
                list.add(Views.map("table", "DESTINATION", "prefix", home + "/128", "action", "TUNNEL", "tunnel",
                    e.tunnelId(), "via", Views.ip(e.proxyCoaHi(), e.proxyCoaLo()), "mnId", home));
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
        return List.of();
    }

    /** {@inheritDoc} */
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("bas_sent", ha.basSent());
        m.put("rejected", ha.rejected());
        m.put("dropped", ha.dropped());
        m.put("malformed", ha.malformed());
        m.put("binding_errors_sent", ha.bindingErrorsSent());
        m.put("authentication_failures", ha.authenticationFailures());
        m.put("expired", ha.expired());
        m.put("rollbacks", ha.rollbacks());
        if (ha instanceof net.dmmgw.control.fama.DistributedAnchorRouter dar)
        {
            m.put("cga_accepted", dar.cgaAccepted());
            m.put("tokens_issued", dar.tokensIssued());
            if (dar.accessLink() != null)
            {
                m.putAll(dar.accessLink().counters());
            }
        }
        return m;
    }

    /** {@inheritDoc} */
    public Map<String, Long> ipc()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("epoch", ha.epoch());
        m.put("resync_acks_outstanding", (long)ha.resyncPending());
        return m;
    }

    /** {@inheritDoc} Deletes the binding of the home address (route, tunnel reference, journal). */
    public Map<String, Object> detach(final String mn)
    {
        for (final HomeRegistrar.BindingView b : ha.bindings())
        {
            if (Views.ip(b.homeAddress()).equals(mn) && ha.deleteBinding(b.id()))
            {
                return Views.map("mnId", mn, "deletedBindings", List.of(b.id()));
            }
        }
        throw new AdminException(AdminException.NOT_FOUND, "no binding for home address " + mn +
            " (or a transaction for it is in flight)");
    }
}
