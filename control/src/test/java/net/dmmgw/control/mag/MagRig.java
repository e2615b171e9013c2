package net.dmmgw.control.mag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.lma.LmaConfig;
import net.dmmgw.control.lma.LocalMobilityAnchor;
import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.control.node.NodeAgent;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.control.routing.InMemoryDataPlane;
import net.dmmgw.control.routing.RouteProgrammer;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.CachedEpochClock;

/**
 * A real LMA and two MAGs on one test clock, each with its own in-memory data plane and signalling transport;
 * {@link #run()} drives the three agents and carries each message to the node its destination names, through
 * {@link #filter} (return false to lose a message) and into {@link #log}.
 */
final class MagRig implements AutoCloseable
{
    static final long T0 = 1_704_067_200_000L;
    static final String LMA = "2001:db8:2::1";
    static final String MAG1 = "2001:db8:1::1";
    static final String MAG2 = "2001:db8:1::2";
    static final long ALICE_MAC = 0x02_00_00_00_AA_01L;
    static final long BOB_MAC = 0x02_00_00_00_AA_02L;
    static final long STRANGER_MAC = 0x02_00_00_00_EE_01L;
    static final long MAG_MAC = 0x02_00_00_00_01_00L;
    static final int ACCESS_PORT = 2;

    /** One node: its role, agent, transport and data plane. */
    static final class Node
    {
        final String address;
        final InMemorySignallingTransport transport = new InMemorySignallingTransport();
        final InMemoryDataPlane dataPlane = new InMemoryDataPlane();
        final InMemoryAccessLink access = new InMemoryAccessLink();
        RouteProgrammer programmer = dataPlane;
        MobileAccessGateway mag;
        LocalMobilityAnchor lma;
        NodeAgent agent;
        long skewMs;

        Node(final String address)
        {
            this.address = address;
        }
    }

    /** A message as it travelled. */
    record Sent(long atMs, InMemorySignallingTransport.Message message)
    {
    }

    final Path dir;
    final CachedEpochClock clock = new CachedEpochClock();
    final Node lma = new Node(LMA);
    final Node mag1 = new Node(MAG1);
    final Node mag2 = new Node(MAG2);
    final List<Sent> log = new ArrayList<>();
    Predicate<InMemorySignallingTransport.Message> filter = m -> true;
    private final BindingJournal journal;
    private final List<BindingJournal> magJournals = new ArrayList<>();

    MagRig(final Properties lmaOverrides, final Properties magOverrides) throws IOException
    {
        this(lmaOverrides, magOverrides, null);
    }

    /** @param mag1DataPlane MAG1's data plane instead of its in-memory one (null: in memory). */
    MagRig(final Properties lmaOverrides, final Properties magOverrides, final RouteProgrammer mag1DataPlane)
        throws IOException
    {
        if (mag1DataPlane != null)
        {
            mag1.programmer = mag1DataPlane;
        }
        dir = Files.createTempDirectory("mag-rig");
        clock.update(T0);
        final Properties lp = new Properties();
        lp.setProperty("node.role", "lma");
        lp.setProperty("lma.address", LMA);
        lp.setProperty("lma.hnp-pool", "2001:db8:100::/48");
        lp.setProperty("lma.served-domains", "example.com");
        lp.setProperty("peer.mag1.address", MAG1);
        lp.setProperty("peer.mag2.address", MAG2);
        lp.setProperty("journal.dir", dir.toString());
        lp.setProperty("lma.heartbeat-interval-ms", "0");
        lp.putAll(lmaOverrides);
        final LmaConfig lmaConfig = LmaConfig.from(new NodeConfig(lp));
        journal = new BindingJournal(lmaConfig.journalDirectory(), lmaConfig.compactAfterRecords());
        lma.lma = new LocalMobilityAnchor(lmaConfig, lma.dataPlane, lma.transport, clock, journal);
        lma.agent = new NodeAgent("lma", lma.lma, lma.transport, lma.dataPlane, clock);
        lma.lma.start();
        for (final Node n : new Node[]{ mag1, mag2 })
        {
            n.mag = new MobileAccessGateway(MagConfig.from(new NodeConfig(magProperties(n.address, magOverrides))),
                n.programmer, n.transport, n.access, () -> clock.time() + n.skewMs);
            n.agent = new NodeAgent("mag", n.mag, n.transport, n.programmer, () -> clock.time() + n.skewMs);
            n.mag.start();
        }
        run();
    }

