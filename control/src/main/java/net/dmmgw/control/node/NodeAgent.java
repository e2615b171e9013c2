package net.dmmgw.control.node;

import net.dmmgw.control.routing.RouteProgrammer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;

/**
 * The single thread of a node (Agrona {@link Agent}): signalling from the transport, acks from the data plane,
 * then the role's timers, in that order on every duty cycle. Run it with an {@code AgentRunner} or invoke
 * {@link #doWork()} from a test.
 */
public final class NodeAgent implements Agent
{
    private static final int SIGNALLING_LIMIT = 64;

    private final String name;
    private final MobilityRole role;
    private final SignallingTransport transport;
    private final RouteProgrammer dataPlane;
    private final EpochClock clock;

    /**
     * @param name agent name (thread name).
     * @param role the role logic.
     * @param transport signalling.
     * @param dataPlane the data plane the role programs.
     * @param clock wall clock in ms.
     */
    public NodeAgent(final String name, final MobilityRole role, final SignallingTransport transport,
        final RouteProgrammer dataPlane, final EpochClock clock)
    {
        this.name = name;
        this.role = role;
        this.transport = transport;
        this.dataPlane = dataPlane;
        this.clock = clock;
    }

    /** {@inheritDoc} */
    public int doWork()
    {
        int work = transport.poll(role, SIGNALLING_LIMIT);
        work += dataPlane.poll(role);
        work += role.onTick(clock.time());
        return work;
    }

    /** {@inheritDoc} */
    public String roleName()
    {
        return name;
    }
}
