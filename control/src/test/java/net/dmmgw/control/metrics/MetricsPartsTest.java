package net.dmmgw.control.metrics;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.management.ThreadMXBean;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.ipc.counters.CountersFile;
import net.dmmgw.fastpath.counters.CounterTypes;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exposition escaping, histogram buckets, signalling counts without allocation, the counters-file reader. */
class MetricsPartsTest
{
    @Test
    void expositionEscapesLabelsAndHelp()
    {
        final PrometheusText p = new PrometheusText();
        p.family("x_total", "counter", "a \\ help\nline").sample("x_total", 3, "reason", "quote \" back \\ nl \n end");
        assertEquals("# HELP x_total a \\\\ help\\nline\n# TYPE x_total counter\n" +
            "x_total{reason=\"quote \\\" back \\\\ nl \\n end\"} 3\n", p.toString());
        assertThrows(IllegalArgumentException.class, () -> p.sample("bad name", 1));
        assertEquals("rx_packets", PrometheusText.sanitise("RX packets"));
        assertEquals("y 0.25\n", new PrometheusText().sample("y", 0.25).toString());
    }

    @Test
    void histogramBucketsAreCumulativeWithInf()
    {
        final LatencyHistogram h = new LatencyHistogram();
        h.record(0);
        h.record(3);
        h.record(3);
        h.record(40_000);
        final String text = new PrometheusText().family("h_seconds", "histogram", "h")
            .histogram("h_seconds", h, "role", "mag").toString();
        assertTrue(text.contains("h_seconds_bucket{role=\"mag\",le=\"0.001\"} 1\n"), text);
        assertTrue(text.contains("h_seconds_bucket{role=\"mag\",le=\"0.002\"} 1\n"), text);
        assertTrue(text.contains("h_seconds_bucket{role=\"mag\",le=\"0.005\"} 3\n"), text);
        assertTrue(text.contains("h_seconds_bucket{role=\"mag\",le=\"30.0\"} 3\n"), text);
        assertTrue(text.contains("h_seconds_bucket{role=\"mag\",le=\"+Inf\"} 4\n"), text);
        assertTrue(text.contains("h_seconds_sum{role=\"mag\"} 40.006\n"), text);
        assertTrue(text.contains("h_seconds_count{role=\"mag\"} 4\n"), text);
    }

    @Test
    void countingTransportCountsByTypeAndStatusWithoutAllocating()
    {
        final InMemorySignallingTransport inner = new InMemorySignallingTransport(false);
        final SignallingCounters counters = new SignallingCounters();
        final CountingSignallingTransport t = new CountingSignallingTransport(inner, counters);
        final UnsafeBuffer ba = new UnsafeBuffer(ByteBuffer.allocateDirect(16));
        ba.putByte(2, (byte)MhType.BINDING_ACK);
        ba.putByte(6, (byte)135);
        final UnsafeBuffer bu = new UnsafeBuffer(ByteBuffer.allocateDirect(16));
        bu.putByte(2, (byte)MhType.BINDING_UPDATE);
        final byte[] a = new byte[16];
        final byte[] bytes = new byte[16];
        bu.getBytes(0, bytes);
        final int[] handled = { 0 };
        final net.dmmgw.control.node.SignallingHandler handler = (s, d, mh, o, l) -> handled[0]++;
        for (int i = 0; i < 20_000; i++) // warm-up
        {
            t.send(a, a, ba, 0, 16);
        }
        final ThreadMXBean bean = (ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final long before = bean.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++)
        {
            t.send(a, a, ba, 0, 16);
        }
        final long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 10_000, "allocated " + allocated + " B over 100 000 sends");
        inner.deliver(a, a, bytes);
        assertEquals(1, t.poll(handler, 10));
        assertEquals(1, handled[0]);
        assertEquals(120_000, counters.count(SignallingCounters.SENT, MhType.BINDING_ACK, 135));
        assertEquals(1, counters.count(SignallingCounters.RECEIVED, MhType.BINDING_UPDATE, -1));
        assertEquals(2, counters.snapshot().size());
    }

    @Test
    void countersFileIsReadPerPortAndReasonSummedOverWorkers(@TempDir final Path dir) throws Exception
    {
        final Path path = dir.resolve("counters");
        try (CountersFile f = CountersFile.create(path, 16))
        {
            f.manager().setCounterValue(f.manager().allocate("w0 port 1 rx packets", CounterTypes.PORT), 10);
            f.manager().setCounterValue(f.manager().allocate("w1 port 1 rx packets", CounterTypes.PORT), 5);
            f.manager().setCounterValue(f.manager().allocate("w1 drop: no route", CounterTypes.DROP), 2);
            f.manager().setCounterValue(f.manager().allocate("w0 punt: neighbour unresolved", CounterTypes.PUNT), 4);
            f.manager().setCounterValue(f.manager().allocate("w0 loop: rx bursts", 1), 9);
            final DataPlaneCounters.Snapshot s = DataPlaneCounters.read(path);
            assertEquals(15L, s.ports().get(1).get("rx packets"));
            assertEquals(2L, s.drops().get("no route"));
            assertEquals(4L, s.punts().get("neighbour unresolved"));
            assertEquals(9L, s.other().get("loop: rx bursts"));
        }
        final Path junk = dir.resolve("junk");
        Files.write(junk, new byte[128]);
        assertTrue(assertThrows(java.io.IOException.class, () -> DataPlaneCounters.read(junk)).getMessage()
            .contains("not a dmmgw counters file"));
        Files.write(junk, new byte[3]);
        assertThrows(java.io.IOException.class, () -> DataPlaneCounters.read(junk));
        assertThrows(java.io.IOException.class, () -> DataPlaneCounters.read(dir.resolve("missing")));
    }
}
