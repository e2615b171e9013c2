package net.dmmgw.fastpath.table;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.dmmgw.fastpath.support.NaiveTrie;

class Ipv6LpmTest
{
    private record Prefix(long hi, long lo, int length, long value)
    {
    }

    @ParameterizedTest(name = "first level {0} bits")
    @ValueSource(ints = {16, 24})
    void shouldAgreeWithNaiveTrieOnMillionsOfLookupsOverOverlappingPrefixesOfAllLengths(final int firstLevelBits)
    {
        final SplittableRandom random = new SplittableRandom(7);
        final Ipv6Lpm lpm = new Ipv6Lpm(40_000, new ReaderEpochs(), firstLevelBits);
        assertEquals(firstLevelBits, lpm.firstLevelBits());
        final NaiveTrie oracle = new NaiveTrie();
        final long[][] bases = new long[64][2];
        for (final long[] b : bases)
        {
            b[0] = random.nextLong();
            b[1] = random.nextLong();
        }
        final List<Prefix> prefixes = new ArrayList<>();
        for (int i = 0; i < 30_000; i++)
        {
            final long[] base = bases[random.nextInt(bases.length)];
            final int length = random.nextInt(129);
            // Perturb bits near the end of the prefix so that prefixes nest and overlap at many lengths.
            final int flip = Math.max(0, length - 1 - random.nextInt(6));
            long hi = base[0];
            long lo = base[1];
            if (length > 0 && random.nextBoolean())
            {
                if (flip < 64)
                {
                    hi ^= 1L << (63 - flip);
                }
                else
                {
                    lo ^= 1L << (127 - flip);
                }
            }
            final Prefix p = new Prefix(hi & Prefixes.hiMask(length), lo & Prefixes.loMask(length), length, i);
            assertTrue(lpm.put(p.hi, p.lo, p.length, p.value));
            oracle.put(p.hi, p.lo, p.length, p.value);
            prefixes.add(p);
        }
        assertEquals(129, lpm.populatedLengths());
        compare(lpm, oracle, bases, random, 1_500_000);

        for (int i = 0; i < prefixes.size(); i += 2)
        {
            final Prefix p = prefixes.get(i);
            lpm.remove(p.hi, p.lo, p.length);
            oracle.remove(p.hi, p.lo, p.length);
        }
        compare(lpm, oracle, bases, random, 1_000_000);
    }

    private static void compare(
        final Ipv6Lpm lpm, final NaiveTrie oracle, final long[][] bases, final SplittableRandom random, final int n)
    {
        int matched = 0;
        final Burst burst = new Burst();
        for (int i = 0; i < n; i++)
        {
            final long hi;
            final long lo;
            if ((i & 3) == 0)
            {
                hi = random.nextLong();
                lo = random.nextLong();
            }
            else
            {
                final long[] base = bases[random.nextInt(bases.length)];
                final int keep = random.nextInt(129);
                hi = (base[0] & Prefixes.hiMask(keep)) | (random.nextLong() & ~Prefixes.hiMask(keep));
                lo = (base[1] & Prefixes.loMask(keep)) | (random.nextLong() & ~Prefixes.loMask(keep));
            }
            final long expected = oracle.lookup(hi, lo);
            final long actual = lpm.lookup(hi, lo);
            if (expected != actual)
            {
                throw new AssertionError("lookup " + new Ipv6Address(hi, lo) + " expected " + expected + " got " + actual);
            }
            matched += expected >= 0 ? 1 : 0;
            burst.add(lpm, hi, lo, expected, random);
        }
        burst.check(lpm);
        assertTrue(matched > n / 2, "the random addresses must mostly hit prefixes to test anything: " + matched);
    }

