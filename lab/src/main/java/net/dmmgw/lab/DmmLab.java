package net.dmmgw.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.dmmgw.control.maar.DlifIdentity;
import net.dmmgw.fastpath.system.Shell;
import net.dmmgw.ipc.Ipv6Words;

/**
 * The DMM lab (issues 7 and 8): a CMD and three MAARs as real processes in network namespaces ({@link LabNetwork},
 * {@link LabProcesses}), an unmodified Linux mobile node moving MAAR1 → MAAR2 → MAAR3 across a bridge per access
 * link, a Linux correspondent. {@link #run()} tells the story: attach at MAAR1 (SLAAC from its RA), flow 1 from the
 * MAAR1 address, move, flow 2 from the MAAR2 address, move, flow 3 from the MAAR3 address; all flows must keep
 * working, each through its own anchor. Handover times come from the MAARs themselves (their bindings' attach-seen and
 * programmed times, {@code dmmctl show bindings --json}); losses and interruptions from the flows' sequence numbers.
 * {@code scripts/demo} and {@code DmmLabSystemTest} both run this class. {@link #close()} removes everything
 * (processes, namespaces with their veths and bridges, DPDK and Aeron directories, files); it is idempotent and may
 * run from a shutdown hook.
 */
public final class DmmLab extends LabStory
{
    /** The CMD modes the lab runs. */
    public static final List<String> MODES = List.of("relay", "locator", "proxy");

    private static final long SETTLE_TIMEOUT_MS = 30_000;
    /** An {@code ip -6 addr} entry: address, flags, and the preferred lifetime from its second line. */
    private static final Pattern INET6 =
        Pattern.compile("inet6 ([0-9a-f:]+)/64 ([^\\n]*)(?:\\n\\s*valid_lft \\S+ preferred_lft (\\S+))?");

    private final Options options;
    private final LabLifetimes lifetimes;
    private final List<Handover> handovers = new ArrayList<>();

    /**
     * @param mode the CMD mode (relay, locator, proxy).
     * @param tag unique name part of every namespace, directory and file prefix.
     * @param intervalS the flows' request interval.
     * @param out where the story is printed.
     * @param dlif the MAARs run with {@code maar.dlif=true} (RFC 8885 §3.6 logical interfaces; off by default).
     */
    public record Options(String mode, String tag, double intervalS, PrintStream out, boolean dlif)
    {
        /** Without DLIF. */
        public Options(final String mode, final String tag, final double intervalS, final PrintStream out)
        {
            this(mode, tag, intervalS, out, false);
        }
    }

    /**
     * One move of the mobile node.
     *
     * @param from the MAAR it left.
     * @param to the MAAR it moved to.
     * @param moveStartMs epoch ms the lab took its link down.
     * @param attachSeenAtMs epoch ms the new MAAR saw the attachment (its RS punted), from its binding.
     * @param programmedAtMs epoch ms the last MAAR's data plane acknowledged its tunnels and routes, from the bindings.
     * @param lost requests lost per flow (index 0 = flow 1) whose loss started during this handover.
     * @param interruptionMs the longest interruption per flow during this handover.
     */
    public record Handover(int from, int to, long moveStartMs, long attachSeenAtMs, long programmedAtMs, long[] lost,
        long[] interruptionMs)
    {
        /** @return attachment seen at the new MAAR → tunnels and routes acknowledged on every MAAR. */
        public long handoverMs()
        {
            return programmedAtMs - attachSeenAtMs;
        }
    }

