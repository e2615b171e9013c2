package net.dmmgw.fastpath.pipeline;

import org.agrona.concurrent.NanoClock;

/**
 * Token bucket for generated ICMPv6 errors (RFC 4443 §2.4(f)), one per worker, as a generic cell
 * rate algorithm: each error costs one interval of virtual time and may run ahead of the clock by
 * at most {@code burst} intervals. Allocation-free; the clock is read only when an error is due.
 */
public final class IcmpRateLimiter
{
    private final NanoClock clock;
    private final long intervalNs;
    private final long toleranceNs;
    private long theoreticalArrivalNs;

    /**
     * @param clock     time source.
     * @param perSecond sustained errors per second (at least 1).
     * @param burst     errors allowed back to back (at least 1).
     */
    public IcmpRateLimiter(final NanoClock clock, final int perSecond, final int burst)
    {
        if (perSecond < 1 || burst < 1)
        {
            throw new IllegalArgumentException("perSecond and burst must be positive");
        }
        this.clock = clock;
        this.intervalNs = 1_000_000_000L / perSecond;
        this.toleranceNs = intervalNs * (burst - 1);
        this.theoreticalArrivalNs = clock.nanoTime();
    }

    /**
     * @return true if one more error may be sent now.
     */
    public boolean tryAcquire()
    {
        final long now = clock.nanoTime();
        final long tat = Math.max(theoreticalArrivalNs, now);
        if (tat - now > toleranceNs)
        {
            return false;
        }
        theoreticalArrivalNs = tat + intervalNs;
        return true;
    }
}
