package net.dmmgw.control.dmm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import org.agrona.concurrent.CachedEpochClock;

import net.dmmgw.control.cmd.CentralMobilityDatabase;
import net.dmmgw.control.cmd.CmdConfig;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.maar.MaarConfig;
import net.dmmgw.control.maar.MobilityAnchorAccessRouter;
import net.dmmgw.control.mag.InMemoryAccessLink;
import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.control.node.NodeAgent;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.control.routing.InMemoryDataPlane;
import net.dmmgw.control.routing.RouteProgrammer;
import net.dmmgw.ipc.Ipv6Words;

/**
 * A CMD and three MAARs on one test clock, each with its own in-memory signalling transport (and, for the MAARs,
 * in-memory data plane and access link), driven by their real {@link NodeAgent}s. {@link #run()} carries each sent
 * message to the node its destination names, through {@link #hold} (true: kept back until {@link #release()}) and
 * into {@link #log}.
 */
final class DmmRig
{
    static final long T0 = 1_704_067_200_000L;
    static final String CMD = "2001:db8:ff::1";
    static final String[] MAAR = { "2001:db8:1::1", "2001:db8:2::1", "2001:db8:3::1" };
    /** The MAAR addresses as {@link Ipv6Words#text} writes them (what session views and {@link Sent} show). */
    static final String[] M = { norm(MAAR[0]), norm(MAAR[1]), norm(MAAR[2]) };
    static final String[] POOL = { "2001:db8:100::/48", "2001:db8:200::/48", "2001:db8:300::/48" };
    static final long ALICE_MAC = 0x02_00_00_00_AA_01L;
    static final String ALICE = "alice@example.com";
    static final int PORT = 2;
    static final int LIFETIME_S = 400;

    /** One MAAR with its data plane and access link. */
    static final class Maar
    {
        final String address;
        final InMemorySignallingTransport transport = new InMemorySignallingTransport();
        final InMemoryDataPlane dataPlane = new InMemoryDataPlane();
        final InMemoryAccessLink access = new InMemoryAccessLink();
        /** What the MAAR programs: {@link #dataPlane}, or a real seam. */
        RouteProgrammer programmer = dataPlane;
        /** The sessions' journal directory, null: none. */
        Path journalDir;
        BindingJournal journal;
        /** Its configuration file (parsed again at each boot: a new process has a new pool). */
        Properties properties;
        MobilityAnchorAccessRouter maar;
        NodeAgent agent;
        /** Crashed: not run, messages to it are lost. */
        boolean down;

        Maar(final String address)
        {
            this.address = address;
        }

        /** A new MAAR process object on the same journal and data plane; started (replay + snapshot). */
        void boot(final CachedEpochClock clock, final int n)
        {
            journal = journalDir == null ? null : new BindingJournal(journalDir, 100_000);
            maar = new MobilityAnchorAccessRouter(MaarConfig.from(new NodeConfig(properties)), programmer, transport,
                access, clock, journal);
            agent = new NodeAgent("maar" + n, maar, transport, programmer, clock);
            maar.start();
            down = false;
        }

        /** @return the tunnel id the data plane routes the /64 into, -1 when none. */
        int routeOf(final long prefix)
        {
            return dataPlane.routeOf(prefix);
        }

        /** @return the remote end of a tunnel, as text. */
        String tunnelPeer(final int tunnelId)
        {
            final long[] t = dataPlane.tunnelRemote(tunnelId);
            return t == null ? null : Ipv6Words.text(t[0], t[1]);
        }
    }

    /** A message as it travelled. */
    record Sent(long atMs, InMemorySignallingTransport.Message message)
    {
        String from()
        {
            return Ipv6Words.text(Ipv6Words.word(message.source(), 0), Ipv6Words.word(message.source(), 8));
        }

        String to()
        {
            return Ipv6Words.text(Ipv6Words.word(message.destination(), 0),
                Ipv6Words.word(message.destination(), 8));
        }
    }