    @ParameterizedTest(name = "first level {0} bits")
    @ValueSource(ints = {16, 24})
    void shouldAgreeWithNaiveTrieThroughRandomPutsReplacesAndRemovesAndFoldBackToNothing(final int firstLevelBits)
    {
        final SplittableRandom random = new SplittableRandom(17);
        final Ipv6Lpm lpm = new Ipv6Lpm(4000, new ReaderEpochs(), firstLevelBits);
        final NaiveTrie oracle = new NaiveTrie();
        final long[][] bases = new long[8][2];
        for (final long[] b : bases)
        {
            b[0] = random.nextLong();
            b[1] = random.nextLong();
        }
        final List<Prefix> live = new ArrayList<>();
        for (int step = 0; step < 40_000; step++)
        {
            if (live.size() < 3000 && (live.isEmpty() || random.nextInt(3) > 0))
            {
                // Near a base: nested prefixes sharing long paths, singletons split and folded.
                final long[] base = bases[random.nextInt(bases.length)];
                final int length = random.nextInt(129);
                final long noiseHi = length > 8 ? random.nextLong() >>> (random.nextInt(64)) : 0;
                final long noiseLo = random.nextLong() >>> random.nextInt(64);
                final long hi = (base[0] ^ (random.nextInt(4) == 0 ? noiseHi : 0)) & Prefixes.hiMask(length);
                final long lo = (base[1] ^ noiseLo) & Prefixes.loMask(length);
                final long value = random.nextInt(50); // few values: adjacency slots are shared and freed
                assertTrue(lpm.put(hi, lo, length, value));
                oracle.put(hi, lo, length, value);
                live.removeIf(p -> p.hi == hi && p.lo == lo && p.length == length);
                live.add(new Prefix(hi, lo, length, value));
            }
            else
            {
                final Prefix p = live.remove(random.nextInt(live.size()));
                assertTrue(lpm.remove(p.hi, p.lo, p.length));
                oracle.remove(p.hi, p.lo, p.length);
            }
            if (step % 4000 == 0)
            {
                compareNear(lpm, oracle, bases, random, 20_000);
            }
        }
        compareNear(lpm, oracle, bases, random, 100_000);
        assertEquals(live.size(), lpm.size());
        for (final Prefix p : live)
        {
            assertTrue(lpm.remove(p.hi, p.lo, p.length));
        }
        assertEquals(0, lpm.size());
        assertEquals(0, lpm.groups(), "every group folded back into its parent");
        assertEquals(0, lpm.singletons(), "every singleton record released");
        for (final long[] b : bases)
        {
            assertEquals(Ipv6Lpm.NO_MATCH, lpm.lookup(b[0], b[1]));
        }
    }

    private static void compareNear(
        final Ipv6Lpm lpm, final NaiveTrie oracle, final long[][] bases, final SplittableRandom random, final int n)
    {
        final Burst burst = new Burst();
        for (int i = 0; i < n; i++)
        {
            final long[] base = bases[random.nextInt(bases.length)];
            final int keep = random.nextInt(129);
            final long hi = (base[0] & Prefixes.hiMask(keep)) | (random.nextLong() & ~Prefixes.hiMask(keep));
            final long lo = (base[1] & Prefixes.loMask(keep)) | (random.nextLong() & ~Prefixes.loMask(keep));
            final long expected = oracle.lookup(hi, lo);
            assertEquals(expected, lpm.lookup(hi, lo), () -> "lookup " + new Ipv6Address(hi, lo));
            burst.add(lpm, hi, lo, expected, random);
        }
        burst.check(lpm);
    }

    /**
     * Collects addresses with their expected values and checks them through {@link Ipv6Lpm#lookupBurst} in
     * bursts of random sizes (1..64), so that addresses of different depths share the level-by-level walk.
     */
    private static final class Burst
    {
        private final long[] his = new long[64];
        private final long[] los = new long[64];
        private final long[] expected = new long[64];
        private final long[] out = new long[64];
        private final int[] entries = new int[64];
        private int size = 1;
        private int n;

