package net.dmmgw.perf.control;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.control.ha.HaConfig;
import net.dmmgw.control.ha.HomeAgent;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * BU → BA transactions per second at the MIPv6 home agent on one core, in process, with the Chronicle journal on.
 * The data plane is {@link AckingDataPlane}; the transport only counts. Each operation encodes the mobile node's BU
 * with our codec (part of the measured cost), hands it to the HA with the Home Address option's address
 * (validation with the checksum over the HoA, the RFC 6275 checks, binding update, timer re-arm, journal append, BA
 * encode for the type 2 Routing header) and delivers the acks. 10 000 mobile nodes without RFC 4285 keys
 * ({@code ha.require-authentication=false}): the MN-HA HMAC is measured by the zero-allocation test only.
 * <ul>
 *   <li>{@code refresh}: re-registration from the same care-of address (no data-plane change);</li>
 *   <li>{@code move}: the MN changes care-of address: tunnel reference, HoA route re-pointed, ack, commit.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "-Dchronicle.analytics.disable=true" })
public class HaTransactionBenchmark
{
    private static final int MNS = 10_000;
    private static final byte[] HA = Ipv6Words.bytes("2001:db8:10::1");
    private static final byte[][] COAS = { Ipv6Words.bytes("2001:db8:aa::1"), Ipv6Words.bytes("2001:db8:bb::1") };

    private final CachedEpochClock clock = new CachedEpochClock();
    private final AckingDataPlane dataPlane = new AckingDataPlane();
    private final InMemorySignallingTransport transport = new InMemorySignallingTransport(false);
    private final UnsafeBuffer bu = new UnsafeBuffer(new byte[256]);
    private final MobilityHeaderEncoder encoder = new MobilityHeaderEncoder();
    private java.nio.file.Path dir;
    private BindingJournal journal;
    private HomeAgent ha;
    private byte[][] homes;
    private int[] coaOf;
    private int[] sequences;
    private int next;

    /** Registers the mobile nodes. */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        dir = Files.createTempDirectory("ha-bench");
        clock.update(System.currentTimeMillis());
        final Properties p = new Properties();
        p.setProperty("node.role", "ha");
        p.setProperty("ha.address", "2001:db8:10::1");
        p.setProperty("ha.home-prefix", "2001:db8:10::/64");
        p.setProperty("ha.refresh-interval-s", "600");
        p.setProperty("ha.require-authentication", "false");
        p.setProperty("journal.dir", dir.toString());
        p.setProperty("journal.compact-after-records", "1000000");
        homes = new byte[MNS][];
        coaOf = new int[MNS];
        sequences = new int[MNS];
        for (int i = 0; i < MNS; i++)
        {
            final String home = "2001:db8:10::1:" + Integer.toHexString(i);
            p.setProperty("mn.m" + i + ".home-address", home);
            homes[i] = Ipv6Words.bytes(home);
        }
        final HaConfig config = HaConfig.from(new NodeConfig(p));
        journal = new BindingJournal(config.journalDirectory(), config.compactAfterRecords());
        ha = new HomeAgent(config, dataPlane, transport, clock, journal);
        ha.start();
        dataPlane.poll(ha);
        for (int i = 0; i < MNS; i++)
        {
            transact(i);
        }
        if (ha.cache().size() != MNS)
        {
            throw new IllegalStateException("setup registered " + ha.cache().size());
        }
    }

    /** Checks every measured BU was accepted (the binding holds its sequence number), then removes the journal. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        try
        {
            for (int i = 0; i < MNS; i++)
            {
                final BindingCacheEntry e = ha.binding(homes[i]);
                if (e == null || e.lastSequence() != (sequences[i] & 0xFFFF) || e.isBusy())
                {
                    throw new IllegalStateException("MN " + i + " did not accept its last BU");
                }
            }
        }
        finally
        {
            journal.close();
            LmaFixture.deleteTree(dir);
        }
    }

    private void transact(final int i)
    {
        final byte[] home = homes[i];
        encoder.wrap(bu, 0, bu.capacity()).begin(MhType.BINDING_UPDATE).bindingUpdate()
            .sequence(sequences[i] & 0xFFFF).flags(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H).lifetime(900);
        final int length = encoder.finish(home, HA);
        ha.onSignalling(COAS[coaOf[i]], home, HA, bu, 0, length);
        dataPlane.poll(ha);
    }

    private int nextMn()
    {
        final int i = next;
        next = i + 1 == MNS ? 0 : i + 1;
        if (i == 0)
        {
            clock.advance(1); // time moves (one ms per round over all MNs): timers come due as in a real run
        }
        return i;
    }

    /** Re-registration from the same care-of address. */
    @Benchmark
    public long refresh()
    {
        final int i = nextMn();
        sequences[i]++;
        transact(i);
        return transport.sentCount();
    }

    /** A new care-of address (make before break through the stub data plane). */
    @Benchmark
    public long move()
    {
        final int i = nextMn();
        sequences[i]++;
        coaOf[i] ^= 1;
        transact(i);
        return transport.sentCount();
    }
}
