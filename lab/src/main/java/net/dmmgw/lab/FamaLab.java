package net.dmmgw.lab;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import net.dmmgw.fastpath.system.Shell;

/**
 * The FAMA lab (issue 7, client-based DMM, draft-bernardos-dmm-cmip; {@code scripts/demo --protocol fama}): three DARs
 * (a DPDK data plane on net_af_packet veths + a control process {@code node.role=dar} each, driving its access link),
 * the Linux router and correspondent of the DMM lab ({@link LabNetwork}, {@link LabProcesses}), and a Linux mobile
 * node running our mobile-node agent ({@code dmmctl mn run}). The node attaches to DAR1 (CGA in DAR1's prefix, flow
 * 1 from it), moves to DAR2 (new CGA there, the care-of address of the first: BU to DAR1 signed with the CGA key,
 * the BA carries the PHKT; flow 2), then to DAR3 (BUs to DAR1 and DAR2, token-authorized; flow 3); every flow must
 * keep working, each through its own anchor. The flows, their checks and summary are {@link LabFlows}', shared with
 * {@link DmmLab}. {@link #close()} removes everything; idempotent, shutdown-hook safe.
 */
public final class FamaLab extends LabStory
{
    private static final long SETTLE_TIMEOUT_MS = 30_000;
    private static final int DARS = LabNetwork.MAARS;

    private final double intervalS;
    private final List<DmmLab.Handover> handovers = new ArrayList<>();
    private Path status;

    private FamaLab(final String tag, final double intervalS, final PrintStream out)
    {
        super(tag, out);
        this.intervalS = intervalS;
    }

    /**
     * Builds the namespaces and starts every process, the mobile-node agent last (its link is still down).
     *
     * @param tag unique name part of every namespace, directory and file prefix.
     * @param intervalS the flows' request interval.
     * @param out where the story goes.
     * @throws Exception when something cannot start (everything made so far is removed).
     */
    public static FamaLab start(final String tag, final double intervalS, final PrintStream out) throws Exception
    {
        final FamaLab lab = new FamaLab(tag, intervalS, out);
        return LabStory.started(lab, lab::bringUp);
    }

    private void bringUp() throws Exception
    {
        build(true, "fama", false, LabLifetimes.DEFAULT, intervalS, "starting 3 data planes (DPDK net_af_packet, --no-huge, transit "
            + "Mobility Headers forwarded) and 3 DAR control processes (node.role=dar, RAs of their prefixes on the "
            + "access port)");
        status = dir.resolve("mn-status.json");
        processes.startMobileNodeAgent(status);
        log.say("lab up: DARs %s (%s) %s (%s) %s (%s), correspondent %s; mobile-node agent running on the node's m0",
            LabNetwork.maarAddress(1), LabNetwork.darPrefix(1), LabNetwork.maarAddress(2), LabNetwork.darPrefix(2),
            LabNetwork.maarAddress(3), LabNetwork.darPrefix(3), LabNetwork.CN_ADDRESS);
    }

    /** @return the namespaces (for {@code --keep}'s hints and the tests). */
    public List<String> namespaces()
    {
        return List.of(net.core, net.cn, net.access, net.mn, net.anchor(1), net.anchor(2), net.anchor(3));
    }

    /** @return how to run dmmctl against DAR n by hand ({@code --keep}). */
    public String dmmctlHint(final int n)
    {
        return "ip netns exec " + net.anchor(n) + " scripts/dmmctl show bindings --run-dir " +
            processes.runDir("dar" + n);
    }