        void add(final Ipv6Lpm lpm, final long hi, final long lo, final long value, final SplittableRandom random)
        {
            his[n] = hi;
            los[n] = lo;
            expected[n++] = value;
            if (n == size)
            {
                check(lpm);
                size = 1 + random.nextInt(64);
            }
        }

        void check(final Ipv6Lpm lpm)
        {
            lpm.lookupBurst(his, los, entries, out, n);
            for (int i = 0; i < n; i++)
            {
                if (out[i] != expected[i])
                {
                    throw new AssertionError("lookupBurst of " + n + ", #" + i + " " + new Ipv6Address(his[i], los[i])
                        + " expected " + expected[i] + " got " + out[i]);
                }
            }
            n = 0;
        }
    }

    /**
     * {@link Ipv6Lpm#trace} (perf's LpmWalk counts a walk's loads and cache lines with it) lists the walk that ends on
     * the matched route: one load per level down to the /64's group, then its route value; addresses under the same
     * prefix load the same; a sibling prefix shares the walk down to its own entry.
     */
    @Test
    void traceListsTheLoadsOfTheWalkToTheMatchedRoute()
    {
        final Ipv6Lpm lpm = new Ipv6Lpm(64, new ReaderEpochs(), 24);
        final Ipv6Address p48 = Ipv6Address.parse("2001:db8:1::");
        final Ipv6Address p64a = Ipv6Address.parse("2001:db8:1:2::");
        final Ipv6Address p64b = Ipv6Address.parse("2001:db8:1:3::");
        assertTrue(lpm.put(p48.hi(), p48.lo(), 48, 1));
        assertTrue(lpm.put(p64a.hi(), p64a.lo(), 64, 2));
        assertTrue(lpm.put(p64b.hi(), p64b.lo(), 64, 3));
        final long[] a5 = trace(lpm, "2001:db8:1:2::5");
        final long[] a9 = trace(lpm, "2001:db8:1:2::9");
        final long[] b5 = trace(lpm, "2001:db8:1:3::5");
        final long[] c1 = trace(lpm, "2001:db8:1:100::1");
        // The first level (24 bits), groups for bits 24..32, 32..40, 40..48, 48..56, 56..64, the route value.
        assertEquals(7, a5.length);
        assertArrayEquals(a5, a9, "the same /64");
        assertEquals(7, b5.length);
        assertArrayEquals(Arrays.copyOf(a5, 5), Arrays.copyOf(b5, 5), "the sibling /64: the groups down to 48..56");
        assertNotEquals(a5[5], b5[5], "its own entry of the 56..64 group");
        assertNotEquals(a5[6], b5[6], "its own route value");
        // Under the /48, bits 48..56 not the /64s': that group's entry is the /48's leaf, then its value.
        assertEquals(6, c1.length);
        assertArrayEquals(Arrays.copyOf(a5, 4), Arrays.copyOf(c1, 4));
        assertNotEquals(a5[4], c1[4], "another entry of the 48..56 group");
        assertNotEquals(a5[6], c1[5]);
        assertNotEquals(b5[6], c1[5]);
    }

    private static long[] trace(final Ipv6Lpm lpm, final String address)
    {
        final Ipv6Address a = Ipv6Address.parse(address);
        final long[] loads = new long[24];
        final int n = lpm.trace(a.hi(), a.lo(), loads);
        assertTrue(n > 0 && n <= loads.length);
        for (int i = 0; i < n; i++)
        {
            assertNotEquals(0L, loads[i], address + " load " + i);
        }
        return Arrays.copyOf(loads, n);
    }

