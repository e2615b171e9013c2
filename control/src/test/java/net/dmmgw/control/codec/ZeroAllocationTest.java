package net.dmmgw.control.codec;

import com.sun.management.ThreadMXBean;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decode + validate of a PBU and encode of a PBA allocate nothing, measured with the thread allocation counter after
 * warm-up (so the JIT's escape analysis is in effect, as in production).
 */
class ZeroAllocationTest
{
    private static final ThreadMXBean THREADS = (ThreadMXBean)ManagementFactory.getThreadMXBean();

    private final MobilityHeaderValidator validator = new MobilityHeaderValidator();
    private final MobilityHeaderDecoder decoder = new MobilityHeaderDecoder();
    private final MobilityOptionIterator it = new MobilityOptionIterator();
    private final ValidationResult result = new ValidationResult();
    private final MobilityHeaderEncoder encoder = new MobilityHeaderEncoder();
    private final UnsafeBuffer pbu = new UnsafeBuffer(SampleMessages.fullPbu());
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[512]);

    private long decodeOnce()
    {
        long acc = 0;
        if (validator.validate(pbu, 0, pbu.capacity(), SampleMessages.MAG, SampleMessages.LMA, result))
        {
            decoder.wrap(pbu, 0, pbu.capacity());
            acc += decoder.bindingUpdate().sequence();
            decoder.options(it);
            while (it.next())
            {
                acc += it.option().type();
            }
        }
        return acc;
    }

    private long encodeOnce()
    {
        encoder.wrap(out, 0, out.capacity()).begin(MhType.BINDING_ACK).bindingAck().status(0)
            .flags(BindingAck.FLAG_P).sequence(7).lifetime(900);
        encoder.homeNetworkPrefix(64, SampleMessages.HNP1).mobileNodeIdentifier(1, SampleMessages.NAI, 0, 15)
            .handoffIndicator(1).accessTechnologyType(4).timestamp(SampleMessages.TS_SECONDS, 0)
            .linkLocalAddress(SampleMessages.LINK_LOCAL);
        return encoder.finish(SampleMessages.LMA, SampleMessages.MAG);
    }

    @Test
    void shouldDecodeValidateAndEncodeWithoutAllocating()
    {
        assertTrue(THREADS.isThreadAllocatedMemorySupported());
        long sink = 0;
        for (int i = 0; i < 200_000; i++)
        {
            sink += decodeOnce() + encodeOnce();
        }
        final long tid = Thread.currentThread().threadId();
        final long before = THREADS.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++)
        {
            sink += decodeOnce() + encodeOnce();
        }
        final long allocated = THREADS.getThreadAllocatedBytes(tid) - before;
        assertTrue(sink > 0);
        // The counter read itself may cost a few bytes; 100 000 iterations at even 1 B/op would be 100 kB.
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 100 000 decode+encode");
        assertEquals(ValidationError.NONE, result.error());
    }
}
