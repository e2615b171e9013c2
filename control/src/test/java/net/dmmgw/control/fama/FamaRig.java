package net.dmmgw.control.fama;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import net.dmmgw.control.fama.mn.MobileNodeAgent;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.control.node.NodeAgent;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.control.routing.InMemoryDataPlane;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.CachedEpochClock;

/**
 * Three DARs (each with its in-memory data plane, signalling transport, journal and node agent on one test clock)
 * and one mobile-node agent whose BUs are carried to the DAR they are addressed to, and whose DARs' answers are
 * carried back; every message is logged (for tshark). Two visited access routers that anchor nothing give the node
 * care-of addresses away from all three DARs.
 */
final class FamaRig implements AutoCloseable
{
    static final long T0 = 1_704_067_200_000L;
    static final String[] DAR = { "2001:db8:a1::1", "2001:db8:a2::1", "2001:db8:a3::1" };
    static final String[] PREFIX = { "2001:db8:a1::", "2001:db8:a2::", "2001:db8:a3::" };
    static final String[] VISITED = { "2001:db8:f1::1", "2001:db8:f2::1" };
    static final String[] VISITED_PREFIX = { "2001:db8:f1::", "2001:db8:f2::" };
    static final KeyPair KEY = MobileNodeAgent.generateKey(1024, new SecureRandom());

    /** One DAR and what drives it. */
    static final class Node
    {
        final InMemorySignallingTransport transport = new InMemorySignallingTransport();
        final InMemoryDataPlane dataPlane = new InMemoryDataPlane();
        final Properties properties;
        BindingJournal journal;
        DistributedAnchorRouter dar;
        NodeAgent agent;

        Node(final Properties properties)
        {
            this.properties = properties;
        }
    }

    /** A message on the wire: source, destination, the Home Address (option or routing header) or null, the MH. */
    record Sent(byte[] source, byte[] destination, byte[] home, byte[] mh)
    {
    }

    final CachedEpochClock clock = new CachedEpochClock();
    final Node[] nodes = new Node[DAR.length];
    final MobileNodeAgent mn;
    final List<Sent> log = new ArrayList<>();
    private final ArrayDeque<Sent> outbox = new ArrayDeque<>();
    private final List<BindingJournal> journals = new ArrayList<>();
    int undeliverable;

    FamaRig(final Path dir, final Properties overrides)
    {
        this(dir, overrides, 0);
    }

    FamaRig(final Path dir, final Properties overrides, final int sec)
    {
        clock.update(T0);
        for (int i = 0; i < DAR.length; i++)
        {
            final Properties p = properties(dir.resolve("dar" + (i + 1)), i);
            p.putAll(overrides);
            nodes[i] = new Node(p);
            boot(nodes[i]);
        }
        mn = new MobileNodeAgent(KEY, sec, (source, home, dar, mh, length) ->
        {
            outbox.add(new Sent(source.clone(), dar.clone(), home == null ? null : home.clone(),
                Arrays.copyOf(mh, length)));
            return true;
        }, new SecureRandom());
    }

    static Properties properties(final Path journalDir, final int i)
    {
        final Properties p = new Properties();
        p.setProperty("node.role", "dar");
        p.setProperty("dar.address", DAR[i]);
        p.setProperty("dar.prefix", PREFIX[i] + "/64");
        p.setProperty("dar.max-lifetime-s", "3600");
        p.setProperty("dar.refresh-interval-s", "600");
        p.setProperty("journal.dir", journalDir.toString());
        return p;
    }

    private void boot(final Node n)
    {
        final DarConfig config = DarConfig.from(new NodeConfig(n.properties));
        n.journal = config.journal().open();
        journals.add(n.journal);
        n.dar = new DistributedAnchorRouter(config, n.dataPlane, n.transport, clock, n.journal);
        n.agent = new NodeAgent("dar", n.dar, n.transport, n.dataPlane, clock);
        n.dar.start();
        run(n);
    }

    /** DAR {@code i}'s process dies (nothing closed) and a new one starts on the same journal and data plane. */
    void crashAndRestart(final int i)
    {
        boot(nodes[i]);
    }

