package net.dmmgw.fastpath.dataplane;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;

import net.dmmgw.dpdk.DpdkException;
import net.dmmgw.fastpath.state.ControlSeam;
import net.dmmgw.ipc.PuntRing;

/**
 * {@code dataplane run --config <file>}: start the {@link DataPlane} and, with {@code ipc.enabled},
 * the Aeron seam to the control process ({@link ControlSeam}: state agent over the tables, punt
 * rings, inject queue), run until SIGINT/SIGTERM (a
 * shutdown hook) or a worker failure, then stop the workers, print per-port statistics and every
 * non-zero counter, close the ports and clean up EAL before the JVM exits.
 */
final class RunCommand
{
    private static final CountDownLatch STOP = new CountDownLatch(1);
    private static final CountDownLatch DONE = new CountDownLatch(1);
    private static volatile boolean signalled;

    private RunCommand()
    {
    }

    /** @return whether the process is stopping because of a signal (then the JVM exits by itself). */
    static boolean stoppedBySignal()
    {
        return signalled;
    }

    static int run(final Map<String, String> options, final PrintStream out, final PrintStream err)
    {
        final DataPlaneConfig config = DataPlaneConfig.load(Path.of(DataPlaneMain.required(options, "--config")));
        installShutdownHook();
        final DataPlane dp;
        try
        {
            dp = DataPlane.start(config);
        }
        catch (final DpdkException | IllegalStateException ex)
        {
            err.println("dataplane: start failed: " + ex.getMessage());
            DONE.countDown();
            return DataPlaneMain.EXIT_FAILED;
        }
        dp.portNotes().forEach(note -> err.println("dataplane: " + note));
        final ControlSeam seam;
        try
        {
            seam = startSeam(config, dp);
        }
        catch (final RuntimeException ex)
        {
            err.println("dataplane: control seam failed to start: " + ex.getMessage());
            dp.close();
            DONE.countDown();
            return DataPlaneMain.EXIT_FAILED;
        }
        out.printf("dataplane running: %d ports, %d workers, %s; counters %s; control seam %s; EAL %s%n",
            config.ports().size(), config.workers().size(), dp.loaded(), config.countersFile(),
            seam == null ? "off" : "on " + config.ipc().aeronDirectory(), String.join(" ", config.ealArguments()));
        out.flush();
        try
        {
            Throwable failure = null;
            while (failure == null && !awaitStop())
            {
                for (final Worker w : dp.workers())
                {
                    failure = failure == null ? w.failure() : failure;
                }
            }
            // The agent (the tables' writer) stops first, then the workers that read the tables.
            CloseHelper.close(seam);
            final Throwable stopped = dp.stopWorkers();
            failure = failure == null ? stopped : failure;
            out.print(dp.portSummary());
            out.print(dp.counterSummary());
            dp.close();
            if (failure != null)
            {
                err.println("dataplane: a worker failed: " + failure);
                return DataPlaneMain.EXIT_FAILED;
            }
            out.println("dataplane stopped");
            return DataPlaneMain.EXIT_OK;
        }
        finally
        {
            CloseHelper.quietClose(seam);
            dp.close();
            out.flush();
            DONE.countDown();
        }
    }

    private static ControlSeam startSeam(final DataPlaneConfig config, final DataPlane dp)
    {
        if (config.ipc() == null)
        {
            return null;
        }
        return ControlSeam.start(config.ipc(), config.dataPlaneId(), dp.tables(),
            dp.puntRings().toArray(new PuntRing[0]), dp.injectQueue(), dp.counters().manager(),
            new BackoffIdleStrategy());
    }

    private static boolean awaitStop()
    {
        return awaitStop(1000);
    }

    /**
     * @param millis longest wait.
     * @return true when a stop was requested (signal), false when the time passed.
     */
    static boolean awaitStop(final long millis)
    {
        try
        {
            return STOP.await(millis, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** The command has closed everything: a pending shutdown hook may let the JVM exit. */
    static void done()
    {
        DONE.countDown();
    }

    /** On SIGINT/SIGTERM: request a stop, then hold the JVM until {@link #done()} (at most 30 s). */
    static void installShutdownHook()
    {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("dataplane-shutdown").unstarted(() ->
        {
            if (DONE.getCount() == 0)
            {
                return; // normal exit: everything is closed already
            }
            signalled = true;
            STOP.countDown();
            try
            {
                // Keep the JVM alive until the main thread has stopped workers and closed DPDK.
                DONE.await(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }));
    }
}
