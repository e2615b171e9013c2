package net.dmmgw.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import net.dmmgw.control.cli.DmmctlCommand;
import net.dmmgw.fastpath.system.ClassPathSnapshot;
import net.dmmgw.fastpath.system.Shell;

/**
 * {@code scripts/demo} as a user runs it, a real process ({@code DMMGW_CLASSPATH} = this build, so that it does not
 * rebuild under the test): a whole run ends with the {@code DEMO OK} line and exit 0, a SIGINT in the middle of the
 * story tears the lab down (exit 130), {@code --keep} leaves it up for the printed dmmctl command until SIGTERM (exit
 * 143); {@code --protocol fama} runs the FAMA lab to {@code DEMO OK}; after each, no namespace, link, process, DPDK
 * runtime or Aeron directory of the lab is left. Also the usage paths that need no lab: {@code --help}, a bad mode
 * or protocol, an unknown option.
 */
class DemoScriptSystemTest
{
    private Path dir;
    private ClassPathSnapshot classPath;
    private Process demo;

    @BeforeEach
    void setUp() throws IOException
    {
        dir = Files.createTempDirectory("dmmgw-demo-test-");
        classPath = ClassPathSnapshot.take("dmmgw-demo-test-classes-");
    }

    @AfterEach
    void tearDown()
    {
        if (demo != null)
        {
            stop(demo);
        }
        classPath.close();
        net.dmmgw.fastpath.system.Trees.delete(dir);
    }

