package net.dmmgw.control.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timer heap: due pairs come out earliest first and only when due; retain drops what the filter rejects. */
class DeadlineQueueTest
{
    @Test
    void expiresInDeadlineOrderAndOnlyWhenDue()
    {
        final DeadlineQueue q = new DeadlineQueue();
        final Random random = new Random(7);
        for (int i = 0; i < 10_000; i++)
        {
            final long d = random.nextInt(1000);
            q.add(d, d * 10);
        }
        final List<Long> out = new ArrayList<>();
        assertEquals(0, q.poll(-1, (d, p) -> out.add(d), 100_000));
        long now = 0;
        while (q.size() > 0)
        {
            final long at = now;
            q.poll(now, (d, p) ->
            {
                assertTrue(d <= at, "not due yet");
                assertEquals(d * 10, p);
                out.add(d);
            }, 100_000);
            now += 7;
        }
        assertEquals(10_000, out.size());
        for (int i = 1; i < out.size(); i++)
        {
            assertTrue(out.get(i - 1) <= out.get(i), "earliest first");
        }
    }

    @Test
    void retainKeepsHeapOrderAndTheHandlerMayReschedule()
    {
        final DeadlineQueue q = new DeadlineQueue();
        for (int i = 0; i < 100; i++)
        {
            q.add(100 - i, i);
        }
        q.retain((d, p) -> p % 2 == 0);
        assertEquals(50, q.size());
        assertEquals(2, q.earliest());
        final List<Long> payloads = new ArrayList<>();
        q.poll(10, (d, p) ->
        {
            payloads.add(p);
            if (p == 98)
            {
                q.add(20, 1000); // rescheduling from inside the handler
            }
        }, 1000);
        assertEquals(List.of(98L, 96L, 94L, 92L, 90L), payloads);
        assertEquals(46, q.size());
        assertEquals(12, q.earliest());
    }
}
