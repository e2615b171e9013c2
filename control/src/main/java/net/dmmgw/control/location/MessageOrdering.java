package net.dmmgw.control.location;

/**
 * Ordering of registrations (wire-formats §4.4): RFC 6275 §9.5.1 sequence numbers modulo 2^16, and RFC 5213
 * timestamps (48.16 fixed point seconds since 1970) with a validity window.
 */
public final class MessageOrdering
{
    private MessageOrdering()
    {
    }

    /** @return true when {@code received} is newer than {@code last}: 0 &lt; (received − last) mod 2^16 &lt; 2^15. */
    public static boolean isNewerSequence(final int received, final int last)
    {
        final int d = (received - last) & 0xFFFF;
        return d != 0 && d < 0x8000;
    }

    /**
     * The copies of one outstanding PBU are numbered first..latest (mod 2^16, wire-formats §4.4: each retransmission
     * takes a new number); numbers in between that went to other sessions' PBUs are answered with those sessions'
     * MN-IDs, so a session asks only about its own.
     *
     * @return whether {@code sequence} lies in first..latest (mod 2^16).
     */
    public static boolean isWithinCopies(final int sequence, final int first, final int latest)
    {
        return ((sequence - first) & 0xFFFF) <= ((latest - first) & 0xFFFF);
    }

    /** @return wall-clock ms as a 48.16 timestamp (rounded, so that ms survive the round trip). */
    public static long timestampOfMillis(final long epochMs)
    {
        return ((epochMs / 1000) << 16) | ((((epochMs % 1000) << 16) + 500) / 1000);
    }

    /** @return a 48.16 timestamp as wall-clock ms. */
    public static long millisOfTimestamp(final long timestamp)
    {
        return (timestamp >>> 16) * 1000 + (((timestamp & 0xFFFF) * 1000 + 32768) >>> 16);
    }

    /** @return true when |timestamp − now| ≤ window. */
    public static boolean withinWindow(final long timestamp, final long nowMs, final long windowMs)
    {
        return Math.abs(millisOfTimestamp(timestamp) - nowMs) <= windowMs;
    }
}
