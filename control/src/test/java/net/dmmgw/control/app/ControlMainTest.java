package net.dmmgw.control.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher's refusals: usage, and every bad launcher key named with exit 2 before anything is opened (no
 * socket, no media driver, no journal); a transport that cannot open exits 1 with {@code strerror}.
 */
class ControlMainTest
{
    private static final String VALID = """
        node.role=lma
        lma.address=2001:db8:2::1
        lma.hnp-pool=2001:db8:100::/48
        lma.served-domains=example.com
        peer.mag1.address=2001:db8:1::1
        journal.dir=%s
        dataplane.client=none
        signalling.transport=raw
        """;

    private Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void createDir() throws Exception
    {
        dir = Files.createTempDirectory("dmmgw-control-main-");
    }

    @AfterEach
    void deleteDir() throws Exception
    {
        try (var walk = Files.walk(dir))
        {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private int run(final String... args)
    {
        out.reset();
        err.reset();
        return ControlMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String error()
    {
        return err.toString(StandardCharsets.UTF_8);
    }

    private int runWith(final String extra) throws Exception
    {
        final Path config = Files.writeString(dir.resolve("node.properties"),
            VALID.formatted(dir.resolve("journal")) + extra);
        return run("run", "--config", config.toString());
    }

    @Test
    void shouldPrintUsage()
    {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("usage: control run --config <file>"));
        assertEquals(2, run());
        assertEquals(2, run("start", "--config", "x"));
        assertTrue(error().contains("expected 'run --config <file>'"), error());
    }

    @Test
    void shouldNameTheBadKeyAndExit2() throws Exception
    {
        final String[][] cases = {
            {"idle=sometimes\n", "idle: must be busy or backoff"},
            {"signalling.transport=carrier-pigeon\n", "signalling.transport: must be raw or dataplane"},
            {"dataplane.client=grpc\n", "dataplane.client: must be aeron or none"},
            {"signalling.raw.address=10.0.0.1\n", "signalling.raw.address: not an IPv6 address"},
            {"node.id=-3\n", "node.id: -3 is outside"},
            {"dataplane.start-wait-ms=soon\n", "dataplane.start-wait-ms: not a number"},
            {"dmmgw.ipc.to.dataplane.channel=tcp://x\n", "dmmgw.ipc.to.dataplane.channel: must be an aeron:ipc or aeron:udp"},
            {"signalling.transprot=raw\n", "signalling.transprot: unknown key"},
            {"lma.max-lifetime-s=1\n", "lma.max-lifetime-s: 1 is outside"},
            {"admin.stdin=true\n", "admin.stdin: unknown key"},
            {"route.cn.prefix=2001:db8:e0::/64\nroute.cn.via=2001:db8:e0::2\nroute.cn.port=0\n" +
                "dataplane.port.0.address=2001:db8:e0::1\ndataplane.port.0.mac=02:00:00:00:e0:01\n",
                "dataplane.port.0: needs signalling.transport=dataplane"},
            {"route.cn.prefix=2001:db8:e0::/64\nroute.cn.via=2001:db8:e0::2\nroute.cn.port=0\n",
                "route.cn.port: port 0 has no dataplane.port.0.address"},
        };
        for (final String[] c : cases)
        {
            assertEquals(2, runWith(c[0]), c[0] + " -> " + error());
            assertTrue(error().contains("error: configuration ") && error().contains(c[1]), c[0] + " -> " + error());
        }
        final Path config = Files.writeString(dir.resolve("mag.properties"), "node.role=router\n");
        assertEquals(2, run("run", "--config", config.toString()));
        assertTrue(error().contains("node.role: unknown role 'router' (known: cmd, dar, ha, lma, maar, mag)"), error());
        assertEquals(2, run("run", "--config", dir.resolve("missing.properties").toString()));
        assertTrue(error().contains("cannot read"), error());
        assertTrue(!Files.exists(dir.resolve("journal")), "nothing opened before the configuration was valid");
    }

    @Test
    void shouldNeedTheAeronClientForTheDataPlaneTransport() throws Exception
    {
        assertEquals(2, runWith("signalling.transport=dataplane\nsignalling.dataplane.local-mac=02:00:00:00:00:11\n"));
        assertTrue(error().contains("signalling.transport: dataplane needs dataplane.client=aeron"), error());
    }

    @Test
    void shouldRefuseAMagWithoutTheDataPlaneTransport() throws Exception
    {
        final Path config = Files.writeString(dir.resolve("mag.properties"),
            Files.readString(Path.of("config/mag.properties")).replace("signalling.transport=dataplane", ""));
        assertEquals(2, run("run", "--config", config.toString()));
        assertTrue(error().contains("signalling.transport: a MAG needs 'dataplane'"), error());
    }

    @Test
    void shouldRefuseAMaarWithoutTheDataPlaneTransport() throws Exception
    {
        final Path config = Files.writeString(dir.resolve("maar.properties"),
            Files.readString(Path.of("config/maar.properties")).replace("signalling.transport=dataplane", ""));
        assertEquals(2, run("run", "--config", config.toString()));
        assertTrue(error().contains("signalling.transport: a MAAR needs 'dataplane'"), error());
    }

    @Test
    void shouldRefuseACmdWithADataPlane() throws Exception
    {
        final String sample = Files.readString(Path.of("config/cmd.properties"));
        Path config = Files.writeString(dir.resolve("cmd.properties"), sample.replace("signalling.transport=raw",
            "signalling.transport=dataplane\nsignalling.dataplane.local-mac=02:00:00:00:00:11")
            .replace("dataplane.client=none", "dataplane.client=aeron"));
        assertEquals(2, run("run", "--config", config.toString()));
        assertTrue(error().contains("signalling.transport: a CMD needs 'raw'"), error());
        config = Files.writeString(dir.resolve("cmd.properties"),
            sample.replace("dataplane.client=none", "dataplane.client=aeron"));
        assertEquals(2, run("run", "--config", config.toString()));
        assertTrue(error().contains("dataplane.client: a CMD needs 'none'"), error());
    }

    @Test
    void shouldExit1WithStrerrorWhenTheSocketCannotBeOpened() throws Exception
    {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "raw sockets need root");
        assertEquals(1, runWith("signalling.raw.address=2001:db8:dead::1\n"));
        assertTrue(error().contains("error: cannot start: bind(2001:db8:dead:0:0:0:0:1): Cannot assign requested address"),
            error());
    }
}