    /**
     * What the story showed.
     *
     * @param ok every check passed.
     * @param reason the first failed check.
     * @param handovers the moves.
     * @param flowReports every flow's report.
     * @param mobileNodeAddresses {@code ip -6 addr} of the node at the end.
     * @param cmdBindings {@code dmmctl show bindings --json} at the CMD at the end.
     * @param maarRoutes {@code dmmctl show routes --json} at each MAAR at the end.
     * @param maarBindings {@code dmmctl show bindings --json} at each MAAR at the end.
     * @param signalling tshark's "MH type,malformed" line per Mobility Header the router forwarded.
     * @param mobileNodeRoutes {@code ip -6 route show} of the node at the end.
     */
    public record Result(boolean ok, String reason, List<Handover> handovers, List<Flow.FlowReport> flowReports,
        String mobileNodeAddresses, String cmdBindings, List<String> maarRoutes, List<String> maarBindings,
        String signalling, String mobileNodeRoutes)
    {
        /** @return requests lost over every flow and kind. */
        public long lost()
        {
            return flowReports.stream().mapToLong(Flow.FlowReport::lost).sum();
        }

        /** @return the longest interruption of any flow during any handover. */
        public long maxInterruptionMs()
        {
            long max = 0;
            for (final Handover h : handovers)
            {
                for (final long i : h.interruptionMs)
                {
                    max = Math.max(max, i);
                }
            }
            return max;
        }

        /** @return the demo's last line. */
        public String demoLine()
        {
            return ok ? "DEMO OK handovers=" + handovers.size() + " flows=" + flowReports.size() + " lost=" + lost() +
                " max_interruption_ms=" + maxInterruptionMs() : "DEMO FAILED " + reason;
        }
    }

