package net.dmmgw.perf.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.lma.LmaConfig;
import net.dmmgw.control.lma.LocalMobilityAnchor;
import net.dmmgw.control.location.MessageOrdering;
import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;

/** An in-process LMA with its journal in a temp dir, the acking stub data plane and a counting transport. */
final class LmaFixture
{
    static final byte[] LMA = Ipv6Words.bytes("2001:db8:2::1");
    static final byte[] MAG1 = Ipv6Words.bytes("2001:db8:1::1");
    static final byte[] MAG2 = Ipv6Words.bytes("2001:db8:1::2");
    private static final byte[] ALL_ZERO = new byte[16];

    final Path dir;
    final CachedEpochClock clock = new CachedEpochClock();
    final AckingDataPlane dataPlane = new AckingDataPlane();
    final InMemorySignallingTransport transport = new InMemorySignallingTransport(false);
    final LmaConfig config;
    final UnsafeBuffer pbu = new UnsafeBuffer(new byte[512]);
    private final MobilityHeaderEncoder encoder = new MobilityHeaderEncoder();
    BindingJournal journal;
    LocalMobilityAnchor lma;

    LmaFixture(final String pool, final long compactAfter) throws IOException
    {
        dir = Files.createTempDirectory("lma-bench");
        clock.update(System.currentTimeMillis());
        final Properties p = new Properties();
        p.setProperty("node.role", "lma");
        p.setProperty("lma.address", "2001:db8:2::1");
        p.setProperty("lma.hnp-pool", pool);
        p.setProperty("lma.served-domains", "example.com");
        p.setProperty("peer.mag1.address", "2001:db8:1::1");
        p.setProperty("peer.mag2.address", "2001:db8:1::2");
        p.setProperty("journal.dir", dir.toString());
        p.setProperty("journal.compact-after-records", Long.toString(compactAfter));
        config = LmaConfig.from(new NodeConfig(p));
        start();
    }

    /** Opens the journal (again, after a simulated crash) and starts an LMA on it. */
    int start()
    {
        journal = new BindingJournal(config.journalDirectory(), config.compactAfterRecords());
        lma = new LocalMobilityAnchor(config, dataPlane, transport, clock, journal);
        final int restored = lma.start();
        dataPlane.poll(lma);
        return restored;
    }

    static byte[] nai(final int i)
    {
        return String.format("mn%08d@example.com", i).getBytes(StandardCharsets.US_ASCII);
    }

    /** Encodes a PBU into {@link #pbu}; prefixHi 0 asks for a new prefix. @return its length. */
    int encode(final byte[] mag, final byte[] nai, final int seq, final int hi, final long prefixHi,
        final byte[] prefixScratch)
    {
        encoder.wrap(pbu, 0, pbu.capacity()).begin(MhType.BINDING_UPDATE).bindingUpdate()
            .sequence(seq).flags(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_P).lifetime(900);
        if (prefixHi == 0)
        {
            encoder.homeNetworkPrefix(0, ALL_ZERO);
        }
        else
        {
            for (int i = 0; i < 8; i++)
            {
                prefixScratch[i] = (byte)(prefixHi >>> (56 - 8 * i));
            }
            encoder.homeNetworkPrefix(64, prefixScratch);
        }
        final long ts = MessageOrdering.timestampOfMillis(clock.time());
        encoder.mobileNodeIdentifier(1, nai, 0, nai.length).timestamp(ts >>> 16, (int)(ts & 0xFFFF))
            .handoffIndicator(hi).accessTechnologyType(4);
        return encoder.finish(mag, LMA);
    }

    /** One PBU in, acks delivered, PBA out. */
    void transact(final byte[] mag, final int length)
    {
        lma.onSignalling(mag, LMA, pbu, 0, length);
        dataPlane.poll(lma);
    }

    void delete() throws IOException
    {
        journal.close();
        deleteTree(dir);
    }

    /** Deletes a directory and everything below it. */
    static void deleteTree(final Path dir) throws IOException
    {
        try (Stream<Path> walk = Files.walk(dir))
        {
            for (final Path f : (Iterable<Path>)walk.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(f);
            }
        }
    }

    static long directoryBytes(final Path dir) throws IOException
    {
        try (Stream<Path> walk = Files.walk(dir))
        {
            return walk.filter(Files::isRegularFile).mapToLong(f ->
            {
                try
                {
                    return Files.size(f);
                }
                catch (final IOException ex)
                {
                    return 0;
                }
            }).sum();
        }
    }
}
