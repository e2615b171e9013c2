package net.dmmgw.control.ha;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.control.node.NodeAgent;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.control.routing.InMemoryDataPlane;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.CachedEpochClock;

/**
 * A home agent on a test clock with an in-memory data plane and transport, its journal in a directory the test
 * owns. {@link #crashAndRestart()} drops the process state without closing the journal.
 */
final class HaRig implements AutoCloseable
{
    static final long T0 = 1_704_067_200_000L;
    static final String HA = "2001:db8:10::1";
    static final String HOA1 = "2001:db8:10::100";
    static final String HOA2 = "2001:db8:10::101";
    static final String HOA3 = "2001:db8:10::102"; // configured, disabled
    static final String COA1 = "2001:db8:aa::1";
    static final String COA2 = "2001:db8:bb::1";
    static final String KEY1 = "00112233445566778899aabbccddeeff01234567";
    static final String KEY2 = "0102030405060708090a0b0c0d0e0f1011121314";
    static final String KEY3 = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3";

    final CachedEpochClock clock = new CachedEpochClock();
    final InMemorySignallingTransport transport = new InMemorySignallingTransport();
    final InMemoryDataPlane dataPlane = new InMemoryDataPlane();
    final Properties properties;
    private final List<BindingJournal> journals = new ArrayList<>();
    HomeAgent ha;
    NodeAgent agent;

    HaRig(final Path dir, final Properties overrides)
    {
        clock.update(T0);
        properties = properties(dir);
        properties.putAll(overrides);
        boot();
    }

    static Properties properties(final Path journalDir)
    {
        final Properties p = new Properties();
        p.setProperty("node.role", "ha");
        p.setProperty("ha.address", HA);
        p.setProperty("ha.home-prefix", "2001:db8:10::/64");
        p.setProperty("ha.max-lifetime-s", "3600");
        p.setProperty("ha.refresh-interval-s", "600");
        p.setProperty("mn.mn1.home-address", HOA1);
        p.setProperty("mn.mn1.nai", "mn1@example.com");
        p.setProperty("mn.mn1.key", KEY1);
        p.setProperty("mn.mn1.spi", "300");
        p.setProperty("mn.mn2.home-address", HOA2);
        p.setProperty("mn.mn2.key", KEY2);
        p.setProperty("mn.mn2.spi", "301");
        p.setProperty("mn.mn3.home-address", HOA3);
        p.setProperty("mn.mn3.key", KEY3);
        p.setProperty("mn.mn3.spi", "302");
        p.setProperty("mn.mn3.enabled", "false");
        p.setProperty("journal.dir", journalDir.toString());
        return p;
    }

    private void boot()
    {
        final HaConfig config = HaConfig.from(new NodeConfig(properties));
        final BindingJournal journal = new BindingJournal(config.journalDirectory(), config.compactAfterRecords());
        journals.add(journal);
        ha = new HomeAgent(config, dataPlane, transport, clock, journal);
        agent = new NodeAgent("ha", ha, transport, dataPlane, clock);
        ha.start();
        run();
    }

    /** The process dies (nothing closed) and a new one starts on the same journal. */
    void crashAndRestart()
    {
        boot();
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

    /**
     * A BU from a mobile node: from {@code careOf} with a Home Address option {@code home} (none when they are
     * equal, a node at home); runs the agent and returns what the HA sent.
     */
    List<InMemorySignallingTransport.Message> send(final String careOf, final String home, final byte[] mh)
    {
        transport.clearSent();
        if (careOf.equals(home))
        {
            transport.deliver(Ipv6Words.bytes(home), Ipv6Words.bytes(HA), mh);
        }
        else
        {
            transport.deliver(Ipv6Words.bytes(careOf), Ipv6Words.bytes(home), Ipv6Words.bytes(HA), mh);
        }
        run();
        final List<InMemorySignallingTransport.Message> sent = new ArrayList<>(transport.sent());
        transport.clearSent();
        return sent;
    }

    /** @return the tunnel id the home address routes into, -1 when none. */
    int routeOf(final String home)
    {
        return dataPlane.hostRouteOf(Ipv6Words.hi(home), Ipv6Words.lo(home));
    }

    /** @return the remote end of the tunnel the home address routes into, null when none. */
    String tunnelRemoteOf(final String home)
    {
        final long[] remote = dataPlane.tunnelRemote(routeOf(home));
        return remote == null ? null : Ipv6Words.text(remote[0], remote[1]);
    }

    public void close()
    {
        for (final BindingJournal j : journals)
        {
            j.close();
        }
    }
}