    /** A check of the story that did not hold. */
    static final class LabFailure extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        LabFailure(final String message)
        {
            super(message);
        }
    }

    private DmmLab(final Options options, final LabLifetimes lifetimes)
    {
        super(options.tag(), options.out());
        this.options = options;
        this.lifetimes = lifetimes;
    }

    /**
     * Builds the namespaces and starts every process.
     *
     * @throws Exception when something cannot start (everything made so far is removed).
     */
    public static DmmLab start(final Options options) throws Exception
    {
        return start(options, LabLifetimes.DEFAULT);
    }

    /** As {@link #start(Options)}, the MAARs with these de-registration variants and lifetimes. */
    static DmmLab start(final Options options, final LabLifetimes lifetimes) throws Exception
    {
        if (!MODES.contains(options.mode()))
        {
            throw new IllegalArgumentException("mode must be one of " + MODES + ": " + options.mode());
        }
        final DmmLab lab = new DmmLab(options, lifetimes);
        return LabStory.started(lab, lab::bringUp);
    }

    private void bringUp() throws Exception
    {
        build(false, options.mode(), options.dlif(), lifetimes, options.intervalS(), String.format(java.util.Locale.ROOT,
            "starting 3 data planes (DPDK net_af_packet, --no-huge), the CMD (mode %s, raw socket) and 3 MAAR control "
            + "processes (aeron:ipc to their data planes)", options.mode()));
        say("lab up: CMD %s, MAARs %s %s %s, correspondent %s", LabNetwork.CMD_ADDRESS, LabNetwork.maarAddress(1),
            LabNetwork.maarAddress(2), LabNetwork.maarAddress(3), LabNetwork.CN_ADDRESS);
    }

    /** @return the namespaces (for {@code --keep}'s hints and the tests). */
    public List<String> namespaces()
    {
        return List.of(net.core, net.cmd, net.cn, net.access, net.mn, net.anchor(1), net.anchor(2), net.anchor(3));
    }

    /** @return how to run dmmctl against a lab process by hand ({@code --keep}). */
    public String dmmctlHint(final String name)
    {
        final String ns = name.equals("cmd") ? net.cmd : net.anchor(Integer.parseInt(name.substring(4)));
        return "ip netns exec " + ns + " scripts/dmmctl show bindings --run-dir " + processes.runDir(name);
    }

    void story() throws InterruptedException
    {
        // 1. Attachment at MAAR1.
        say("MN: link up on MAAR1's access link (b1): it sends a Router Solicitation");
        net.mobileNodeUp();
        final MaarState at1 = await("MAAR1 serves the MN (PBU/PBA with the CMD, routes acknowledged)",
            () -> maar(1), s -> s.present() && "SERVING".equals(s.state()) && s.registered() &&
                !s.programming() && s.programmedAtMs() > 0);
        say("MAAR1: RS punted → prefix %s from its pool → PBU (D flag) to the CMD → PBA 0 → delivery programmed "
            + "→ RA (attach to programmed: %d ms)", at1.anchoredPrefix(), at1.programmedAtMs() - at1.attachSeenAtMs());
        final String a1 = awaitAddress(at1.anchoredPrefix());
        say("MN: SLAAC address %s (preferred)", a1);
        startFlow(1, a1, 1);

        // 2. and 3. The moves, a new flow after each.
        final String[] prefixes = new String[LabNetwork.MAARS + 1];
        prefixes[1] = at1.anchoredPrefix();
        for (int to = 2; to <= LabNetwork.MAARS; to++)
        {
            final int from = to - 1;
            Thread.sleep(1_000);
            final long moveStart = System.currentTimeMillis();
            say("MN: moves from MAAR%d to MAAR%d (link down, bridge b%d → b%d, link up: RS)", from, to, from, to);
            net.moveMobileNodeTo(to);
            final int target = to;
            final MaarState serving = await("MAAR" + to + " serves the MN with " + (to - 1) + " P-MAAR(s)",
                () -> maar(target), s -> s.present() && "SERVING".equals(s.state()) && s.registered() &&
                    s.attachSeenAtMs() >= moveStart && s.previousMaars().size() == target - 1 &&
                    !s.programming() && s.programmedAtMs() >= s.attachSeenAtMs());
            long programmed = serving.programmedAtMs();
            for (int p = 1; p < to; p++)
            {
                final int previous = p;
                final MaarState st = await("MAAR" + p + " tunnels its prefix to MAAR" + to, () -> maar(previous),
                    s -> s.present() && "PREVIOUS".equals(s.state()) &&
                        LabNetwork.maarAddress(target).equals(s.servingMaar()) && !s.programming() &&
                        s.programmedAtMs() >= serving.attachSeenAtMs());
                programmed = Math.max(programmed, st.programmedAtMs());
                say("MAAR%d: PBU from the CMD (Serving MAAR %s) → PBA; %s routed into the tunnel MAAR%d→MAAR%d",
                    p, LabNetwork.maarAddress(to), st.anchoredPrefix(), p, to);
            }
            prefixes[to] = serving.anchoredPrefix();
            say("MAAR%d: RS punted → PBU to the CMD → PBA with the P-MAAR(s) %s → tunnels to them, source routes for "
                + "their prefixes, delivery of all → RA (%s preferred, older prefixes deprecated)", to,
                serving.previousMaars(), serving.anchoredPrefix());
            final long handoverMs = programmed - serving.attachSeenAtMs();
            say("handover %d (MAAR%d → MAAR%d): attachment seen at MAAR%d → tunnels programmed on all MAARs: %d ms",
                to - 1, from, to, to, handoverMs);
            handovers.add(new Handover(from, to, moveStart, serving.attachSeenAtMs(), programmed, new long[3],
                new long[3]));
            final String address = awaitAddress(serving.anchoredPrefix());
            awaitDeprecated(prefixes, to);
            if (options.dlif())
            {
                awaitLocalRoutes(to);
            }
            say("flows %s keep working after the move", flows.awaitAllAnswering("MAAR", to - 1));
            startFlow(to, address, to);
        }
        Thread.sleep(2_000);
    }

    private void startFlow(final int number, final String source, final int anchor) throws InterruptedException
    {
        flows.start(number, source, anchor);
        say("flow %d: ping6 + UDP echo every %.0f ms from %s (anchored at MAAR%d) to the correspondent %s: answered",
            number, options.intervalS() * 1000, source, anchor, LabNetwork.CN_ADDRESS);
    }

    Result finish(final String failure)
    {
        final LabFlows.Stopped stopped = flows.stopAll();
        String reason = failure == null ? stopped.error() : failure;
        final List<Flow.FlowReport> reports = stopped.reports();
        LabFlows.attributeLosses(handovers, reports);
        String signalling = "";
        try
        {
            processes.stopCapture();
            signalling = Shell.run(60, "tshark", "-n", "-r", dir.resolve("signalling.pcap").toString(), "-Y", "mip6.mhtype",
                "-T", "fields", "-E", "separator=,", "-e", "mip6.mhtype", "-e", "_ws.malformed");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final RuntimeException ex)
        {
            reason = reason == null ? "the signalling capture could not be dissected: " + ex.getMessage() : reason;
        }
        String addresses = "";
        String nodeRoutes = "";
        String cmdBindings = "";
        final List<String> routes = new ArrayList<>();
        final List<String> bindings = new ArrayList<>();
        try
        {
            addresses = net.mobileNodeAddresses();
            nodeRoutes = net.mobileNodeRoutes();
            // One dmmctl process per question (a JVM each): asked in parallel.
            final List<String[]> questions = new ArrayList<>();
            questions.add(new String[] {"cmd", "show", "bindings", "--json"});
            questions.add(new String[] {"cmd", "show", "bindings"});
            for (int n = 1; n <= LabNetwork.MAARS; n++)
            {
                questions.add(new String[] {"maar" + n, "show", "routes", "--json"});
                questions.add(new String[] {"maar" + n, "show", "bindings", "--json"});
                questions.add(new String[] {"maar" + n, "show", "tunnels"});
            }
            questions.add(new String[] {"maar3", "show", "routes"});
            questions.add(new String[] {"cmd", "show", "counters"});
            final List<String> answers = processes.dmmctlAll(questions);
            cmdBindings = answers.get(0);
            for (int n = 1; n <= LabNetwork.MAARS; n++)
            {
                routes.add(answers.get(3 * n - 1));
                bindings.add(answers.get(3 * n));
            }
            if (reason == null)
            {
                check(reports, addresses, cmdBindings, routes, bindings);
                checkSignalling(signalling);
            }
            summary(reports, answers);
            say("signalling captured on the router: %s", describeSignalling(signalling));
        }
        catch (final LabFailure ex)
        {
            reason = ex.getMessage();
        }
        catch (final RuntimeException ex)
        {
            reason = reason == null ? ex.toString() : reason;
        }
        if (reason != null && !closed)
        {
            say("FAILED: %s", reason);
            say("diagnostics: data planes alive=%b; MN addresses:%n%s", processes.allAlive(), addresses);
            for (int n = 1; n <= LabNetwork.MAARS; n++)
            {
                out.print(processes.dataPlane(n).nonZeroCounters());
            }
            log.printFiles(dir, ".*(\\.log|\\.live)");
        }
        return new Result(reason == null, reason, List.copyOf(handovers), reports, addresses, cmdBindings, routes,
            bindings, signalling, nodeRoutes);
    }

    /** The end state: every flow answered to the end, the CMD's binding, each anchor's routes, the addresses. */
    private void check(final List<Flow.FlowReport> reports, final String addresses, final String cmdBindings,
        final List<String> routes, final List<String> bindings)
    {
        LabFlows.checkAnswered(reports, handovers, LabNetwork.MAARS);
        final MaarState m3 = MaarState.parse(bindings.get(2));
        if (!LabNetwork.maarAddress(3).equals(MaarState.text(cmdBindings, "servingMaar")) ||
            !cmdBindings.contains(LabNetwork.maarAddress(1)) || !cmdBindings.contains(LabNetwork.maarAddress(2)))
        {
            throw new LabFailure("the CMD's binding does not name MAAR3 serving, MAAR1 and MAAR2 previous: " +
                cmdBindings);
        }
        for (int n = 1; n < LabNetwork.MAARS; n++)
        {
            final MaarState p = MaarState.parse(bindings.get(n - 1));
            // MAAR3 sends p_n's uplink into its tunnel to MAAR n; MAAR n sends p_n's downlink into its tunnel to MAAR3.
            if (!hasRoute(routes.get(2), "SOURCE", p.anchoredPrefix(), LabNetwork.maarAddress(n)) ||
                !hasRoute(routes.get(n - 1), "DESTINATION", p.anchoredPrefix(), LabNetwork.maarAddress(3)))
            {
                throw new LabFailure("flow " + n + "'s prefix " + p.anchoredPrefix() + " is not tunnelled between "
                    + "MAAR3 and MAAR" + n + ": " + routes);
            }
            if (!isDeprecated(addressState(addresses, p.anchoredPrefix())))
            {
                throw new LabFailure("the MN's address in " + p.anchoredPrefix() + " is not deprecated:\n" +
                    addresses);
            }
        }
        final String newest = addressState(addresses, m3.anchoredPrefix());
        if (newest.isEmpty() || isDeprecated(newest))
        {
            throw new LabFailure("the MN's address in " + m3.anchoredPrefix() + " is not preferred:\n" + addresses);
        }
    }

    /** Every PBU and PBA the router forwarded dissects in tshark without a malformed packet. */
    private static void checkSignalling(final String dissected)
    {
        final List<String> messages = messages(dissected);
        // Three registrations and two handovers: at least a PBU and a PBA each, plus the CMD's PBUs to P-MAARs.
        if (messages.size() < 10)
        {
            throw new LabFailure("only " + messages.size() + " Mobility Header messages captured on the router");
        }
        for (final String m : messages)
        {
            if (m.contains(",") && !m.substring(m.indexOf(',') + 1).isBlank())
            {
                throw new LabFailure("tshark finds a malformed Mobility Header message: " + dissected);
            }
        }
    }

    /** @return tshark's "mhtype,malformed" lines (not its warnings). */
    private static List<String> messages(final String dissected)
    {
        return dissected.lines().filter(l -> l.matches("\\d+(,.*)?")).toList();
    }

    /** @return e.g. "24 Mobility Header messages (12 PBU, 12 PBA …), 0 malformed (tshark)". */
    private static String describeSignalling(final String dissected)
    {
        final List<String> messages = messages(dissected);
        final long bus = messages.stream().filter(m -> m.startsWith("5,") || m.equals("5")).count();
        final long bas = messages.stream().filter(m -> m.startsWith("6,") || m.equals("6")).count();
        final long malformed = messages.stream()
            .filter(m -> m.contains(",") && !m.substring(m.indexOf(',') + 1).isBlank()).count();
        return messages.size() + " Mobility Header messages (" + bus + " PBU, " + bas + " PBA, each seen entering "
            + "and leaving the router), " + malformed + " malformed (tshark)";
    }

    private static boolean hasRoute(final String routes, final String table, final String prefix, final String via)
    {
        final Matcher m = Pattern.compile("\\{[^{}]*\"table\"\\s*:\\s*\"" + table + "\"[^{}]*\"prefix\"\\s*:\\s*\"" +
            Pattern.quote(prefix) + "\"[^{}]*\"via\"\\s*:\\s*\"" + Pattern.quote(via) + "\"[^{}]*}").matcher(routes);
        return m.find();
    }

    private void summary(final List<Flow.FlowReport> reports, final List<String> answers)
    {
        say("---- summary (mode %s)", options.mode());
        LabFlows.summary(log, handovers, reports, "MAAR", "attachment seen → tunnels programmed on all MAARs");
        out.println("binding table at the CMD (dmmctl show bindings):");
        out.print(LabLog.indent(answers.get(1)));
        for (int n = 1; n <= LabNetwork.MAARS; n++)
        {
            out.println("MAAR" + n + " tunnels (dmmctl show tunnels):");
            out.print(LabLog.indent(answers.get(3 * n + 1)));
        }
        out.println("MAAR3 routes (dmmctl show routes):");
        out.print(LabLog.indent(answers.get(answers.size() - 2)));
        out.println("CMD counters, the non-zero ones (dmmctl show counters):");
        out.print(LabLog.indent(String.join("\n", answers.get(answers.size() - 1).lines()
            .filter(l -> !l.matches(".*\\s0\\s*$")).toList())));
        out.println("key data-plane counters:");
        for (int n = 1; n <= LabNetwork.MAARS; n++)
        {
            for (final String line : processes.dataPlane(n).nonZeroCounters().split("\n"))
            {
                if (line.matches(".*(encap|decap|deliver|forward|punt|drop).*"))
                {
                    out.println("    MAAR" + n + " " + line.substring(line.indexOf(':') + 2));
                }
            }
        }
        out.println("mobile node addresses (ip -6 addr show dev m0 scope global):");
        out.print(LabLog.indent(net.mobileNodeAddresses()));
    }

    private MaarState maar(final int n)
    {
        return MaarState.parse(processes.dmmctlMaar(n, "show", "bindings", "--json"));
    }

    private MaarState await(final String what, final Supplier<MaarState> read,
        final java.util.function.Predicate<MaarState> done) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_TIMEOUT_MS);
        MaarState last = null;
        while (System.nanoTime() - deadline < 0)
        {
            if (!processes.allAlive())
            {
                throw new LabFailure("a lab process exited:\n" + processes.outputs());
            }
            last = read.get();
            if (done.test(last))
            {
                return last;
            }
            Thread.sleep(100);
        }
        throw new LabFailure(what + ": not within " + SETTLE_TIMEOUT_MS + " ms (last seen: " + last + ")");
    }

    /** @return the mobile node's SLAAC address in the prefix, once it is there and not tentative. */
    private String awaitAddress(final String prefix) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_TIMEOUT_MS);
        String shown = "";
        while (System.nanoTime() - deadline < 0)
        {
            shown = net.mobileNodeAddresses();
            final Matcher m = INET6.matcher(shown);
            while (m.find())
            {
                if (inPrefix(m.group(1), prefix) && !m.group(2).contains("tentative"))
                {
                    return m.group(1);
                }
            }
            Thread.sleep(100);
        }
        throw new LabFailure("no SLAAC address in " + prefix + " on the MN within " + SETTLE_TIMEOUT_MS + " ms:\n" +
            shown);
    }

    /** Waits until the addresses of every older prefix are deprecated and the newest one's is not. */
    private void awaitDeprecated(final String[] prefixes, final int newest) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_TIMEOUT_MS);
        String shown = "";
        while (System.nanoTime() - deadline < 0)
        {
            shown = net.mobileNodeAddresses();
            boolean ok = !isDeprecated(addressState(shown, prefixes[newest]));
            for (int p = 1; p < newest; p++)
            {
                ok &= isDeprecated(addressState(shown, prefixes[p]));
            }
            if (ok)
            {
                final StringBuilder b = new StringBuilder();
                for (int p = 1; p <= newest; p++)
                {
                    b.append(String.format(Locale.ROOT, " %s (MAAR%d) %s;", addressIn(shown, prefixes[p]), p,
                        p == newest ? "preferred" : "deprecated"));
                }
                say("MN addresses:%s", b);
                return;
            }
            Thread.sleep(100);
        }
        throw new LabFailure("the MN's older addresses are not deprecated (or the newest is) within " +
            SETTLE_TIMEOUT_MS + " ms:\n" + shown);
    }

    /**
     * DLIF on: waits until the node routes each anchoring MAAR's local network ({@link LabNetwork#maarLocalPrefix})
     * via that MAAR's DLIF link-local, learnt from the RFC 4191 Route Information options of the serving MAAR's RAs.
     */
    private void awaitLocalRoutes(final int serving) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_TIMEOUT_MS);
        String shown = "";
        while (System.nanoTime() - deadline < 0)
        {
            shown = net.mobileNodeRoutes();
            boolean ok = true;
            for (int n = 1; n <= serving; n++)
            {
                ok &= hasLocalRoute(shown, n);
            }
            if (ok)
            {
                final StringBuilder b = new StringBuilder();
                for (int n = 1; n <= serving; n++)
                {
                    b.append(String.format(Locale.ROOT, " %s via MAAR%d's DLIF %s;", LabNetwork.maarLocalPrefix(n), n,
                        dlifLinkLocal(n)));
                }
                say("MN routes (RFC 4191, from the DLIF RAs):%s", b);
                return;
            }
            Thread.sleep(100);
        }
        throw new LabFailure("the MN has no route to each MAAR's local network via its DLIF within " +
            SETTLE_TIMEOUT_MS + " ms:\n" + shown);
    }

    /** @return MAAR n's DLIF link-local for the mobile node (every MAAR derives the same, control's DlifIdentity). */
    static String dlifLinkLocal(final int n)
    {
        final byte[] id = LabNetwork.MN_ID.getBytes(StandardCharsets.UTF_8);
        final long mac = DlifIdentity.mac(id, id.length, Ipv6Words.hi(LabNetwork.maarAddress(n)),
            Ipv6Words.lo(LabNetwork.maarAddress(n)));
        return Ipv6Words.text(DlifIdentity.linkLocalHi(), DlifIdentity.linkLocalLo(mac));
    }

    /** @return the node's {@code ip -6 route} output has MAAR n's local network via MAAR n's DLIF, learnt by RA. */
    static boolean hasLocalRoute(final String routes, final int n)
    {
        final String prefix = LabNetwork.maarLocalPrefix(n);
        final String want = dlifLinkLocal(n);
        for (final String line : routes.lines().toList())
        {
            final String[] w = line.trim().split("\\s+");
            if (w.length >= 7 && w[0].equals(prefix) && w[1].equals("via") && w[3].equals("dev") &&
                w[5].equals("proto") && w[6].equals("ra") &&
                Ipv6Words.text(Ipv6Words.hi(w[2]), Ipv6Words.lo(w[2])).equals(want))
            {
                return true;
            }
        }
        return false;
    }

    /** @return the flags after the MN's address in the prefix ("" when it has none). */
    /**
     * Deprecated by the RAs: a preferred lifetime of 0 (RFC 4862 §5.5.4), whether or not the kernel has set its own
     * {@code deprecated} flag yet. The flag sometimes stays unset after an RA with preferred lifetime 0 when several
     * RAs arrive in a burst: a host behaviour, reproduced without our code by {@code lab/tools/ra-burst-deprecation.py}
     * (once per ~13 rounds in the DLIF lab, e.g. CI 2026-11-26 16:43: "preferred_lft 0sec", no flag, for 30 s).
     */
    static boolean isDeprecated(final String state)
    {
        return state.contains("deprecated") || state.contains("preferred_lft 0sec");
    }

    static String addressState(final String addresses, final String prefix)
    {
        final Matcher m = INET6.matcher(addresses);
        while (m.find())
        {
            if (inPrefix(m.group(1), prefix))
            {
                return m.group(2) + (m.group(3) == null ? "" : " preferred_lft " + m.group(3)) + " ";
            }
        }
        return "";
    }

    private static String addressIn(final String addresses, final String prefix)
    {
        final Matcher m = INET6.matcher(addresses);
        while (m.find())
        {
            if (inPrefix(m.group(1), prefix))
            {
                return m.group(1);
            }
        }
        return "?";
    }

    static boolean inPrefix(final String address, final String prefix)
    {
        return Ipv6Words.inPrefix(address, prefix);
    }

    private void say(final String format, final Object... args)
    {
        log.say(format, args);
    }

    /** @return {@code scripts/dmmctl ARGS} at "cmd", "maar1" … (throws when it fails). */
    String dmmctl(final String name, final String... args)
    {
        return processes.dmmctl(name, name.equals("cmd") ? net.cmd : net.anchor(Integer.parseInt(name.substring(4))),
            args);
    }

    /** @return the answers to several dmmctl questions ({name, args…}), asked in parallel. */
    List<String> dmmctlAll(final List<String[]> questions)
    {
        return processes.dmmctlAll(questions);
    }

    /** @return a counter of MAAR n's data plane (its counters file). */
    long dataPlaneCounter(final int n, final String label) throws IOException
    {
        return processes.dataPlane(n).counter(label);
    }

    /** @return the flows started so far (live: {@link Flow#received()}). */
    List<Flow> flows()
    {
        return flows.all();
    }

    /** The node leaves the domain: its link goes down and off every access link's bridge. */
    void mobileNodeLeaves()
    {
        net.mobileNodeLeaves();
    }

    /** Sends {@code count} UDP datagrams from the correspondent to each address (no answer expected). */
    void probeFromCorrespondent(final List<String> addresses, final int count)
    {
        net.udpFromCorrespondent(addresses, count);
    }

    /** @return the router's capture of every Mobility Header of the story (complete once {@link #run} returned). */
    Path signallingCapture()
    {
        return dir.resolve("signalling.pcap");
    }

    /** Sends IPv6-in-IPv6 probes from the router ({@link LabNetwork#encapsulatedFromRouter}). */
    void probeTunnels(final List<String> tunnels, final int count)
    {
        net.encapsulatedFromRouter(tunnels, count);
    }

    /** Prints a line of the story (with the lab's clock). */
    void log(final String format, final Object... args)
    {
        say(format, args);
    }
}
