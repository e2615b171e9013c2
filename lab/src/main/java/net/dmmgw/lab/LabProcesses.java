package net.dmmgw.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import net.dmmgw.control.app.ControlJvm;
import net.dmmgw.control.app.ControlMain;
import net.dmmgw.control.cli.DmmCtl;
import net.dmmgw.control.cli.DmmctlCommand;
import net.dmmgw.fastpath.system.ChildGroup;
import net.dmmgw.fastpath.system.ChildJvm;
import net.dmmgw.fastpath.system.DataPlaneProcess;
import net.dmmgw.fastpath.system.Shell;
import net.dmmgw.fastpath.system.Trees;

/**
 * The lab's processes: per MAAR a data plane ({@code DataPlaneMain}, DPDK {@code net_af_packet} on its two veths,
 * {@code --no-huge}, its own file prefix, backoff idle, the embedded media driver in its own directory) and a control
 * process ({@code ControlMain}, {@code node.role=maar}, {@code aeron:ipc} into that driver); the CMD
 * ({@code node.role=cmd}, kernel raw socket); the correspondent's UDP echo service. With FAMA: per DAR the same data
 * plane (transit Mobility Headers routed) and a {@code node.role=dar} control process driving its access link, no CMD,
 * and the mobile-node agent ({@code dmmctl mn run}) in the node's namespace. {@link #close()} kills them all
 * and removes what DPDK and Aeron leave behind.
 */
final class LabProcesses implements AutoCloseable
{
    private final LabNetwork net;
    private final String mode;
    private final boolean dlif;
    private final LabLifetimes lifetimes;
    private final Path dir;
    private final String classPath;
    private final ChildGroup children = new ChildGroup();
    private final List<DataPlaneProcess> dataPlanes = new ArrayList<>();
    private final List<Process> helpers = new ArrayList<>();
    private Process capture;

    LabProcesses(final LabNetwork net, final String mode, final boolean dlif, final Path dir, final String classPath)
    {
        this(net, mode, dlif, LabLifetimes.DEFAULT, dir, classPath);
    }

    LabProcesses(final LabNetwork net, final String mode, final boolean dlif, final LabLifetimes lifetimes,
        final Path dir, final String classPath)
    {
        this.net = net;
        this.mode = mode;
        this.dlif = dlif;
        this.lifetimes = lifetimes;
        this.dir = dir;
        this.classPath = classPath;
    }

    /**
     * Starts the three data planes, then the control processes (the CMD and the three MAARs, or with FAMA the three
     * DARs), and the echo service.
     */
    void start(final Path echoScript) throws Exception
    {
        for (int n = 1; n <= LabNetwork.MAARS; n++)
        {
            dataPlanes.add(new DataPlaneProcess(net.anchor(n), net.tag + "-m" + n, dir, classPath));
        }
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try
        {
            final List<Callable<Object>> planes = new ArrayList<>();
            for (int n = 1; n <= LabNetwork.MAARS; n++)
            {
                final int maar = n;
                planes.add(() -> startDataPlane(maar));
            }
            all(pool.invokeAll(planes));
            final List<Callable<Object>> controls = new ArrayList<>();
            if (!net.fama)
            {
                controls.add(() -> startControl("cmd", net.cmd, cmdKeys()));
            }
            for (int n = 1; n <= LabNetwork.MAARS; n++)
            {
                final int maar = n;
                controls.add(() -> startControl(anchorName(maar), net.anchor(maar), net.fama ? darKeys(maar) :
                    maarKeys(maar)));
            }
            all(pool.invokeAll(controls));
        }
        finally
        {
            pool.shutdownNow();
        }
        helpers.add(new ProcessBuilder("ip", "netns", "exec", net.cn, "/usr/bin/python3", echoScript.toString(),
            "--port", "7").redirectErrorStream(true).redirectOutput(dir.resolve("echo.log").toFile()).start());
    }

    private static void all(final List<Future<Object>> futures) throws Exception
    {
        for (final Future<Object> f : futures)
        {
            try
            {
                f.get();
            }
            catch (final java.util.concurrent.ExecutionException ex)
            {
                throw ex.getCause() instanceof Exception e ? e : ex;
            }
        }
    }

    private Object startDataPlane(final int n) throws Exception
    {
        // The route toward the correspondent's network: via the router on the core port (static: the data plane
        // resolves no neighbours itself). A DAR also routes the other DARs' addresses and prefixes there (its mobile
        // node's BUs and reverse-tunnelled packets to them), and forwards a Mobility Header that is not its own.
        final Path state = Files.writeString(dir.resolve(anchorName(n) + "-state.txt"), """
            H1 1 %1$s
            N1 %1$s %2$s
            F%3$s 1
            """.formatted(LabNetwork.routerAddress(n), LabNetwork.routerMac(n), net.fama ? "2001:db8::/32" :
            LabNetwork.CN_PREFIX));
        final DataPlaneProcess dp = dataPlane(n);
        return dp.startWithPorts(children,
            DataPlaneProcess.port("0", "k0", "access", net.fama ? LabNetwork.darAccessMac(n) : LabNetwork.ACCESS_MAC,
                "2001:db8:a" + n + "::1") +
            DataPlaneProcess.port("1", "k1", "core", LabNetwork.maarCoreMac(n), LabNetwork.maarAddress(n)),
            "0:0,1:0", "state.files=" + state + "\n" + (net.fama ? "punt.transit-mobility=false\n" : ""));
    }

