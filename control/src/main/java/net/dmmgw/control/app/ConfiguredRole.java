package net.dmmgw.control.app;

import net.dmmgw.control.routing.TunnelSettings;
import net.dmmgw.control.node.SignallingTransport;
import net.dmmgw.control.routing.RouteProgrammer;
import net.dmmgw.ipc.sbe.IngressFilter;
import org.agrona.concurrent.EpochClock;

/** A role whose configuration is valid: it tells how its tunnels go out, and builds the running role. */
public interface ConfiguredRole
{
    /** @return tunnel parameters for the data-plane programmer. */
    TunnelSettings tunnels();

    /**
     * @return the decapsulation check of the role's tunnels: {@link IngressFilter#STRICT} for an anchor (RFC 5213
     *         §4.7 anti-spoofing of the uplink), {@link IngressFilter#OUTER_ONLY} for a MAG (downlink from any
     *         correspondent).
     */
    default IngressFilter ingressFilter()
    {
        return IngressFilter.STRICT;
    }

    /**
     * @return the role's own address (LMA, MAG, HA address: its signalling source and tunnel end), answered for in
     *         Neighbour Solicitations on the data plane's signalling port; null for none.
     */
    default byte[] ownAddress()
    {
        return null;
    }

    /**
     * Builds the role (opens its journal etc.).
     *
     * @param dataPlane where it programs tunnels and routes.
     * @param transport its signalling.
     * @param clock wall clock in ms.
     * @return the role, not started.
     */
    RunningRole build(RouteProgrammer dataPlane, SignallingTransport transport, EpochClock clock);
}
