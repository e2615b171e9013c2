package net.dmmgw.fastpath.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The systemd units of {@code scripts/systemd}: {@code systemd-analyze verify} accepts them without a
 * single message ({@code scripts/systemd/verify}: a misspelled key or a missing program fails), and
 * they say what the bare-metal deployment relies on: the data plane needs the hugepage mount and
 * starts before the node's control process, which wants it without being bound to its restarts.
 */
class SystemdUnitsTest
{
    private static final Path UNITS = Path.of("..", "scripts", "systemd").toAbsolutePath().normalize();

    @Test
    void shouldPassSystemdVerify() throws Exception
    {
        final Process verify = new ProcessBuilder(UNITS.resolve("verify").toString()).redirectErrorStream(true).start();
        final String out = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS), "verify did not finish");
        assertEquals(0, verify.exitValue(), out);
        assertTrue(out.contains("OK"), out);
    }

    @Test
    void shouldOrderTheDataPlaneBeforeControlWithTheHugepageMount() throws Exception
    {
        final List<String> dataPlane = Files.readAllLines(UNITS.resolve("dmmgw-dataplane@.service"));
        final List<String> control = Files.readAllLines(UNITS.resolve("dmmgw-control@.service"));
        assertTrue(dataPlane.contains("Requires=dev-hugepages.mount"));
        assertTrue(dataPlane.stream().anyMatch(l -> l.startsWith("After=") && l.contains("dev-hugepages.mount")));
        assertTrue(dataPlane.contains("Before=dmmgw-control@%i.service"));
        assertTrue(dataPlane.contains("ExecStart=/opt/dmmgw/scripts/dataplane run --config /etc/dmmgw/%i.dataplane.properties"));
        assertTrue(control.stream().anyMatch(l -> l.startsWith("After=") && l.contains("dmmgw-dataplane@%i.service")));
        assertTrue(control.stream().anyMatch(l -> l.startsWith("Wants=") && l.contains("dmmgw-dataplane@%i.service")));
        assertTrue(control.stream().noneMatch(l -> l.startsWith("BindsTo=") || l.startsWith("Requires=")),
            "control must survive a data-plane restart (it resyncs)");
        assertTrue(control.contains("ExecStart=/opt/dmmgw/scripts/control run --config /etc/dmmgw/%i.control.properties"));
        for (final List<String> unit : List.of(dataPlane, control))
        {
            assertTrue(unit.contains("Restart=on-failure"));
            assertTrue(unit.contains("SuccessExitStatus=143"));
            assertTrue(unit.contains("RestartPreventExitStatus=2"));
        }
    }
}
