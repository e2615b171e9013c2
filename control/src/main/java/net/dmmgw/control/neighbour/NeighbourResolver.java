package net.dmmgw.control.neighbour;

import java.nio.ByteOrder;

import net.dmmgw.control.mag.NeighbourAdvertisementWriter;
import net.dmmgw.control.mag.NeighbourDiscoveryFrame;
import net.dmmgw.control.mag.NeighbourSolicitationWriter;
import net.dmmgw.control.routing.RouteProgrammer;
import net.dmmgw.control.transport.FrameInjector;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.DirectBuffer;

/**
 * Neighbour Discovery on the data plane's ports for a control process (RFC 4861), the same for every role:
 * <ul>
 * <li>a Neighbour Solicitation from a unicast source for one of the node's addresses on the port it arrived on
 * (each {@code dataplane.port.N.address}, and the role's address on the signalling port) is answered with a solicited
 * Neighbour Advertisement from that port's MAC; a DAD probe for one of them (source ::) is swallowed, not
 * defended;</li>
 * <li>the gateway of each static route is resolved: a multicast NS out of the route's port at start, again every
 * {@code neighbour.solicit-interval-ms} while no NA came, and at once when the fast path punts a packet for the
 * route that it could not forward although the gateway was resolved (reason UNRESOLVED_NEIGHBOUR: its MAC is stale
 * or the data plane lost it; while unresolved, punts do not shorten the interval); an NA
 * for the gateway on that port (solicited or not) programs the neighbour with the frame's source MAC;</li>
 * <li>{@link #program} re-sends the static routes and the resolved neighbours inside every data-plane snapshot
 * ({@link ResolvedStateProgrammer}), so a role's resynchronisation does not sweep them;</li>
 * <li>the hosts of on-link prefixes ({@link #onLink}: an access router's own prefix, e.g. a FAMA DAR's) are
 * resolved when the fast path punts a packet for one of them ({@link OnLinkHosts});</li>
 * </ul>
 * Not done: NUD (a resolved gateway is only probed again when the fast path punts for it), resolution of
 * destinations neither a static route nor an on-link prefix covers, defending our addresses against DAD.
 * <p>
 * Single-threaded: the node agent's (punts arrive while it polls the data-plane client, {@link #onTick} runs from
 * the transport's poll). Allocation-free once built.
 */
public final class NeighbourResolver
{
    private static final int ETHERNET = 14;
    private static final int IPV6 = 40;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_IPV6 = 0x86DD;

    private final long solicitIntervalMs;
    private final RouteProgrammer dataPlane;
    private int ownCount;
    private int[] ownPort = new int[0];
    private long[] ownHi = new long[0];
    private long[] ownLo = new long[0];
    private NeighbourAdvertisementWriter[] advertisements = new NeighbourAdvertisementWriter[0];
    private final NeighbourSettings.PortAddress[] ports;
    private final NeighbourSettings.StaticRoute[] routes;
    private final int[] routeSource; // index into ports of the address an NS for the gateway leaves from
    private final long[] gatewayMac; // 0 = unresolved
    private final long[] nextSolicitationMs;
    private final NeighbourDiscoveryFrame nd = new NeighbourDiscoveryFrame();
    private final NeighbourSolicitationWriter solicitation = new NeighbourSolicitationWriter();
    private final OnLinkHosts onLink;
    private FrameInjector injector;

    private long advertisementsSent;
    private long solicitationsSent;
    private long resolved;
    private long unresolvedPunts;
    private long unroutablePunts;
    private long injectFailures;

