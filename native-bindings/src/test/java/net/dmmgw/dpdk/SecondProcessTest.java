package net.dmmgw.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import net.dmmgw.dpdk.raw.ShimLibrary;

/**
 * DPDK processes side by side: while this JVM's EAL runs, a child JVM starts its own EAL with
 * another {@code --file-prefix} and loops frames through its own net_ring. A child that reuses
 * our prefix, or passes a bad option, must fail with a clear {@link DpdkException}, not crash; a
 * child whose shim comes from a jar loads an extracted copy.
 * Children are killed if they outlive the test.
 */
@ExtendWith(DpdkEnvironment.class)
class SecondProcessTest
{
    private record Result(int exitCode, String output)
    {
    }

    @Test
    @Timeout(120)
    void shouldRunASecondDpdkProcessWithAnotherFilePrefix() throws IOException, InterruptedException
    {
        final String prefix = DpdkEnvironment.FILE_PREFIX + "-child";
        final Result r = runChild("-l", "0", "--no-huge", "--no-pci", "-m", "128", "--no-telemetry",
            "--file-prefix=" + prefix, "--vdev=net_ring7");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("SECOND-PROCESS-OK 8"), r.output());
        assertTrue(Eal.isRunning());
        assertTrue(EthDev.count() >= 1, "this process's EAL still works");
        assertTrue(Files.notExists(Eal.runtimeDirectory(List.of("--file-prefix=" + prefix))),
            "the child removed its runtime directory");
    }

    @Test
    @Timeout(120)
    void shouldFailClearlyWhenTheFilePrefixIsTaken() throws IOException, InterruptedException
    {
        final Result r = runChild("-l", "0", "--no-huge", "--no-pci", "-m", "128", "--no-telemetry",
            "--file-prefix=" + DpdkEnvironment.FILE_PREFIX, "--vdev=net_ring7");
        assertEquals(3, r.exitCode(), r.output());
        assertTrue(r.output().contains("SECOND-PROCESS-ERROR rte_eal_init failed"), r.output());
        assertTrue(Eal.isRunning());
    }

    @Test
    @Timeout(120)
    void shouldFailClearlyOnABadEalOption() throws IOException, InterruptedException
    {
        final Result r = runChild("--no-huge", "--no-such-eal-option", "--file-prefix="
            + DpdkEnvironment.FILE_PREFIX + "-bad");
        assertEquals(3, r.exitCode(), r.output());
        assertTrue(r.output().contains("SECOND-PROCESS-ERROR rte_eal_init failed"), r.output());
        assertTrue(r.output().contains("rc=-22"), r.output());
    }

    @Test
    @Timeout(120)
    void shouldRefuseSetUpCallsBeforeEalInitInsteadOfCrashing() throws IOException, InterruptedException
    {
        final Result r = runChild("--call-before-init");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("REFUSED-BEFORE-INIT 5 of 5"), r.output());
    }

    @Test
    @Timeout(120)
    void shouldExtractAndLoadTheShimFromAJar(@TempDir final Path dir) throws IOException, InterruptedException
    {
        // A jar holding only the shim, ahead of target/classes on the class path: the loader must copy
        // the library out of the jar (to dmmgw-native-<user>/) and load that.
        final Path jar = dir.resolve("shim-only.jar");
        try (InputStream so = ShimLibrary.class.getResourceAsStream(ShimLibrary.RESOURCE);
            JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)))
        {
            assertNotNull(so, "shim resource missing from the test class path");
            out.putNextEntry(new JarEntry(ShimLibrary.RESOURCE.substring(1)));
            so.transferTo(out);
            out.closeEntry();
        }
        final String prefix = DpdkEnvironment.FILE_PREFIX + "-jar";
        final Result r = runChildWithClassPath(jar + File.pathSeparator + System.getProperty("java.class.path"),
            "-l", "0", "--no-huge", "--no-pci", "-m", "128", "--no-telemetry", "--file-prefix=" + prefix,
            "--vdev=net_ring7");
        assertEquals(0, r.exitCode(), r.output());
        final String shim = r.output().lines().filter(l -> l.startsWith("SHIM ")).findFirst().orElseThrow();
        assertTrue(shim.contains("/libdmmgw_dpdk-") && shim.endsWith(".so"), "not the extracted copy: " + shim);
        assertTrue(r.output().contains("SECOND-PROCESS-OK 8"), r.output());
    }

    private static Result runChild(final String... ealArgs) throws IOException, InterruptedException
    {
        return runChildWithClassPath(System.getProperty("java.class.path"), ealArgs);
    }

    private static Result runChildWithClassPath(final String classPath, final String... ealArgs)
        throws IOException, InterruptedException
    {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
            "-Xmx128m", "-cp", classPath, SecondDpdkProcess.class.getName()));
        cmd.addAll(List.of(ealArgs));
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try
        {
            final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not exit: " + output);
            return new Result(p.exitValue(), output);
        }
        finally
        {
            p.destroyForcibly();
        }
    }
}
