package net.dmmgw.control.admin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.log.EventLog;
import net.dmmgw.control.metrics.DataPlaneCounters;
import net.dmmgw.control.metrics.LatencyHistogram;
import net.dmmgw.control.metrics.SignallingCounters;
import net.dmmgw.control.node.NodeAgent;
import net.dmmgw.ipc.DataPlaneClient;

/**
 * The operator admin API of a control process: HTTP/1.1 on a loopback address, every request authenticated by the
 * bearer token of the run dir's {@code admin.token} (0600), JSON answers under {@code /v1/…} and the Prometheus
 * exposition at {@code /metrics}. Role state is read on the node's agent thread ({@link AgentCall}); the data-plane
 * counters straight from the counters file. One request at a time (a single server thread): off the hot path.
 * <p>
 * Start it with one call, {@link #start(NodeAgent, AdminTarget, Options)}; it writes {@code admin.url} and
 * {@code admin.token} into the run dir, where dmmctl finds them.
 */
public final class AdminServer implements AutoCloseable
{
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(key|secret|token|password|passphrase).*");
    private static final int DEFAULT_JOURNAL_TAIL = 20;
    private static final int MAX_JOURNAL_TAIL = 10_000;

    /** Settings of the server; fluent setters, all optional except the run dir. */
    public static final class Options
    {
        Path runDir = RunDir.path();
        InetAddress bind = InetAddress.getLoopbackAddress();
        int port;
        long agentWaitMs = 2_000;
        Path countersFile;
        Properties config = new Properties();
        BindingJournal journal;
        SignallingCounters signalling;
        java.util.function.Supplier<Map<String, Long>> nodeCounters;
        DataPlaneClient dataPlaneClient;
        EventLog log = EventLog.global();

        /** Where admin.url and admin.token go (default {@link RunDir#path()}). */
        public Options runDir(final Path value)
        {
            runDir = value;
            return this;
        }

        /** TCP port on loopback; 0 (default) = ephemeral, published in admin.url. */
        public Options port(final int value)
        {
            port = value;
            return this;
        }

        /** Bound on waiting for the agent (default 2 000 ms). */
        public Options agentWaitMs(final long value)
        {
            agentWaitMs = value;
            return this;
        }

        /** The data plane's counters file (its {@code counters.file}); null: no data-plane counters. */
        public Options countersFile(final Path value)
        {
            countersFile = value;
            return this;
        }

        /** The node's effective configuration (shown with secrets redacted). */
        public Options config(final Properties value)
        {
            config = value;
            return this;
        }

        /** The role's binding journal (for journal tail); read on the agent thread. */
        public Options journal(final BindingJournal value)
        {
            journal = value;
            return this;
        }

        /** Signalling counters of the role's {@code CountingSignallingTransport}. */
        public Options signalling(final SignallingCounters value)
        {
            signalling = value;
            return this;
        }

        /**
         * Counters of the node's parts outside the role (the data-plane ports' Neighbour Discovery), read on the
         * agent thread and shown with the role's.
         */
        public Options nodeCounters(final java.util.function.Supplier<Map<String, Long>> value)
        {
            nodeCounters = value;
            return this;
        }

        /** The seam's client, for IPC health (connected, data plane alive, acks). */
        public Options dataPlaneClient(final DataPlaneClient value)
        {
            dataPlaneClient = value;
            return this;
        }

        /** Event log (default {@link EventLog#global()}). */
        public Options log(final EventLog value)
        {
            log = value;
            return this;
        }
    }

    private final NodeAgent agent;
    private final AdminTarget target;
    private final Options options;
    private final AgentCall call;
    private final HttpServer http;
    private final ExecutorService executor;
    private final String token;
    private final String url;
    private final Map<String, Long> baseline = new HashMap<>(); // server thread only
    private String clearedAt;