    /**
     * @param settings the node's port addresses and static routes.
     * @param dataPlane where resolved neighbours go (the role's programmer: acks it does not know are ignored).
     */
    public NeighbourResolver(final NeighbourSettings settings, final RouteProgrammer dataPlane)
    {
        this.solicitIntervalMs = settings.solicitIntervalMs();
        this.dataPlane = dataPlane;
        this.ports = settings.ports().toArray(new NeighbourSettings.PortAddress[0]);
        this.routes = settings.routes().toArray(new NeighbourSettings.StaticRoute[0]);
        this.routeSource = new int[routes.length];
        this.gatewayMac = new long[routes.length];
        this.nextSolicitationMs = new long[routes.length]; // 0: solicit at the first tick
        this.onLink = new OnLinkHosts(solicitIntervalMs, dataPlane);
        for (final NeighbourSettings.PortAddress p : ports)
        {
            answer(p.port(), octets(p.hi(), p.lo()), p.mac());
        }
        for (int r = 0; r < routes.length; r++)
        {
            for (int p = 0; p < ports.length; p++)
            {
                if (ports[p].port() == routes[r].port())
                {
                    routeSource[r] = p;
                    break;
                }
            }
        }
    }

    /** @param frameInjector where NAs and NSs go (the data-plane client's inject). */
    public void attach(final FrameInjector frameInjector)
    {
        this.injector = frameInjector;
    }

    /**
     * Answers NS for {@code address} arriving on {@code port} with {@code mac} (the role's address on the signalling
     * port: a router on the core resolving the LMA, a MAG or an HA). Call before the agent runs.
     */
    public void answer(final int port, final byte[] address16, final long mac)
    {
        final long hi = Ipv6Words.word(address16, 0);
        final long lo = Ipv6Words.word(address16, 8);
        if (ownIndex(port, hi, lo) >= 0)
        {
            return;
        }
        final int n = ownCount + 1;
        ownPort = java.util.Arrays.copyOf(ownPort, n);
        ownHi = java.util.Arrays.copyOf(ownHi, n);
        ownLo = java.util.Arrays.copyOf(ownLo, n);
        advertisements = java.util.Arrays.copyOf(advertisements, n);
        ownPort[ownCount] = port;
        ownHi[ownCount] = hi;
        ownLo[ownCount] = lo;
        advertisements[ownCount] = new NeighbourAdvertisementWriter(mac, address16);
        ownCount = n;
    }

    /**
     * Serves a prefix on one of this node's access ports: DELIVER route in every snapshot, its hosts resolved on
     * demand (solicitations from {@code source16} and {@code sourceMac}). Call before the agent runs.
     *
     * @param port the access port.
     * @param prefix16 the prefix (16 octets).
     * @param length its length.
     * @param sourceMac the MAC the solicitations leave from (the port's, or the router identity on that link).
     * @param source16 the address they leave from (e.g. the router's link-local on that link).
     */
    public void onLink(final int port, final byte[] prefix16, final int length, final long sourceMac,
        final byte[] source16)
    {
        onLink.add(port, Ipv6Words.word(prefix16, 0), Ipv6Words.word(prefix16, 8), length, sourceMac,
            Ipv6Words.word(source16, 0), Ipv6Words.word(source16, 8));
    }

    /**
     * A punted Neighbour Discovery frame: an NS for one of our addresses is answered, an NA for a gateway we resolve
     * programs it.
     *
     * @return true when the frame was ours (consumed); false for anything else (an access link's RS, a mobile
     * node's NS / NA, an invalid frame: the caller passes it on).
     */
    public boolean onNeighbourDiscovery(final int port, final DirectBuffer frame, final int offset, final int length)
    {
        if (!nd.wrap(frame, offset, length))
        {
            return false;
        }
        if (nd.type() == NeighbourDiscoveryFrame.NEIGHBOUR_SOLICITATION)
        {
            final int own = ownIndex(port, nd.targetHi(), nd.targetLo());
            if (own < 0)
            {
                return false;
            }
            if (nd.sourceHi() != 0 || nd.sourceLo() != 0) // a DAD probe (source ::) for it is swallowed
            {
                final int n = advertisements[own].write(nd.sourceMac(), nd.sourceHi(), nd.sourceLo());
                if (inject(port, advertisements[own].frame(), n))
                {
                    advertisementsSent++;
                }
            }
            return true;
        }
        if (nd.type() != NeighbourDiscoveryFrame.NEIGHBOUR_ADVERTISEMENT)
        {
            return false;
        }
        boolean ours = onLink.onAdvertisement(port, nd.targetHi(), nd.targetLo(), nd.sourceMac());
        for (int r = 0; r < routes.length; r++)
        {
            final NeighbourSettings.StaticRoute route = routes[r];
            if (route.port() == port && route.gatewayHi() == nd.targetHi() && route.gatewayLo() == nd.targetLo())
            {
                ours = true;
                final long mac = nd.sourceMac();
                if (gatewayMac[r] != mac && dataPlane.setNeighbour(port, route.gatewayHi(), route.gatewayLo(), mac) !=
                    RouteProgrammer.NOT_SENT)
                {
                    gatewayMac[r] = mac;
                    resolved++;
                }
            }
        }
        return ours;
    }

