package net.dmmgw.control.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.lma.LmaConfig;
import net.dmmgw.control.lma.LocalMobilityAnchor;
import net.dmmgw.control.log.EventLog;
import net.dmmgw.control.mag.InMemoryAccessLink;
import net.dmmgw.control.mag.MagConfig;
import net.dmmgw.control.mag.MobileAccessGateway;
import net.dmmgw.control.metrics.CountingSignallingTransport;
import net.dmmgw.control.metrics.SignallingCounters;
import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.control.node.NodeAgent;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.control.routing.InMemoryDataPlane;
import net.dmmgw.ipc.counters.CountersFile;
import net.dmmgw.fastpath.pipeline.WorkerCounters;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.IoUtil;
import org.agrona.concurrent.SystemEpochClock;

/**
 * A real LMA (Chronicle journal, heartbeats every 100 ms to its MAG and to a second, absent peer) and a real MAG on
 * the wall clock, each with its node agent, driven by one background thread that also carries the signalling
 * between their in-memory transports; an admin server on an ephemeral loopback port for each, the LMA's with a real
 * data-plane counters file (fastpath's {@code CountersFile} and {@code WorkerCounters}, so the labels are the real
 * ones).
 */
final class AdminRig implements AutoCloseable
{
    static final String LMA = "2001:db8:2::1";
    static final String MAG = "2001:db8:1::1";
    static final String ABSENT_PEER = "2001:db8:1::9";
    static final String ALICE = "alice@example.com";
    static final String ALICE_MAC = "02:00:00:00:aa:01";

    final Path dir;
    final Path lmaRun;
    final Path magRun;
    final Path countersPath;
    final CountersFile counters;
    final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    final EventLog log = new EventLog(new PrintStream(logged, true), EventLog.Level.DEBUG);
    final SignallingCounters lmaSignalling = new SignallingCounters();
    final Properties lmaProperties = new Properties();

    private final InMemorySignallingTransport lmaWire = new InMemorySignallingTransport();
    private final InMemorySignallingTransport magWire = new InMemorySignallingTransport();
    private final BindingJournal journal;
    final LocalMobilityAnchor lma;
    final MobileAccessGateway mag;
    final NodeAgent lmaAgent;
    final NodeAgent magAgent;
    final AdminServer lmaAdmin;
    final AdminServer magAdmin;
    private final Thread driver;
    private volatile boolean running = true;

    AdminRig() throws IOException
    {
        dir = Files.createTempDirectory("admin-rig");
        lmaRun = dir.resolve("lma-run");
        magRun = dir.resolve("mag-run");
        countersPath = dir.resolve("counters");
        counters = CountersFile.create(countersPath, WorkerCounters.countersPerWorker(2) + 8);
        new WorkerCounters(counters.manager(), 0, 2);

        lmaProperties.setProperty("node.role", "lma");
        lmaProperties.setProperty("lma.address", LMA);
        lmaProperties.setProperty("lma.hnp-pool", "2001:db8:100::/48");
        lmaProperties.setProperty("lma.served-domains", "example.com");
        lmaProperties.setProperty("peer.mag1.address", MAG);
        lmaProperties.setProperty("peer.mag2.address", ABSENT_PEER);
        lmaProperties.setProperty("peer.mag2.key", "00112233445566778899aabbccddeeff");
        lmaProperties.setProperty("peer.mag2.spi", "256");
        lmaProperties.setProperty("journal.dir", dir.resolve("journal").toString());
        lmaProperties.setProperty("lma.heartbeat-interval-ms", "100");
        lmaProperties.setProperty("lma.missing-heartbeats-allowed", "1");
        final LmaConfig lmaConfig = LmaConfig.from(new NodeConfig(lmaProperties));
        journal = new BindingJournal(lmaConfig.journalDirectory(), lmaConfig.compactAfterRecords());
        final InMemoryDataPlane lmaDataPlane = new InMemoryDataPlane();
        final CountingSignallingTransport lmaTransport = new CountingSignallingTransport(lmaWire, lmaSignalling);
        lma = new LocalMobilityAnchor(lmaConfig, lmaDataPlane, lmaTransport, SystemEpochClock.INSTANCE, journal);
        lmaAgent = new NodeAgent("lma", lma, lmaTransport, lmaDataPlane, SystemEpochClock.INSTANCE);
        lma.start();

        final Properties mp = new Properties();
        mp.setProperty("node.role", "mag");
        mp.setProperty("mag.address", MAG);
        mp.setProperty("mag.lma-address", LMA);
        mp.setProperty("mag.mac", "02:00:00:00:01:00");
        mp.setProperty("mn.alice.mac", ALICE_MAC);
        mp.setProperty("mn.alice.id", ALICE);
        final InMemoryDataPlane magDataPlane = new InMemoryDataPlane();
        mag = new MobileAccessGateway(MagConfig.from(new NodeConfig(mp)), magDataPlane, magWire,
            new InMemoryAccessLink(), SystemEpochClock.INSTANCE);
        magAgent = new NodeAgent("mag", mag, magWire, magDataPlane, SystemEpochClock.INSTANCE);
        mag.start();

        driver = new Thread(this::drive, "admin-rig-driver");
        driver.setDaemon(true);
        driver.start();

        lmaAdmin = AdminServer.start(lmaAgent, new LmaAdmin(lma), new AdminServer.Options().runDir(lmaRun)
            .countersFile(countersPath).config(lmaProperties).journal(journal).signalling(lmaSignalling).log(log));
        magAdmin = AdminServer.start(magAgent, new MagAdmin(mag), new AdminServer.Options().runDir(magRun)
            .config(mp).log(log));
    }

    /** Sets a data-plane counter by its exact label (as the worker would have published it). */
    void setCounter(final String label, final long value)
    {
        final int[] found = { -1 };
        counters.reader().forEach((id, l) ->
        {
            if (l.equals(label))
            {
                found[0] = id;
            }
        });
        if (found[0] < 0)
        {
            throw new IllegalArgumentException("no counter " + label);
        }
        counters.manager().setCounterValue(found[0], value);
    }

    private void drive()
    {
        while (running)
        {
            int work = lmaAgent.doWork() + magAgent.doWork();
            work += carry(lmaWire, magWire, MAG) + carry(magWire, lmaWire, LMA);
            if (work == 0)
            {
                try
                {
                    Thread.sleep(1);
                }
                catch (final InterruptedException e)
                {
                    return;
                }
            }
        }
    }

    /** Carries what {@code from} sent to {@code to} when it is addressed to {@code toAddress}; the rest is lost. */
    private static int carry(final InMemorySignallingTransport from, final InMemorySignallingTransport to,
        final String toAddress)
    {
        int n = 0;
        final byte[] address = Ipv6Words.bytes(toAddress);
        for (final InMemorySignallingTransport.Message m : from.sent())
        {
            n++;
            if (java.util.Arrays.equals(m.destination(), address))
            {
                to.deliver(m.source(), m.destination(), m.mh());
            }
        }
        from.clearSent();
        return n;
    }

    @Override
    public void close() throws Exception
    {
        lmaAdmin.close();
        magAdmin.close();
        System.out.print("event log:\n" + logged); // control/README.md quotes these lines
        running = false;
        driver.join(5_000);
        journal.close();
        counters.close();
        IoUtil.delete(dir.toFile(), true);
    }
}
