package net.dmmgw.control.admin;

import java.util.Map;

import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.control.node.MobilityRole;
import net.dmmgw.control.node.NodeAgent;
import net.dmmgw.control.routing.InMemoryDataPlane;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads run on the agent thread; a stalled agent or a full queue is BUSY within the bound; JSON round trip. */
class AgentCallTest
{
    private static NodeAgent idleAgent()
    {
        final MobilityRole role = new MobilityRole()
        {
            public int onTick(final long nowMs)
            {
                return 0;
            }

            public void onSignalling(final byte[] s, final byte[] d, final org.agrona.DirectBuffer mh, final int o,
                final int l)
            {
            }

            public void onAck(final long correlationId, final boolean ok)
            {
            }

            public void onResyncRequest()
            {
            }
        };
        final InMemorySignallingTransport t = new InMemorySignallingTransport();
        final InMemoryDataPlane dp = new InMemoryDataPlane();
        return new NodeAgent("test", role, t, dp, () -> 0);
    }

    @Test
    void runsOnTheAgentThreadAndHandsTheResultBack() throws Exception
    {
        final NodeAgent agent = idleAgent();
        final Thread[] agentThread = new Thread[1];
        final Thread runner = new Thread(() ->
        {
            agentThread[0] = Thread.currentThread();
            for (int i = 0; i < 2_000 && !Thread.currentThread().isInterrupted(); i++)
            {
                agent.doWork();
                try
                {
                    Thread.sleep(1);
                }
                catch (final InterruptedException e)
                {
                    return;
                }
            }
        });
        runner.start();
        try
        {
            final AgentCall call = new AgentCall(agent, 1_000);
            assertEquals(runner, call.call(Thread::currentThread));
            final AdminException thrown = assertThrows(AdminException.class, () -> call.call(() ->
            {
                throw new AdminException(AdminException.NOT_FOUND, "nothing");
            }));
            assertEquals(404, thrown.status());
        }
        finally
        {
            runner.interrupt();
            runner.join();
        }
    }

    @Test
    void aStalledAgentIsBusyWithinTheBound()
    {
        final NodeAgent agent = idleAgent(); // nobody runs doWork
        final AgentCall call = new AgentCall(agent, 50);
        final long start = System.nanoTime();
        final AdminException busy = assertThrows(AdminException.class, () -> call.call(() -> 1));
        assertEquals(AdminException.BUSY, busy.status());
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
        for (int i = 0; i < 300; i++)
        {
            agent.submit(() -> { });
        }
        final AdminException full = assertThrows(AdminException.class, () -> call.call(() -> 1));
        assertTrue(full.getMessage().contains("queue full"), full.getMessage());
    }

    @Test
    void jsonRoundTrips()
    {
        final Map<String, Object> m = Views.map("s", "a\"b\\c\nd é", "n", 12L, "f", 1.5, "b", true, "z", null,
            "l", java.util.List.of(1L, "x"), "o", Views.map("k", "v"));
        assertEquals(m, JsonText.parse(JsonText.write(m)));
        assertThrows(IllegalArgumentException.class, () -> JsonText.parse("{\"a\":"));
        assertThrows(IllegalArgumentException.class, () -> JsonText.parse("[1,2] x"));
        assertThrows(IllegalArgumentException.class, () -> JsonText.parse("\"\\u12\""));
    }
}
