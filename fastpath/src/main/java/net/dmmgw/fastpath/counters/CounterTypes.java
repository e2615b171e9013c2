package net.dmmgw.fastpath.counters;

/**
 * Agrona counter type ids used by the fast path, so tools can group counters.
 */
public final class CounterTypes
{
    /** Per-port packet and octet counters. */
    public static final int PORT = 1001;
    /** Per-drop-reason counters. */
    public static final int DROP = 1002;
    /** Per-punt-reason counters. */
    public static final int PUNT = 1003;
    /** Per-action counters (forwarded, encapsulated, ICMPv6 errors, ...). */
    public static final int ACTION = 1004;

    private CounterTypes()
    {
    }
}
