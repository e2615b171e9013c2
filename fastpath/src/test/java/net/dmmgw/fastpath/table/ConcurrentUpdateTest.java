package net.dmmgw.fastpath.table;

import static net.dmmgw.fastpath.support.Frames.ethernet;
import static net.dmmgw.fastpath.support.Frames.ipv6;
import static net.dmmgw.fastpath.support.Frames.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import net.dmmgw.fastpath.mem.Memory;
import net.dmmgw.fastpath.pipeline.Verdict;
import net.dmmgw.fastpath.support.Frames;
import net.dmmgw.fastpath.support.Rig;

/**
 * Table updates while traffic flows: a writer adds and removes 100 000 prefixes while a reader
 * looks up or forwards; every answer must be the one of the old or the new state.
 */
class ConcurrentUpdateTest
{
    private static final int PREFIXES = 100_000;
    /** A third each: /64 (no marker), /128 (marker at /64), /100 (markers at /64 and /96). */
    private static final int[] LENGTHS = {64, 128, 100};
    private static final long[] LOS = {0, 0x1234_5678_9abc_def0L, 0x1234_5678_9000_0000L};

    private static long[] prefixes(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final long[] his = new long[PREFIXES];
        final java.util.HashSet<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < PREFIXES; i++)
        {
            long hi;
            do
            {
                hi = 0x2001_0db8_0000_0000L | (random.nextLong() >>> 32);
            }
            while (!seen.add(hi));
            his[i] = hi;
        }
        return his;
    }

    @Test
    @Timeout(120)
    void shouldReturnOldOrNewValueWhileHundredThousandPrefixesComeAndGo() throws Exception
    {
        // Prefixes of three lengths so that markers are created and removed while readers search.
        final long[] his = prefixes(1);
        final Ipv6Lpm lpm = new Ipv6Lpm(PREFIXES + 1);
        final long base = 1;
        lpm.put(0x2001_0db8_0000_0000L, 0, 32, base);
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicLong lookups = new AtomicLong();
        final Thread reader = new Thread(() ->
        {
            final SplittableRandom random = new SplittableRandom(2);
            // A worker announces its bursts, so that memory the writer unlinks is not reused under it.
            final ReaderEpochs.Reader burst = lpm.readers().register();
            long n = 0;
            while (!done.get() && failure.get() == null)
            {
                if ((n & 31) == 0)
                {
                    burst.exit();
                    burst.enter();
                }
                final int i = random.nextInt(PREFIXES);
                final long v = lpm.lookup(his[i], LOS[i % 3] | (random.nextLong() & ~Prefixes.loMask(LENGTHS[i % 3])));
                if (v != base && v != 1000 + i)
                {
                    failure.set("prefix " + i + " returned " + v);
                }
                final long outside = lpm.lookup(0x2001_0db9_0000_0000L, 5);
                if (outside != Ipv6Lpm.NO_MATCH)
                {
                    failure.set("address outside every prefix returned " + outside);
                }
                lookups.set(++n);
            }
            burst.exit();
        });
        reader.start();
        try
        {
            for (int round = 0; round < 3 || (lookups.get() < 2_000_000 && round < 100); round++)
            {
                for (int i = 0; i < PREFIXES; i++)
                {
                    assertTrue(lpm.put(his[i], LOS[i % 3], LENGTHS[i % 3], 1000 + i));
                }
                for (int i = 0; i < PREFIXES; i++)
                {
                    assertTrue(lpm.remove(his[i], LOS[i % 3], LENGTHS[i % 3]));
                }
            }
        }
        finally
        {
            // Also when an update fails: the reader must be gone before the table's memory is.
            done.set(true);
            reader.join();
        }
        assertEquals(null, failure.get());
        assertTrue(lookups.get() >= 2_000_000, "reader ran concurrently: " + lookups.get());
    }

    /**
     * Values changed in place: changing a prefix's value re-writes every entry it is expanded over (and a singleton's
     * leaf or default word), one release store each, and frees the old value's adjacency slot for reuse after the
     * readers' grace period; a longer prefix under it comes and goes, so its entries fall back to the covering leaf
     * and are covered again. A reader takes the writer's step number before and after its lookups (single and burst)
     * and must see, for each address, a value of a state in that window: never a value of no state (a torn or
     * mis-decoded leaf, an adjacency slot reused under it). The values are of the forms a leaf could hold itself
     * ({@link Route}s with small ids) and of others (perf/RESULTS.md, session 13, branch leaf13).
     */
    @Test
    @Timeout(60)
    void shouldAnswerAnOldOrANewValueWhilePrefixesChangeValuesInPlace() throws Exception
    {
        // Two Routes, then two other values each, changed in turn.
        final long[] pValues = {Route.forward(1), Route.forward(2), (1L << 40) | 1, (1L << 40) | 2};
        final long[] qValues = {Route.encap(1), Route.encap(0x3_FFFF), (9L << 56) | 1, (9L << 56) | 2};
        final long[] sValues = {Route.deliver(1), Route.drop(), Route.deliver(1, 7), Long.MAX_VALUE};
        final Ipv6Lpm lpm = new Ipv6Lpm(64, new ReaderEpochs(), 24);
        final Ipv6Address p = Ipv6Address.parse("2001::"); // a /20: 16 first-level entries
        final Ipv6Address q = Ipv6Address.parse("2001:db8:ab00::"); // a /40 under it, in groups, present 2 steps of 3
        final Ipv6Address s = Ipv6Address.parse("2001:db8:cd00::1"); // a /128 singleton: its leaf and default words
        final String[] addresses = {
            "2001:0:5::1", "2001:fff:5::1", "2001:db8:ab12::1", "2001:db8:cd00::1", "2001:db8:cd00::2",
        };
        final long[] his = new long[addresses.length];
        final long[] los = new long[addresses.length];
        for (int i = 0; i < addresses.length; i++)
        {
            his[i] = Ipv6Address.parse(addresses[i]).hi();
            los[i] = Ipv6Address.parse(addresses[i]).lo();
        }
        assertTrue(lpm.put(p.hi(), p.lo(), 20, pValues[0]));
        assertTrue(lpm.put(q.hi(), q.lo(), 40, qValues[0]));
        assertTrue(lpm.put(s.hi(), s.lo(), 128, sValues[0]));
        final AtomicLong step = new AtomicLong();
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicLong lookups = new AtomicLong();
        final Thread reader = new Thread(() ->
        {
            final ReaderEpochs.Reader burst = lpm.readers().register();
            final long[] single = new long[addresses.length];
            final long[] out = new long[addresses.length];
            final int[] entries = new int[addresses.length];
            long n = 0;
            while (!done.get() && failure.get() == null)
            {
                final long first = step.get();
                burst.enter();
                for (int i = 0; i < addresses.length; i++)
                {
                    single[i] = lpm.lookup(his[i], los[i]);
                }
                lpm.lookupBurst(his, los, entries, out, addresses.length);
                burst.exit();
                final long last = step.get() + 1; // the step after the last seen may be half done
                for (int i = 0; i < addresses.length; i++)
                {
                    for (final long v : new long[] {single[i], out[i]})
                    {
                        if (!seen(i, v, first, last, pValues, qValues, sValues))
                        {
                            failure.set(addresses[i] + " answered " + Long.toHexString(v) + " in steps " + first + ".."
                                + last);
                        }
                    }
                }
                lookups.set(++n);
            }
        });
        reader.start();
        try
        {
            final long deadline = System.nanoTime() + 20_000_000_000L;
            for (int t = 1; t < 20_000 || (lookups.get() < 200_000 && System.nanoTime() < deadline); t++)
            {
                assertTrue(lpm.put(p.hi(), p.lo(), 20, pValues[t % 4]));
                if (t % 3 == 2)
                {
                    assertTrue(lpm.remove(q.hi(), q.lo(), 40));
                }
                else
                {
                    assertTrue(lpm.put(q.hi(), q.lo(), 40, qValues[t % 4]));
                }
                assertTrue(lpm.put(s.hi(), s.lo(), 128, sValues[t % 4]));
                step.set(t);
            }
        }
        finally
        {
            done.set(true);
            reader.join();
        }
        assertEquals(null, failure.get());
        assertTrue(lookups.get() >= 200_000, "reader ran concurrently: " + lookups.get());
    }

    /**
     * Whether address {@code i} of the test above may answer {@code v} while the writer went through steps
     * {@code first..last}: the /20's value (addresses 0, 1, 4: under it only, or beside the singleton), the /40's or,
     * in a step where the /40 is absent (or being put back), the /20's (address 2), the /128's (address 3).
     */
    private static boolean seen(
        final int i, final long v, final long first, final long last, final long[] p, final long[] q, final long[] s)
    {
        boolean qAbsent = false;
        for (long t = first; t <= last; t++)
        {
            qAbsent |= t % 3 == 2;
        }
        for (long t = first; t <= last; t++)
        {
            final int k = (int)(t % 4);
            final boolean match = switch (i)
            {
                case 2 -> v == q[k] && t % 3 != 2 || qAbsent && v == p[k];
                case 3 -> v == s[k];
                default -> v == p[k];
            };
            if (match)
            {
                return true;
            }
        }
        return false;
    }

    @Test
    @Timeout(60)
    void shouldAnswerAShortOrATriePrefixNeverNothingWhileBothChange() throws Exception
    {
        // A 24-bit first level, a default route always present (replaced between two values), a /3 and a /64 under it
        // coming and going: the trie and the short level change under a reader that reads both.
        final Ipv6Lpm lpm = new Ipv6Lpm(64, new ReaderEpochs(), 24);
        final long under = 0x2001_0db8_0001_0002L;
        final long beside = 0x9001_0db8_0001_0002L;
        lpm.put(0, 0, 0, 100);
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicLong lookups = new AtomicLong();
        final Thread reader = new Thread(() ->
        {
            final ReaderEpochs.Reader burst = lpm.readers().register();
            final long[] his = {under, beside};
            final long[] los = {7, 7};
            final long[] out = new long[2];
            final int[] entries = new int[2];
            long n = 0;
            while (!done.get() && failure.get() == null)
            {
                burst.enter();
                final long u = lpm.lookup(under, 7);
                final long b = lpm.lookup(beside, 7);
                lpm.lookupBurst(his, los, entries, out, 2);
                burst.exit();
                if (u != 100 && u != 101 && u != 3 && u != 64 || out[0] != 100 && out[0] != 101 && out[0] != 3
                    && out[0] != 64)
                {
                    failure.set("under the /3 and /64: " + u + ", burst " + out[0]);
                }
                if (b != 100 && b != 101 || out[1] != 100 && out[1] != 101)
                {
                    failure.set("beside them: " + b + ", burst " + out[1]);
                }
                lookups.set(++n);
            }
        });
        reader.start();
        try
        {
            final long deadline = System.nanoTime() + 20_000_000_000L;
            for (int round = 0; round < 1000 || (lookups.get() < 1_000_000 && System.nanoTime() < deadline); round++)
            {
                assertTrue(lpm.put(under, 0, 64, 64));
                assertTrue(lpm.put(0, 0, 0, 101));
                assertTrue(lpm.put(0x2000L << 48, 0, 3, 3));
                assertTrue(lpm.remove(under, 0, 64));
                assertTrue(lpm.put(0, 0, 0, 100));
                assertTrue(lpm.remove(0x2000L << 48, 0, 3));
            }
        }
        finally
        {
            done.set(true);
            reader.join();
        }
        assertEquals(null, failure.get());
        assertTrue(lookups.get() >= 1_000_000, "reader ran concurrently: " + lookups.get());
    }

    @Test
    @Timeout(120)
    void shouldForwardEveryPacketByOldOrNewRouteWhileRoutesChange() throws Exception
    {
        final long[] his = prefixes(5);
        try (Rig rig = new Rig(new FastPathTables.Limits(4, 16, 16, PREFIXES + 16, 16, 64, 16), 1000, 10))
        {
            rig.standardTopology();
            Rig.ok(rig.tables.addDestinationRoute(Ipv6Address.parse("2001:db8::"), 32, Route.forward(1)));
            final AtomicBoolean done = new AtomicBoolean();
            final AtomicReference<String> failure = new AtomicReference<>();
            final AtomicLong[] seen = {new AtomicLong(), new AtomicLong()};
            final Thread worker = new Thread(() ->
            {
                final SplittableRandom random = new SplittableRandom(6);
                final byte[][] frames = new byte[64][];
                final int[] index = new int[frames.length];
                for (int k = 0; k < frames.length; k++)
                {
                    index[k] = random.nextInt(PREFIXES);
                    frames[k] = ethernet(ipv6("2001:db8:9999::1", new Ipv6Address(his[index[k]], 7).toString(), 17, 64,
                        udp(32)));
                }
                while (!done.get() && failure.get() == null)
                {
                    final int k = random.nextInt(frames.length);
                    final Verdict v = rig.run(frames[k], 1);
                    final String problem = check(rig, v, frames[k]);
                    if (problem != null)
                    {
                        failure.set("prefix " + index[k] + ": " + problem);
                    }
                    seen[rig.ctx.egressPort() == 1 ? 0 : 1].incrementAndGet();
                }
            });
            worker.start();
            try
            {
                for (int round = 0; round < 2 || ((seen[0].get() == 0 || seen[1].get() == 0) && round < 50); round++)
                {
                    for (int i = 0; i < PREFIXES; i++)
                    {
                        Rig.ok(rig.tables.addDestinationRoute(new Ipv6Address(his[i], 0), 64,
                            Route.encap(Rig.TUNNEL)));
                    }
                    for (int i = 0; i < PREFIXES; i++)
                    {
                        Rig.ok(rig.tables.removeDestinationRoute(new Ipv6Address(his[i], 0), 64));
                    }
                }
            }
            finally
            {
                // Also when an update fails: the worker must stop before the rig frees the tables and its buffers.
                done.set(true);
                worker.join();
            }
            assertEquals(null, failure.get());
            assertTrue(seen[0].get() > 0 && seen[1].get() > 0,
                "both states were observed: forwarded " + seen[0] + ", tunnelled " + seen[1]);
        }
    }

    /** Old state: forwarded on port 1 to the gateway; new state: tunnelled on port 2 to the peer. */
    private static String check(final Rig rig, final Verdict v, final byte[] frame)
    {
        if (v != Verdict.TRANSMIT)
        {
            return "verdict " + v + " " + rig.ctx.dropReason();
        }
        final byte[] out = rig.output();
        final int ipLength = frame.length - 14;
        if (rig.ctx.egressPort() == 1)
        {
            return out.length == 14 + ipLength && Frames.mac(out, 0) == Rig.GW_MAC && out[14 + 7] == 63 ? null
                : "corrupt forwarded frame";
        }
        if (rig.ctx.egressPort() == 2)
        {
            return out.length == 14 + 40 + ipLength && Frames.mac(out, 0) == Rig.PEER_MAC
                && Frames.address(out, 38).equals(Rig.PEER) && Frames.u16(out, 18) == ipLength && out[54 + 7] == 63
                ? null : "corrupt tunnelled frame";
        }
        return "egress port " + rig.ctx.egressPort();
    }
}