    void story() throws InterruptedException
    {
        log.say("MN: link up on DAR1's access link (b1): the agent sends a Router Solicitation");
        net.mobileNodeUp();
        final MnState at1 = awaitNode("the MN attaches to DAR1 and forms a CGA in " + LabNetwork.darPrefix(1),
            s -> s.current() != null && DmmLab.inPrefix(s.current(), LabNetwork.darPrefix(1)));
        log.say("DAR1: RA (prefix %s, DAR address %s in an R-flag PIO) → MN: CGA %s on m0, default route via %s",
            LabNetwork.darPrefix(1), LabNetwork.maarAddress(1), at1.current(), LabNetwork.darLinkLocal(1));
        awaitOnLink(at1.current());
        flows.start(1, at1.current(), 1);
        log.say("flow 1: ping6 + UDP echo every %.0f ms from %s (anchored at DAR1) to the correspondent %s: answered",
            intervalS * 1000, at1.current(), LabNetwork.CN_ADDRESS);
        for (int to = 2; to <= DARS; to++)
        {
            final int from = to - 1;
            final int target = to;
            Thread.sleep(1_000);
            final long moveStart = System.currentTimeMillis();
            log.say("MN: moves from DAR%d to DAR%d (link down, bridge b%d → b%d, link up: RS)", from, to, from, to);
            net.moveMobileNodeTo(to);
            final MnState st = awaitNode("every older address bound to the new CGA at DAR" + to, s ->
                s.current() != null && DmmLab.inPrefix(s.current(), LabNetwork.darPrefix(target)) &&
                    s.attachedAtMs() >= moveStart && allBoundTo(s, target));
            long bound = 0;
            for (int p = 1; p < to; p++)
            {
                final MnState.Address a = st.anchoredAt(LabNetwork.maarAddress(p));
                bound = Math.max(bound, a.boundAtMs());
                final int anchor = p;
                awaitDar(p, "DAR" + p + " binds " + a.home() + " to " + st.current(), json ->
                    bindingOf(json, a.home(), st.current()));
                final boolean first = anchor == to - 1; // the DAR just left: the first BU it gets is signed
                log.say("DAR%d: BU for %s (care-of %s, %s) → BA 0%s; %s/128 routed into the tunnel DAR%d → %s", anchor,
                    a.home(), st.current(), first ? "CGA-signed" : "token-authorized", first ? " with the PHKT" : "",
                    a.home(), anchor, st.current());
            }
            final long handoverMs = bound - st.attachedAtMs();
            log.say("handover %d (DAR%d → DAR%d): the agent's RA seen → last BA accepted: %d ms", to - 1, from, to,
                handoverMs);
            handovers.add(new DmmLab.Handover(from, to, moveStart, st.attachedAtMs(), bound, new long[DARS],
                new long[DARS]));
            awaitOnLink(st.current());
            log.say("flows %s keep working after the move", flows.awaitAllAnswering("DAR", to - 1));
            flows.start(to, st.current(), to);
            log.say("flow %d: from %s (anchored at DAR%d): answered", to, st.current(), to);
        }
        Thread.sleep(2_000);
    }

    /** Every address but the current one is BOUND with the current one as care-of address. */
    private static boolean allBoundTo(final MnState s, final int dars)
    {
        int bound = 0;
        for (final MnState.Address a : s.addresses())
        {
            if (!MnState.same(a.home(), s.current()))
            {
                if (!"BOUND".equals(a.state()) || !MnState.same(a.careOf(), s.current()))
                {
                    return false;
                }
                bound++;
            }
        }
        return bound == dars - 1;
    }

    /** @return true when {@code dmmctl show bindings --json} holds home → careOf. */
    static boolean bindingOf(final String json, final String home, final String careOf)
    {
        for (final String item : json.split("\\}"))
        {
            if (MnState.same(MaarState.text(item, "mnId"), home) && MnState.same(MaarState.text(item, "careOf"), careOf)
                && "ACTIVE".equals(MaarState.text(item, "state")))
            {
                return true;
            }
        }
        return false;
    }

