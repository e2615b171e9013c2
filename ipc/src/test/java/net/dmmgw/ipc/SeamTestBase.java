package net.dmmgw.ipc;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import net.dmmgw.ipc.sbe.AckResult;
import net.dmmgw.ipc.sbe.FlowLabelPolicy;
import net.dmmgw.ipc.sbe.PuntReason;
import net.dmmgw.ipc.sbe.TrafficClassPolicy;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A seam with a real media driver for tests: a {@link DataPlaneClient} and a {@link StateAgent}
 * on its own thread over {@code aeron:ipc} or {@code aeron:udp} on loopback, the agent applying to
 * an {@link InMemoryStateApplier}; everything is closed after each test.
 */
abstract class SeamTestBase
{
    static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    static final String MN_PREFIX = "2001:db8:1:2::";
    static final String PEER = "2001:db8:ffff::2";
    static final String LOCAL = "2001:db8:ffff::1";

    final List<AutoCloseable> closeables = new ArrayList<>();
    final InMemoryStateApplier applier = new InMemoryStateApplier();
    final List<String> events = new ArrayList<>();
    /** Acks the listener got, by correlation id: the result, and the reason after it unless OK. */
    final Map<Long, String> acks = new HashMap<>();
    /** OK acks the listener got. */
    long okAcks;
    /** Cleared by a test that measures allocation: the listener then only counts. */
    boolean recordEvents = true;
    final DataPlaneListener listener = new DataPlaneListener()
    {
        public void onAck(final long correlationId, final AckResult result, final String reason)
        {
            okAcks += result == AckResult.OK ? 1 : 0;
            if (!recordEvents)
            {
                return;
            }
            events.add("ack " + correlationId + " " + result + " " + reason);
            acks.put(correlationId, reason.isEmpty() ? result.name() : result + " " + reason);
        }

        public void onPunt(final int port, final PuntReason reason, final DirectBuffer frame, final int offset, final int length)
        {
            final byte[] copy = new byte[length];
            frame.getBytes(offset, copy);
            punts.add(copy);
            events.add("punt " + port + " " + reason);
        }

        public void onResyncRequest(final long dataPlaneId, final long lastEpoch)
        {
            if (!recordEvents)
            {
                return;
            }
            events.add("resync " + dataPlaneId + " " + lastEpoch);
        }
    };
    final List<byte[]> punts = new ArrayList<>();

    /** What the agent applies to; a test may set another before {@link #start}. */
    StateApplier agentApplier = applier;
    /** When set before {@link #start}, the agent runs on the test's thread: {@link #awaitCondition} drives it. */
    boolean agentOnTestThread;
    IpcConfiguration configuration;
    Aeron aeron;
    StateAgent agent;
    StateAgentCounters counters;
    PuntRing puntRing;
    DataPlaneClient client;

    @AfterEach
    void tearDown()
    {
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(closeables.get(i));
        }
    }

    void start(final String channel) throws Exception
    {
        final Path dir = Files.createTempDirectory("dmmgw-aeron-test");
        configuration = new IpcConfiguration()
            .aeronDirectory(dir.resolve("aeron").toString())
            .heartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(20))
            .heartbeatTimeoutNs(TimeUnit.MILLISECONDS.toNanos(300));
        if (channel.startsWith("aeron:udp"))
        {
            configuration.toDataPlaneChannel(channel + "?endpoint=127.0.0.1:" + (40_000 + ProcessHandle.current().pid() % 10_000))
                .toControlChannel(channel + "?endpoint=127.0.0.1:" + (50_000 + ProcessHandle.current().pid() % 10_000));
        }
        final MediaDriver driver = EmbeddedMediaDriver.launch(configuration);
        closeables.add(driver);
        closeables.add(() -> Files.walk(dir).sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete()));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(configuration.aeronDirectory()));
        closeables.add(aeron);
        startAgent();
        client = new DataPlaneClient(1, 1, aeron, configuration, listener, new OffsetEpochNanoClock());
        closeables.add(client);
        // Both directions up: our publication has a subscriber and the data plane's heartbeats arrive.
        awaitCondition(() -> client.isConnected() && client.isDataPlaneAlive(), "both directions connected");
    }

    void startAgent()
    {
        final CountersManager countersManager = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
        counters = new StateAgentCounters(countersManager);
        puntRing = new PuntRing(64 * 1024);
        agent = new StateAgent(
            42, aeron, configuration, agentApplier, new PuntRing[]{ puntRing }, counters, new OffsetEpochNanoClock());
        if (agentOnTestThread)
        {
            closeables.add(agent::onClose);
            return;
        }
        final AgentRunner runner = new AgentRunner(
            new BackoffIdleStrategy(1, 1, 1_000, 100_000), Throwable::printStackTrace, null, agent);
        AgentRunner.startOnThread(runner);
        closeables.add(runner);
    }

    void awaitCondition(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + TIMEOUT_NS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out waiting for " + what + "; last events: " +
                events.subList(Math.max(0, events.size() - 10), events.size()));
            }
            if (null != client)
            {
                client.poll();
            }
            if (agentOnTestThread)
            {
                agent.doWork();
            }
            Thread.onSpinWait();
        }
    }

    AckResult await(final long correlationId)
    {
        assertTrue(correlationId > 0, "message was not published");
        return client.awaitAck(correlationId, TIMEOUT_NS);
    }

    long addTunnel(final int id)
    {
        return client.setTunnel(id, 1, 1500, 64, TrafficClassPolicy.COPY, 0, FlowLabelPolicy.DERIVE, 0,
            Ipv6Words.hi(LOCAL), Ipv6Words.lo(LOCAL), Ipv6Words.hi(PEER), Ipv6Words.lo(PEER),
            Ipv6Words.mac("02:00:00:00:00:02"));
    }

    static void offer(final ExclusivePublication publication, final UnsafeBuffer buffer, final int length)
    {
        final long deadline = System.nanoTime() + TIMEOUT_NS;
        while (publication.offer(buffer, 0, length) < 0)
        {
            if (System.nanoTime() > deadline)
            {
                fail("could not offer");
            }
        }
    }
}
