package net.dmmgw.control.admin;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.dmmgw.control.cli.DmmCtl;
import net.dmmgw.control.cli.ExitCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dmmctl against a live LMA and MAG ({@link AdminRig}): alice is attached through {@code dmmctl attach} at the MAG,
 * then every show command's table and JSON is checked against the state the roles hold, the journal is tailed and
 * followed through a detach, counters are cleared, /metrics is scraped and parsed, and the refusals (wrong token,
 * daemon not running, wrong role, unknown node) give their documented exit codes and messages.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminApiTest
{
    private static final long WAIT_NS = 5_000_000_000L;
    private static AdminRig rig;
    private static String prefix;

    /** One dmmctl run: exit code, stdout, stderr. */
    record Run(int code, String out, String err)
    {
    }

    static Run ctl(final Path runDir, final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cmd = new CommandLine(new DmmCtl());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        final String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--run-dir";
        all[args.length + 1] = runDir.toString();
        final Run run = new Run(cmd.execute(all), out.toString(), err.toString());
        if (!java.util.Arrays.asList(args).contains("--json"))
        {
            // The operator guide in control/README.md quotes these (real outputs of this test).
            System.out.println("$ dmmctl " + String.join(" ", args) + "   # exit " + run.code() + "\n" + run.out() +
                run.err());
        }
        return run;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(final Path runDir, final String... args)
    {
        final Run r = ctl(runDir, args);
        assertEquals(ExitCode.OK, r.code(), r.err());
        return (Map<String, Object>)JsonText.parse(r.out());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(final Map<String, Object> r, final String key)
    {
        return (List<Map<String, Object>>)r.get(key);
    }

    static boolean waitFor(final Path runDir, final Predicate<Map<String, Object>> condition, final String... args)
    {
        final long deadline = System.nanoTime() + WAIT_NS;
        while (System.nanoTime() < deadline)
        {
            if (condition.test(json(runDir, args)))
            {
                return true;
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

    @BeforeAll
    static void start() throws Exception
    {
        rig = new AdminRig();
        final Run attach = ctl(rig.magRun, "attach", "alice", "--port", "3");
        assertEquals(ExitCode.OK, attach.code(), attach.err());
        assertEquals("attach alice@example.com (02:00:00:00:aa:01) on port 3: attach started", attach.out().trim());
        assertTrue(waitFor(rig.magRun, r -> list(r, "bindings").size() == 1 &&
            "REGISTERED".equals(list(r, "bindings").get(0).get("state")), "show", "bindings", "--json"));
        prefix = (String)((List<?>)list(json(rig.lmaRun, "show", "bindings", "--json"), "bindings").get(0)
            .get("prefixes")).get(0);
    }

    @AfterAll
    static void stop() throws Exception
    {
        if (rig != null)
        {
            rig.close();
        }
    }

    @Test
    @Order(1)
    void tokenFileIsOwnerOnlyAndUrlIsLoopback() throws Exception
    {
        final Path token = rig.lmaRun.resolve(RunDir.TOKEN_FILE);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
            Files.getPosixFilePermissions(token));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE), Files.getPosixFilePermissions(rig.lmaRun));
        assertEquals(64, AdminToken.read(token).length());
        assertTrue(Files.readString(rig.lmaRun.resolve(RunDir.URL_FILE)).startsWith("http://127.0.0.1:"));
    }

    @Test
    @Order(2)
    void showBindingsAtTheLmaMatchesItsBindingCache()
    {
        final Map<String, Object> r = json(rig.lmaRun, "show", "bindings", "--json");
        assertEquals("lma", r.get("role"));
        final List<Map<String, Object>> bindings = list(r, "bindings");
        assertEquals(1, bindings.size());
        final Map<String, Object> b = bindings.get(0);
        assertEquals(AdminRig.ALICE, b.get("mnId"));
        assertEquals("ACTIVE", b.get("state"));
        assertEquals(AdminRig.MAG, b.get("proxyCoa"));
        assertTrue(prefix.matches("2001:db8:100(:[0-9a-f]{1,4})?::/64"), prefix);
        assertEquals(1L, b.get("tunnel"));

        final Run table = ctl(rig.lmaRun, "show", "bindings");
        assertEquals(ExitCode.OK, table.code(), table.err());
        final String[] lines = table.out().split("\n");
        assertEquals(2, lines.length, table.out());
        assertTrue(lines[0].matches("ID +MN-ID +PREFIXES +PROXY-COA +STATE +TUNNEL +HANDOFF-INDICATOR +" +
            "ACCESS-TECHNOLOGY-TYPE +EXPIRES-AT"), lines[0]);
        assertTrue(lines[1].matches("\\d+ +alice@example\\.com +" + Pattern.quote(prefix) +
            " +2001:db8:1::1 +ACTIVE +1 +4 +3 +20\\d\\d-.*Z"), lines[1]);

        final Map<String, Object> one = json(rig.lmaRun, "show", "binding", AdminRig.ALICE, "--json");
        assertEquals(bindings, list(one, "bindings"));
        final Run missing = ctl(rig.lmaRun, "show", "binding", "nobody@example.com");
        assertEquals(ExitCode.NOT_FOUND, missing.code());
        assertEquals("dmmctl show binding: not found: no binding for nobody@example.com", missing.err().trim());
    }

    @Test
    @Order(3)
    void showAtTheMagMatchesItsBindingUpdateListRoutesAndNeighbours()
    {
        final Map<String, Object> b = list(json(rig.magRun, "show", "bindings", "--json"), "bindings").get(0);
        assertEquals(Map.of("mnId", AdminRig.ALICE, "mac", AdminRig.ALICE_MAC, "port", 3L, "prefixes", List.of(prefix),
            "lma", AdminRig.LMA, "state", "REGISTERED"), withoutKey(b, "expiresAt"));

        final List<Map<String, Object>> tunnels = list(json(rig.magRun, "show", "tunnels", "--json"), "tunnels");
        assertEquals(List.of(Map.of("id", 1L, "local", AdminRig.MAG, "remote", AdminRig.LMA, "references", 1L)),
            tunnels);
        final List<Map<String, Object>> lmaTunnels = list(json(rig.lmaRun, "show", "tunnels", "--json"), "tunnels");
        assertEquals(List.of(Map.of("id", 1L, "local", AdminRig.LMA, "remote", AdminRig.MAG, "references", 1L)),
            lmaTunnels);

        final List<Map<String, Object>> routes = list(json(rig.magRun, "show", "routes", "--json"), "routes");
        assertEquals(List.of(
            Map.of("table", "SOURCE", "prefix", prefix, "action", "TUNNEL", "tunnel", 1L, "via", AdminRig.LMA,
                "mnId", AdminRig.ALICE),
            Map.of("table", "DESTINATION", "prefix", prefix, "action", "DELIVER", "port", 3L, "mnId", AdminRig.ALICE)),
            routes);
        final List<Map<String, Object>> lmaRoutes = list(json(rig.lmaRun, "show", "routes", "--json"), "routes");
        assertEquals(List.of(Map.of("table", "DESTINATION", "prefix", prefix, "action", "TUNNEL", "tunnel", 1L,
            "via", AdminRig.MAG, "mnId", AdminRig.ALICE)), lmaRoutes);
        final Run routeTable = ctl(rig.magRun, "show", "routes");
        final String[] routeLines = routeTable.out().split("\n");
        assertEquals(3, routeLines.length, routeTable.out());
        assertTrue(routeLines[0].matches("TABLE +PREFIX +ACTION +TUNNEL +VIA +MN-ID +PORT"), routeTable.out());
        assertTrue(routeLines[1].matches("SOURCE +" + Pattern.quote(prefix) +
            " +TUNNEL +1 +2001:db8:2::1 +alice@example\\.com +-"), routeTable.out());
        assertTrue(routeLines[2].matches("DESTINATION +" + Pattern.quote(prefix) +
            " +DELIVER +- +- +alice@example\\.com +3"), routeTable.out());

        // The EUI-64 address of 02:00:00:00:aa:01 in the HNP (U/L bit flipped), delivered to its MAC on port 3.
        final String eui64 = prefix.replace("::/64", "::ff:fe00:aa01");
        assertEquals(List.of(Map.of("port", 3L, "address", eui64, "mac", AdminRig.ALICE_MAC, "mnId", AdminRig.ALICE)),
            list(json(rig.magRun, "show", "neighbours", "--json"), "neighbours"));
        assertEquals("(no neighbours)", ctl(rig.lmaRun, "show", "neighbours").out().trim());
        assertEquals("PORT  ADDRESS" + " ".repeat(eui64.length() - 5) + "MAC                MN-ID\n" +
            "3     " + eui64 + "  02:00:00:00:aa:01  alice@example.com\n", ctl(rig.magRun, "show", "neighbours").out());
        assertEquals("ID  LOCAL          REMOTE         REFERENCES\n1   2001:db8:2::1  2001:db8:1::1  1\n",
            ctl(rig.lmaRun, "show", "tunnels").out());
        final String[] magBindings = ctl(rig.magRun, "show", "bindings").out().split("\n");
        assertTrue(magBindings[0].matches("MN-ID +MAC +PORT +PREFIXES +LMA +STATE +EXPIRES-AT"), magBindings[0]);
        assertTrue(magBindings[1].matches("alice@example\\.com +02:00:00:00:aa:01 +3 +" + Pattern.quote(prefix) +
            " +2001:db8:2::1 +REGISTERED +20.*Z"), magBindings[1]);
    }

    @Test
    @Order(4)
    void peersShowHeartbeatStateAndConfigRedactsKeys()
    {
        // The absent peer misses heartbeats (1 allowed, every 100 ms); the MAG answers them.
        assertTrue(waitFor(rig.lmaRun, r -> Boolean.FALSE.equals(list(r, "peers").get(1).get("reachable")),
            "show", "peers", "--json"));
        final List<Map<String, Object>> peers = list(json(rig.lmaRun, "show", "peers", "--json"), "peers");
        assertEquals(AdminRig.MAG, peers.get(0).get("address"));
        assertEquals(Boolean.TRUE, peers.get(0).get("reachable"));
        assertTrue((Long)peers.get(0).get("missedHeartbeats") <= 1);
        assertEquals(Boolean.FALSE, peers.get(0).get("authenticated"));
        assertEquals(AdminRig.ABSENT_PEER, peers.get(1).get("address"));
        assertTrue((Long)peers.get(1).get("missedHeartbeats") >= 2);
        assertEquals(Boolean.TRUE, peers.get(1).get("authenticated"));
        final Run table = ctl(rig.lmaRun, "show", "peers");
        assertTrue(table.out().startsWith("ADDRESS        REACHABLE  HEARTBEAT"), table.out());

        final Map<?, ?> config = (Map<?, ?>)json(rig.lmaRun, "show", "config", "--json").get("config");
        assertEquals("<redacted>", config.get("peer.mag2.key"));
        assertEquals("256", config.get("peer.mag2.spi"));
        assertEquals(AdminRig.LMA, config.get("lma.address"));
        assertEquals(rig.lmaProperties.size(), config.size());
        final Run configTable = ctl(rig.lmaRun, "show", "config");
        assertTrue(configTable.out().contains("\npeer.mag2.key                   <redacted>\n"), configTable.out());
        assertFalse(configTable.out().contains("00112233445566778899aabbccddeeff"));
    }

    @Test
    @Order(5)
    void countersShowControlSignallingAndDataPlaneAndClear()
    {
        rig.setCounter("w0 port 1 rx packets", 1000);
        rig.setCounter("w0 port 1 tx packets", 990);
        rig.setCounter("w0 drop: no route", 7);
        Map<String, Object> r = json(rig.lmaRun, "show", "counters", "--json");
        final Map<?, ?> control = (Map<?, ?>)r.get("control");
        assertEquals(1L, control.get("pbas_sent"));
        assertEquals(0L, control.get("rollbacks"));
        assertTrue(list(r, "signalling").contains(Map.of("direction", "sent", "type", "Binding Acknowledgement",
            "status", 0L, "count", 1L)), r.toString());
        assertTrue(list(r, "signalling").contains(Map.of("direction", "received", "type", "Binding Update",
            "count", 1L)) || hasSeries(r, "received", "Binding Update", 1L), r.toString());
        Map<?, ?> dp = (Map<?, ?>)r.get("dataPlane");
        assertEquals(1000L, ((Map<?, ?>)((Map<?, ?>)dp.get("ports")).get("1")).get("rx packets"));
        assertEquals(7L, ((Map<?, ?>)dp.get("drops")).get("no route"));
        assertEquals(Boolean.TRUE, r.get("dataPlaneReadable"));

        final Run table = ctl(rig.lmaRun, "show", "counters");
        assertTrue(table.out().contains("pbas_sent                1"), table.out());
        assertTrue(table.out().contains("no route     7"), table.out());
        assertTrue(table.out().matches("(?s).*PORT +RX PACKETS +RX BYTES +TX PACKETS +TX BYTES\n0( +0){4}\n1 +1000 +0 +990 +0\n" +
            ".*"), table.out());

        final Run clear = ctl(rig.lmaRun, "clear", "counters");
        assertEquals(ExitCode.OK, clear.code(), clear.err());
        assertTrue(clear.out().startsWith("counters cleared at 20"), clear.out());
        rig.setCounter("w0 port 1 rx packets", 1005);
        r = json(rig.lmaRun, "show", "counters", "--json");
        dp = (Map<?, ?>)r.get("dataPlane");
        assertEquals(5L, ((Map<?, ?>)((Map<?, ?>)dp.get("ports")).get("1")).get("rx packets"));
        assertEquals(0L, ((Map<?, ?>)dp.get("drops")).get("no route"));
        assertEquals(0L, ((Map<?, ?>)r.get("control")).get("pbas_sent"));
        assertNotNull(r.get("clearedAt"));
    }

    private static boolean hasSeries(final Map<String, Object> r, final String direction, final String type,
        final long count)
    {
        return list(r, "signalling").stream().anyMatch(s -> direction.equals(s.get("direction")) &&
            type.equals(s.get("type")) && Long.valueOf(count).equals(s.get("count")));
    }

    @Test
    @Order(6)
    void metricsAreValidExpositionAndMatchTheState() throws Exception
    {
        final Map<String, Double> lma = MetricsScrape.scrape(rig.lmaAdmin);
        assertEquals(1.0, lma.get("dmmgw_bindings{role=\"lma\",state=\"ACTIVE\"}"));
        assertEquals(1.0, lma.get("dmmgw_signalling_messages_total{role=\"lma\",direction=\"sent\"," +
            "type=\"Binding Acknowledgement\",status=\"0\"}"));
        assertEquals(1.0, lma.get("dmmgw_signalling_messages_total{role=\"lma\",direction=\"received\"," +
            "type=\"Binding Update\",status=\"\"}"));
        assertEquals(1.0, lma.get("dmmgw_role_events_total{role=\"lma\",event=\"pbas_sent\"}"),
            "the metrics stay monotonic after clear counters");
        assertEquals(1.0, lma.get("dmmgw_peer_reachable{role=\"lma\",peer=\"2001:db8:1::1\"}"));
        assertEquals(0.0, lma.get("dmmgw_peer_reachable{role=\"lma\",peer=\"2001:db8:1::9\"}"));
        assertEquals(1005.0, lma.get("dmmgw_dataplane_port_rx_packets_total{port=\"1\"}"));
        assertEquals(7.0, lma.get("dmmgw_dataplane_drops_total{reason=\"no route\"}"));
        assertEquals(1.0, lma.get("dmmgw_dataplane_counters_readable"));
        assertTrue(lma.get("dmmgw_ipc_epoch{role=\"lma\"}") > 1.6e12, "epoch ≥ the wall clock at start (ms)");

        final Map<String, Double> mag = MetricsScrape.scrape(rig.magAdmin);
        assertEquals(1.0, mag.get("dmmgw_bindings{role=\"mag\",state=\"REGISTERED\"}"));
        assertEquals(1.0, mag.get("dmmgw_handover_latency_seconds_count{role=\"mag\"}"));
        assertEquals(1.0, mag.get("dmmgw_handover_latency_seconds_bucket{role=\"mag\",le=\"+Inf\"}"));
        double previous = 0;
        for (final long bound : net.dmmgw.control.metrics.LatencyHistogram.BOUNDS_MS)
        {
            final double v = mag.get("dmmgw_handover_latency_seconds_bucket{role=\"mag\",le=\"" + bound / 1000.0 +
                "\"}");
            assertTrue(v >= previous, "cumulative buckets");
            previous = v;
        }
        assertEquals(1.0, previous, "the attach took less than 30 s");
        assertTrue(mag.get("dmmgw_handover_latency_seconds_sum{role=\"mag\"}") < 5.0);
        assertEquals(null, mag.get("dmmgw_dataplane_counters_readable"), "no counters file at the MAG");
    }

    @Test
    @Order(7)
    void journalTailAndFollowSeeTheDetach() throws Exception
    {
        final Run tail = ctl(rig.lmaRun, "journal", "tail", "-n", "5");
        assertEquals(ExitCode.OK, tail.code(), tail.err());
        assertTrue(tail.out().startsWith("INDEX  KIND    ID  MN-ID"), tail.out());
        assertTrue(tail.out().contains("upsert  ") && tail.out().contains(AdminRig.ALICE) &&
            tail.out().contains("ACTIVE"), tail.out());

        final Run[] follow = new Run[1];
        final Thread follower = new Thread(() -> follow[0] = ctl(rig.lmaRun, "journal", "tail", "-n", "1", "-f",
            "--follow-seconds", "1.5", "--interval-ms", "50", "--json"));
        follower.start();
        Thread.sleep(300);
        final Run detach = ctl(rig.magRun, "detach", AdminRig.ALICE);
        assertEquals(ExitCode.OK, detach.code(), detach.err());
        assertEquals("detach alice@example.com: detached, de-registration sent", detach.out().trim());
        follower.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(follower.isAlive());
        assertEquals(ExitCode.OK, follow[0].code(), follow[0].err());
        final String[] records = follow[0].out().trim().split("\n");
        assertTrue(records.length >= 2, follow[0].out());
        final Map<?, ?> first = (Map<?, ?>)JsonText.parse(records[0]);
        assertEquals("ACTIVE", first.get("state"));
        final Map<?, ?> last = (Map<?, ?>)JsonText.parse(records[records.length - 1]);
        assertEquals("DEREGISTERED", last.get("state"), follow[0].out());
        assertEquals(AdminRig.ALICE, last.get("mnId"));
        assertTrue((Long)last.get("index") > (Long)first.get("index"));

        assertTrue(waitFor(rig.lmaRun, r -> "DEREGISTERED".equals(list(r, "bindings").get(0).get("state")),
            "show", "bindings", "--json"));
        assertTrue(waitFor(rig.magRun, r -> list(r, "bindings").isEmpty(), "show", "bindings", "--json"));
        assertEquals("(no bindings)", ctl(rig.magRun, "show", "bindings").out().trim());
        assertEquals("(no routes)", ctl(rig.lmaRun, "show", "routes").out().trim());
        assertTrue(rig.logged.toString().contains("INFO admin.detach role=mag mn=alice@example.com"),
            rig.logged.toString());
    }

    @Test
    @Order(8)
    void refusalsHaveTheirExitCodesAndMessages() throws Exception
    {
        final Path wrong = rig.dir.resolve("wrong-token");
        Files.writeString(wrong, "0".repeat(64));
        final Run badToken = ctl(rig.lmaRun, "show", "bindings", "--token-file", wrong.toString());
        assertEquals(ExitCode.UNAUTHORISED, badToken.code());
        assertEquals("dmmctl show bindings: refused: missing or wrong admin token (see " +
            rig.lmaRun.resolve("admin.token") + ")", badToken.err().trim());
        final HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(rig.lmaAdmin.url() + "/v1/bindings")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, raw.statusCode());
        assertTrue(rig.logged.toString().contains("WARN admin.unauthorised method=GET path=/v1/bindings"));

        final Run noTokenFile = ctl(rig.lmaRun, "show", "bindings", "--token-file", rig.dir.resolve("none").toString());
        assertEquals(ExitCode.UNAUTHORISED, noTokenFile.code());

        final int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            closedPort = s.getLocalPort();
        }
        final Run notRunning = ctl(rig.lmaRun, "show", "bindings", "--admin", "http://127.0.0.1:" + closedPort);
        assertEquals(ExitCode.NOT_RUNNING, notRunning.code());
        assertEquals("dmmctl show bindings: the control process is not running (connection refused at " +
            "http://127.0.0.1:" + closedPort + ")", notRunning.err().trim());
        final Path emptyRun = Files.createDirectories(rig.dir.resolve("empty-run"));
        final Run noDaemon = ctl(emptyRun, "show", "peers");
        assertEquals(ExitCode.NOT_RUNNING, noDaemon.code());
        assertTrue(noDaemon.err().contains("not running: no " + emptyRun.resolve("admin.url")), noDaemon.err());

        final Run wrongRole = ctl(rig.lmaRun, "attach", AdminRig.ALICE);
        assertEquals(ExitCode.REFUSED, wrongRole.code());
        assertEquals("dmmctl attach: refused: the lma role has no attach: use it on a MAG or MAAR", wrongRole.err().trim());
        final Run stranger = ctl(rig.magRun, "detach", "mallory");
        assertEquals(ExitCode.NOT_FOUND, stranger.code());
        assertEquals("dmmctl detach: not found: no mobile node mallory in this MAG's profile", stranger.err().trim());
        final Run usage = ctl(rig.lmaRun, "show", "bindings", "--bogus");
        assertEquals(ExitCode.USAGE, usage.code());
    }

    /** Runs dmmctl with exactly these arguments. */
    private static Run exec(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cmd = new CommandLine(new DmmCtl());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return new Run(cmd.execute(args), out.toString(), err.toString());
    }

    @Test
    @Order(9)
    void adminOptionsWorkBeforeAndAfterTheCommand()
    {
        // show config: the same answer on every call, whatever the timers did meanwhile (after order 7's detach,
        // alice's binding lasts only the LMA's deletion delay, which a loaded host can outlast).
        final String dir = rig.lmaRun.toString();
        final Run after = exec("show", "config", "--json", "--run-dir", dir);
        assertEquals(ExitCode.OK, after.code(), after.err());
        assertEquals(AdminRig.LMA, castMap((Map<?, ?>)castMap((Map<?, ?>)JsonText.parse(after.out())).get("config"))
            .get("lma.address"));
        for (final String[] args : new String[][]{ { "--run-dir", dir, "--json", "show", "config" },
            { "--run-dir", dir, "show", "config", "--json" }, { "--json", "show", "--run-dir", dir, "config" },
            { "--run-dir=" + dir, "show", "config", "--json" } })
        {
            final Run r = exec(args);
            assertEquals(ExitCode.OK, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(after.out(), r.out(), String.join(" ", args));
        }
        final Run tableAfter = exec("show", "config", "--run-dir", dir);
        final Run tableBefore = exec("--run-dir", dir, "show", "config");
        assertEquals(ExitCode.OK, tableBefore.code(), tableBefore.err());
        assertTrue(tableBefore.out().contains("lma.address") && tableBefore.out().contains(AdminRig.LMA),
            tableBefore.out());
        assertEquals(tableAfter.out(), tableBefore.out(), "the table, whichever the order");
        final Run elsewhere = exec("--run-dir", rig.lmaRun.resolveSibling("nothing-here").toString(), "show",
            "bindings");
        assertEquals(ExitCode.NOT_RUNNING, elsewhere.code(), "the option before the command is the one used: " +
            elsewhere.out() + elsewhere.err());
        final Run help = exec("--help");
        assertEquals(ExitCode.OK, help.code());
        for (final String option : List.of("--run-dir", "--json", "--admin", "--token-file"))
        {
            assertTrue(help.out().contains(option), option + " in dmmctl --help:\n" + help.out());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(final Map<?, ?> m)
    {
        return (Map<String, Object>)m;
    }

    @Test
    @Order(9)
    void helpAndCompletionForEveryCommand()
    {
        for (final String[] cmd : new String[][]{ { "show", "bindings" }, { "show", "binding" }, { "show", "tunnels" },
            { "show", "routes" }, { "show", "neighbours" }, { "show", "peers" }, { "show", "counters" },
            { "show", "config" }, { "journal", "tail" }, { "attach" }, { "detach" }, { "clear", "counters" } })
        {
            final StringWriter out = new StringWriter();
            final CommandLine c = new CommandLine(new DmmCtl());
            c.setOut(new PrintWriter(out));
            final String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            assertEquals(ExitCode.OK, c.execute(args));
            assertTrue(out.toString().startsWith("Usage: dmmctl " + String.join(" ", cmd)), out.toString());
            assertTrue(out.toString().contains("Exit codes: 0 ok, 2 usage, 4 control process not running"),
                out.toString());
            for (final String option : List.of("--run-dir", "--json", "--admin", "--token-file"))
            {
                assertTrue(out.toString().contains(option), option + ": " + out);
            }
        }
        final StringWriter out = new StringWriter();
        final CommandLine c = new CommandLine(new DmmCtl());
        c.setOut(new PrintWriter(out));
        assertEquals(ExitCode.OK, c.execute("generate-completion"));
        assertTrue(out.toString().contains("complete -F _complete_dmmctl") &&
            out.toString().contains("journal") && out.toString().contains("neighbours"), out.toString());
    }

    @Test
    @Order(10)
    void scriptsDmmctlRunsAsARealProcess() throws Exception
    {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("scripts/dmmctl")))
        {
            root = root.getParent();
        }
        assertNotNull(root, "scripts/dmmctl not found above " + Path.of("").toAbsolutePath());
        final ProcessBuilder pb = new ProcessBuilder(root.resolve("scripts/dmmctl").toString(), "--run-dir",
            rig.lmaRun.toString(), "show", "tunnels").redirectErrorStream(true); // the operator's order
        pb.environment().put("DMMGW_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        final Process p = pb.start();
        final boolean done = p.waitFor(30, TimeUnit.SECONDS);
        if (!done)
        {
            p.destroyForcibly();
        }
        assertTrue(done, "dmmctl did not finish in 30 s");
        final String out = new String(p.getInputStream().readAllBytes());
        assertEquals(ExitCode.OK, p.exitValue(), out);
        // After the detach the LMA still holds alice's binding for the deletion delay, but not its tunnel.
        assertEquals("(no tunnels)", out.trim());

        final ProcessBuilder down = new ProcessBuilder(root.resolve("scripts/dmmctl").toString(), "show", "bindings",
            "--admin", "http://127.0.0.1:1").redirectErrorStream(true);
        down.environment().put("DMMGW_CLASSPATH", System.getProperty("java.class.path"));
        down.environment().put("DMMGW_RUN_DIR", rig.lmaRun.toString());
        final Process q = down.start();
        assertTrue(q.waitFor(30, TimeUnit.SECONDS));
        assertEquals(ExitCode.NOT_RUNNING, q.exitValue(), new String(q.getInputStream().readAllBytes()));
    }

    private static Map<String, Object> withoutKey(final Map<String, Object> m, final String key)
    {
        final Map<String, Object> copy = new HashMap<>(m);
        copy.remove(key);
        return copy;
    }
}
