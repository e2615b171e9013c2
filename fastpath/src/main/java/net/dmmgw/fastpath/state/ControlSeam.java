package net.dmmgw.fastpath.state;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.ipc.EmbeddedMediaDriver;
import net.dmmgw.ipc.IpcConfiguration;
import net.dmmgw.ipc.PuntRing;
import net.dmmgw.ipc.StateAgent;
import net.dmmgw.ipc.StateAgentCounters;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.status.CountersManager;

/**
 * The data plane's end of the Aeron seam, running: an optional embedded media driver, an Aeron
 * client, and the {@link StateAgent} on its own thread applying control messages to the tables
 * through a {@link TablesStateApplier}. Workers only meet it through their {@link PuntRing}s and
 * the {@link FrameInjector}; the tables stay single-writer (this agent's thread).
 */
public final class ControlSeam implements AutoCloseable
{
    private final MediaDriver driver;
    private final Aeron aeron;
    private final AgentRunner runner;
    private final StateAgent agent;
    private final StateAgentCounters counters;

    private ControlSeam(
        final MediaDriver driver, final Aeron aeron, final AgentRunner runner, final StateAgent agent,
        final StateAgentCounters counters)
    {
        this.driver = driver;
        this.aeron = aeron;
        this.runner = runner;
        this.agent = agent;
        this.counters = counters;
    }

    /**
     * @param configuration    channels, Aeron directory, embedded driver switch, heartbeats.
     * @param dataPlaneId      identifies this data plane to control.
     * @param tables           the tables; from now on written only by the state agent.
     * @param puntRings        one per worker.
     * @param injector         where injected frames go.
     * @param countersManager  where the agent's counters live (the data plane's counters file).
     * @param idleStrategy     the agent thread's idle strategy.
     * @return the running seam; close it to stop.
     */
    public static ControlSeam start(
        final IpcConfiguration configuration,
        final long dataPlaneId,
        final FastPathTables tables,
        final PuntRing[] puntRings,
        final FrameInjector injector,
        final CountersManager countersManager,
        final IdleStrategy idleStrategy)
    {
        MediaDriver driver = null;
        Aeron aeron = null;
        try
        {
            driver = configuration.embeddedDriver() ? EmbeddedMediaDriver.launch(configuration) : null;
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(configuration.aeronDirectory()));
            final StateAgentCounters counters = new StateAgentCounters(countersManager);
            // OffsetEpochNanoClock: SystemEpochNanoClock builds an Instant per reading, an allocation per
            // duty cycle whenever escape analysis does not remove it (measured in RouteBatchTest).
            final StateAgent agent = new StateAgent(
                dataPlaneId, aeron, configuration, new TablesStateApplier(tables, injector), puntRings, counters,
                new OffsetEpochNanoClock());
            final AgentRunner runner = new AgentRunner(idleStrategy, Throwable::printStackTrace, null, agent);
            AgentRunner.startOnThread(runner);
            return new ControlSeam(driver, aeron, runner, agent, counters);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(aeron, driver);
            throw ex;
        }
    }

    /** @return the state agent (epoch, control liveness). */
    public StateAgent agent()
    {
        return agent;
    }

    /** @return the agent's counters. */
    public StateAgentCounters counters()
    {
        return counters;
    }

    /** Stops the agent, then the client, then the driver. */
    public void close()
    {
        CloseHelper.closeAll(runner, aeron, driver);
    }
}