    /**
     * After a failed assertion the demo may still be up (e.g. with --keep). {@code scripts/demo} execs the lab's JVM, so
     * SIGTERM reaches it and its shutdown hook removes the lab (a SIGKILL would leave the namespaces and processes
     * behind); only what is still alive after a bounded wait is forced.
     */
    private static void stop(final Process demo)
    {
        demo.destroy();
        try
        {
            if (demo.waitFor(60, TimeUnit.SECONDS))
            {
                return;
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        demo.descendants().forEach(ProcessHandle::destroyForcibly);
        demo.destroyForcibly();
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aWholeRunEndsWithDemoOkAndLeavesNothing() throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        final String tag = "d" + ProcessHandle.current().pid();
        final String output = runToDemoOk("demo.out", "--mode", "proxy", "--tag", tag);
        assertTrue(output.contains("handover MAAR1 → MAAR2: ") && output.contains("handover MAAR2 → MAAR3: "), output);
        assertTrue(output.contains("binding table at the CMD"), output);
        DmmLabSystemTest.assertNoTrace(tag);
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aFamaRunEndsWithDemoOkAndLeavesNothing() throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        final String tag = "f" + ProcessHandle.current().pid();
        final String output = runToDemoOk("fama.out", "--protocol", "fama", "--tag", tag);
        assertTrue(output.contains("handover DAR1 → DAR2: ") && output.contains("handover DAR2 → DAR3: "), output);
        assertTrue(output.contains("CGA-signed) → BA 0 with the PHKT") && output.contains("token-authorized) → BA 0"),
            output);
        assertTrue(output.contains("DAR1 bindings (dmmctl show bindings):"), output);
        DmmLabSystemTest.assertNoTrace(tag);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sigintInTheMiddleTearsTheLabDown() throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        final String tag = "i" + ProcessHandle.current().pid();
        final Path out = dir.resolve("demo.out");
        demo = start(out, "--mode", "relay", "--tag", tag);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!read(out).contains("flow 1: ") && demo.isAlive() && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(100);
        }
        assertTrue(read(out).contains("flow 1: "), "the story reached flow 1:\n" + read(out));
        final String namespaces = Shell.run(10, "ip", "netns", "list");
        assertTrue(namespaces.contains("dmmgw-lab-" + tag + "-maar3"), "the lab is up: " + namespaces);
        // scripts/demo execs the JVM: the process is the lab's JVM, as Ctrl-C at a terminal would reach it.
        Shell.run(10, "kill", "-INT", Long.toString(demo.pid()));
        assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "demo still running after SIGINT:\n" + read(out));
        final String output = read(out);
        assertEquals(130, demo.exitValue(), output);
        assertTrue(output.contains("demo: interrupted, tearing the lab down"), output);
        assertTrue(!output.contains("DEMO OK"), output);
        DmmLabSystemTest.assertNoTrace(tag);
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void keepLeavesTheLabUpForDmmctlUntilSigterm() throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        final String tag = "k" + ProcessHandle.current().pid();
        final Path out = dir.resolve("keep.out");
        demo = start(out, "--mode", "locator", "--keep", "--tag", tag);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(130);
        // The DEMO line comes last, after the --keep hints (waiting for the hints alone raced with it).
        while (!read(out).contains("DEMO ") && demo.isAlive() && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(200);
        }
        final String output = read(out);
        assertTrue(output.contains("DEMO OK handovers=2 flows=3"), output);
        assertTrue(demo.isAlive(), "--keep: still running after the story:\n" + output);
        assertTrue(Shell.run(10, "ip", "netns", "list").contains("dmmgw-lab-" + tag + "-maar3"), "the lab is up");
        // The printed hint, run as an operator would (from the repository root): MAAR3's routes.
        final String hint = output.lines().filter(l -> l.contains("show routes --run-dir")).findFirst().orElseThrow()
            .strip();
        final String routes = Shell.run(60, "sh", "-c", "cd " + DmmctlCommand.script().getParent().getParent() +
            " && env DMMGW_CLASSPATH=" + classPath.classPath() + " JAVA_HOME=" + System.getProperty("java.home") +
            " " + hint);
        assertTrue(routes.contains("SOURCE") && routes.contains(LabNetwork.maarAddress(1)) &&
            routes.contains(LabNetwork.maarAddress(2)), routes);
        Shell.run(10, "kill", "-TERM", Long.toString(demo.pid()));
        assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "demo still running after SIGTERM:\n" + read(out));
        assertEquals(143, demo.exitValue(), read(out));
        DmmLabSystemTest.assertNoTrace(tag);
    }

    @Test
    void usageErrorsNeedNoLab() throws Exception
    {
        final Path out = dir.resolve("usage.out");
        demo = start(out, "--help");
        assertTrue(demo.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, demo.exitValue());
        assertTrue(read(out).contains("--mode M") && read(out).contains("DEMO OK handovers="), read(out));
        assertTrue(read(out).contains("--protocol P") && read(out).contains("fama"), read(out));
        assertEquals(2, DmmLabMain.run(new String[] {"--mode", "anycast"}, System.out));
        assertEquals(2, DmmLabMain.run(new String[] {"--protocol", "mip4"}, System.out));
        assertEquals(2, DmmLabMain.run(new String[] {"--frobnicate"}, System.out));
    }

    /** Runs {@code scripts/demo ARGS} to its end: exit 0 and the DEMO OK line last. @return its output. */
    private String runToDemoOk(final String file, final String... args) throws Exception
    {
        final Path out = dir.resolve(file);
        demo = start(out, args);
        assertTrue(demo.waitFor(140, TimeUnit.SECONDS), "demo still running:\n" + read(out));
        final String output = read(out);
        assertEquals(0, demo.exitValue(), output);
        final List<String> lines = output.strip().lines().toList();
        assertTrue(lines.get(lines.size() - 1).matches(
            "DEMO OK handovers=2 flows=3 lost=\\d+ max_interruption_ms=\\d+"), output);
        return output;
    }

    /**
     * Starts {@code scripts/demo ARGS}. SIGINT is reset to its default first: a JVM whose parent ignored it (a
     * background job of a non-interactive shell, as a CI runner may be) could not catch it, unlike the demo at a
     * terminal.
     */
    private Process start(final Path out, final String... args) throws IOException
    {
        final Path script = DmmctlCommand.script().resolveSibling("demo");
        final List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/python3", "-c",
            "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])",
            script.toString()));
        command.addAll(List.of(args));
        final ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("DMMGW_CLASSPATH", classPath.classPath());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return pb.start();
    }

    private static String read(final Path out) throws IOException
    {
        return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
    }
}
