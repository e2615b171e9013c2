package net.dmmgw.control.app;

import net.dmmgw.control.routing.TunnelSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import net.dmmgw.control.admin.AdminServer;
import net.dmmgw.control.metrics.CountingSignallingTransport;
import net.dmmgw.control.metrics.SignallingCounters;
import net.dmmgw.control.node.NodeAgent;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.control.node.SignallingTransport;
import net.dmmgw.control.routing.DataPlaneClientProgrammer;
import net.dmmgw.control.routing.InMemoryDataPlane;
import net.dmmgw.control.neighbour.NeighbourResolver;
import net.dmmgw.control.neighbour.NeighbourSettings;
import net.dmmgw.control.neighbour.ResolvedStateProgrammer;
import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.routing.RouteProgrammer;
import net.dmmgw.control.transport.DataPlaneTransport;
import net.dmmgw.control.transport.RawSocketTransport;
import net.dmmgw.ipc.DataPlaneClient;
import net.dmmgw.ipc.EmbeddedMediaDriver;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * One control process assembled from its configuration: the data-plane client (Aeron, embedded media driver
 * unless configured otherwise) or none, the signalling transport, the role, and the {@link NodeAgent} on an
 * {@link AgentRunner}. {@link #close()} stops the agent first, then closes the role (its journal), the transport,
 * the client, Aeron and the driver; the data plane is left running (it forwards headless).
 */
public final class ControlNode implements AutoCloseable
{
    private final ControlSettings settings;
    private final AdminSettings adminSettings;
    private final NodeConfig config;
    private final NeighbourSettings neighbourSettings;
    private final PrintStream out;
    private AdminServer admin;
    private MediaDriver driver;
    private Aeron aeron;
    private DataPlaneClient client;
    private SignallingTransport transport;
    private RunningRole role;
    private AgentRunner runner;
    private long agentErrors;
    private boolean dataPlaneAnswered;

    private ControlNode(final ControlSettings settings, final AdminSettings adminSettings, final NodeConfig config,
        final NeighbourSettings neighbourSettings, final PrintStream out)
    {
        this.settings = settings;
        this.neighbourSettings = neighbourSettings;
        this.adminSettings = adminSettings;
        this.config = config;
        this.out = out;
    }

    /**
     * Validates the whole configuration (launcher keys, then the role's; unknown keys refused) before opening
     * anything, then builds and starts the node.
     *
     * @throws net.dmmgw.control.node.ConfigException naming a bad key (nothing left open).
     * @throws RuntimeException when a part could not be opened (what was opened is closed again).
     */
    public static ControlNode start(final NodeConfig config, final PrintStream out)
    {
        final ControlSettings settings = ControlSettings.from(config);
        final AdminSettings adminSettings = AdminSettings.from(config);
        final NeighbourSettings neighbours = NeighbourSettings.from(config);
        if (!ControlSettings.DATAPLANE.equals(settings.transport()) &&
            (!neighbours.ports().isEmpty() || !neighbours.routes().isEmpty()))
        {
            // Neighbour Discovery rides on the data plane's punts, which only the data-plane transport receives.
            throw new ConfigException(neighbours.ports().isEmpty() ? "route." + neighbours.routes().get(0).name() :
                "dataplane.port." + neighbours.ports().get(0).port(), "needs signalling.transport=dataplane");
        }
        final ConfiguredRole configured = Roles.factory(settings.role()).configure(config);
        config.rejectUnknown();
        final ControlNode node = new ControlNode(settings, adminSettings, config, neighbours, out);
        try
        {
            node.open(configured);
            return node;
        }
        catch (final RuntimeException ex)
        {
            node.close();
            throw ex;
        }
    }

    private void open(final ConfiguredRole configured)
    {
        final SeamFanout fanout = new SeamFanout();
        RouteProgrammer dataPlane;
        if (settings.dataPlaneClient())
        {
            driver = settings.ipc().embeddedDriver() ? EmbeddedMediaDriver.launch(settings.ipc()) : null;
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(settings.ipc().aeronDirectory()));
            client = new DataPlaneClient(settings.nodeId(), 0, aeron, settings.ipc(), fanout,
                SystemEpochNanoClock.INSTANCE);
            final TunnelSettings t = configured.tunnels();
            final DataPlaneClientProgrammer programmer = t.programmer(configured.ingressFilter());
            programmer.attach(client);
            fanout.programmer(programmer);
            dataPlane = programmer;
            dataPlaneAnswered = awaitDataPlane();
        }
        else
        {
            dataPlane = new InMemoryDataPlane();
        }
        if (ControlSettings.DATAPLANE.equals(settings.transport()))
        {
            final DataPlaneTransport dpt = new DataPlaneTransport(settings.injectPort(), settings.localMac(),
                settings.nextHopMac(), settings.hopLimit());
            dpt.attach(client::inject);
            // Every role with a data plane: ND for its ports' addresses and its static routes' gateways, whose
            // routes and neighbours join each snapshot the role sends.
            final NeighbourResolver resolver = new NeighbourResolver(neighbourSettings, dataPlane);
            dpt.neighbours(resolver, SystemEpochClock.INSTANCE);
            dataPlane = new ResolvedStateProgrammer(dataPlane, resolver);
            if (configured.ownAddress() != null)
            {
                dpt.answerSolicitationsFor(configured.ownAddress());
            }
            fanout.transport(dpt);
            transport = dpt;
        }
        else
        {
            transport = new RawSocketTransport(settings.rawAddress(), settings.rawInterface());
        }
        final SignallingCounters signalling = new SignallingCounters();
        // wrap keeps the Home Address extensions a home agent's transport carries (data plane, in memory).
        final SignallingTransport roleTransport = CountingSignallingTransport.wrap(transport, signalling);
        role = configured.build(dataPlane, roleTransport, SystemEpochClock.INSTANCE);
        final int restored = role.start();
        final NodeAgent agent = new NodeAgent("dmmgw-" + settings.role(), role.logic(), roleTransport, dataPlane,
            SystemEpochClock.INSTANCE);
        final IdleStrategy idle = settings.busySpin() ? new BusySpinIdleStrategy() :
            new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
        final String running = "control running role=" + settings.role() + " transport=" + settings.transport() +
            " dataplane=" + (client == null ? "none" : settings.ipc().toDataPlaneChannel() +
            (dataPlaneAnswered ? " (answering)" : " (not answering yet)")) +
            " restored=" + restored + " idle=" + (settings.busySpin() ? "busy" : "backoff") + " " + role.status();
        final ErrorHandler errors = this::onAgentError;
        runner = new AgentRunner(idle, errors, (AtomicCounter)null, agent);
        AgentRunner.startOnThread(runner);
        if (adminSettings.enabled())
        {
            admin = startAdmin(agent, signalling);
        }
        out.println(running + (admin == null ? " admin=off" : " admin=" + admin.url()));
        out.flush();
    }

    private AdminServer startAdmin(final NodeAgent agent, final SignallingCounters signalling)
    {
        final AdminServer.Options options = new AdminServer.Options()
            .runDir(adminSettings.runDir())
            .port(adminSettings.port())
            .config(config.properties())
            .journal(role.journal())
            .signalling(signalling)
            .dataPlaneClient(client);
        if (transport instanceof DataPlaneTransport dpt && dpt.neighbours() != null)
        {
            options.nodeCounters(dpt.neighbours()::counters);
        }
        if (adminSettings.countersFile() != null)
        {
            options.countersFile(adminSettings.countersFile());
        }
        try
        {
            return AdminServer.start(agent, role.admin(), options);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("admin API on " + adminSettings.runDir() + ": " + ex.getMessage(), ex);
        }
    }

    /** Bounded: a data plane that is not up yet gets the snapshot when it asks for a resync. */
    private boolean awaitDataPlane()
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.startWaitMs());
        while (!(client.isConnected() && client.isDataPlaneAlive()) && System.nanoTime() - deadline < 0)
        {
            if (client.poll() == 0)
            {
                sleepQuietly();
            }
        }
        return client.isConnected() && client.isDataPlaneAlive();
    }

    private static void sleepQuietly()
    {
        try
        {
            Thread.sleep(1);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void onAgentError(final Throwable t)
    {
        // The agent carries on; a role bug must not take signalling down. Rare: printing is acceptable here.
        agentErrors++;
        System.err.println("agent error: " + t);
    }

    /** @return errors the agent threw (it carried on). */
    public long agentErrors()
    {
        return agentErrors;
    }

    /** Stops the agent, then closes everything it used; the data plane keeps running. Idempotent. */
    public void close()
    {
        CloseHelper.quietClose(admin);
        admin = null;
        CloseHelper.quietClose(runner);
        final String status = role == null ? "" : role.status();
        CloseHelper.quietCloseAll(role, transport instanceof AutoCloseable c ? c : null, client, aeron, driver);
        runner = null;
        role = null;
        transport = null;
        client = null;
        aeron = null;
        driver = null;
        if (!status.isEmpty())
        {
            out.println("control stopped " + status + " agent-errors=" + agentErrors);
            out.flush();
        }
    }
}