    @ParameterizedTest(name = "first level {0} bits")
    @ValueSource(ints = {16, 24})
    void shouldMatchDefaultRouteAndHostRoute(final int firstLevelBits)
    {
        final Ipv6Lpm lpm = new Ipv6Lpm(16, new ReaderEpochs(), firstLevelBits);
        final Ipv6Address host = Ipv6Address.parse("2001:db8::1");
        assertEquals(Ipv6Lpm.NO_MATCH, lpm.lookup(host.hi(), host.lo()));
        lpm.put(0, 0, 0, 10);
        assertEquals(10, lpm.lookup(host.hi(), host.lo()));
        assertEquals(10, lpm.lookup(-1L, -1L));
        lpm.put(host.hi(), host.lo(), 128, 20);
        lpm.put(host.hi(), host.lo(), 127, 30);
        assertEquals(20, lpm.lookup(host.hi(), host.lo()));
        assertEquals(30, lpm.lookup(host.hi(), host.lo() - 1));
        assertEquals(10, lpm.lookup(host.hi(), host.lo() + 1));
        lpm.put(host.hi(), host.lo(), 128, 21);
        assertEquals(21, lpm.lookup(host.hi(), host.lo()), "replace in place");
        assertTrue(lpm.remove(host.hi(), host.lo(), 128));
        assertEquals(30, lpm.lookup(host.hi(), host.lo()));
        assertFalse(lpm.remove(host.hi(), host.lo(), 128));
        assertTrue(lpm.remove(0, 0, 0));
        assertEquals(Ipv6Lpm.NO_MATCH, lpm.lookup(-1L, -1L));
        assertEquals(2 - 1, lpm.size());
    }

    @ParameterizedTest(name = "first level {0} bits")
    @ValueSource(ints = {16, 24})
    void shouldAnswerShortPrefixesFromTheShortLevelUnderAndBesideTriePrefixes(final int firstLevelBits)
    {
        final Ipv6Lpm lpm = new Ipv6Lpm(64, new ReaderEpochs(), firstLevelBits);
        final Ipv6Address a = Ipv6Address.parse("2001:db8:1:2::9");
        final Ipv6Address b = Ipv6Address.parse("2101::1");
        final Ipv6Address c = Ipv6Address.parse("3001::1");
        final Ipv6Address d = Ipv6Address.parse("8000::1");
        final long[] burstHi = {a.hi(), b.hi(), c.hi(), d.hi()};
        final long[] burstLo = {a.lo(), b.lo(), c.lo(), d.lo()};
        // /0, /2 (0000::–3fff::), /7 (2000::–21ff::): nested short prefixes, none of them in the trie.
        assertTrue(lpm.put(0, 0, 0, 100));
        assertTrue(lpm.put(0, 0, 2, 102));
        assertTrue(lpm.put(0x2000L << 48, 0, 7, 107));
        assertEquals(0, lpm.groups());
        assertEquals(0, lpm.singletons());
        assertLookups(lpm, burstHi, burstLo, 107, 107, 102, 100);
        // Trie prefixes under and beside them; where they do not cover, the short prefixes still answer.
        assertTrue(lpm.put(a.hi(), 0, 64, 64));
        assertTrue(lpm.put(0x2001_0db8L << 32, 0, 32, 32));
        assertTrue(lpm.put(0x2101L << 48, 0, 16, 16));
        assertTrue(lpm.put(0x2100L << 48, 0, 8, 8));
        assertLookups(lpm, burstHi, burstLo, 64, 16, 102, 100);
        assertEquals(32, lpm.lookup(a.hi() ^ 1, 0), "beside the /64, under the /32");
        assertEquals(107, lpm.lookup(0x2002L << 48, 0), "under the /7 only");
        assertEquals(8, lpm.lookup(0x21ffL << 48, 0), "under the /8");
        // Removing the trie prefixes falls back to the short level, not to a stale leaf.
        assertTrue(lpm.remove(a.hi(), 0, 64));
        assertTrue(lpm.remove(0x2001_0db8L << 32, 0, 32));
        assertTrue(lpm.remove(0x2101L << 48, 0, 16));
        assertLookups(lpm, burstHi, burstLo, 107, 8, 102, 100);
        assertTrue(lpm.remove(0x2100L << 48, 0, 8));
        assertEquals(0, lpm.groups());
        assertEquals(0, lpm.singletons());
        // Removing short prefixes: the next shorter one covers again.
        assertTrue(lpm.remove(0x2000L << 48, 0, 7));
        assertLookups(lpm, burstHi, burstLo, 102, 102, 102, 100);
        assertTrue(lpm.remove(0, 0, 2));
        assertLookups(lpm, burstHi, burstLo, 100, 100, 100, 100);
        assertTrue(lpm.put(0, 0, 0, 200));
        assertLookups(lpm, burstHi, burstLo, 200, 200, 200, 200);
        assertTrue(lpm.remove(0, 0, 0));
        assertLookups(lpm, burstHi, burstLo, Ipv6Lpm.NO_MATCH, Ipv6Lpm.NO_MATCH, Ipv6Lpm.NO_MATCH, Ipv6Lpm.NO_MATCH);
        assertEquals(0, lpm.size());
    }

