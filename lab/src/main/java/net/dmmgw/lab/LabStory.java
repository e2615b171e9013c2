package net.dmmgw.lab;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import net.dmmgw.fastpath.system.ClassPathSnapshot;
import net.dmmgw.fastpath.system.Trees;

/**
 * What the labs share whichever protocol moves the node ({@link DmmLab}: PMIPv6 DMM, {@link FamaLab}: FAMA): the
 * namespaces, the processes and the signalling capture brought up, the flows, the story run with its failures turned
 * into a {@link DmmLab.Result}, and the idempotent teardown (shutdown-hook safe). The per-protocol part is the story
 * and its checks.
 */
abstract class LabStory implements AutoCloseable
{
    protected final String tag;
    protected final PrintStream out;
    protected final LabLog log;
    protected LabNetwork net;
    protected ClassPathSnapshot classPath;
    protected LabProcesses processes;
    protected LabFlows flows;
    protected Path dir;
    protected boolean closed;

    LabStory(final String tag, final PrintStream out)
    {
        this.tag = tag;
        this.out = out;
        this.log = new LabLog(out);
    }

    /** A lab's bring-up. */
    @FunctionalInterface
    interface BringUp
    {
        void run() throws Exception;
    }

    /**
     * @return the lab once its bring-up succeeded; otherwise everything made so far is removed and the failure thrown.
     */
    static <T extends LabStory> T started(final T lab, final BringUp bringUp) throws Exception
    {
        try
        {
            bringUp.run();
            return lab;
        }
        catch (final Exception | Error ex)
        {
            lab.close();
            throw ex;
        }
    }

    /**
     * Builds the namespaces, starts the data planes, the control processes, the echo service and the capture of the
     * signalling on the router.
     *
     * @param fama DARs instead of a CMD and MAARs.
     * @param mode the CMD mode (ignored with FAMA).
     * @param dlif the MAARs' DLIF switch.
     * @param lifetimes the MAARs' de-registration variants and lifetimes (ignored with FAMA).
     * @param intervalS the flows' request interval.
     * @param starting the line said before the processes start.
     */
    protected final synchronized void build(final boolean fama, final String mode, final boolean dlif,
        final LabLifetimes lifetimes, final double intervalS, final String starting) throws Exception
    {
        dir = Files.createTempDirectory("dmmgw-lab-" + tag + "-");
        final Path flowScript = dir.resolve("flow.py");
        LabProcesses.writeResource("flow.py", flowScript);
        final Path echoScript = dir.resolve("echo.py");
        LabProcesses.writeResource("echo.py", echoScript);
        log.say("building the %slab: namespaces dmmgw-lab-%s-{core,%scn,acc,mn,%s}", fama ? "FAMA " : "", tag,
            fama ? "" : "cmd,", fama ? "dar1,dar2,dar3" : "maar1,maar2,maar3");
        net = LabNetwork.create(tag, fama);
        flows = new LabFlows(net.mn, flowScript, dir, intervalS);
        classPath = ClassPathSnapshot.take("dmmgw-lab-" + tag + "-classes-");
        processes = new LabProcesses(net, mode, dlif, lifetimes, dir, classPath.classPath());
        log.say("%s", starting);
        processes.start(echoScript);
        processes.startCapture(dir.resolve("signalling.pcap"));
    }

    /** What a test runs after the story while the flows still run; a failed check throws {@link DmmLab.LabFailure}. */
    @FunctionalInterface
    interface Scenario
    {
        void run() throws InterruptedException;
    }

    /** Runs the story; a failed check ends it with {@code ok = false} and the reason. */
    public final DmmLab.Result run()
    {
        return run(null);
    }

    /**
     * Runs the story, then {@code more} (if not null) while the flows still run, then the checks; a failed check of
     * either ends it with {@code ok = false} and the reason.
     */
    final DmmLab.Result run(final Scenario more)
    {
        String failure = null;
        try
        {
            story();
            if (more != null)
            {
                more.run();
            }
        }
        catch (final DmmLab.LabFailure ex)
        {
            failure = ex.getMessage();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        catch (final RuntimeException ex)
        {
            failure = ex.toString();
        }
        if (tornDown())
        {
            // Ctrl-C / SIGTERM: the shutdown hook removed the lab, and the JVM exits when it is done; starting tshark
            // or dmmctl now would leave them running after it.
            return new DmmLab.Result(false, "the lab was torn down", java.util.List.of(), java.util.List.of(), "",
                "", java.util.List.of(), java.util.List.of(), "", "");
        }
        return finish(failure);
    }

    private synchronized boolean tornDown()
    {
        return closed;
    }

    /** The moves and flows; a check that fails throws {@link DmmLab.LabFailure}. */
    abstract void story() throws InterruptedException;

    /** Stops the flows, gathers and checks the end state, prints the summary. */
    abstract DmmLab.Result finish(String failure);

    /** Stops every flow and process, deletes the namespaces and every file; idempotent. */
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (flows != null)
        {
            flows.close();
        }
        if (processes != null)
        {
            processes.close();
        }
        if (net != null)
        {
            net.close();
        }
        if (classPath != null)
        {
            classPath.close();
        }
        if (dir != null)
        {
            Trees.delete(dir);
        }
    }
}
