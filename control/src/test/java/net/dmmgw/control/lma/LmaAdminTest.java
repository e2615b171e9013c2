package net.dmmgw.control.lma;

import java.io.IOException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import net.dmmgw.control.location.BindingState;
import net.dmmgw.control.routing.InMemoryDataPlane;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Administrative requests from another thread run on the running agent: list the bindings, delete one. */
class LmaAdminTest
{
    @Test
    void listAndDeleteFromAnotherThread() throws Exception
    {
        final PbuBuilder builder = new PbuBuilder();
        try (LmaRig r = new LmaRig(new Properties()))
        {
            for (int i = 0; i < 3; i++)
            {
                final byte[] mh = builder.pbu(LmaRig.MAG1, "mn" + i + "@example.com", i, 900, 1, null, r.clock.time());
                assertEquals(0, Pba.of(r.send(Ipv6Words.bytes(LmaRig.MAG1), Ipv6Words.bytes(LmaRig.LMA), mh).get(0))
                    .status());
            }
            final AgentRunner runner = new AgentRunner(new SleepingMillisIdleStrategy(1), Throwable::printStackTrace,
                null, r.agent);
            AgentRunner.startOnThread(runner);
            try
            {
                final CompletableFuture<List<LocalMobilityAnchor.BindingView>> listed = new CompletableFuture<>();
                assertTrue(r.agent.submit(() -> listed.complete(r.lma.bindings())));
                final List<LocalMobilityAnchor.BindingView> views = listed.get(5, TimeUnit.SECONDS);
                assertEquals(3, views.size());
                final LocalMobilityAnchor.BindingView mn1 = views.stream()
                    .filter(v -> v.mnId().equals("mn1@example.com")).findFirst().orElseThrow();
                assertEquals(BindingState.ACTIVE, mn1.state());
                assertEquals(Pba.norm(LmaRig.MAG1), mn1.proxyCoa());
                assertEquals(1, mn1.prefixes().size());

                final CompletableFuture<Boolean> deleted = new CompletableFuture<>();
                assertTrue(r.agent.submit(() -> deleted.complete(r.lma.deleteBinding(mn1.id()))));
                assertTrue(deleted.get(5, TimeUnit.SECONDS));
                final CompletableFuture<Boolean> again = new CompletableFuture<>();
                assertTrue(r.agent.submit(() -> again.complete(r.lma.deleteBinding(mn1.id()))));
                assertFalse(again.get(5, TimeUnit.SECONDS), "already gone");
                final CompletableFuture<Integer> left = new CompletableFuture<>();
                r.agent.submit(() -> left.complete(r.lma.bindings().size()));
                assertEquals(2, left.get(5, TimeUnit.SECONDS));

                final CompletableFuture<Void> failing = new CompletableFuture<>();
                r.agent.submit(() ->
                {
                    failing.complete(null);
                    throw new IllegalStateException("a faulty request");
                });
                failing.get(5, TimeUnit.SECONDS);
                final CompletableFuture<Integer> still = new CompletableFuture<>();
                r.agent.submit(() -> still.complete(r.lma.pool().allocated()));
                assertEquals(2, still.get(5, TimeUnit.SECONDS), "the agent survived; mn1's prefix went back");
                assertEquals(1, r.agent.adminFailures());
            }
            finally
            {
                runner.close();
            }
            assertEquals(-1, ((InMemoryDataPlane)r.dataPlane).routeOf(Ipv6Words.hi("2001:db8:100:1::")),
                "mn1's route removed");
            r.crashAndRestart();
            assertEquals(2, r.lma.cache().size(), "the administrative deletion is in the journal");
        }
    }
}