    private static void assertLookups(
        final Ipv6Lpm lpm, final long[] his, final long[] los, final long... expected)
    {
        final long[] out = new long[his.length];
        lpm.lookupBurst(his, los, new int[his.length], out, his.length);
        for (int i = 0; i < his.length; i++)
        {
            assertEquals(expected[i], lpm.lookup(his[i], los[i]), "lookup #" + i);
            assertEquals(expected[i], out[i], "lookupBurst #" + i);
        }
    }

    @Test
    void shouldNotBackTheWideFirstLevelForADefaultRoute() throws java.io.IOException
    {
        final Ipv6Lpm lpm = new Ipv6Lpm(1000, new ReaderEpochs(), 24);
        final long before = residentBytes();
        assertTrue(lpm.put(0, 0, 0, 1));
        assertTrue(lpm.put(0x4000L << 48, 0, 3, 3));
        final long grown = residentBytes() - before;
        // In the first level, a /0 would have written all 16 Mi entries (64 MiB).
        assertTrue(grown < (16L << 20), "resident memory grew by " + grown + " octets");
        assertEquals(1, lpm.lookup(-1L, -1L));
        assertEquals(3, lpm.lookup(0x5000L << 48, 0));
    }

    private static long residentBytes() throws java.io.IOException
    {
        final String[] statm = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/statm")).trim().split(" ");
        return Long.parseLong(statm[1]) * 4096;
    }

    @Test
    void shouldChooseTheFirstLevelBySizeUnlessGiven()
    {
        assertEquals(16, new Ipv6Lpm(Ipv6Lpm.AUTO_24_BIT_ABOVE).firstLevelBits());
        assertEquals(24, new Ipv6Lpm(Ipv6Lpm.AUTO_24_BIT_ABOVE + 1).firstLevelBits());
        assertEquals(24, new Ipv6Lpm(16, new ReaderEpochs(), 24).firstLevelBits());
        assertEquals(16, new Ipv6Lpm(Ipv6Lpm.AUTO_24_BIT_ABOVE + 1, new ReaderEpochs(), 16).firstLevelBits());
        assertThrows(IllegalArgumentException.class, () -> new Ipv6Lpm(16, new ReaderEpochs(), 20));
    }

    @Test
    void shouldTouchWithoutChangingLookupResults()
    {
        final Ipv6Lpm lpm = new Ipv6Lpm(16);
        final Ipv6Address a = Ipv6Address.parse("2001:db8:1:2::9");
        lpm.put(a.hi(), 0, 64, 7);
        lpm.touch(a.hi(), a.lo());
        lpm.touch(-1L, -1L);
        assertEquals(7, lpm.lookup(a.hi(), a.lo()));
        assertEquals(Ipv6Lpm.NO_MATCH, lpm.lookup(-1L, -1L));
    }