    private AdminServer(final NodeAgent agent, final AdminTarget target, final Options options) throws IOException
    {
        this.agent = agent;
        this.target = target;
        this.options = options;
        this.call = new AgentCall(agent, options.agentWaitMs);
        if (!Files.isDirectory(options.runDir))
        {
            // A run dir we create is the owner's only; an existing one is left as the operator made it.
            Files.createDirectories(options.runDir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        }
        this.token = AdminToken.create(options.runDir.resolve(RunDir.TOKEN_FILE));
        this.http = HttpServer.create(new InetSocketAddress(options.bind, options.port), 16);
        this.executor = Executors.newSingleThreadExecutor(r ->
        {
            final Thread t = new Thread(r, "admin-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
        final String host = options.bind.getHostAddress().contains(":") ? "[" + options.bind.getHostAddress() + "]" :
            options.bind.getHostAddress();
        this.url = "http://" + host + ":" + http.getAddress().getPort();
        Files.writeString(options.runDir.resolve(RunDir.URL_FILE), url + "\n");
        options.log.info("admin.started", "role", target.role(), "url", url, "token_file",
            options.runDir.resolve(RunDir.TOKEN_FILE));
    }

    /**
     * Starts the admin server of a node (one call for the process main).
     *
     * @param agent the node's agent (role state is read on its thread).
     * @param target the role's admin view ({@link LmaAdmin}, {@link MagAdmin}, …).
     * @param options settings.
     * @return the running server; close it at shutdown.
     */
    public static AdminServer start(final NodeAgent agent, final AdminTarget target, final Options options)
        throws IOException
    {
        return new AdminServer(agent, target, options);
    }

    /** @return e.g. http://127.0.0.1:40123 */
    public String url()
    {
        return url;
    }

    /** @return the token file. */
    public Path tokenFile()
    {
        return options.runDir.resolve(RunDir.TOKEN_FILE);
    }

    /** Stops serving and removes admin.url (the token file stays until the next start replaces it). */
    @Override
    public void close()
    {
        http.stop(0);
        executor.shutdownNow();
        try
        {
            Files.deleteIfExists(options.runDir.resolve(RunDir.URL_FILE));
        }
        catch (final IOException ex)
        {
            options.log.warn("admin.cleanup_failed", "error", ex.getMessage());
        }
        options.log.info("admin.stopped", "url", url);
    }

    // ------------------------------------------------------------------------------------------------ dispatch

    private void handle(final HttpExchange ex) throws IOException
    {
        try (ex)
        {
            final String method = ex.getRequestMethod();
            final URI uri = ex.getRequestURI();
            final String path = uri.getPath();
            if (!AdminToken.matches(token, bearer(ex)))
            {
                options.log.warn("admin.unauthorised", "method", method, "path", path, "remote",
                    ex.getRemoteAddress().getAddress().getHostAddress());
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                json(ex, 401, Views.map("error", "missing or wrong admin token (see " + tokenFile() + ")"));
                return;
            }
            final Map<String, String> query = query(uri.getRawQuery());
            try
            {
                route(ex, method, path, query);
            }
            catch (final AdminException a)
            {
                options.log.log(a.status() >= 500 ? EventLog.Level.WARN : EventLog.Level.INFO, "admin.refused",
                    "method", method, "path", path, "status", a.status(), "reason", a.getMessage());
                json(ex, a.status(), Views.map("error", a.getMessage()));
            }
            catch (final RuntimeException e)
            {
                options.log.error("admin.failed", "method", method, "path", path, "error", String.valueOf(e));
                json(ex, 500, Views.map("error", "internal error: " + e));
            }
        }
    }

    private void route(final HttpExchange ex, final String method, final String path, final Map<String, String> q)
        throws IOException
    {
        final boolean get = method.equals("GET");
        final boolean post = method.equals("POST");
        switch (path)
        {
            case "/metrics" -> text(ex, expect(get, method), metrics());
            case "/v1/bindings" -> json(ex, expect(get, method), withRole("bindings", call.call(target::bindings)));
            case "/v1/tunnels" -> json(ex, expect(get, method), withRole("tunnels", call.call(target::tunnels)));
            case "/v1/routes" -> json(ex, expect(get, method), withRole("routes", call.call(target::routes)));
            case "/v1/neighbours" -> json(ex, expect(get, method),
                withRole("neighbours", call.call(target::neighbours)));
            case "/v1/peers" -> json(ex, expect(get, method), withRole("peers", call.call(target::peers)));
            case "/v1/counters" -> json(ex, expect(get, method), counters());
            case "/v1/counters/clear" -> json(ex, expect(post, method), clearCounters());
            case "/v1/config" -> json(ex, expect(get, method), config());
            case "/v1/journal" -> json(ex, expect(get, method), journal(q));
            case "/v1/attach" ->
            {
                final String mn = required(q, "mn");
                final int port = number(q, "port", 0);
                final Map<String, Object> r = call.call(() -> target.attach(mn, port));
                options.log.info("admin.attach", "role", target.role(), "mn", mn, "port", port);
                json(ex, expect(post, method), r);
            }
            case "/v1/detach" ->
            {
                final String mn = required(q, "mn");
                final Map<String, Object> r = call.call(() -> target.detach(mn));
                options.log.info("admin.detach", "role", target.role(), "mn", mn);
                json(ex, expect(post, method), r);
            }
            default ->
            {
                if (path.startsWith("/v1/bindings/") && path.length() > "/v1/bindings/".length())
                {
                    expect(get, method);
                    final String mn = path.substring("/v1/bindings/".length());
                    final List<Map<String, Object>> found = new ArrayList<>();
                    for (final Map<String, Object> b : call.call(target::bindings))
                    {
                        if (mn.equals(b.get("mnId")))
                        {
                            found.add(b);
                        }
                    }
                    if (found.isEmpty())
                    {
                        throw new AdminException(AdminException.NOT_FOUND, "no binding for " + mn);
                    }
                    json(ex, 200, withRole("bindings", found));
                    return;
                }
                throw new AdminException(AdminException.NOT_FOUND, "no such endpoint: " + path);
            }
        }
    }

    private static int expect(final boolean ok, final String method)
    {
        if (!ok)
        {
            throw new AdminException(405, "method " + method + " not allowed here");
        }
        return 200;
    }

    private Map<String, Object> withRole(final String key, final Object value)
    {
        return Views.map("role", target.role(), key, value);
    }

    // ------------------------------------------------------------------------------------------------ counters

    /** Everything counted, read once: role counters, signalling, IPC, histogram on the agent thread. */
    private record Reading(Map<String, Long> control, List<SignallingCounters.Series> signalling,
        Map<String, Long> ipc, List<Map<String, Object>> bindings, List<Map<String, Object>> peers,
        LatencyHistogram latency, long adminFailures)
    {
    }

    private Reading read()
    {
        return call.call(() ->
        {
            final Map<String, Long> ipc = new LinkedHashMap<>(target.ipc());
            final DataPlaneClient c = options.dataPlaneClient;
            if (c != null)
            {
                ipc.put("connected", c.isConnected() ? 1L : 0L);
                ipc.put("data_plane_alive", c.isDataPlaneAlive() ? 1L : 0L);
                ipc.put("acks_received", c.acksReceived());
            }
            final Map<String, Long> control = new LinkedHashMap<>(target.counters());
            if (options.nodeCounters != null)
            {
                control.putAll(options.nodeCounters.get());
            }
            return new Reading(control,
                options.signalling == null ? List.of() : options.signalling.snapshot(), ipc, target.bindings(),
                target.peers(), target.handoverLatency(), agent.adminFailures());
        });
    }

    private Object dataPlane(final Map<String, Object> into, final boolean relative)
    {
        if (options.countersFile == null)
        {
            return null;
        }
        try
        {
            final DataPlaneCounters.Snapshot s = DataPlaneCounters.read(options.countersFile);
            final Map<String, Object> ports = new TreeMap<>();
            s.ports().forEach((port, values) ->
            {
                final Map<String, Object> m = new LinkedHashMap<>();
                values.forEach((k, v) -> m.put(k, relative ? since("dp/port/" + port + "/" + k, v) : v));
                ports.put(String.valueOf(port), m);
            });
            into.put("ports", ports);
            into.put("drops", relativeMap("dp/drop/", s.drops(), relative));
            into.put("punts", relativeMap("dp/punt/", s.punts(), relative));
            into.put("other", relativeMap("dp/other/", s.other(), relative));
            return s;
        }
        catch (final IOException | RuntimeException e)
        {
            into.put("error", "cannot read counters file " + options.countersFile + ": " + e.getMessage());
            return null;
        }
    }

    private Map<String, Object> relativeMap(final String prefix, final Map<String, Long> values,
        final boolean relative)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, relative ? since(prefix + k, v) : v));
        return m;
    }

    private long since(final String key, final long value)
    {
        final long base = baseline.getOrDefault(key, 0L);
        return value >= base ? value - base : value; // below the baseline: the source restarted, show it whole
    }

    private Map<String, Object> counters()
    {
        final Reading r = read();
        final Map<String, Object> control = new LinkedHashMap<>();
        r.control().forEach((k, v) -> control.put(k, since("control/" + k, v)));
        final List<Map<String, Object>> signalling = new ArrayList<>();
        for (final SignallingCounters.Series s : r.signalling())
        {
            signalling.add(Views.map("direction", s.direction(), "type", s.typeName(), "status",
                s.status() < 0 ? null : s.status(), "count", since(seriesKey(s), s.count())));
        }
        final Map<String, Object> dp = new LinkedHashMap<>();
        final Object read = dataPlane(dp, true);
        return Views.map("role", target.role(), "clearedAt", clearedAt, "control", control, "signalling", signalling,
            "ipc", r.ipc(), "dataPlane", options.countersFile == null ? null : dp,
            "dataPlaneCountersFile", options.countersFile == null ? null : options.countersFile.toString(),
            "dataPlaneReadable", read != null);
    }

    private static String seriesKey(final SignallingCounters.Series s)
    {
        return "sig/" + s.direction() + "/" + s.type() + "/" + s.status();
    }

    private Map<String, Object> clearCounters()
    {
        final Reading r = read();
        baseline.clear();
        r.control().forEach((k, v) -> baseline.put("control/" + k, v));
        r.signalling().forEach(s -> baseline.put(seriesKey(s), s.count()));
        if (options.countersFile != null)
        {
            try
            {
                final DataPlaneCounters.Snapshot s = DataPlaneCounters.read(options.countersFile);
                s.ports().forEach((port, values) -> values.forEach((k, v) ->
                    baseline.put("dp/port/" + port + "/" + k, v)));
                s.drops().forEach((k, v) -> baseline.put("dp/drop/" + k, v));
                s.punts().forEach((k, v) -> baseline.put("dp/punt/" + k, v));
                s.other().forEach((k, v) -> baseline.put("dp/other/" + k, v));
            }
            catch (final IOException | RuntimeException e)
            {
                options.log.warn("admin.counters_file_unreadable", "file", options.countersFile, "error",
                    e.getMessage());
            }
        }
        clearedAt = java.time.Instant.now().toString();
        options.log.info("admin.counters_cleared", "role", target.role());
        return Views.map("role", target.role(), "clearedAt", clearedAt,
            "note", "show counters counts from now; /metrics stays monotonic");
    }

    // ------------------------------------------------------------------------------------------------ config, journal

    private Map<String, Object> config()
    {
        final Map<String, Object> m = new TreeMap<>();
        for (final String k : options.config.stringPropertyNames())
        {
            m.put(k, SECRET_KEY.matcher(k).matches() ? "<redacted>" : options.config.getProperty(k));
        }
        return Views.map("role", target.role(), "config", m);
    }

    private Map<String, Object> journal(final Map<String, String> q)
    {
        final BindingJournal journal = options.journal;
        if (journal == null)
        {
            throw new AdminException(AdminException.NOT_FOUND, "this " + target.role() + " keeps no journal");
        }
        final int n = number(q, "n", DEFAULT_JOURNAL_TAIL);
        if (n < 1 || n > MAX_JOURNAL_TAIL)
        {
            throw new AdminException(AdminException.BAD_REQUEST, "n must be 1.." + MAX_JOURNAL_TAIL);
        }
        final String after = q.get("after");
        return call.call(() -> JournalTail.read(journal, n, after));
    }

    // ------------------------------------------------------------------------------------------------ metrics

    private String metrics()
    {
        final Reading r = read();
        final String role = target.role();
        final net.dmmgw.control.metrics.PrometheusText p = new net.dmmgw.control.metrics.PrometheusText();
        final Map<String, Long> byState = new TreeMap<>();
        for (final Map<String, Object> b : r.bindings())
        {
            byState.merge(String.valueOf(b.get("state")), 1L, Long::sum);
        }
        p.family("dmmgw_bindings", "gauge", "Bindings of this node's role by state (binding cache of an LMA, HA, DAR or CMD; binding update list of a MAG; "
            + "sessions of a MAAR).");
        byState.forEach((state, n) -> p.sample("dmmgw_bindings", n, "role", role, "state", state));
        p.family("dmmgw_role_events_total", "counter", "Role counters (messages answered, dropped, expiries ...).");
        r.control().forEach((k, v) -> p.sample("dmmgw_role_events_total", v, "role", role, "event", k));
        p.family("dmmgw_signalling_messages_total", "counter",
            "Mobility Header messages by direction, type and (Binding Acknowledgement) status.");
        for (final SignallingCounters.Series s : r.signalling())
        {
            p.sample("dmmgw_signalling_messages_total", s.count(), "role", role, "direction", s.direction(), "type",
                s.typeName(), "status", s.status() < 0 ? "" : String.valueOf(s.status()));
        }
        if (r.latency() != null)
        {
            p.family("dmmgw_handover_latency_seconds", "histogram",
                "Attach seen to PBA accepted and data plane programmed.");
            p.histogram("dmmgw_handover_latency_seconds", r.latency(), "role", role);
        }
        p.family("dmmgw_peer_reachable", "gauge", "1 while the signalling peer answers heartbeats (or none are sent).");
        for (final Map<String, Object> peer : r.peers())
        {
            p.sample("dmmgw_peer_reachable", Boolean.FALSE.equals(peer.get("reachable")) ? 0 : 1, "role", role,
                "peer", String.valueOf(peer.get("address")));
        }
        p.family("dmmgw_peer_missed_heartbeats", "gauge", "Heartbeats missed in a row per peer.");
        for (final Map<String, Object> peer : r.peers())
        {
            if (peer.get("missedHeartbeats") instanceof Number n)
            {
                p.sample("dmmgw_peer_missed_heartbeats", n.doubleValue(), "role", role, "peer",
                    String.valueOf(peer.get("address")));
            }
        }
        r.ipc().forEach((k, v) ->
        {
            final String name = "dmmgw_ipc_" + net.dmmgw.control.metrics.PrometheusText.sanitise(k);
            p.family(name, "gauge", "Control to data plane seam: " + k.replace('_', ' ') + ".");
            p.sample(name, v, "role", role);
        });
        p.family("dmmgw_admin_request_failures_total", "counter", "Admin requests that threw on the agent thread.");
        p.sample("dmmgw_admin_request_failures_total", r.adminFailures(), "role", role);
        if (options.countersFile != null)
        {
            dataPlaneMetrics(p);
        }
        return p.toString();
    }

    private void dataPlaneMetrics(final net.dmmgw.control.metrics.PrometheusText p)
    {
        DataPlaneCounters.Snapshot s = null;
        try
        {
            s = DataPlaneCounters.read(options.countersFile);
        }
        catch (final IOException | RuntimeException e)
        {
            options.log.debug("admin.counters_file_unreadable", "file", options.countersFile, "error",
                e.getMessage());
        }
        p.family("dmmgw_dataplane_counters_readable", "gauge", "1 when the data plane's counters file was read.");
        p.sample("dmmgw_dataplane_counters_readable", s == null ? 0 : 1);
        if (s == null)
        {
            return;
        }
        final Map<String, Map<Integer, Long>> byCounter = new TreeMap<>();
        s.ports().forEach((port, values) -> values.forEach((k, v) ->
            byCounter.computeIfAbsent(k, x -> new TreeMap<>()).put(port, v)));
        byCounter.forEach((counter, ports) ->
        {
            final String name = "dmmgw_dataplane_port_" + net.dmmgw.control.metrics.PrometheusText.sanitise(counter) +
                "_total";
            p.family(name, "counter", "Data plane port " + counter + " (all workers).");
            ports.forEach((port, v) -> p.sample(name, v, "port", String.valueOf(port)));
        });
        p.family("dmmgw_dataplane_drops_total", "counter", "Packets the data plane dropped, by reason.");
        s.drops().forEach((reason, v) -> p.sample("dmmgw_dataplane_drops_total", v, "reason", reason));
        p.family("dmmgw_dataplane_punts_total", "counter", "Packets the data plane punted to control, by reason.");
        s.punts().forEach((reason, v) -> p.sample("dmmgw_dataplane_punts_total", v, "reason", reason));
        p.family("dmmgw_dataplane_events_total", "counter", "Other data plane counters (actions, loop), by name.");
        s.other().forEach((name, v) -> p.sample("dmmgw_dataplane_events_total", v, "event", name));
    }

    // ------------------------------------------------------------------------------------------------ HTTP helpers

    private static String bearer(final HttpExchange ex)
    {
        final String h = ex.getRequestHeaders().getFirst("Authorization");
        return h != null && h.startsWith("Bearer ") ? h.substring("Bearer ".length()).trim() : null;
    }

    private static Map<String, String> query(final String raw)
    {
        final Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty())
        {
            return m;
        }
        for (final String pair : raw.split("&"))
        {
            final int eq = pair.indexOf('=');
            final String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            final String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }

    private static String required(final Map<String, String> q, final String key)
    {
        final String v = q.get(key);
        if (v == null || v.isBlank())
        {
            throw new AdminException(AdminException.BAD_REQUEST, "parameter " + key + " is required");
        }
        return v;
    }

    private static int number(final Map<String, String> q, final String key, final int defaultValue)
    {
        final String v = q.get(key);
        if (v == null)
        {
            return defaultValue;
        }
        try
        {
            return Integer.parseInt(v);
        }
        catch (final NumberFormatException e)
        {
            throw new AdminException(AdminException.BAD_REQUEST, "parameter " + key + " must be a number: " + v);
        }
    }

    private static void json(final HttpExchange ex, final int status, final Object body) throws IOException
    {
        send(ex, status, "application/json", JsonText.write(body) + "\n");
    }

    private static void text(final HttpExchange ex, final int status, final String body) throws IOException
    {
        send(ex, status, net.dmmgw.control.metrics.PrometheusText.CONTENT_TYPE, body);
    }

    private static void send(final HttpExchange ex, final int status, final String type, final String body)
        throws IOException
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody())
        {
            os.write(bytes);
        }
    }
}