    private static void run(final Node n)
    {
        for (int i = 0; i < 100 && n.agent.doWork() > 0; i++)
        {
            // until idle
        }
    }

    DistributedAnchorRouter dar(final int i)
    {
        return nodes[i].dar;
    }

    InMemoryDataPlane dataPlane(final int i)
    {
        return nodes[i].dataPlane;
    }

    /** The node attaches to DAR {@code i} (0-based) and the signalling runs to the end. */
    net.dmmgw.control.fama.mn.AnchoredAddress attach(final int i)
    {
        final var a = mn.attach(Ipv6Words.bytes(DAR[i]), Ipv6Words.bytes(PREFIX[i]));
        pump();
        return a;
    }

    /** The node attaches to visited router {@code i}, which anchors nothing, and the signalling runs to the end. */
    net.dmmgw.control.fama.mn.AnchoredAddress visit(final int i)
    {
        final var a = mn.attach(Ipv6Words.bytes(VISITED[i]), Ipv6Words.bytes(VISITED_PREFIX[i]), false);
        pump();
        return a;
    }

    /** Carries BUs to their DARs and the answers back until nothing moves (bounded). */
    void pump()
    {
        for (int round = 0; round < 100 && !outbox.isEmpty(); round++)
        {
            final Sent bu = outbox.poll();
            log.add(bu);
            final Node n = node(bu.destination());
            if (n == null)
            {
                undeliverable++;
                continue;
            }
            for (final Sent ba : exchange(n, bu))
            {
                mn.onSignalling(ba.source(), ba.home() != null ? ba.home() : ba.destination(), ba.mh());
            }
        }
    }

    /** Sends one BU to DAR {@code i} as the node would (not through the agent) and returns the DAR's answers. */
    List<Sent> inject(final int i, final byte[] source, final byte[] home, final byte[] mh)
    {
        final Sent bu = new Sent(source, Ipv6Words.bytes(DAR[i]), home, mh);
        log.add(bu);
        return exchange(nodes[i], bu);
    }

    private List<Sent> exchange(final Node n, final Sent bu)
    {
        n.transport.clearSent();
        if (bu.home() == null)
        {
            n.transport.deliver(bu.source(), bu.destination(), bu.mh());
        }
        else
        {
            n.transport.deliver(bu.source(), bu.home(), bu.destination(), bu.mh());
        }
        run(n);
        final List<Sent> answers = new ArrayList<>();
        for (final InMemorySignallingTransport.Message m : n.transport.sent())
        {
            final Sent ba = new Sent(m.source(), m.destination(), m.homeAddress(), m.mh());
            log.add(ba);
            answers.add(ba);
        }
        n.transport.clearSent();
        return answers;
    }

    private Node node(final byte[] address)
    {
        for (int i = 0; i < DAR.length; i++)
        {
            if (Arrays.equals(Ipv6Words.bytes(DAR[i]), address))
            {
                return nodes[i];
            }
        }
        return null;
    }

    /** @return the remote end of the tunnel DAR {@code i} routes {@code home} into, null when none. */
    String tunnelRemote(final int i, final byte[] home)
    {
        final long[] remote = nodes[i].dataPlane.tunnelRemote(
            nodes[i].dataPlane.hostRouteOf(Ipv6Words.word(home, 0), Ipv6Words.word(home, 8)));
        return remote == null ? null : Ipv6Words.text(remote[0], remote[1]);
    }

    /** @return the local end of that tunnel, null when none. */
    String tunnelLocal(final int i, final byte[] home)
    {
        final long[] local = nodes[i].dataPlane.tunnelLocal(
            nodes[i].dataPlane.hostRouteOf(Ipv6Words.word(home, 0), Ipv6Words.word(home, 8)));
        return local == null ? null : Ipv6Words.text(local[0], local[1]);
    }

    static String text(final byte[] address)
    {
        return Ipv6Words.text(Ipv6Words.word(address, 0), Ipv6Words.word(address, 8));
    }

    public void close()
    {
        for (final BindingJournal j : journals)
        {
            j.close();
        }
    }
}