    final CachedEpochClock clock = new CachedEpochClock();
    final InMemorySignallingTransport cmdTransport = new InMemorySignallingTransport();
    final CentralMobilityDatabase cmd;
    final NodeAgent cmdAgent;
    final Maar[] maars = new Maar[3];
    final List<Sent> log = new ArrayList<>();
    final List<InMemorySignallingTransport.Message> held = new ArrayList<>();
    Predicate<Sent> hold = m -> false;

    /**
     * @param mode cmd.mode and maar.cmd-mode.
     * @param deregistration maar.deregistration (a or b).
     * @param extraMaar more MAAR keys (each MAAR).
     */
    DmmRig(final String mode, final String deregistration, final Properties extraMaar)
    {
        this(mode, deregistration, i -> extraMaar, null, null);
    }

    /**
     * @param mode cmd.mode and maar.cmd-mode.
     * @param deregistration maar.deregistration (a or b).
     * @param extraMaar more keys per MAAR (argument: 0, 1, 2 for MAAR1..3).
     */
    DmmRig(final String mode, final String deregistration, final java.util.function.IntFunction<Properties> extraMaar)
    {
        this(mode, deregistration, extraMaar, null, null);
    }

    /**
     * @param journals with each MAAR's sessions journalled in {@code journals/maarN}, or null (memory only).
     * @param maar1Programmer MAAR1's data plane instead of its in-memory one (a real seam), or null.
     */
    DmmRig(final String mode, final String deregistration, final Properties extraMaar, final Path journals,
        final RouteProgrammer maar1Programmer)
    {
        this(mode, deregistration, i -> extraMaar, journals, maar1Programmer);
    }

    /**
     * @param extraMaar more keys per MAAR (argument: 0, 1, 2 for MAAR1..3).
     * @param journals with each MAAR's sessions journalled in {@code journals/maarN}, or null (memory only).
     * @param maar1Programmer MAAR1's data plane instead of its in-memory one (a real seam), or null.
     */
    DmmRig(final String mode, final String deregistration, final java.util.function.IntFunction<Properties> extraMaar,
        final Path journals, final RouteProgrammer maar1Programmer)
    {
        clock.update(T0);
        final Properties c = new Properties();
        c.setProperty("node.role", "cmd");
        c.setProperty("cmd.address", CMD);
        c.setProperty("cmd.mode", mode);
        c.setProperty("cmd.maars", String.join(",", MAAR));
        c.setProperty("cmd.relay-timeout-ms", "500");
        cmd = new CentralMobilityDatabase(CmdConfig.from(new NodeConfig(c)), cmdTransport, clock);
        cmdAgent = new NodeAgent("cmd", cmd, cmdTransport, new InMemoryDataPlane(), clock);
        for (int i = 0; i < 3; i++)
        {
            final Maar m = new Maar(MAAR[i]);
            final Properties p = new Properties();
            p.setProperty("node.role", "maar");
            p.setProperty("maar.address", MAAR[i]);
            p.setProperty("maar.cmd-address", CMD);
            p.setProperty("maar.prefix-pool", POOL[i]);
            final List<String> peers = new ArrayList<>(Arrays.asList(MAAR));
            peers.remove(MAAR[i]);
            p.setProperty("maar.peers", String.join(",", peers));
            p.setProperty("maar.cmd-mode", mode);
            p.setProperty("maar.deregistration", deregistration);
            p.setProperty("maar.lifetime-s", String.valueOf(LIFETIME_S));
            p.setProperty("mn.alice.mac", "02:00:00:00:aa:01");
            p.setProperty("mn.alice.id", ALICE);
            p.putAll(extraMaar.apply(i));
            m.properties = p;
            m.journalDir = journals == null ? null : journals.resolve("maar" + (i + 1));
            if (i == 0 && maar1Programmer != null)
            {
                m.programmer = maar1Programmer;
            }
            m.boot(clock, i + 1);
            maars[i] = m;
        }
    }

