package net.dmmgw.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import net.dmmgw.fastpath.system.Shell;

/**
 * RFC 8885 §3.5 with real processes (issue 7): de-registration variants, a P-MAAR's late de-registration and the
 * expiry of the whole session, in one lab bring-up (relay mode) with 8-s bindings. MAAR1 runs variant (b) (it keeps
 * its BCE timer as P-MAAR and de-registers at expiry), MAAR2 variant (a) (it stops its timer), MAAR3 (b); the variant
 * is each MAAR's own setting, so one domain shows both.
 * <ol>
 * <li>The story ({@link DmmLab#run}): the node moves MAAR1 → MAAR2 → MAAR3, a flow from each address.</li>
 * <li>Then, while the three flows run and the node is at MAAR3 (it moved on twice since MAAR1 served it): MAAR1's
 * lifetime-0 PBUs reach the CMD at each expiry of its timer and the CMD renews them (two renewals at least, seen in
 * both counters and in MAAR1's moving {@code expiresAt}); the session and the other anchors stay (the CMD's binding:
 * MAAR3 serving, MAAR1 and MAAR2 previous; MAAR1 and MAAR2 still route their prefixes into the tunnel to MAAR3); and
 * MAAR2 (a) shows no timer and sends nothing. The flows' sequence numbers show no request lost in that window.</li>
 * <li>The node leaves the domain (its link off every bridge; {@code dmmctl detach} at MAAR3 is the layer-2 trigger the
 * lab has no other way to give): MAAR3's binding runs out, it ends the session, the CMD tells MAAR1 and MAAR2; then no
 * binding in any dmmctl view, no route, tunnel or neighbour in any MAAR's tables; and from the data planes' side,
 * traffic to the node's old addresses is dropped with "no route", and IPv6-in-IPv6 probes the router sends as if from
 * the other MAARs (decapsulated by every MAAR while the session lived) are dropped as "tunnel packet from unknown
 * peer"; nothing encapsulated, decapsulated or delivered; none of the removals refused.</li>
 * </ol>
 */
class DmmDeregistrationSystemTest
{
    private static final String MN = LabNetwork.MN_ID;
    private static final int PROBES = 20;

