package net.dmmgw.control.location;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6275 §9.5.1 modulo-2^16 comparison and the 48.16 timestamp conversions. */
class MessageOrderingTest
{
    @Test
    void sequenceNumbersWrap()
    {
        assertTrue(MessageOrdering.isNewerSequence(1, 0));
        assertTrue(MessageOrdering.isNewerSequence(0, 65535), "wraps");
        assertTrue(MessageOrdering.isNewerSequence(32767, 0));
        assertFalse(MessageOrdering.isNewerSequence(32768, 0), "half the space behind");
        assertFalse(MessageOrdering.isNewerSequence(5, 5), "equal is not newer");
        assertFalse(MessageOrdering.isNewerSequence(4, 5));
    }

    @Test
    void timestampsRoundTripAndWindow()
    {
        final long ms = 1_704_067_200_123L;
        final long ts = MessageOrdering.timestampOfMillis(ms);
        assertEquals(1_704_067_200L, ts >>> 16);
        assertEquals(ms, MessageOrdering.millisOfTimestamp(ts));
        assertTrue(MessageOrdering.withinWindow(ts, ms + 300, 300));
        assertFalse(MessageOrdering.withinWindow(ts, ms + 302, 300));
        assertFalse(MessageOrdering.withinWindow(ts, ms - 302, 300));
    }
}