    private Object startControl(final String name, final String namespace, final String keys) throws Exception
    {
        final Path config = Files.writeString(dir.resolve(name + ".properties"), keys + "admin.run-dir=" +
            runDir(name) + "\n");
        final ChildJvm control = children.add(ChildJvm.start(name, namespace, classPath, dir.resolve(name + ".out"),
            ControlJvm.OPTIONS, ControlMain.class, "run", "--config", config.toString()));
        control.await("control running", 0, 60_000);
        return control;
    }

    private String cmdKeys()
    {
        final List<String> maars = new ArrayList<>();
        for (int n = 1; n <= LabNetwork.MAARS; n++)
        {
            maars.add(LabNetwork.maarAddress(n));
        }
        return """
            node.role=cmd
            node.id=20
            idle=backoff
            dataplane.client=none
            signalling.transport=raw
            signalling.raw.address=%1$s
            signalling.raw.interface=c0
            cmd.address=%1$s
            cmd.mode=%2$s
            cmd.maars=%3$s
            """.formatted(LabNetwork.CMD_ADDRESS, mode, String.join(",", maars));
    }

    /** @return "maarN", or "darN" with FAMA: the control process's name (files, dmmctl). */
    String anchorName(final int n)
    {
        return (net.fama ? "dar" : "maar") + n;
    }

    /** DAR n: the data-plane transport, its access link driven (RAs of its prefix, hosts resolved). */
    private String darKeys(final int n)
    {
        return """
            node.role=dar
            dar.address=%1$s
            dar.prefix=%2$s
            dar.max-lifetime-s=3600
            dar.access.port=0
            dar.access.mac=%3$s
            dar.access.link-local=%4$s
            dar.access.ra-interval-ms=1000
            journal.dir=%5$s
            """.formatted(LabNetwork.maarAddress(n), LabNetwork.darPrefix(n), LabNetwork.darAccessMac(n),
            LabNetwork.darLinkLocal(n), dir.resolve("dar" + n + "-journal")) + anchorKeys(n);
    }

    /** MAAR n: its CMD, pool, peers, access-link identity and the mobile node's profile. */
    private String maarKeys(final int n)
    {
        final List<String> peers = new ArrayList<>();
        final List<String> peerLocal = new ArrayList<>();
        for (int p = 1; p <= LabNetwork.MAARS; p++)
        {
            if (p != n)
            {
                peers.add(LabNetwork.maarAddress(p));
                peerLocal.add(LabNetwork.maarLocalPrefix(p) + "@" + LabNetwork.maarAddress(p));
            }
        }
        return """
            node.role=maar
            maar.address=%1$s
            maar.cmd-address=%2$s
            maar.prefix-pool=%3$s
            maar.peers=%4$s
            maar.cmd-mode=%5$s
            %11$smaar.dlif=%10$s
            maar.local-prefixes=%12$s
            maar.peer-local-prefixes=%13$s
            maar.link-local=%6$s
            maar.mac=%7$s
            mn.alice.mac=%8$s
            mn.alice.id=%9$s
            """.formatted(LabNetwork.maarAddress(n), LabNetwork.CMD_ADDRESS, LabNetwork.maarPool(n),
            String.join(",", peers), mode, LabNetwork.ACCESS_LINK_LOCAL, LabNetwork.ACCESS_MAC, LabNetwork.MN_MAC,
            LabNetwork.MN_ID, dlif, lifetimes.maarKeys(n), LabNetwork.maarLocalPrefix(n), String.join(",", peerLocal))
            + anchorKeys(n);
    }

    /**
     * What every anchor's control process (MAAR or DAR n) has: its data plane over aeron:ipc, signalling through it
     * (core port 1, the router as next hop), its tunnels out of the core port.
     */
    private String anchorKeys(final int n)
    {
        final DataPlaneProcess dp = dataPlane(n);
        return """
            node.id=%1$d
            idle=backoff
            dataplane.client=aeron
            dataplane.start-wait-ms=10000
            dataplane.counters-file=%2$s
            signalling.transport=dataplane
            signalling.dataplane.port=1
            signalling.dataplane.local-mac=%3$s
            signalling.dataplane.next-hop-mac=%4$s
            tunnel.egress-port=1
            tunnel.mtu=1500
            tunnel.hop-limit=64
            tunnel.next-hop-mac=%4$s
            dmmgw.ipc.to.dataplane.channel=aeron:ipc
            dmmgw.ipc.to.control.channel=aeron:ipc
            dmmgw.ipc.embedded.driver=false
            dmmgw.ipc.aeron.dir=%5$s
            """.formatted(10 + n, dp.countersFile(), LabNetwork.maarCoreMac(n), LabNetwork.routerMac(n),
            dp.aeronDir());
    }