    private long windowStartMs;
    private long windowEndMs;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void deregistrationVariantsLateDeregistrationAndSessionExpiry() throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        final String tag = "t" + ProcessHandle.current().pid() + "x";
        try (DmmLab lab = DmmLab.start(new DmmLab.Options("relay", tag, 0.02, System.out),
            new LabLifetimes(List.of("b", "a", "b"), 8)))
        {
            final DmmLab.Result result = lab.run(() -> previousMaarTimers(lab));
            assertTrue(result.ok(), result.demoLine());
            assertTrue(windowEndMs > windowStartMs, "the de-registration window was watched");
            for (final Flow.FlowReport r : result.flowReports())
            {
                assertEquals(0, r.lostBetween(windowStartMs, windowEndMs),
                    "flow " + r.number() + ": no request lost while MAAR1 de-registered and was renewed: " + r);
                assertTrue(r.endsAnswered(), "flow " + r.number() + " answered at the end");
            }
            onTheWire(lab);
            sessionExpiry(lab);
        }
        DmmLabSystemTest.assertNoTrace(tag);
    }

    /** Variants (b) at MAAR1 and (a) at MAAR2 while the node is at MAAR3 and the flows run (a LabFailure ends it). */
    private void previousMaarTimers(final DmmLab lab) throws InterruptedException
    {
        windowStartMs = System.currentTimeMillis();
        final View first = View.read(lab);
        first.checkSessionIntact();
        require(!first.maar1Expiry().isEmpty(), "MAAR1 (variant b) keeps its BCE timer as P-MAAR: " + first.maar1);
        final long[][] floors = new long[3][];
        final List<Flow> flows = lab.flows();
        for (int f = 0; f < flows.size(); f++)
        {
            floors[f] = flows.get(f).received();
        }
        final Set<String> maar1Expiries = new LinkedHashSet<>();
        maar1Expiries.add(first.maar1Expiry());
        // Watch MAAR1 alone (two dmmctl JVMs per look) until the CMD renewed it twice and its expiry moved.
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        final long firstRenewals = first.number("maar1", "renewals");
        long renewed = 0;
        while (renewed < 2 || maar1Expiries.size() < 3)
        {
            require(System.nanoTime() - deadline < 0, "MAAR1 was not renewed twice within 60 s: " + renewed + ", " +
                maar1Expiries);
            Thread.sleep(250);
            final List<String> m1 = lab.dmmctlAll(List.of(new String[] {"maar1", "show", "bindings", "--json"},
                new String[] {"maar1", "show", "counters", "--json"}));
            final MaarState st = MaarState.parse(m1.get(0));
            require(st.present() && "PREVIOUS".equals(st.state()) && LabNetwork.maarAddress(3).equals(st.servingMaar()),
                "MAAR1 stays a P-MAAR tunnelling to MAAR3: " + m1.get(0));
            maar1Expiries.add(MaarState.text(m1.get(0), "expiresAt"));
            renewed = MaarState.number(m1.get(1), "renewals") - firstRenewals;
        }
        final View now = View.read(lab);
        now.checkSessionIntact();
        final long renewals = now.delta(first, "maar1", "renewals");
        lab.log("MAAR1 (b): %d lifetime-0 PBUs at expiry, %d renewals by the CMD; expiresAt %s; MAAR2 (a): no timer, "
            + "%d PBUs", now.delta(first, "maar1", "deregistrations"), renewals, maar1Expiries,
            now.delta(first, "maar2", "pbus_sent"));
        require(now.delta(first, "maar1", "deregistrations") >= renewals, "every renewal answers a de-registration");
        // (read in parallel with MAAR1's counters: a renewal may fall between the two reads, hence >= 2, not == renewals)
        require(now.delta(first, "cmd", "renewals") >= 2, "the CMD counted its renewals: " + now.cmdCounters);
        require(now.delta(first, "maar2", "pbus_sent") == 0 && now.number("maar2", "deregistrations") == 0 &&
            now.number("maar2", "renewals") == 0, "MAAR2 (variant a) sends nothing as P-MAAR: " + now.maar2Counters);
        for (final String counter : List.of("session_ends", "expiries", "maar_refusals"))
        {
            require(now.number("cmd", counter) == 0, "CMD " + counter + " stays 0: " + now.cmdCounters);
        }
        require(now.number("maar1", "removed_by_cmd") == 0, "MAAR1 kept its state: " + now.maar1Counters);
        // The other anchor's routes stay (RFC 8885 §3.5: a P-MAAR's de-registration must not end the session).
        final List<String> routes = lab.dmmctlAll(List.of(new String[] {"maar1", "show", "routes", "--json"},
            new String[] {"maar2", "show", "routes", "--json"}));
        for (int n = 1; n <= 2; n++)
        {
            require(routes.get(n - 1).contains("\"DESTINATION\"") && routes.get(n - 1).contains("\"TUNNEL\"") &&
                routes.get(n - 1).contains(LabNetwork.maarAddress(3)), "MAAR" + n + " routes its prefix to MAAR3: " +
                routes.get(n - 1));
        }
        for (int f = 0; f < flows.size(); f++)
        {
            final Flow flow = flows.get(f);
            require(flow.awaitReplies(floors[f], 5_000), "flow " + flow.number + " kept getting replies");
        }
        windowEndMs = System.currentTimeMillis();
    }

    /**
     * The router's capture (both directions of each message, as it entered and left the router): every lifetime-0 PBU
     * MAAR1 sent to the CMD got a PBA 0 with the same sequence number and a non-zero lifetime (the renewal, not an
     * acknowledgement with 0); MAAR2 (a) sent none; the CMD sent no lifetime-0 PBU to any MAAR (it never ended the
     * session or dropped an anchor) and no lifetime-0 PBA to MAAR1.
     */
    private static void onTheWire(final DmmLab lab)
    {
        final String fields = Shell.run(60, "tshark", "-n", "-r", lab.signallingCapture().toString(), "-Y",
            "mip6.mhtype == 5 || mip6.mhtype == 6", "-T", "fields", "-E", "separator=,", "-e", "ipv6.src", "-e",
            "ipv6.dst", "-e", "mip6.mhtype", "-e", "mip6.bu.seqnr", "-e", "mip6.bu.lifetime", "-e", "mip6.ba.seqnr",
            "-e", "mip6.ba.lifetime", "-e", "mip6.ba.status");
        final String m1 = LabNetwork.maarAddress(1);
        final String m2 = LabNetwork.maarAddress(2);
        final String cmd = LabNetwork.CMD_ADDRESS;
        final Set<String> deregistrations = new LinkedHashSet<>();
        final Set<String> renewed = new LinkedHashSet<>();
        for (final String line : fields.lines().filter(l -> l.matches("[0-9a-f:]+,[0-9a-f:]+,[56],.*")).toList())
        {
            final String[] f = line.split(",", -1);
            final boolean pbu = f[2].equals("5");
            final boolean zero = pbu ? "0".equals(f[4]) : "0".equals(f[6]);
            if (pbu && zero && f[1].equals(cmd))
            {
                assertTrue(!f[0].equals(m2), "MAAR2 (variant a) de-registered: " + line);
                if (f[0].equals(m1))
                {
                    deregistrations.add(f[3]);
                }
            }
            assertTrue(!(pbu && zero && f[0].equals(cmd)), "the CMD told a MAAR to remove the node: " + line);
            if (!pbu && f[0].equals(cmd) && f[1].equals(m1))
            {
                assertTrue(!zero, "the CMD answered MAAR1 with lifetime 0: " + line);
                if ("0".equals(f[7]))
                {
                    renewed.add(f[5]);
                }
            }
        }
        assertTrue(deregistrations.size() >= 2, "MAAR1's lifetime-0 PBUs on the wire: " + deregistrations);
        assertTrue(renewed.containsAll(deregistrations), "each renewed with a lifetime: de-registrations " +
            deregistrations + ", renewals " + renewed);
        lab.log("on the wire (router): MAAR1's lifetime-0 PBUs %s each answered by the CMD with a PBA 0 of non-zero "
            + "lifetime; none from MAAR2; no lifetime-0 PBU from the CMD", deregistrations);
    }

    /** The node leaves; the serving MAAR ends the session; every MAAR, its data plane and the CMD end up empty. */
    private static void sessionExpiry(final DmmLab lab) throws IOException, InterruptedException
    {
        final List<String> addresses = lab.flows().stream().map(f -> f.source).toList();
        // Tunnel probes from the router: MAAR3 → MAAR n with the node's MAAR n address inside (its uplink through
        // MAAR n), MAAR n → MAAR3 with the correspondent's datagram to that address inside (its downlink).
        final List<String> tunnels = new ArrayList<>();
        for (int n = 1; n < LabNetwork.MAARS; n++)
        {
            tunnels.add(String.join(",", LabNetwork.maarAddress(3), LabNetwork.maarAddress(n), addresses.get(n - 1),
                LabNetwork.CN_ADDRESS));
            tunnels.add(String.join(",", LabNetwork.maarAddress(n), LabNetwork.maarAddress(3), LabNetwork.CN_ADDRESS,
                addresses.get(n - 1)));
        }
        final long[] expected = {PROBES, PROBES, 2 * PROBES}; // probes per MAAR
        // While the session lives, every MAAR decapsulates them (so that the same probes later show the tunnels gone).
        final long[][] alive = dataPlaneCounters(lab);
        lab.probeTunnels(tunnels, PROBES);
        final long[][] decapsulated = awaitCounter(lab, alive, DECAPSULATED, expected);
        for (int n = 1; n <= LabNetwork.MAARS; n++)
        {
            assertTrue(decapsulated[n - 1][DECAPSULATED] - alive[n - 1][DECAPSULATED] >= expected[n - 1],
                "MAAR" + n + " decapsulates the probes while the session lives");
        }
        Thread.sleep(500); // the node's answers to the probes (ICMP port unreachable) are through
        final long[][] before = dataPlaneCounters(lab);
        final View start = View.read(lab);
        lab.log("MN: leaves the domain (link down, off every bridge); MAAR3 told by dmmctl detach (its L2 trigger)");
        lab.mobileNodeLeaves();
        final long leftAt = System.currentTimeMillis();
        lab.dmmctl("maar3", "detach", MN);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        List<String> bindings;
        while (true)
        {
            bindings = lab.dmmctlAll(List.of(new String[] {"cmd", "show", "bindings", "--json"},
                new String[] {"maar1", "show", "bindings", "--json"}, new String[] {"maar2", "show", "bindings", "--json"},
                new String[] {"maar3", "show", "bindings", "--json"}));
            if (bindings.stream().noneMatch(b -> b.contains("\"mnId\"")))
            {
                break;
            }
            assertTrue(System.nanoTime() - deadline < 0, "the session was not cleaned within 40 s: " + bindings);
            Thread.sleep(500);
        }
        lab.log("session gone everywhere %d ms after the node left (8-s bindings)", System.currentTimeMillis() - leftAt);
        final View end = View.read(lab);
        assertEquals(1, end.delta(start, "maar3", "session_ends"), "the serving MAAR ended the session");
        assertEquals(1, end.delta(start, "cmd", "session_ends"), "the CMD ended it on MAAR3's PBU: " + end.cmdCounters);
        assertEquals(0, end.number("cmd", "expiries"), "not by the CMD's own timer: " + end.cmdCounters);
        assertEquals(0, end.delta(start, "maar3", "unmatched"), "the CMD's answer to the end is expected at MAAR3");
        assertEquals(1, end.delta(start, "maar1", "removed_by_cmd"), "MAAR1 removed by the CMD's lifetime-0 PBU");
        assertEquals(1, end.delta(start, "maar2", "removed_by_cmd"), "MAAR2 removed by the CMD's lifetime-0 PBU");
        final List<String[]> questions = new ArrayList<>();
        for (int n = 1; n <= LabNetwork.MAARS; n++)
        {
            for (final String table : List.of("routes", "tunnels", "neighbours"))
            {
                questions.add(new String[] {"maar" + n, "show", table, "--json"});
            }
        }
        final List<String> tables = lab.dmmctlAll(questions);
        for (int i = 0; i < tables.size(); i++)
        {
            final String json = tables.get(i);
            assertTrue(json.indexOf('{', json.indexOf('[') + 1) < 0, String.join(" ", questions.get(i)) + " is empty: " +
                json);
        }
        // The data planes' side: traffic to the node's three addresses finds no route at any MAAR, and the same
        // tunnel probes as before find no tunnel from that peer any more.
        lab.probeFromCorrespondent(addresses, PROBES);
        lab.probeTunnels(tunnels, PROBES);
        awaitCounter(lab, before, NO_ROUTE, new long[] {PROBES, PROBES, PROBES});
        final long[][] after = awaitCounter(lab, before, UNKNOWN_PEER, expected);
        for (int n = 1; n <= LabNetwork.MAARS; n++)
        {
            final long[] b = before[n - 1];
            final long[] a = after[n - 1];
            lab.log("MAAR%d data plane after the end: no route +%d, tunnel packet from unknown peer +%d, decapsulated "
                + "+%d, encapsulated +%d, delivered +%d, ipc refused +%d (before it: decapsulated +%d of the same probes)",
                n, a[NO_ROUTE] - b[NO_ROUTE], a[UNKNOWN_PEER] - b[UNKNOWN_PEER], a[DECAPSULATED] - b[DECAPSULATED],
                a[ENCAPSULATED] - b[ENCAPSULATED], a[DELIVERED] - b[DELIVERED], a[REFUSED] - b[REFUSED],
                decapsulated[n - 1][DECAPSULATED] - alive[n - 1][DECAPSULATED]);
            assertTrue(a[NO_ROUTE] - b[NO_ROUTE] >= PROBES, "MAAR" + n + "'s data plane has no route for its prefix");
            assertTrue(a[UNKNOWN_PEER] - b[UNKNOWN_PEER] >= expected[n - 1], "MAAR" + n + "'s data plane has no tunnel");
            assertEquals(b[DECAPSULATED], a[DECAPSULATED], "MAAR" + n + " decapsulated nothing after the end");
            assertEquals(b[ENCAPSULATED], a[ENCAPSULATED], "MAAR" + n + " encapsulated nothing after the end");
            assertEquals(b[DELIVERED], a[DELIVERED], "MAAR" + n + " delivered nothing after the end");
            assertEquals(b[REFUSED], a[REFUSED], "MAAR" + n + "'s data plane refused none of the removals");
        }
    }

    private static final String[] DATA_PLANE_COUNTERS = {"w0 drop: no route", "w0 encapsulated", "w0 delivered",
        "ipc: control messages refused", "w0 decapsulated", "w0 drop: tunnel packet from unknown peer"};
    private static final int NO_ROUTE = 0;
    private static final int ENCAPSULATED = 1;
    private static final int DELIVERED = 2;
    private static final int REFUSED = 3;
    private static final int DECAPSULATED = 4;
    private static final int UNKNOWN_PEER = 5;

    /** @return the counters once counter {@code c} grew by {@code by[n]} at each MAAR n since {@code from} (≤ 10 s). */
    private static long[][] awaitCounter(final DmmLab lab, final long[][] from, final int c, final long[] by)
        throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true)
        {
            final long[][] now = dataPlaneCounters(lab);
            boolean all = true;
            for (int n = 0; n < from.length; n++)
            {
                all &= now[n][c] - from[n][c] >= by[n];
            }
            if (all || System.nanoTime() - deadline > 0)
            {
                return now;
            }
            Thread.sleep(100);
        }
    }

    private static long[][] dataPlaneCounters(final DmmLab lab) throws IOException
    {
        final long[][] values = new long[LabNetwork.MAARS][DATA_PLANE_COUNTERS.length];
        for (int n = 1; n <= LabNetwork.MAARS; n++)
        {
            for (int c = 0; c < DATA_PLANE_COUNTERS.length; c++)
            {
                values[n - 1][c] = lab.dataPlaneCounter(n, DATA_PLANE_COUNTERS[c]);
            }
        }
        return values;
    }

    private static void require(final boolean condition, final String what)
    {
        if (!condition)
        {
            throw new DmmLab.LabFailure(what);
        }
    }

    /** The CMD's and the P-MAARs' bindings and counters at one moment (dmmctl, in parallel). */
    private record View(String cmdBindings, String maar1, String maar2, String cmdCounters, String maar1Counters,
        String maar2Counters, String maar3Counters)
    {
        static View read(final DmmLab lab)
        {
            final List<String> a = lab.dmmctlAll(List.of(new String[] {"cmd", "show", "bindings", "--json"},
                new String[] {"maar1", "show", "bindings", "--json"}, new String[] {"maar2", "show", "bindings", "--json"},
                new String[] {"cmd", "show", "counters", "--json"}, new String[] {"maar1", "show", "counters", "--json"},
                new String[] {"maar2", "show", "counters", "--json"},
                new String[] {"maar3", "show", "counters", "--json"}));
            return new View(a.get(0), a.get(1), a.get(2), a.get(3), a.get(4), a.get(5), a.get(6));
        }

        String maar1Expiry()
        {
            return MaarState.text(maar1, "expiresAt");
        }

        long number(final String node, final String counter)
        {
            final String json = switch (node)
            {
                case "cmd" -> cmdCounters;
                case "maar1" -> maar1Counters;
                case "maar2" -> maar2Counters;
                default -> maar3Counters;
            };
            if (!json.contains("\"" + counter + "\""))
            {
                throw new UncheckedIOException(new IOException("no counter " + counter + " at " + node + ": " + json));
            }
            return MaarState.number(json, counter);
        }

        long delta(final View earlier, final String node, final String counter)
        {
            return number(node, counter) - earlier.number(node, counter);
        }

        /** The session and both other anchors as they must stay while the node is at MAAR3. */
        void checkSessionIntact()
        {
            final MaarState m1 = MaarState.parse(maar1);
            final MaarState m2 = MaarState.parse(maar2);
            require(m1.present() && "PREVIOUS".equals(m1.state()) &&
                LabNetwork.maarAddress(3).equals(m1.servingMaar()), "MAAR1 is a P-MAAR tunnelling to MAAR3: " + maar1);
            require(m2.present() && "PREVIOUS".equals(m2.state()) &&
                LabNetwork.maarAddress(3).equals(m2.servingMaar()), "MAAR2 is a P-MAAR tunnelling to MAAR3: " + maar2);
            require(MaarState.text(maar2, "expiresAt").isEmpty(), "MAAR2 (variant a) stopped its timer: " + maar2);
            require(LabNetwork.maarAddress(3).equals(MaarState.text(cmdBindings, "servingMaar")) &&
                cmdBindings.contains(m1.anchoredPrefix()) && cmdBindings.contains(m2.anchoredPrefix()) &&
                cmdBindings.contains(LabNetwork.maarAddress(1)) && cmdBindings.contains(LabNetwork.maarAddress(2)),
                "the CMD's binding: MAAR3 serving, MAAR1 and MAAR2 previous with their prefixes: " + cmdBindings);
        }
    }
}
