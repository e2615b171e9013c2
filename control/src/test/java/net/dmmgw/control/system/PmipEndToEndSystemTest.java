package net.dmmgw.control.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import net.dmmgw.fastpath.system.ChildJvm;
import net.dmmgw.fastpath.system.ChildProcesses;
import net.dmmgw.fastpath.system.ClassPathSnapshot;
import net.dmmgw.fastpath.system.DataPlaneProcess;
import net.dmmgw.fastpath.system.Shell;
import net.dmmgw.fastpath.system.Trees;

/**
 * Issue 6's first acceptance point, end to end with real parts only ({@link PmipLab}): an LMA and two MAGs, each a
 * control process ({@code ControlMain}) with its own data plane ({@code DataPlaneMain}, DPDK {@code net_af_packet}
 * on veths, the seam over {@code aeron:udp} on the namespace's loopback), a Linux router between them, an unmodified
 * Linux host as the mobile node and another as the correspondent.
 * <ol>
 * <li>The mobile node's link comes up on MAG1's access link: its RS is punted to MAG1, MAG1 registers it with the LMA
 * (PBU / PBA through both data planes and the router), programs its data plane and answers with an RA; the node
 * configures an address in its HNP by SLAAC.</li>
 * <li>The correspondent pings that address: LMA data plane → IPv6-in-IPv6 → MAG1 (decapsulated although the inner
 * source is the correspondent's) → the node; the echo replies go back through the reverse tunnel.</li>
 * <li>Handoff during a ping flow: MAG1 is told the node left ({@code scripts/dmmctl detach MAC} in its namespace:
 * routes removed, de-registration), the node's link moves to MAG2's bridge with a carrier loss; its RS reaches
 * MAG2, whose PBU the LMA takes as a handoff of the same session: same prefix, same address, the flow continues.
 * Losses are counted.</li>
 * </ol>
 * The MAGs' state is read as an operator does, with {@code scripts/dmmctl} ({@link Dmmctl}) against each process's
 * admin API ({@code admin.run-dir} under the test's directory).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PmipEndToEndSystemTest
{
    private static final String PID = Long.toString(ProcessHandle.current().pid());
    private static final String SEAM = """
        dmmgw.ipc.to.dataplane.channel=aeron:udp?endpoint=127.0.0.1:40531
        dmmgw.ipc.to.control.channel=aeron:udp?endpoint=127.0.0.1:40532
        """;
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");
    private static final Pattern REPLY = Pattern.compile("icmp_seq=(\\d+)");
    private static final Pattern PREFIXES = Pattern.compile("\"prefixes\"\\s*:\\s*\\[\\s*\"([0-9a-f:]+/64)\"\\s*]");
    private static final Pattern RAS = Pattern.compile("\"router_advertisements\"\\s*:\\s*(\\d+)");
    private static final Pattern NAS = Pattern.compile("\"neighbour_advertisements\"\\s*:\\s*(\\d+)");

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();
    private final List<Process> pings = new ArrayList<>();
    private final List<DataPlaneProcess> dataPlanes = new ArrayList<>();
    private final List<Path> controlAeronDirs = new ArrayList<>();
    private PmipLab lab;
    private ClassPathSnapshot classPath;
    private Path dir;
    private Path pingScript;
    private ChildJvm mag2Control;

    @BeforeEach
    void build() throws IOException
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        dir = Files.createTempDirectory("dmmgw-e2e-");
        lab = PmipLab.create(PID);
        classPath = ClassPathSnapshot.take("dmmgw-e2e-classes-");
        try
        {
            pingScript = Path.of(getClass().getResource("/system/ping6.py").toURI());
        }
        catch (final java.net.URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @AfterEach
    void cleanUp()
    {
        pings.forEach(Process::destroyForcibly);
        children.closeAll();
        dataPlanes.forEach(DataPlaneProcess::close);
        controlAeronDirs.forEach(Trees::delete);
        if (lab != null)
        {
            lab.close();
        }
        if (classPath != null)
        {
            classPath.close();
        }
        Trees.delete(dir);
    }

    @Test
    void theCorrespondentReachesTheMobileNodeThroughTheTunnelAndTheFlowSurvivesAHandoff() throws Exception
    {
        // The LMA's data plane: port 0 toward the correspondent, port 1 toward the router. No static state: the
        // LMA's control process programs its static route to the correspondent's network and resolves the
        // correspondent by ND, and answers the correspondent's NS for port 0's address.
        startDataPlane(lab.lma, "e2lma" + PID,
            DataPlaneProcess.port("0", "l0", "core", PmipLab.LMA_PORT0_MAC, PmipLab.LMA_CN_SIDE) +
            DataPlaneProcess.port("1", "l1", "core", PmipLab.LMA_PORT1_MAC, PmipLab.LMA), "");
        startDataPlane(lab.mag1, "e2mag1" + PID,
            DataPlaneProcess.port("0", "g0", "access", PmipLab.MAG_ACCESS_MAC, "2001:db8:a1::1") +
            DataPlaneProcess.port("1", "g1", "core", PmipLab.MAG1_CORE_MAC, PmipLab.MAG1), "");
        startDataPlane(lab.mag2, "e2mag2" + PID,
            DataPlaneProcess.port("0", "h0", "access", PmipLab.MAG_ACCESS_MAC, "2001:db8:a2::1") +
            DataPlaneProcess.port("1", "h1", "core", PmipLab.MAG2_CORE_MAC, PmipLab.MAG2), "");

        final ChildJvm lma = startControl("lma", lab.lma, """
            node.role=lma
            lma.address=%s
            lma.hnp-pool=2001:db8:100::/40
            lma.served-domains=example.com
            lma.heartbeat-interval-ms=0
            peer.mag1.address=%s
            peer.mag2.address=%s
            journal.dir=%s
            dataplane.port.0.address=%s
            dataplane.port.0.mac=%s
            route.cn.prefix=2001:db8:e0::/64
            route.cn.via=%s
            route.cn.port=0
            """.formatted(PmipLab.LMA, PmipLab.MAG1, PmipLab.MAG2, dir.resolve("lma-journal"), PmipLab.LMA_CN_SIDE,
                PmipLab.LMA_PORT0_MAC, PmipLab.CN_ADDRESS),
            PmipLab.LMA_PORT1_MAC, PmipLab.ROUTER_A_MAC);
        final ChildJvm mag1 = startControl("mag1", lab.mag1, magKeys(PmipLab.MAG1), PmipLab.MAG1_CORE_MAC,
            PmipLab.ROUTER_1_MAC);
        final ChildJvm mag2 = startControl("mag2", lab.mag2, magKeys(PmipLab.MAG2), PmipLab.MAG2_CORE_MAC,
            PmipLab.ROUTER_2_MAC);
        mag2Control = mag2;
        for (final ChildJvm control : List.of(lma, mag1, mag2))
        {
            assertTrue(control.output().contains("(answering)"), control.output());
        }

        try
        {
            attachPingAndHandoff();
        }
        catch (final AssertionError failure)
        {
            final StringBuilder d = new StringBuilder(failure.getMessage()).append("\n--- diagnostics:\n");
            dataPlanes.forEach(p -> d.append(p.nonZeroCounters()));
            for (final String[] c : new String[][] {{"lma", lab.lma}, {"mag1", lab.mag1}, {"mag2", lab.mag2}})
            {
                d.append(c[0]).append(": ").append(dmmctlQuietly(c[0], c[1], "show", "counters", "--json"))
                    .append('\n').append(dmmctlQuietly(c[0], c[1], "show", "bindings", "--json")).append('\n');
            }
            d.append("mn: ").append(Shell.runQuietly(10, "ip", "-n", lab.mn, "-6", "addr"))
                .append(Shell.runQuietly(10, "ip", "-n", lab.mn, "-6", "route"))
                .append(Shell.runQuietly(10, "ip", "-n", lab.mn, "-6", "neigh"))
                .append("router: ").append(Shell.runQuietly(10, "ip", "-n", lab.core, "-s", "link"));
            throw new AssertionError(d.toString(), failure);
        }
    }

    private void attachPingAndHandoff() throws Exception
    {
        // 1. Attachment at MAG1 and SLAAC from its RA.
        final long attachStart = System.nanoTime();
        lab.mobileNodeUp();
        final String address = awaitMobileNodeAddress(20_000);
        final long attachMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - attachStart);
        final String hnp = hnp(bindings("mag1", lab.mag1));
        assertTrue(inPrefix(address, hnp), address + " is not in MAG1's HNP " + hnp);
        assertTrue(inPrefix(address, "2001:db8:100::/40"), address + " outside the LMA's pool");

        // 2. The correspondent reaches the node's HNP address through the LMA→MAG1 tunnel and back.
        final Ping before = ping(address, 10, "0.1");
        assertEquals(10, before.received(), "before the handoff: " + before.output());

        // 3. Handoff to MAG2 during a flow of 10 echo requests per second.
        final Process flow = startPing(address, 120, "0.1");
        Thread.sleep(2_000);
        final String detached = dmmctl("mag1", lab.mag1, "detach", PmipLab.MN_MAC);
        assertTrue(detached.contains("detach alice@example.com: detached, de-registration sent"), detached);
        lab.moveMobileNodeToMag2();
        final Ping during = Ping.of(finish(flow, 30));
        final String hnpAtMag2 = hnp(bindings("mag2", lab.mag2));
        assertEquals(hnp, hnpAtMag2, "the prefix is kept across the handoff");
        assertTrue(lab.mobileNodeAddresses().contains(address), "same address: " + lab.mobileNodeAddresses());
        final String atMag1 = bindings("mag1", lab.mag1);
        assertTrue(atMag1.contains("\"bindings\"") && !atMag1.contains("mnId"), "MAG1 no longer serves the node: " +
            atMag1);

        final List<Integer> replies = during.replies();
        final int lost = during.transmitted() - during.received();
        System.out.printf("e2e: attach+SLAAC %d ms; handoff flow %d sent, %d received, %d lost (%.1f s at 10/s); "
            + "replies up to seq %d%n", attachMs, during.transmitted(), during.received(), lost, lost / 10.0,
            replies.isEmpty() ? -1 : replies.get(replies.size() - 1));
        assertTrue(replies.contains(1) && replies.contains(10), "the flow ran before the handoff: " + during.output());
        final List<Integer> lastTen = List.of(111, 112, 113, 114, 115, 116, 117, 118, 119, 120);
        assertTrue(replies.containsAll(lastTen), "the flow continues after the handoff (last 10 answered): " +
            during.output());
        assertTrue(lost < 60, lost + " of 120 lost: " + during.output());
        final Ping after = ping(address, 10, "0.1");
        assertEquals(10, after.received(), "after the handoff: " + after.output());
        // The node's unreachability probes of fe80::1 (its router since the RAs) were answered by the MAG it was on.
        final String counters = dmmctl("mag2", lab.mag2, "show", "counters", "--json");
        final Matcher nas = NAS.matcher(counters);
        assertTrue(nas.find() && Integer.parseInt(nas.group(1)) >= 1, "MAG2 answered the node's NS: " + counters);
        // The router found the LMA and both MAGs by Neighbour Discovery, answered through their data planes.
        final String neighbours = lab.routerNeighbours();
        for (final String[] n : new String[][] {{PmipLab.LMA, PmipLab.LMA_PORT1_MAC},
            {PmipLab.MAG1, PmipLab.MAG1_CORE_MAC}, {PmipLab.MAG2, PmipLab.MAG2_CORE_MAC}})
        {
            assertTrue(neighbours.contains(n[0] + " dev ") && neighbours.contains("lladdr " + n[1]), neighbours);
        }
        // The correspondent found the LMA data plane's port 0 by ND (no static entry), answered by the LMA's control
        // process; the LMA resolved the correspondent (its static route's gateway) by ND: both counted at the LMA.
        final String cnNeighbours = lab.correspondentNeighbours();
        assertTrue(cnNeighbours.contains(PmipLab.LMA_CN_SIDE + " dev cn0 lladdr " + PmipLab.LMA_PORT0_MAC) &&
            !cnNeighbours.contains("PERMANENT"), cnNeighbours);
        final String lmaCounters = dmmctl("lma", lab.lma, "show", "counters", "--json");
        assertTrue(lmaCounters.matches("(?s).*\"gateways_resolved\"\\s*:\\s*[1-9].*"), lmaCounters);

        // 4. kill -9 of MAG2's control process and a new one on the same Binding Update List journal: the node is
        // served again without an RS (restored, same HNP, an RA at once), and its routes survive the new process's
        // snapshot in a new epoch (a MAG that forgot the node would sweep them: the pings would go unanswered).
        mag2Control.kill9();
        final ChildJvm again = startControl("mag2-restarted", lab.mag2,
            magKeys(PmipLab.MAG2, dir.resolve(PmipLab.MAG2.replace(':', '_') + "-bul")), PmipLab.MAG2_CORE_MAC,
            PmipLab.ROUTER_2_MAC);
        assertTrue(again.output().contains("restored=1"), again.output());
        assertEquals(hnp, hnp(bindings("mag2-restarted", lab.mag2)), "the restarted MAG serves the same prefix");
        final Ping restarted = ping(address, 10, "0.1");
        assertEquals(10, restarted.received(), "after MAG2's restart: " + restarted.output());
        final Matcher ras = RAS.matcher(dmmctl("mag2-restarted", lab.mag2, "show", "counters", "--json"));
        assertTrue(ras.find() && Integer.parseInt(ras.group(1)) >= 1, "RA service resumed without an RS");
    }

    private String magKeys(final String address)
    {
        return magKeys(address, dir.resolve(address.replace(':', '_') + "-bul"));
    }

    /** A MAG's keys; its Binding Update List is journalled in {@code journal}. */
    private static String magKeys(final String address, final Path journal)
    {
        return """
            node.role=mag
            mag.address=%s
            mag.lma-address=%s
            mag.link-local=fe80::1
            mag.mac=%s
            mag.lifetime-s=3600
            mag.max-rtr-adv-interval-s=600
            mn.alice.mac=%s
            mn.alice.id=alice@example.com
            journal.dir=%s
            """.formatted(address, PmipLab.LMA, PmipLab.MAG_ACCESS_MAC, PmipLab.MN_MAC, journal);
    }

    private void startDataPlane(final String namespace, final String tag, final String ports, final String more)
        throws Exception
    {
        final DataPlaneProcess dataPlane = new DataPlaneProcess(namespace, tag, dir, classPath.classPath());
        dataPlanes.add(dataPlane);
        dataPlane.startWithPorts(children, ports, "0:0,1:0", SEAM + more);
    }

    /** A control process on its namespace's data plane: tunnels and signalling out of port 1 to the router. */
    private ChildJvm startControl(final String name, final String namespace, final String roleKeys,
        final String port1Mac, final String routerMac) throws Exception
    {
        final Path aeronDir = Path.of("/dev/shm", "dmmgw-e2-" + name + "-" + PID);
        controlAeronDirs.add(aeronDir);
        final Path config = Files.writeString(dir.resolve(name + ".properties"), roleKeys + """
            tunnel.egress-port=1
            tunnel.mtu=1500
            tunnel.next-hop-mac=%2$s
            signalling.transport=dataplane
            signalling.dataplane.port=1
            signalling.dataplane.local-mac=%1$s
            signalling.dataplane.next-hop-mac=%2$s
            dataplane.client=aeron
            dataplane.start-wait-ms=10000
            idle=backoff
            dmmgw.ipc.aeron.dir=%3$s
            admin.run-dir=%4$s
            %5$s""".formatted(port1Mac, routerMac, aeronDir, runDir(name), SEAM));
        return ControlProcess.start(children, name, namespace, classPath.classPath(), dir.resolve(name + ".out"),
            config);
    }

    /** @return where a control process publishes its admin API's URL and token ({@code admin.run-dir}). */
    private Path runDir(final String name)
    {
        return dir.resolve(name + "-run");
    }

    /** @return what {@code scripts/dmmctl ARGS} printed at a control process (throws when it failed). */
    private String dmmctl(final String name, final String namespace, final String... args)
    {
        return Dmmctl.run(namespace, classPath.classPath(), runDir(name), args);
    }

    /** @return what dmmctl printed at a control process, or null when it failed (diagnostics). */
    private String dmmctlQuietly(final String name, final String namespace, final String... args)
    {
        return Dmmctl.runQuietly(namespace, classPath.classPath(), runDir(name), args);
    }

    /** @return {@code dmmctl show bindings --json} at a MAG (its Binding Update List). */
    private String bindings(final String name, final String namespace)
    {
        return dmmctl(name, namespace, "show", "bindings", "--json");
    }

    /** @return the single /64 in a MAG's bindings ({@code dmmctl show bindings --json}). */
    private static String hnp(final String bindings)
    {
        final Matcher m = PREFIXES.matcher(bindings);
        assertTrue(m.find(), "one binding with one prefix: " + bindings);
        final String prefix = m.group(1);
        assertTrue(!m.find(), "one binding with one prefix: " + bindings);
        return prefix;
    }

    private String awaitMobileNodeAddress(final long timeoutMs) throws InterruptedException
    {
        final Pattern inet6 = Pattern.compile("inet6 ([0-9a-f:]+)/64 .*scope global(?! tentative)");
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        String shown = "";
        while (System.nanoTime() - deadline < 0)
        {
            shown = lab.mobileNodeAddresses();
            final Matcher m = inet6.matcher(shown);
            if (m.find() && !shown.contains("tentative"))
            {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no SLAAC address on the mobile node within " + timeoutMs + " ms: " + shown);
    }

    private static boolean inPrefix(final String address, final String prefix)
    {
        return net.dmmgw.ipc.Ipv6Words.inPrefix(address, prefix);
    }

    private Process startPing(final String address, final int count, final String interval) throws IOException
    {
        final Process p = new ProcessBuilder("ip", "netns", "exec", lab.cn, "/usr/bin/python3", pingScript.toString(),
            "--dst", address, "--count", Integer.toString(count), "--interval", interval, "--wait", "1.5")
            .redirectErrorStream(true).start();
        pings.add(p);
        return p;
    }

    private Ping ping(final String address, final int count, final String interval) throws Exception
    {
        return Ping.of(finish(startPing(address, count, interval), 30));
    }

    private static String finish(final Process p, final long timeoutS) throws Exception
    {
        final byte[] out = p.getInputStream().readAllBytes(); // ends when ping exits (bounded by its count)
        assertTrue(p.waitFor(timeoutS, TimeUnit.SECONDS), "ping did not end");
        return new String(out, StandardCharsets.UTF_8);
    }

    /** What ping printed: transmitted, received, the sequence numbers answered. */
    private record Ping(int transmitted, int received, String output)
    {
        static Ping of(final String output)
        {
            final Matcher m = SUMMARY.matcher(output);
            assertTrue(m.find(), "no ping summary: " + output);
            return new Ping(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), output);
        }

        List<Integer> replies()
        {
            final List<Integer> seqs = new ArrayList<>();
            output.lines().filter(l -> l.contains("bytes from")).forEach(l ->
            {
                final Matcher m = REPLY.matcher(l);
                if (m.find())
                {
                    seqs.add(Integer.parseInt(m.group(1)));
                }
            });
            return seqs;
        }
    }
}
