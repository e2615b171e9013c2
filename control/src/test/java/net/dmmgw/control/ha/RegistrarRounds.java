package net.dmmgw.control.ha;

import java.lang.management.ManagementFactory;

import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.control.routing.InMemoryDataPlane;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Seven rounds of BUs from a set of mobile nodes into a home registrar (home agent or DAR), each handed over with
 * its home address, the data plane's acks and the timers run after each; rounds 0-2 warm up, rounds 3-6 are
 * measured with the thread's allocated-bytes counter. The BUs of a round are built before its window.
 */
public final class RegistrarRounds
{
    /** Which of the care-of addresses BU {@code n} of node {@code i} comes from in a round. */
    @FunctionalInterface
    public interface CareOfChoice
    {
        int careOf(int round, int n, int i);
    }

    /** Builds BU {@code n} of node {@code i} in a round (from that care-of address). */
    @FunctionalInterface
    public interface Builder
    {
        UnsafeBuffer build(int round, int n, int i, byte[] careOf);
    }

    private RegistrarRounds()
    {
    }

    /**
     * @return bytes allocated over the measured rounds (every BU answered by one BA, none refused).
     */
    public static long measure(final String name, final HomeRegistrar registrar, final InMemoryDataPlane dataPlane,
        final InMemorySignallingTransport transport, final CachedEpochClock clock, final byte[] to,
        final byte[][] careOfs, final byte[][] homes, final int perRound, final CareOfChoice choice,
        final Builder builder)
    {
        final var threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final int nodes = homes.length;
        long allocated = 0;
        for (int round = 0; round < 7; round++)
        {
            final UnsafeBuffer[] bus = new UnsafeBuffer[perRound * nodes];
            final int[] coaOf = new int[bus.length];
            for (int n = 0; n < perRound; n++)
            {
                for (int i = 0; i < nodes; i++)
                {
                    final int k = n * nodes + i;
                    coaOf[k] = choice.careOf(round, n, i);
                    bus[k] = builder.build(round, n, i, careOfs[coaOf[k]]);
                }
            }
            final long sentBefore = transport.sentCount();
            final long rejectedBefore = registrar.rejected();
            final long start = threads.getCurrentThreadAllocatedBytes();
            for (int k = 0; k < bus.length; k++)
            {
                clock.advance(1);
                registrar.onSignalling(careOfs[coaOf[k]], homes[k % nodes], to, bus[k], 0, bus[k].capacity());
                dataPlane.poll(registrar);
                registrar.onTick(clock.time());
            }
            final long used = threads.getCurrentThreadAllocatedBytes() - start;
            System.out.println(name + ": round " + round + " allocated " + used + " bytes");
            if (round >= 3)
            {
                allocated += used;
            }
            assertEquals(sentBefore + bus.length, transport.sentCount(), "one BA per BU");
            assertEquals(rejectedBefore, registrar.rejected(), "every BU accepted");
        }
        return allocated;
    }
}