    /** Runs every agent and carries messages until nothing moves (bounded). */
    void run()
    {
        for (int round = 0; round < 1000; round++)
        {
            int work = cmdAgent.doWork();
            for (final Maar m : maars)
            {
                work += m.down ? 0 : m.agent.doWork();
            }
            work += carry(cmdTransport);
            for (final Maar m : maars)
            {
                work += m.down ? 0 : carry(m.transport);
            }
            if (work == 0)
            {
                return;
            }
        }
        throw new AssertionError("the rig did not settle in 1000 rounds");
    }

    /** Moves the clock forward in steps, running the rig after each. */
    void advance(final long totalMs, final long stepMs)
    {
        for (long t = 0; t < totalMs; t += stepMs)
        {
            clock.advance(Math.min(stepMs, totalMs - t));
            run();
        }
    }

    /** Delivers the held messages. */
    void release()
    {
        for (final InMemorySignallingTransport.Message m : held)
        {
            deliver(m);
        }
        held.clear();
        run();
    }

    private int carry(final InMemorySignallingTransport from)
    {
        final List<InMemorySignallingTransport.Message> sent = new ArrayList<>(from.sent());
        from.clearSent();
        for (final InMemorySignallingTransport.Message m : sent)
        {
            final Sent s = new Sent(clock.time(), m);
            log.add(s);
            if (hold.test(s))
            {
                held.add(m);
            }
            else
            {
                deliver(m);
            }
        }
        return sent.size();
    }

    private void deliver(final InMemorySignallingTransport.Message m)
    {
        final byte[] to = m.destination();
        if (Arrays.equals(to, Ipv6Words.bytes(CMD)))
        {
            cmdTransport.deliver(m.source(), to, m.mh());
            return;
        }
        for (final Maar maar : maars)
        {
            if (Arrays.equals(to, Ipv6Words.bytes(maar.address)))
            {
                if (!maar.down)
                {
                    maar.transport.deliver(m.source(), to, m.mh());
                }
                return;
            }
        }
        throw new AssertionError("no node at " + Arrays.toString(to));
    }

    /** @return the address in {@link Ipv6Words#text} form. */
    static String norm(final String address)
    {
        return Ipv6Words.text(Ipv6Words.hi(address), Ipv6Words.lo(address));
    }

    Maar maar(final int oneBased)
    {
        return maars[oneBased - 1];
    }

    /**
     * MAAR n's control process dies (kill -9: nothing closed, nothing flushed beyond what the journal holds); its
     * data plane keeps its tables; messages to it are lost until {@link #restart}.
     */
    void crash(final int n)
    {
        final Maar m = maar(n);
        m.down = true;
        m.transport.clearSent();
        m.access.clearSent();
    }

    /** MAAR n's control process starts again on the same journal and data plane, and the rig runs. */
    void restart(final int n)
    {
        maar(n).boot(clock, n);
        run();
    }

    /** Alice attaches at MAAR n (and leaves the one she was at: no L2 detach signalling reaches the CMD). */
    void moveTo(final int n)
    {
        for (final Maar m : maars)
        {
            m.maar.detach(ALICE_MAC);
        }
        maar(n).maar.attach(PORT, ALICE_MAC);
        run();
    }

    /** @return Alice's prefix anchored at MAAR n (upper word), from its session list. */
    long prefixAt(final int n)
    {
        for (final MobilityAnchorAccessRouter.SessionView v : maar(n).maar.sessions())
        {
            return Ipv6Words.hi(v.anchoredPrefix().replace("/64", ""));
        }
        throw new AssertionError("no session at MAAR" + n);
    }

    /** @return the messages logged from {@code from} to {@code to} since index {@code since}. */
    List<Sent> sent(final String from, final String to, final int since)
    {
        final List<Sent> out = new ArrayList<>();
        for (int i = since; i < log.size(); i++)
        {
            final Sent s = log.get(i);
            if (s.from().equals(norm(from)) && s.to().equals(norm(to)))
            {
                out.add(s);
            }
        }
        return out;
    }
}