    /**
     * A new MAG1 process on a Binding Update List journal in {@code journalDir} (the journal of a previous one is
     * left as a kill -9 leaves it: nothing closed), over the same data plane, access link and transport, started
     * (replay, resynchronisation) but not yet run.
     */
    void restartMag1(final Path journalDir, final Properties magOverrides)
    {
        final BindingJournal bul = new BindingJournal(journalDir, 100_000);
        magJournals.add(bul);
        mag1.mag = new MobileAccessGateway(MagConfig.from(new NodeConfig(magProperties(MAG1, magOverrides))),
            mag1.programmer, mag1.transport, mag1.access, () -> clock.time() + mag1.skewMs, bul);
        mag1.agent = new NodeAgent("mag", mag1.mag, mag1.transport, mag1.programmer, () -> clock.time() + mag1.skewMs);
        mag1.mag.start();
    }

    static Properties magProperties(final String address, final Properties overrides)
    {
        final Properties p = new Properties();
        p.setProperty("node.role", "mag");
        p.setProperty("mag.address", address);
        p.setProperty("mag.lma-address", LMA);
        p.setProperty("mag.mac", "02:00:00:00:01:00");
        p.setProperty("mn.alice.mac", "02:00:00:00:aa:01");
        p.setProperty("mn.alice.id", "alice@example.com");
        p.setProperty("mn.bob.mac", "02:00:00:00:aa:02");
        p.setProperty("mn.bob.id", "bob@example.org");
        p.putAll(overrides);
        return p;
    }

    /** Runs every agent and carries messages until all are idle (bounded). */
    void run()
    {
        for (int round = 0; round < 200; round++)
        {
            int work = 0;
            for (final Node n : new Node[]{ lma, mag1, mag2 })
            {
                work += n.agent.doWork();
            }
            work += carry();
            if (work == 0)
            {
                return;
            }
        }
        throw new AssertionError("the nodes did not settle in 200 rounds");
    }

    private int carry()
    {
        int n = 0;
        for (final Node from : new Node[]{ lma, mag1, mag2 })
        {
            for (final InMemorySignallingTransport.Message m : from.transport.sent())
            {
                n++;
                log.add(new Sent(clock.time(), m));
                if (!filter.test(m))
                {
                    continue;
                }
                final String to = Ipv6Words.text(word(m.destination(), 0), word(m.destination(), 8));
                for (final Node target : new Node[]{ lma, mag1, mag2 })
                {
                    if (Ipv6Words.text(Ipv6Words.hi(target.address), Ipv6Words.lo(target.address)).equals(to))
                    {
                        target.transport.deliver(m.source(), m.destination(), m.mh());
                    }
                }
            }
            from.transport.clearSent();
        }
        return n;
    }

    /** Runs the nodes (carrying messages) until the condition holds or 5 s of real time passed. */
    boolean runUntil(final java.util.function.BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline)
        {
            int work = carry();
            for (final Node n : new Node[]{ lma, mag1, mag2 })
            {
                work += n.agent.doWork();
            }
            if (work == 0)
            {
                Thread.onSpinWait();
            }
        }
        return condition.getAsBoolean();
    }

    /** Advances the clock in steps of {@code stepMs}, running the nodes after each. */
    void advance(final long ms, final long stepMs)
    {
        for (long t = 0; t < ms; t += stepMs)
        {
            clock.advance(Math.min(stepMs, ms - t));
            run();
        }
    }

    /** The messages logged from one address to another, in order. */
    List<Sent> sent(final String from, final String to)
    {
        final List<Sent> out = new ArrayList<>();
        for (final Sent s : log)
        {
            if (Ipv6Words.text(word(s.message().source(), 0), word(s.message().source(), 8))
                .equals(Ipv6Words.text(Ipv6Words.hi(from), Ipv6Words.lo(from))) &&
                Ipv6Words.text(word(s.message().destination(), 0), word(s.message().destination(), 8))
                    .equals(Ipv6Words.text(Ipv6Words.hi(to), Ipv6Words.lo(to))))
            {
                out.add(s);
            }
        }
        return out;
    }

    static long word(final byte[] b, final int at)
    {
        return Ipv6Words.word(b, at);
    }

    public void close() throws IOException
    {
        journal.close();
        magJournals.forEach(BindingJournal::close);
        org.agrona.IoUtil.delete(dir.toFile(), false);
    }
}
