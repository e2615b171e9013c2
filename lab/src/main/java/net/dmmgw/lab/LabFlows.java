package net.dmmgw.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The flows of a lab story, whichever protocol moves the node (PMIPv6 DMM in {@link DmmLab}, FAMA in
 * {@link FamaLab}): started from the mobile node's addresses, checked to keep answering after each move, stopped
 * together, their losses attributed to the handover during which they started, and the per-handover / per-flow
 * summary lines. Thread-safe for {@link #close()} from a shutdown hook.
 */
final class LabFlows implements AutoCloseable
{
    /**
     * A request sent this long before the node's link went down whose reply had not come yet is lost to the move,
     * not before it (its loss run starts at its send time): on two shared cores a round trip through the data planes
     * takes tens of ms and more (250 ms still let a loaded run fail with "lost before any handover").
     */
    static final long IN_FLIGHT_MS = 500;

    private final String namespace;
    private final Path script;
    private final Path dir;
    private final double intervalS;
    private final List<Flow> flows = new ArrayList<>();
    private boolean closed;

    /**
     * What stopping the flows gave.
     *
     * @param reports each flow's report.
     * @param error the first failure while stopping, or null.
     */
    record Stopped(List<Flow.FlowReport> reports, String error)
    {
    }

    LabFlows(final String namespace, final Path script, final Path dir, final double intervalS)
    {
        this.namespace = namespace;
        this.script = script;
        this.dir = dir;
        this.intervalS = intervalS;
    }

    /**
     * Starts a flow and waits for its first replies of both kinds.
     *
     * @throws DmmLab.LabFailure when the lab was torn down or no reply came within 15 s.
     */
    Flow start(final int number, final String source, final int anchor) throws InterruptedException
    {
        final Flow f;
        synchronized (this)
        {
            if (closed)
            {
                throw new DmmLab.LabFailure("the lab was torn down");
            }
            f = Flow.start(namespace, script, dir, number, source, anchor, intervalS);
            flows.add(f);
        }
        if (!f.awaitReplies(new long[] {0, 0}, 15_000))
        {
            throw new DmmLab.LabFailure("flow " + number + " (from " + source + ") got no reply within 15 s");
        }
        return f;
    }

    /**
     * Every flow gets new replies of both kinds.
     *
     * @param anchorName e.g. "MAAR", "DAR" (for the failure text).
     * @param handover which handover it follows (1-based).
     * @return the flows' numbers.
     * @throws DmmLab.LabFailure naming the first flow that stays silent for 15 s.
     */
    List<Integer> awaitAllAnswering(final String anchorName, final int handover) throws InterruptedException
    {
        for (final Flow f : flows)
        {
            if (!f.awaitReplies(f.received(), 15_000))
            {
                throw new DmmLab.LabFailure("flow " + f.number + " (from " + f.source + ", anchored at " + anchorName +
                    f.anchor + ") got no reply within 15 s after handover " + handover);
            }
        }
        return flows.stream().map(f -> f.number).toList();
    }

    /** @return the flows started so far (live: {@link Flow#received()}). */
    synchronized List<Flow> all()
    {
        return List.copyOf(flows);
    }

    /** Stops every flow (all at once: each lingers a second for its last replies) and reads the reports. */
    Stopped stopAll()
    {
        String error = null;
        final List<Flow.FlowReport> reports = new ArrayList<>();
        flows.forEach(Flow::requestStop);
        for (final Flow f : flows)
        {
            try
            {
                reports.add(f.stop());
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                error = error == null ? "interrupted" : error;
            }
            catch (final RuntimeException ex)
            {
                error = error == null ? ex.getMessage() : error;
            }
        }
        return new Stopped(reports, error);
    }

    /** Each flow's loss runs go to the handover during which they started. */
    static void attributeLosses(final List<DmmLab.Handover> handovers, final List<Flow.FlowReport> reports)
    {
        for (int h = 0; h < handovers.size(); h++)
        {
            final DmmLab.Handover ho = handovers.get(h);
            final long end = h + 1 < handovers.size() ? handovers.get(h + 1).moveStartMs() - IN_FLIGHT_MS :
                Long.MAX_VALUE;
            for (final Flow.FlowReport r : reports)
            {
                ho.lost()[r.number() - 1] = r.lostBetween(ho.moveStartMs() - IN_FLIGHT_MS, end);
                ho.interruptionMs()[r.number() - 1] = r.interruptionBetween(ho.moveStartMs() - IN_FLIGHT_MS, end);
            }
        }
    }

    /**
     * Checks that every flow answered to the end and lost nothing before the first move.
     *
     * @throws DmmLab.LabFailure otherwise.
     */
    static void checkAnswered(final List<Flow.FlowReport> reports, final List<DmmLab.Handover> handovers,
        final int expected)
    {
        if (reports.size() != expected)
        {
            throw new DmmLab.LabFailure(reports.size() + " flows, expected " + expected);
        }
        for (final Flow.FlowReport r : reports)
        {
            if (!r.endsAnswered())
            {
                throw new DmmLab.LabFailure("flow " + r.number() + " was not answered at the end");
            }
            final long firstMove = handovers.isEmpty() ? Long.MAX_VALUE : handovers.get(0).moveStartMs();
            final long before = r.lostBetween(0, firstMove - IN_FLIGHT_MS);
            if (before > 0)
            {
                throw new DmmLab.LabFailure("flow " + r.number() + " lost " + before + " requests before any handover " +
                    "(first move at " + firstMove + " ms; loss runs: " + r + ")");
            }
        }
    }

    /**
     * Prints a line per handover (its time and each older flow's losses) and per flow (its totals per kind).
     *
     * @param anchorName "MAAR" or "DAR".
     * @param meaning what the handover time measures.
     */
    static void summary(final LabLog log, final List<DmmLab.Handover> handovers,
        final List<Flow.FlowReport> reports, final String anchorName, final String meaning)
    {
        for (final DmmLab.Handover h : handovers)
        {
            final StringBuilder b = new StringBuilder();
            for (final Flow.FlowReport r : reports)
            {
                if (r.number() <= h.from())
                {
                    b.append(String.format(Locale.ROOT, "  flow %d: %d lost, interruption %d ms;", r.number(),
                        h.lost()[r.number() - 1], h.interruptionMs()[r.number() - 1]));
                }
            }
            log.say("handover %s%d → %s%d: %d ms (%s);%s", anchorName, h.from(), anchorName, h.to(), h.handoverMs(),
                meaning, b);
        }
        for (final Flow.FlowReport r : reports)
        {
            final StringBuilder b = new StringBuilder();
            for (final Flow.FlowReport.Kind k : r.kinds())
            {
                b.append(String.format(Locale.ROOT, " %s %d sent %d answered %d lost;", k.name(), k.sent(),
                    k.received(), k.lost()));
            }
            log.say("flow %d:%s", r.number(), b);
        }
    }

    /** Kills every flow; idempotent. */
    public synchronized void close()
    {
        closed = true;
        flows.forEach(Flow::close);
    }
}
