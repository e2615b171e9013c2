package net.dmmgw.fastpath.support;

import org.agrona.concurrent.NanoClock;

/** A clock tests move by hand. */
public final class ManualClock implements NanoClock
{
    public long now = 1_000_000_000L;

    @Override
    public long nanoTime()
    {
        return now;
    }
}
