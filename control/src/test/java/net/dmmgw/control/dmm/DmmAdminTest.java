package net.dmmgw.control.dmm;

import static net.dmmgw.control.dmm.DmmRig.ALICE;
import static net.dmmgw.control.dmm.DmmRig.M;
import static net.dmmgw.control.dmm.DmmRig.MAAR;
import static net.dmmgw.control.dmm.DmmRig.PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import net.dmmgw.control.admin.AdminServer;
import net.dmmgw.control.admin.CmdAdmin;
import net.dmmgw.control.admin.JsonText;
import net.dmmgw.control.admin.MaarAdmin;
import net.dmmgw.control.admin.MetricsScrape;
import net.dmmgw.control.cli.DmmCtl;
import net.dmmgw.control.cli.ExitCode;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * dmmctl against the admin servers of a live CMD and two MAARs ({@link DmmRig}, relay mode, driven by a thread):
 * alice is attached at MAAR1 through {@code dmmctl attach}, moved to MAAR2 ({@code detach} at MAAR1, {@code attach}
 * at MAAR2), and {@code show bindings --json} / {@code show routes --json} at each node give the state the roles
 * hold: the CMD's serving MAAR, prefix and P-MAAR list, the S-MAAR's P-MAAR list and routes, the P-MAAR's tunnel to
 * the S-MAAR. The CMD refuses detach.
 */
class DmmAdminTest
{
    private DmmRig rig;
    private Path dir;
    private AdminServer cmdAdmin;
    private AdminServer maar1Admin;
    private AdminServer maar2Admin;
    private Thread driver;
    private volatile boolean running = true;

    record Run(int code, String out, String err)
    {
    }

    @BeforeEach
    void start() throws Exception
    {
        rig = new DmmRig("relay", "a", new Properties());
        dir = Files.createTempDirectory("dmm-admin");
        driver = new Thread(() ->
        {
            while (running)
            {
                rig.run();
                try
                {
                    Thread.sleep(1);
                }
                catch (final InterruptedException e)
                {
                    return;
                }
            }
        }, "dmm-admin-driver");
        driver.setDaemon(true);
        driver.start();
        cmdAdmin = AdminServer.start(rig.cmdAgent, new CmdAdmin(rig.cmd),
            new AdminServer.Options().runDir(dir.resolve("cmd")));
        maar1Admin = AdminServer.start(rig.maar(1).agent, new MaarAdmin(rig.maar(1).maar),
            new AdminServer.Options().runDir(dir.resolve("maar1")));
        maar2Admin = AdminServer.start(rig.maar(2).agent, new MaarAdmin(rig.maar(2).maar),
            new AdminServer.Options().runDir(dir.resolve("maar2")));
    }

    @AfterEach
    void stop() throws Exception
    {
        cmdAdmin.close();
        maar1Admin.close();
        maar2Admin.close();
        running = false;
        driver.join(5_000);
        IoUtil.delete(dir.toFile(), true);
    }

