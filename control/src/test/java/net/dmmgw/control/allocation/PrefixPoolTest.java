package net.dmmgw.control.allocation;

import java.util.HashSet;
import java.util.Set;

import net.dmmgw.ipc.Ipv6Words;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bitmap pool: every /64 of a /56 exactly once, exhaustion, release, reserve, next-fit. */
class PrefixPoolTest
{
    @Test
    void handsOutEveryPrefixOnceThenNothing()
    {
        final PrefixPool pool = PrefixPool.parse("2001:db8:100::/56");
        assertEquals(256, pool.size());
        final Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 256; i++)
        {
            final long p = pool.allocate();
            assertTrue(seen.add(p), "no double assignment");
            assertEquals(Ipv6Words.hi("2001:db8:100::"), p & ~0xFFL, "inside the pool");
        }
        assertEquals(PrefixPool.NONE, pool.allocate(), "exhausted");
        assertTrue(pool.release(Ipv6Words.hi("2001:db8:100:17::")));
        assertFalse(pool.release(Ipv6Words.hi("2001:db8:100:17::")), "double release refused");
        assertEquals(Ipv6Words.hi("2001:db8:100:17::"), pool.allocate(), "the released one is the only one left");
        assertFalse(pool.release(Ipv6Words.hi("2001:db8:200::")), "outside the pool");
    }

    @Test
    void nextFitDoesNotReuseAJustReleasedPrefix()
    {
        final PrefixPool pool = PrefixPool.parse("2001:db8:100::/48");
        final long first = pool.allocate();
        pool.release(first);
        assertTrue(pool.allocate() != first);
    }

    @Test
    void reserveMarksReplayedPrefixes()
    {
        final PrefixPool pool = PrefixPool.parse("2001:db8:100::/62");
        assertTrue(pool.reserve(Ipv6Words.hi("2001:db8:100::")));
        assertFalse(pool.reserve(Ipv6Words.hi("2001:db8:100::")), "already taken");
        assertFalse(pool.reserve(Ipv6Words.hi("2001:db8:101::")), "outside");
        assertEquals(Ipv6Words.hi("2001:db8:100:1::"), pool.allocate());
        assertEquals(2, pool.allocated());
    }

    @Test
    void refusesBadPools()
    {
        assertThrows(IllegalArgumentException.class, () -> PrefixPool.parse("2001:db8:100::/32"));
        assertThrows(IllegalArgumentException.class, () -> PrefixPool.parse("2001:db8:100:1::/48"));
        assertThrows(IllegalArgumentException.class, () -> PrefixPool.parse("2001:db8:100::"));
    }
}
