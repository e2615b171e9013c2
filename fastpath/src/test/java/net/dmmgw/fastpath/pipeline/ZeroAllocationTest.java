package net.dmmgw.fastpath.pipeline;

import static net.dmmgw.fastpath.support.Frames.ethernet;
import static net.dmmgw.fastpath.support.Frames.ipv6;
import static net.dmmgw.fastpath.support.Frames.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import net.dmmgw.ipc.counters.CountersFile;
import net.dmmgw.fastpath.support.Frames;
import net.dmmgw.fastpath.support.Rig;
import net.dmmgw.fastpath.table.FastPathTables;

/**
 * Runs the pipeline over 10 M packets of every kind on one thread and measures the bytes that
 * thread allocated after warm-up.
 */
class ZeroAllocationTest
{
    private static final int PACKETS = 10_000_000;
    private static final int WARMUP = 2_000_000;
    private static final int BURST_PACKETS = 5_000_000;
    private static final int BURST_WARMUP = 1_000_000;

    private long punted;

    @Test
    @Timeout(300)
    void shouldNotAllocateInSteadyState() throws Exception
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final Path path = Files.createTempFile("dmmgw-zero-alloc", ".dat");
        try (Rig topology = new Rig().standardTopology();
            CountersFile file = CountersFile.create(path, WorkerCounters.countersPerWorker(16) + 8);
            Arena arena = Arena.ofConfined())
        {
            final WorkerCounters counters = new WorkerCounters(file.manager(), 1, 16);
            final PuntHandler handler = (frame, length, port, reason) ->
            {
                punted++;
                return true;
            };
            final Pipeline pipeline = new Pipeline(topology.tables, counters, handler, SystemNanoClock.INSTANCE,
                1_000_000_000, 1_000);
            final MemorySegment errorBuffer = arena.allocate(PacketContext.MIN_ERROR_BUFFER, 64);
            final PacketContext ctx = new PacketContext(errorBuffer.address(), (int)errorBuffer.byteSize());

            final byte[][] frames = {
                ethernet(ipv6(Rig.MN, "2001:db8:9999::1", 17, 64, udp(64))),                    // forward
                ethernet(ipv6("2001:db8:9999::1", Rig.MN, 17, 64, udp(64))),                    // deliver
                ethernet(ipv6("2001:db8:9999::1", "2001:db8:200:1::9", 17, 64, udp(64))),       // encap
                ethernet(ipv6("2001:db8:300::5", "2001:db8:9999::1", 17, 64, udp(64))),         // reverse tunnel
                ethernet(ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 60, 64,
                    Frames.telHeader(41, 3, ipv6("2001:db8:200:1::9", Rig.MN, 17, 64, udp(64))))), // decap
                ethernet(ipv6(Rig.MN, "2001:db8:9999::1", 17, 1, udp(64))),                     // time exceeded
                ethernet(ipv6(Rig.MN, "2001:db8:200:1::9", 17, 64, udp(1460))),                 // packet too big
                ethernet(ipv6(Rig.MN, Rig.PORT0_ADDR.toString(), 17, 64, udp(64))),             // punt
                ethernet(ipv6("fe80::1", "2001:db8:9999::1", 17, 64, udp(64))),                 // drop
                new byte[]{1, 2, 3},                                                             // garbage
            };
            final int[] ports = {0, 1, 1, 0, 2, 0, 0, 0, 0, 0};
            final int headroom = 128;
            final int slot = 2048;
            final MemorySegment templates = arena.allocate((long)frames.length * slot, 64);
            final MemorySegment work = arena.allocate(slot, 64);
            for (int i = 0; i < frames.length; i++)
            {
                MemorySegment.copy(frames[i], 0, templates, ValueLayout.JAVA_BYTE, (long)i * slot, frames[i].length);
            }
            final int[] lengths = new int[frames.length];
            for (int i = 0; i < frames.length; i++)
            {
                lengths[i] = frames[i].length;
            }
            final long frameAddress = work.address() + headroom;

            final Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
            for (int i = 0; i < frames.length; i++)
            {
                MemorySegment.copy(templates, (long)i * slot, work, headroom, lengths[i]);
                verdicts.merge(pipeline.process(ctx.wrap(frameAddress, lengths[i], headroom, ports[i])), 1, Integer::sum);
            }
            assertEquals(Map.of(Verdict.TRANSMIT, 5, Verdict.TRANSMIT_GENERATED, 2, Verdict.PUNT, 1, Verdict.DROP, 2),
                verdicts, "the mix covers every verdict");