    private Run ctl(final String node, final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cmd = new CommandLine(new DmmCtl());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        final String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--run-dir";
        all[args.length + 1] = dir.resolve(node).toString();
        final Run run = new Run(cmd.execute(all), out.toString(), err.toString());
        if (!java.util.Arrays.asList(args).contains("--json"))
        {
            // The MAAR / CMD examples of the operator guide in control/README.md are these (real outputs).
            System.out.println("$ dmmctl " + String.join(" ", args) + "   # at the " + node.toUpperCase(
                java.util.Locale.ROOT) + ", exit " + run.code() + "\n" + run.out() + run.err());
        }
        return run;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> show(final String node, final String what)
    {
        final Run r = ctl(node, "show", what, "--json");
        assertEquals(ExitCode.OK, r.code(), r.err());
        return (List<Map<String, Object>>)((Map<String, Object>)JsonText.parse(r.out())).get(what);
    }

    /** Stops the driver so that the roles' state can be read directly on this thread. */
    private void halt() throws InterruptedException
    {
        running = false;
        driver.join(5_000);
        assertTrue(!driver.isAlive());
    }

    private static Number num(final Object o)
    {
        return (Number)o;
    }

    @Test
    void showBindingsAtTheCmdAndTheMaarsAfterAnAttachAndAMove() throws InterruptedException
    {
        final Run attach = ctl("maar1", "attach", "alice", "--port", String.valueOf(PORT));
        assertEquals(ExitCode.OK, attach.code(), attach.err());
        assertTrue(waitFor(() -> "SERVING".equals(first(show("maar1", "bindings")).get("state")) &&
            Boolean.TRUE.equals(first(show("maar1", "bindings")).get("registered"))), "MAAR1 registered alice");
        final String p1 = (String)first(show("maar1", "bindings")).get("anchoredPrefix");

        List<Map<String, Object>> cmd = show("cmd", "bindings");
        assertEquals(1, cmd.size(), cmd.toString());
        assertEquals(ALICE, cmd.get(0).get("mnId"));
        assertEquals(MAAR[0], cmd.get(0).get("servingMaar"));
        assertEquals(p1, cmd.get(0).get("servingPrefix"));
        assertEquals(List.of(), cmd.get(0).get("previousMaars"));
        assertEquals("ACTIVE", cmd.get(0).get("state"));

        Map<String, Object> b1 = first(show("maar1", "bindings"));
        assertEquals(ALICE, b1.get("mnId"));
        assertEquals(p1, b1.get("anchoredPrefix"));
        assertEquals(PORT, num(b1.get("port")).intValue());
        assertEquals(true, b1.get("attached"));
        assertEquals("02:00:00:00:aa:01", b1.get("mac"));
        assertEquals(List.of(), b1.get("previousMaars"));
        assertEquals(List.of(Map.of("table", "DESTINATION", "prefix", p1, "action", "DELIVER", "port", (long)PORT,
            "mnId", ALICE)), normalised(show("maar1", "routes")));
        assertEquals(List.of(), show("maar2", "bindings"));

        // The move: alice leaves MAAR1's link and shows up at MAAR2.
        assertEquals(ExitCode.OK, ctl("maar1", "detach", ALICE).code());
        assertEquals(false, first(show("maar1", "bindings")).get("attached"));
        final Run attach2 = ctl("maar2", "attach", "02:00:00:00:aa:01", "--port", String.valueOf(PORT));
        assertEquals(ExitCode.OK, attach2.code(), attach2.err());
        assertTrue(waitFor(() -> "PREVIOUS".equals(first(show("maar1", "bindings")).get("state")) &&
            !((List<?>)first(show("maar2", "bindings")).get("previousMaars")).isEmpty()), "the handover completed");
        final String p2 = (String)first(show("maar2", "bindings")).get("anchoredPrefix");
        assertTrue(!p1.equals(p2), p1 + " " + p2);

        cmd = show("cmd", "bindings");
        assertEquals(1, cmd.size(), cmd.toString());
        assertEquals(MAAR[1], cmd.get(0).get("servingMaar"));
        assertEquals(p2, cmd.get(0).get("servingPrefix"));
        assertEquals(List.of(Map.of("address", MAAR[0], "prefix", p1)), cmd.get(0).get("previousMaars"));
        assertEquals(false, cmd.get(0).get("awaitingPreviousMaars"));

        final Map<String, Object> b2 = first(show("maar2", "bindings"));
        assertEquals("SERVING", b2.get("state"));
        assertEquals(p2, b2.get("anchoredPrefix"));
        assertEquals(List.of(Map.of("address", MAAR[0], "prefix", p1)), b2.get("previousMaars"));
        b1 = first(show("maar1", "bindings"));
        assertEquals(MAAR[1], b1.get("servingMaar"));
        assertEquals(p1, b1.get("anchoredPrefix"));

        for (final String node : List.of("cmd", "maar1", "maar2"))
        {
            final Run table = ctl(node, "show", "bindings"); // the operator's table, P-MAAR lists included
            assertEquals(ExitCode.OK, table.code(), table.err());
            assertTrue(table.out().contains(ALICE) && table.out().contains(p1), node + ":\n" + table.out());
        }
        for (final String node : List.of("maar1", "maar2"))
        {
            for (final String what : List.of("tunnels", "routes", "peers"))
            {
                final Run table = ctl(node, "show", what); // printed for the operator guide; JSON checked below
                assertEquals(ExitCode.OK, table.code(), table.err());
                assertTrue(table.out().contains(MAAR[node.equals("maar1") ? 1 : 0]), node + " " + what + ":\n" +
                    table.out()); // the tunnel / route / peer towards the other MAAR
            }
        }
        final List<Map<String, Object>> routes2 = normalised(show("maar2", "routes"));
        final List<Map<String, Object>> routes1 = normalised(show("maar1", "routes"));
        final Run refused = ctl("cmd", "detach", ALICE);
        assertEquals(ExitCode.REFUSED, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("a session ends at its serving MAAR"), refused.err());
        assertEquals(1, show("cmd", "bindings").size(), "nothing changed");

        // The handover latency histogram: one attachment per MAAR (the rig's clock stands still: 0 ms), none at the CMD.
        final Map<String, Double> m2 = scrapeWhen(maar2Admin, "dmmgw_handover_latency_seconds_count{role=\"maar\"}");
        assertEquals(1.0, m2.get("dmmgw_handover_latency_seconds_count{role=\"maar\"}"));
        assertEquals(1.0, m2.get("dmmgw_handover_latency_seconds_bucket{role=\"maar\",le=\"0.001\"}"));
        assertEquals(1.0, m2.get("dmmgw_handover_latency_seconds_bucket{role=\"maar\",le=\"+Inf\"}"));
        assertEquals(0.0, m2.get("dmmgw_handover_latency_seconds_sum{role=\"maar\"}"));
        assertEquals(1.0, scrapeWhen(maar1Admin, "dmmgw_bindings{role=\"maar\",state=\"PREVIOUS\"}")
            .get("dmmgw_handover_latency_seconds_count{role=\"maar\"}"), "MAAR1 measured alice's first attachment");
        final Map<String, Double> cmdMetrics = scrapeWhen(cmdAdmin, "dmmgw_bindings{role=\"cmd\",state=\"ACTIVE\"}");
        assertTrue(cmdMetrics.keySet().stream().noneMatch(k -> k.startsWith("dmmgw_handover_latency")),
            "the CMD sees no attachment: " + cmdMetrics.keySet());

        // Compared with the roles and their data planes, read on this thread once the driver has stopped.
        halt();
        assertEquals(Ipv6Words.hi(p1.replace("/64", "")), rig.prefixAt(1));
        assertEquals(Ipv6Words.hi(p2.replace("/64", "")), rig.prefixAt(2));
        final int toMaar1 = rig.maar(2).maar.routing().tunnelOf(Ipv6Words.hi(M[0]), Ipv6Words.lo(M[0]));
        assertTrue(toMaar1 > 0);
        assertEquals(M[0], rig.maar(2).tunnelPeer(toMaar1));
        assertEquals(List.of(
            Map.of("table", "DESTINATION", "prefix", p2, "action", "DELIVER", "port", (long)PORT, "mnId", ALICE),
            Map.of("table", "SOURCE", "prefix", p1, "action", "TUNNEL", "tunnel", (long)toMaar1, "via", MAAR[0], "mnId",
                ALICE),
            Map.of("table", "DESTINATION", "prefix", p1, "action", "DELIVER", "port", (long)PORT, "mnId", ALICE)),
            routes2);
        final int toMaar2 = rig.maar(1).maar.routing().tunnelOf(Ipv6Words.hi(M[1]), Ipv6Words.lo(M[1]));
        assertEquals(M[1], rig.maar(1).tunnelPeer(toMaar2));
        assertEquals(toMaar2, rig.maar(1).routeOf(Ipv6Words.hi(p1.replace("/64", ""))), "the data plane agrees");
        assertEquals(List.of(Map.of("table", "DESTINATION", "prefix", p1, "action", "TUNNEL", "tunnel",
            (long)toMaar2, "via", MAAR[1], "mnId", ALICE)), routes1);
    }

    /** Scrapes until the series is there (the last acks may still be on their way), at most 5 s. */
    private static Map<String, Double> scrapeWhen(final AdminServer server, final String series)
    {
        final Map<String, Map<String, Double>> last = new java.util.HashMap<>();
        assertTrue(waitFor(() ->
        {
            try
            {
                last.put("m", MetricsScrape.scrape(server));
            }
            catch (final Exception e)
            {
                throw new AssertionError(e);
            }
            return last.get("m").get(series) != null && last.get("m").get(series) > 0;
        }), series + " in " + last);
        return last.get("m");
    }

    private static Map<String, Object> first(final List<Map<String, Object>> list)
    {
        assertEquals(1, list.size(), list.toString());
        return list.get(0);
    }

    /** JSON numbers come back as Long or Double: make every integral one a Long for comparison. */
    private static List<Map<String, Object>> normalised(final List<Map<String, Object>> list)
    {
        final List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (final Map<String, Object> m : list)
        {
            final Map<String, Object> n = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> n.put(k, v instanceof Number x ? (Object)x.longValue() : v));
            out.add(n);
        }
        return out;
    }

    private static boolean waitFor(final java.util.function.BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            try
            {
                if (condition.getAsBoolean())
                {
                    return true;
                }
            }
            catch (final AssertionError notYet)
            {
                // a list not yet of the expected size: wait on
            }
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException e)
            {
                return false;
            }
        }
        return false;
    }
}
