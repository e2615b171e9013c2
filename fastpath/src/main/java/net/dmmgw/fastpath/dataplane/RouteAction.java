package net.dmmgw.fastpath.dataplane;

/**
 * What an {@code R<prefix>/<length> <egress-port> <tunnel-id>} line of a routes file (the format
 * {@code perf/rate} generates, l3fwd's {@code --rule_ipv6} plus a tunnel id) installs
 * ({@code state.route-action}).
 */
public enum RouteAction
{
    /** Encapsulate into the tunnel (RFC 2473). */
    ENCAP("encap"),
    /** Forward to next hop {@code <egress-port>} (one next hop per port, from an {@code H} line). */
    FORWARD("forward");

    private final String label;

    RouteAction(final String label)
    {
        this.label = label;
    }

    /** @return the configuration value. */
    public String label()
    {
        return label;
    }

    /**
     * @param label configuration value.
     * @return the action, or null if unknown.
     */
    public static RouteAction ofLabel(final String label)
    {
        for (final RouteAction a : values())
        {
            if (a.label.equals(label))
            {
                return a;
            }
        }
        return null;
    }
}