            run(pipeline, ctx, templates, work, lengths, ports, frameAddress, headroom, slot, WARMUP);
            final long threadId = Thread.currentThread().threadId();
            final long before = threads.getThreadAllocatedBytes(threadId);
            final long transmitted = run(pipeline, ctx, templates, work, lengths, ports, frameAddress, headroom, slot,
                PACKETS);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            System.out.printf("%d packets, %d transmitted, %d bytes allocated%n", PACKETS, transmitted, allocated);
            assertEquals(PACKETS / 10 * 7, transmitted);
            assertTrue(allocated < 4096, "steady-state allocation must be zero (JIT noise only): " + allocated);
            assertEquals((WARMUP + PACKETS) / 10 * 2 + 2, counters.actions(Action.ICMP_SENT));
            assertTrue(punted > 0);

            // The worker's path: the same mix in bursts through processBurst (a context and a
            // buffer per packet of the burst).
            final PacketContext[] burst = new PacketContext[frames.length];
            final MemorySegment burstWork = arena.allocate((long)frames.length * slot, 64);
            for (int i = 0; i < burst.length; i++)
            {
                final MemorySegment error = arena.allocate(PacketContext.MIN_ERROR_BUFFER, 64);
                burst[i] = new PacketContext(error.address(), (int)error.byteSize());
            }
            runBursts(pipeline, burst, templates, burstWork, lengths, ports, headroom, slot, BURST_WARMUP);
            final long burstBefore = threads.getThreadAllocatedBytes(threadId);
            final long burstTransmitted =
                runBursts(pipeline, burst, templates, burstWork, lengths, ports, headroom, slot, BURST_PACKETS);
            final long burstAllocated = threads.getThreadAllocatedBytes(threadId) - burstBefore;
            System.out.printf("%d packets in bursts of %d, %d transmitted, %d bytes allocated%n", BURST_PACKETS,
                burst.length, burstTransmitted, burstAllocated);
            assertEquals(BURST_PACKETS / 10 * 7, burstTransmitted);
            assertTrue(burstAllocated < 4096, "steady-state allocation must be zero (JIT noise only): " + burstAllocated);
        }
        finally
        {
            Files.deleteIfExists(path);
        }
    }

    private static long runBursts(
        final Pipeline pipeline,
        final PacketContext[] burst,
        final MemorySegment templates,
        final MemorySegment work,
        final int[] lengths,
        final int[] ports,
        final int headroom,
        final int slot,
        final int packets)
    {
        long transmitted = 0;
        for (int n = 0; n < packets; n += burst.length)
        {
            for (int k = 0; k < burst.length; k++)
            {
                MemorySegment.copy(templates, (long)k * slot, work, (long)k * slot + headroom, lengths[k]);
                burst[k].wrap(work.address() + (long)k * slot + headroom, lengths[k], headroom, ports[k]);
            }
            pipeline.processBurst(burst, burst.length);
            pipeline.endBurst();
            for (final PacketContext ctx : burst)
            {
                if (ctx.verdict() == Verdict.TRANSMIT || ctx.verdict() == Verdict.TRANSMIT_GENERATED)
                {
                    transmitted++;
                }
            }
        }
        return transmitted;
    }

    private static long run(
        final Pipeline pipeline,
        final PacketContext ctx,
        final MemorySegment templates,
        final MemorySegment work,
        final int[] lengths,
        final int[] ports,
        final long frameAddress,
        final int headroom,
        final int slot,
        final int packets)
    {
        long transmitted = 0;
        int k = 0;
        for (int n = 0; n < packets; n++)
        {
            MemorySegment.copy(templates, (long)k * slot, work, headroom, lengths[k]);
            final Verdict v = pipeline.process(ctx.wrap(frameAddress, lengths[k], headroom, ports[k]));
            if (v == Verdict.TRANSMIT || v == Verdict.TRANSMIT_GENERATED)
            {
                transmitted++;
            }
            k = k + 1 == lengths.length ? 0 : k + 1;
        }
        return transmitted;
    }
}
