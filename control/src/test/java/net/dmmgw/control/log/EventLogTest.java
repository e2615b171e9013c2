package net.dmmgw.control.log;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One line per event, values quoted when needed, levels filtered. */
class EventLogTest
{
    @Test
    void oneLinePerEventWithQuotedValues()
    {
        assertEquals("2026-01-01T00:00:00Z WARN admin.refused path=/v1/x reason=\"no \\\"such\\\"\\nthing\" " +
                "empty=\"\" n=3",
            EventLog.format(Instant.parse("2026-01-01T00:00:00Z"), EventLog.Level.WARN, "admin.refused", "path",
                "/v1/x", "reason", "no \"such\"\nthing", "empty", "", "n", 3));
    }

    @Test
    void levelsBelowTheThresholdAreNotWritten()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final EventLog log = new EventLog(new PrintStream(bytes, true), EventLog.levelOf("warn"));
        log.info("quiet");
        log.debug("quiet");
        log.error("loud", "k", "v");
        assertEquals(1, bytes.toString().split("\n").length);
        assertEquals(true, bytes.toString().matches("\\S+Z ERROR loud k=v\n"));
        log.threshold(EventLog.Level.DEBUG);
        log.debug("now");
        assertEquals(2, bytes.toString().split("\n").length);
        assertThrows(IllegalArgumentException.class, () -> EventLog.levelOf("verbose"));
    }
}