    @Test
    void shouldIgnoreHostBitsOfPrefix()
    {
        final Ipv6Lpm lpm = new Ipv6Lpm(16);
        final Ipv6Address a = Ipv6Address.parse("2001:db8:1:2:3:4:5:6");
        lpm.put(a.hi(), a.lo(), 48, 5);
        final Ipv6Address b = Ipv6Address.parse("2001:db8:1:ffff::");
        assertEquals(5, lpm.lookup(b.hi(), b.lo()));
        assertEquals(5, lpm.get(b.hi(), b.lo(), 48));
    }

    @Test
    void shouldRefuseNewPrefixWhenFullButStillReplace()
    {
        final Ipv6Lpm lpm = new Ipv6Lpm(3);
        assertTrue(lpm.put(1L << 60, 0, 4, 1));
        assertTrue(lpm.put(2L << 60, 0, 4, 2));
        assertTrue(lpm.put(3L << 60, 0, 4, 3));
        assertFalse(lpm.put(4L << 60, 0, 4, 4));
        assertTrue(lpm.put(3L << 60, 0, 4, 33));
        assertEquals(33, lpm.lookup(3L << 60, 5));
        assertEquals(Ipv6Lpm.NO_MATCH, lpm.lookup(4L << 60, 5));
    }

    @Test
    void shouldSurviveChurnWithRebuilds()
    {
        final Ipv6Lpm lpm = new Ipv6Lpm(1000);
        final NaiveTrie oracle = new NaiveTrie();
        final SplittableRandom random = new SplittableRandom(3);
        final long[] his = new long[1000];
        for (int round = 0; round < 50; round++)
        {
            for (int i = 0; i < 1000; i++)
            {
                his[i] = random.nextLong();
                assertTrue(lpm.put(his[i], 0, 64, i));
                oracle.put(his[i], 0, 64, i);
            }
            for (int i = 0; i < 1000; i++)
            {
                assertEquals(oracle.lookup(his[i], 9), lpm.lookup(his[i], 9));
                assertTrue(lpm.remove(his[i], 0, 64));
                oracle.remove(his[i], 0, 64);
            }
        }
        assertEquals(0, lpm.size());
        assertEquals(0, lpm.populatedLengths());
    }

    private static String hugePages()
    {
        try
        {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/smaps_rollup")).stream()
                .filter(l -> l.startsWith("AnonHugePages")).findFirst().orElse("AnonHugePages: n/a").replaceAll("\\s+", " ");
        }
        catch (final java.io.IOException ex)
        {
            return "AnonHugePages: n/a";
        }
    }

    @Test
    void shouldLoadOneMillionPrefixesQuickly()
    {
        final int n = 1_000_000;
        final Ipv6Lpm lpm = new Ipv6Lpm(n);
        final SplittableRandom random = new SplittableRandom(11);
        final long[] his = new long[n];
        final long start = System.nanoTime();
        for (int i = 0; i < n; i++)
        {
            // /64 home network prefixes under 2001:db8::/32, one in 16 a /128 host route, one in 64 a /48.
            his[i] = 0x2001_0db8_0000_0000L | (random.nextLong() >>> 32);
            final int length = (i & 15) == 0 ? 128 : (i & 63) == 1 ? 48 : 64;
            assertTrue(lpm.put(his[i], length == 128 ? 1 : 0, length, i));
        }
        final long loadMs = (System.nanoTime() - start) / 1_000_000;
        for (int i = 0; i < n; i += 7)
        {
            final long v = lpm.lookup(his[i], 1);
            assertTrue(v >= 0);
        }
        System.out.printf("loaded %d prefixes in %d ms, %d MiB off-heap, %d lengths, %d groups, %d singletons, %s%n",
            lpm.size(), loadMs, lpm.memoryBytes() >> 20, lpm.populatedLengths(), lpm.groups(), lpm.singletons(),
            hugePages());
        assertEquals(3, lpm.populatedLengths());
    }
}