    /**
     * A packet the fast path punted because its next hop's MAC is unknown: the static route covering its destination
     * has its gateway solicited at the next tick (its MAC, if we had one, is taken as stale).
     */
    public void onUnresolved(final int port, final DirectBuffer frame, final int offset, final int length)
    {
        unresolvedPunts++;
        int l3 = offset + ETHERNET;
        if (length < ETHERNET + IPV6)
        {
            unroutablePunts++;
            return;
        }
        int etherType = frame.getShort(offset + 12, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (etherType == ETHERTYPE_VLAN)
        {
            etherType = frame.getShort(offset + 16, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            l3 += 4;
        }
        if (etherType != ETHERTYPE_IPV6 || l3 + IPV6 > offset + length)
        {
            unroutablePunts++;
            return;
        }
        final long dstHi = frame.getLong(l3 + 24, ByteOrder.BIG_ENDIAN);
        final long dstLo = frame.getLong(l3 + 32, ByteOrder.BIG_ENDIAN);
        final int r = longestMatch(dstHi, dstLo);
        if (r < 0 && onLink.onUnresolved(port, dstHi, dstLo))
        {
            return;
        }
        if (r < 0)
        {
            unroutablePunts++;
            return;
        }
        if (gatewayMac[r] != 0)
        {
            // Its MAC is stale (or the data plane lost it): solicit at the next tick. A gateway already unresolved
            // keeps its interval: a flow of punts must not turn into a flow of NSs.
            gatewayMac[r] = 0;
            nextSolicitationMs[r] = lastTickMs;
        }
    }

    private long lastTickMs;

    /**
     * Solicits every unresolved gateway that is due.
     *
     * @return solicitations sent.
     */
    public int onTick(final long nowMs)
    {
        lastTickMs = nowMs;
        int work = onLink.onTick(nowMs, injector);
        for (int r = 0; r < routes.length; r++)
        {
            if (gatewayMac[r] == 0 && nowMs >= nextSolicitationMs[r])
            {
                nextSolicitationMs[r] = nowMs + solicitIntervalMs;
                final NeighbourSettings.PortAddress from = ports[routeSource[r]];
                final int n = solicitation.write(from.mac(), from.hi(), from.lo(), routes[r].gatewayHi(),
                    routes[r].gatewayLo());
                if (inject(from.port(), solicitation.frame(), n))
                {
                    solicitationsSent++;
                }
                work++;
            }
        }
        return work;
    }

    /**
     * Sends the static routes and the resolved gateways (inside a snapshot: they carry its epoch).
     *
     * @return calls made (for the snapshot's entry count).
     */
    public int program(final RouteProgrammer target)
    {
        int calls = onLink.program(target);
        for (int r = 0; r < routes.length; r++)
        {
            final NeighbourSettings.StaticRoute route = routes[r];
            target.addForwardRoute(route.prefixHi(), route.prefixLo(), route.prefixLength(), route.port(),
                route.gatewayHi(), route.gatewayLo());
            calls++;
            if (gatewayMac[r] != 0)
            {
                target.setNeighbour(route.port(), route.gatewayHi(), route.gatewayLo(), gatewayMac[r]);
                calls++;
            }
        }
        return calls;
    }

    private boolean inject(final int port, final DirectBuffer frame, final int length)
    {
        if (injector != null && injector.inject(port, frame, 0, length))
        {
            return true;
        }
        injectFailures++;
        return false;
    }

    private static byte[] octets(final long hi, final long lo)
    {
        final byte[] a = new byte[16];
        for (int i = 0; i < 8; i++)
        {
            a[i] = (byte)(hi >>> (56 - 8 * i));
            a[8 + i] = (byte)(lo >>> (56 - 8 * i));
        }
        return a;
    }

    private int ownIndex(final int port, final long hi, final long lo)
    {
        for (int i = 0; i < ownCount; i++)
        {
            if (ownPort[i] == port && ownHi[i] == hi && ownLo[i] == lo)
            {
                return i;
            }
        }
        return -1;
    }

    private int longestMatch(final long hi, final long lo)
    {
        int best = -1;
        for (int r = 0; r < routes.length; r++)
        {
            final NeighbourSettings.StaticRoute route = routes[r];
            if ((best < 0 || route.prefixLength() > routes[best].prefixLength()) &&
                covers(route.prefixHi(), route.prefixLo(), route.prefixLength(), hi, lo))
            {
                best = r;
            }
        }
        return best;
    }

    static boolean covers(final long prefixHi, final long prefixLo, final int length, final long hi,
        final long lo)
    {
        if (length <= 64)
        {
            final long mask = length == 0 ? 0 : -1L << (64 - length);
            return (hi & mask) == (prefixHi & mask);
        }
        final long mask = -1L << (128 - length);
        return hi == prefixHi && (lo & mask) == (prefixLo & mask);
    }

    /** @return the counters by name, for the admin API (allocates: not for the hot path). */
    public java.util.Map<String, Long> counters()
    {
        final java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        m.put("nd_advertisements_sent", advertisementsSent);
        m.put("nd_solicitations_sent", solicitationsSent);
        m.put("gateways_resolved", resolved);
        m.put("unresolved_neighbour_punts", unresolvedPunts);
        m.put("unroutable_neighbour_punts", unroutablePunts);
        m.put("nd_inject_failures", injectFailures);
        m.put("onlink_hosts_resolved", onLink.resolved());
        m.put("onlink_solicitations_sent", onLink.solicitationsSent());
        m.put("onlink_hosts_given_up", onLink.givenUp());
        m.put("onlink_table_full", onLink.tableFull());
        return m;
    }

    /** @return solicited NAs sent for our addresses. */
    public long advertisementsSent()
    {
        return advertisementsSent;
    }

    /** @return NSs sent for gateways. */
    public long solicitationsSent()
    {
        return solicitationsSent;
    }

    /** @return gateways programmed from an NA (a changed MAC counts again). */
    public long resolved()
    {
        return resolved;
    }

    /** @return packets punted by the fast path for want of a next hop's MAC. */
    public long unresolvedPunts()
    {
        return unresolvedPunts;
    }

    /** @return of those, the ones no static route covers (nothing to resolve) or unreadable. */
    public long unroutablePunts()
    {
        return unroutablePunts;
    }

    /** @return NAs or NSs that could not be injected. */
    public long injectFailures()
    {
        return injectFailures;
    }

    /** @return true when an on-link host has a MAC. */
    public boolean isOnLinkHostResolved(final byte[] address16)
    {
        return onLink.isResolved(Ipv6Words.word(address16, 0), Ipv6Words.word(address16, 8));
    }

    /** @return true when the gateway of the i-th static route has a MAC. */
    public boolean isResolved(final int route)
    {
        return gatewayMac[route] != 0;
    }
}
