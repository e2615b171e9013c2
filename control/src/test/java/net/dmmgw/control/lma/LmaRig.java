package net.dmmgw.control.lma;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.control.node.NodeAgent;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.control.routing.InMemoryDataPlane;
import net.dmmgw.control.routing.RouteProgrammer;
import org.agrona.concurrent.CachedEpochClock;

/**
 * An LMA on a test clock with an in-memory data plane and transport, its journal in a temp dir that
 * {@link #close()} deletes. {@link #crashAndRestart()} drops the process state without closing the journal.
 */
final class LmaRig implements AutoCloseable
{
    static final long T0 = 1_704_067_200_000L;
    static final String LMA = "2001:db8:2::1";
    static final String MAG1 = "2001:db8:1::1";
    static final String MAG2 = "2001:db8:1::2";

    final Path dir;
    final CachedEpochClock clock = new CachedEpochClock();
    final InMemorySignallingTransport transport = new InMemorySignallingTransport();
    final RouteProgrammer dataPlane;
    final Properties properties;
    private final List<BindingJournal> journals = new ArrayList<>();
    LocalMobilityAnchor lma;
    NodeAgent agent;

    LmaRig(final Properties overrides) throws IOException
    {
        this(overrides, new InMemoryDataPlane());
    }

    LmaRig(final Properties overrides, final RouteProgrammer dataPlane) throws IOException
    {
        this.dir = Files.createTempDirectory("lma-journal");
        this.dataPlane = dataPlane;
        clock.update(T0);
        properties = properties(dir);
        properties.putAll(overrides);
        boot();
    }

    static Properties properties(final Path journalDir)
    {
        final Properties p = new Properties();
        p.setProperty("node.role", "lma");
        p.setProperty("lma.address", LMA);
        p.setProperty("lma.hnp-pool", "2001:db8:100::/48");
        p.setProperty("lma.served-domains", "example.com");
        p.setProperty("lma.max-lifetime-s", "3600");
        p.setProperty("peer.mag1.address", MAG1);
        p.setProperty("peer.mag2.address", MAG2);
        p.setProperty("journal.dir", journalDir.toString());
        p.setProperty("journal.compact-after-records", "100000");
        p.setProperty("lma.heartbeat-interval-ms", "0"); // LmaHeartbeatTest turns it on
        return p;
    }

    private void boot()
    {
        final LmaConfig config = LmaConfig.from(new NodeConfig(properties));
        final BindingJournal journal = new BindingJournal(config.journalDirectory(), config.compactAfterRecords());
        journals.add(journal);
        lma = new LocalMobilityAnchor(config, dataPlane, transport, clock, journal);
        agent = new NodeAgent("lma", lma, transport, dataPlane, clock);
        lma.start();
        run();
    }

    /** The process dies (nothing closed, nothing flushed beyond what was appended) and a new one starts. */
    void crashAndRestart()
    {
        boot();
    }

    BindingJournal journal()
    {
        return journals.get(journals.size() - 1);
    }

    void run()
    {
        for (int i = 0; i < 100 && agent.doWork() > 0; i++)
        {
            // until idle
        }
    }

    void advance(final long ms)
    {
        clock.advance(ms);
        run();
    }

    /** Delivers a message and runs the agent; returns what the LMA sent. */
    List<InMemorySignallingTransport.Message> send(final byte[] src, final byte[] dst, final byte[] mh)
    {
        transport.clearSent();
        transport.deliver(src, dst, mh);
        run();
        final List<InMemorySignallingTransport.Message> sent = new ArrayList<>(transport.sent());
        transport.clearSent();
        return sent;
    }

    /** For an asynchronous data plane: runs the agent until {@code count} messages were sent or 5 s passed. */
    List<InMemorySignallingTransport.Message> sendAndAwait(final byte[] src, final byte[] dst, final byte[] mh,
        final int count)
    {
        transport.clearSent();
        transport.deliver(src, dst, mh);
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (transport.sent().size() < count && System.nanoTime() < deadline)
        {
            if (agent.doWork() == 0)
            {
                Thread.onSpinWait();
            }
        }
        final List<InMemorySignallingTransport.Message> sent = new ArrayList<>(transport.sent());
        transport.clearSent();
        return sent;
    }

    /** Runs the agent until the start-up resynchronisation is acknowledged (or 5 s passed). */
    boolean awaitResync()
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (lma.resyncPending() > 0 && System.nanoTime() < deadline)
        {
            agent.doWork();
        }
        return lma.resyncPending() == 0;
    }

    public void close() throws IOException
    {
        for (final BindingJournal j : journals)
        {
            j.close();
        }
        deleteTree(dir);
    }

    /** Deletes a directory tree (test temp dirs). */
    static void deleteTree(final Path root) throws IOException
    {
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path p : (Iterable<Path>)walk.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