    /**
     * Starts the FAMA mobile-node agent ({@code dmmctl mn run}) in the node's namespace on m0, with a new key.
     *
     * @param status where it keeps its status (JSON).
     * @return the agent's JVM.
     */
    ChildJvm startMobileNodeAgent(final Path status) throws Exception
    {
        final Path key = dir.resolve("mn.key");
        Shell.run(60, Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
            DmmCtl.class.getName(), "mn", "keygen", "--key", key.toString());
        final ChildJvm agent = children.add(ChildJvm.start("mn", net.mn, classPath, dir.resolve("mn.out"),
            List.of("-Xmx128m"), DmmCtl.class, "mn", "run", "--interface", "m0", "--key", key.toString(), "--status",
            status.toString()));
        agent.await("mn: running on m0", 0, 60_000);
        return agent;
    }

    /**
     * Captures every Mobility Header the router forwards ({@code tcpdump -i any 'ip6 proto 135'} in the core
     * namespace), so that the story's signalling can be dissected at the end.
     */
    void startCapture(final Path pcap) throws IOException, InterruptedException
    {
        capture = new ProcessBuilder("ip", "netns", "exec", net.core, "tcpdump", "-i", "any", "-U", "-n", "-w",
            // FAMA: a BU carries a Destination Options header (Home Address option) before its Mobility Header, a
            // BA a type 2 Routing header.
            pcap.toString(), net.fama ? "ip6 proto 135 or ip6 proto 60 or ip6 proto 43" : "ip6 proto 135")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("tcpdump.log").toFile()).start();
        helpers.add(capture);
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!Files.readString(dir.resolve("tcpdump.log")).contains("listening on") && capture.isAlive() &&
            System.nanoTime() - deadline < 0)
        {
            Thread.sleep(50);
        }
    }

    /** Stops the capture (SIGTERM: tcpdump writes what it holds) and waits for it. */
    void stopCapture() throws InterruptedException
    {
        if (capture != null)
        {
            capture.destroy();
            capture.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** @return MAAR n's data plane (1-based). */
    DataPlaneProcess dataPlane(final int n)
    {
        return dataPlanes.get(n - 1);
    }

    /** @return where a control process publishes its admin API ({@code admin.run-dir}). */
    Path runDir(final String name)
    {
        return dir.resolve(name + "-run");
    }

    /** @return {@code scripts/dmmctl ARGS} run in the control process's namespace (throws when it fails). */
    String dmmctl(final String name, final String namespace, final String... args)
    {
        return Shell.run(60, DmmctlCommand.inNamespace(namespace, classPath, runDir(name), args));
    }

    /**
     * @param questions each {process name ("cmd", "maar1" …), dmmctl arguments…}.
     * @return the answers in the same order, asked in parallel (each is a JVM).
     */
    List<String> dmmctlAll(final List<String[]> questions)
    {
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try
        {
            final List<Callable<String>> calls = new ArrayList<>();
            for (final String[] q : questions)
            {
                final String ns = q[0].equals("cmd") ? net.cmd :
                    net.anchor(Integer.parseInt(q[0].replaceAll("\\D", "")));
                calls.add(() -> dmmctl(q[0], ns, java.util.Arrays.copyOfRange(q, 1, q.length)));
            }
            final List<String> answers = new ArrayList<>();
            for (final Future<String> f : pool.invokeAll(calls))
            {
                answers.add(f.get());
            }
            return answers;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
        catch (final java.util.concurrent.ExecutionException ex)
        {
            throw new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    /** @return {@code scripts/dmmctl ARGS} at MAAR n. */
    String dmmctlMaar(final int n, final String... args)
    {
        return dmmctl(anchorName(n), net.anchor(n), args);
    }

    /** @return the processes' outputs (for a failure report). */
    String outputs()
    {
        final StringBuilder b = new StringBuilder();
        for (final ChildJvm c : children.all())
        {
            b.append("---- ").append(c).append(":\n").append(c.output()).append('\n');
        }
        return b.toString();
    }

    /** @return true while every data plane and control process runs. */
    boolean allAlive()
    {
        return children.all().stream().allMatch(ChildJvm::isAlive);
    }

    /** Kills every process and removes the DPDK runtime and Aeron directories; never throws. */
    public void close()
    {
        for (final Process p : helpers)
        {
            p.destroyForcibly();
        }
        children.closeAll();
        dataPlanes.forEach(DataPlaneProcess::close);
        for (int n = 1; n <= LabNetwork.MAARS; n++)
        {
            Trees.delete(runDir(anchorName(n)));
        }
        Trees.delete(runDir("cmd"));
    }

    static void writeResource(final String name, final Path to)
    {
        try (var in = LabProcesses.class.getResourceAsStream("/lab/" + name))
        {
            if (in == null)
            {
                throw new IllegalStateException("resource /lab/" + name + " missing");
            }
            Files.copy(in, to);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