    private MnState awaitNode(final String what, final Predicate<MnState> done) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_TIMEOUT_MS);
        MnState last = null;
        while (System.nanoTime() - deadline < 0)
        {
            alive();
            last = MnState.read(status);
            if (done.test(last))
            {
                return last;
            }
            Thread.sleep(50);
        }
        throw new DmmLab.LabFailure(what + ": not within " + SETTLE_TIMEOUT_MS + " ms (the agent's status: " +
            (last == null ? "none" : last.json().strip()) + ")");
    }

    private void awaitDar(final int n, final String what, final Predicate<String> done) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_TIMEOUT_MS);
        String last = "";
        while (System.nanoTime() - deadline < 0)
        {
            alive();
            last = processes.dmmctlMaar(n, "show", "bindings", "--json");
            if (done.test(last))
            {
                return;
            }
            Thread.sleep(100);
        }
        throw new DmmLab.LabFailure(what + ": not within " + SETTLE_TIMEOUT_MS + " ms (last seen: " + last + ")");
    }

    /** The address is on the node's m0 and usable (not tentative). */
    private void awaitOnLink(final String address) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_TIMEOUT_MS);
        String shown = "";
        while (System.nanoTime() - deadline < 0)
        {
            shown = net.mobileNodeAddresses();
            for (final String line : shown.lines().toList())
            {
                final String[] f = line.trim().split("\\s+");
                if (f.length > 1 && f[0].equals("inet6") && MnState.same(f[1].replaceAll("/.*", ""), address) &&
                    !line.contains("tentative"))
                {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new DmmLab.LabFailure(address + " is not on the MN's m0 within " + SETTLE_TIMEOUT_MS + " ms:\n" + shown);
    }

    private void alive()
    {
        if (!processes.allAlive())
        {
            throw new DmmLab.LabFailure("a lab process exited:\n" + processes.outputs());
        }
    }

    DmmLab.Result finish(final String failure)
    {
        final LabFlows.Stopped stopped = flows.stopAll();
        String reason = failure == null ? stopped.error() : failure;
        final List<Flow.FlowReport> reports = stopped.reports();
        LabFlows.attributeLosses(handovers, reports);
        String signalling = "";
        String addresses = "";
        final MnState node = MnState.read(status);
        final List<String> routes = new ArrayList<>();
        final List<String> bindings = new ArrayList<>();
        try
        {
            processes.stopCapture();
            signalling = Shell.run(60, "tshark", "-n", "-r", dir.resolve("signalling.pcap").toString(), "-Y",
                "mip6.mhtype", "-T", "fields", "-E", "separator=,", "-e", "mip6.mhtype", "-e", "_ws.malformed", "-e",
                "mip6.ba.status");
            addresses = Shell.run(10, "ip", "-o", "-n", net.mn, "-6", "addr", "show", "scope", "global");
            final List<String[]> questions = new ArrayList<>();
            for (int n = 1; n <= DARS; n++)
            {
                questions.add(new String[] {"dar" + n, "show", "bindings", "--json"});
                questions.add(new String[] {"dar" + n, "show", "routes", "--json"});
                questions.add(new String[] {"dar" + n, "show", "bindings"});
                questions.add(new String[] {"dar" + n, "show", "tunnels"});
                questions.add(new String[] {"dar" + n, "show", "counters"});
            }
            final List<String> answers = processes.dmmctlAll(questions);
            for (int n = 0; n < DARS; n++)
            {
                bindings.add(answers.get(5 * n));
                routes.add(answers.get(5 * n + 1));
            }
            if (reason == null)
            {
                LabFlows.checkAnswered(reports, handovers, DARS);
                checkBindings(node, bindings, routes);
                checkSignalling(signalling);
            }
            summary(reports, answers, addresses, signalling);
        }
        catch (final DmmLab.LabFailure ex)
        {
            reason = ex.getMessage();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            reason = reason == null ? "interrupted" : reason;
        }
        catch (final RuntimeException ex)
        {
            reason = reason == null ? ex.toString() : reason;
        }
        if (reason != null && !closed)
        {
            log.say("FAILED: %s", reason);
            log.say("diagnostics: processes alive=%b; MN status %s", processes.allAlive(), node.json().strip());
            for (int n = 1; n <= DARS; n++)
            {
                out.print(processes.dataPlane(n).nonZeroCounters());
            }
            out.print(processes.outputs());
            log.printFiles(dir, ".*(\\.log|\\.live|flow.\\.txt)");
        }
        return new DmmLab.Result(reason == null, reason, List.copyOf(handovers), reports, addresses, node.json(),
            routes, bindings, signalling, "");
    }

    /** DAR1 and DAR2 bind their addresses to the newest CGA and route them into the tunnel; DAR3 binds nothing. */
    private static void checkBindings(final MnState node, final List<String> bindings, final List<String> routes)
    {
        for (int n = 1; n < DARS; n++)
        {
            final MnState.Address a = node.anchoredAt(LabNetwork.maarAddress(n));
            if (a == null || !bindingOf(bindings.get(n - 1), a.home(), node.current()))
            {
                throw new DmmLab.LabFailure("DAR" + n + " does not bind the node's address " + (a == null ? "?" :
                    a.home()) + " to " + node.current() + ": " + bindings.get(n - 1));
            }
            if (!routes.get(n - 1).contains("\"TUNNEL\"") || !routes.get(n - 1).contains("/128"))
            {
                throw new DmmLab.LabFailure("DAR" + n + " has no /128 tunnel route: " + routes.get(n - 1));
            }
        }
        if (bindings.get(DARS - 1).contains("\"mnId\""))
        {
            throw new DmmLab.LabFailure("DAR3 (the node is at home there) holds a binding: " + bindings.get(DARS - 1));
        }
    }

    /** Every BU and BA the router forwarded dissects in tshark as such, every BA accepting, none malformed. */
    private static void checkSignalling(final String dissected)
    {
        final List<String> messages = dissected.lines().filter(l -> l.matches("\\d+(,.*)?")).toList();
        // Handover 1: a BU and a BA; handover 2: two of each; each seen entering and leaving the router.
        if (messages.size() < 12)
        {
            throw new DmmLab.LabFailure("only " + messages.size() + " Mobility Header messages captured on the router:"
                + "\n" + dissected);
        }
        for (final String m : messages)
        {
            final String[] f = (m + ",,").split(",", -1);
            if (!f[0].equals("5") && !f[0].equals("6") || !f[1].isBlank() || f[0].equals("6") && !f[2].equals("0"))
            {
                throw new DmmLab.LabFailure("tshark: not an accepted BU / BA, or malformed: " + m + "\n" + dissected);
            }
        }
    }

    private void summary(final List<Flow.FlowReport> reports, final List<String> answers, final String addresses,
        final String signalling)
    {
        log.say("---- summary (FAMA)");
        LabFlows.summary(log, handovers, reports, "DAR", "RA of the new DAR seen by the agent → last BA accepted");
        for (int n = 1; n <= DARS; n++)
        {
            out.println("DAR" + n + " bindings (dmmctl show bindings):");
            out.print(LabLog.indent(answers.get(5 * (n - 1) + 2)));
            out.println("DAR" + n + " tunnels (dmmctl show tunnels):");
            out.print(LabLog.indent(answers.get(5 * (n - 1) + 3)));
        }
        out.println("DAR counters, the non-zero signalling and access-link ones (dmmctl show counters):");
        for (int n = 1; n <= DARS; n++)
        {
            for (final String line : answers.get(5 * (n - 1) + 4).lines().toList())
            {
                if (line.matches(".*(bas_sent|cga_accepted|tokens_issued|authentication|router_advertisements|"
                    + "onlink_hosts_resolved|nd_advertisements).*") && !line.matches(".*\\s0\\s*$"))
                {
                    out.println("    DAR" + n + " " + line.strip());
                }
            }
        }
        out.println("key data-plane counters:");
        for (int n = 1; n <= DARS; n++)
        {
            for (final String line : processes.dataPlane(n).nonZeroCounters().split("\n"))
            {
                if (line.matches(".*(encap|decap|deliver|forward|punt|drop).*"))
                {
                    out.println("    DAR" + n + " " + line.substring(line.indexOf(':') + 2));
                }
            }
        }
        out.println("mobile node addresses (ip -o -6 addr show scope global):");
        out.print(LabLog.indent(addresses));
        final long bus = signalling.lines().filter(l -> l.startsWith("5")).count();
        final long bas = signalling.lines().filter(l -> l.startsWith("6")).count();
        log.say("signalling captured on the router: %d BU, %d BA (each seen entering and leaving), 0 malformed "
            + "(tshark)", bus, bas);
    }
}
