package net.dmmgw.control.node;

import net.dmmgw.control.routing.RouteProgrammer;
import java.util.function.Consumer;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * The single thread of a node (Agrona {@link Agent}): signalling from the transport, acks from the data plane,
 * the role's timers, then administrative requests submitted from other threads, in that order on every duty
 * cycle. Run it with an {@code AgentRunner} or invoke
 * {@link #doWork()} from a test.
 */
public final class NodeAgent implements Agent
{
    private static final int SIGNALLING_LIMIT = 64;
    private static final int ADMIN_QUEUE = 256;

    private final String name;
    private final MobilityRole role;
    private final SignallingTransport transport;
    private final RouteProgrammer dataPlane;
    private final EpochClock clock;
    private final ManyToOneConcurrentArrayQueue<AdminRequest> admin = new ManyToOneConcurrentArrayQueue<>(ADMIN_QUEUE);
    private final Consumer<AdminRequest> runAdmin = this::runAdmin;
    private long adminFailures;

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
        work += admin.drain(runAdmin, SIGNALLING_LIMIT);
        return work;
    }

    /**
     * Hands a request to the agent thread (any thread may call this).
     *
     * @return false when the queue is full; try again later.
     */
    public boolean submit(final AdminRequest request)
    {
        return admin.offer(request);
    }

    /** @return administrative requests that threw (the agent carried on). */
    public long adminFailures()
    {
        return adminFailures;
    }

    private void runAdmin(final AdminRequest request)
    {
        try
        {
            request.execute();
        }
        catch (final RuntimeException ex)
        {
            // A faulty request must not stop signalling; the caller learns of it through its own future.
            adminFailures++;
        }
    }

    /** {@inheritDoc} */
    public String roleName()
    {
        return name;
    }
}
