package net.dmmgw.perf.control;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import net.dmmgw.control.location.BindingCacheEntry;
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
 * PBU → PBA transactions per second on one core, in process, with the Chronicle journal on. The data plane is
 * {@link AckingDataPlane} (acks every call, stores nothing); the transport only counts. Each operation encodes the
 * MAG's PBU with our codec (part of the measured cost), hands it to the LMA (validation with checksum, the §4.3
 * checks, BCE update, timer re-arm, journal append, PBA encode) and delivers the acks.
 * <ul>
 *   <li>{@code refresh}: HI = 5 re-registration of one of 10 000 bindings at the same MAG (no data-plane change);</li>
 *   <li>{@code handoff}: the binding moves to the other MAG: new tunnel reference, route re-pointed, ack, commit
 *   (the make-before-break path).</li>
 * </ul>
 * Run with the Chronicle flags in {@code -jvmArgsAppend} (see perf/RESULTS.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "-Dchronicle.analytics.disable=true" })
public class LmaTransactionBenchmark
{
    private static final int BINDINGS = 10_000;

    private LmaFixture fixture;
    private byte[][] nais;
    private long[] prefixes;
    private boolean[] atMag2;
    private int[] sequences;
    private final byte[] scratch = new byte[16];
    private int next;

    /** Attaches the bindings. */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        fixture = new LmaFixture("2001:db8:100::/40", 1_000_000);
        nais = new byte[BINDINGS][];
        prefixes = new long[BINDINGS];
        atMag2 = new boolean[BINDINGS];
        sequences = new int[BINDINGS];
        for (int i = 0; i < BINDINGS; i++)
        {
            nais[i] = LmaFixture.nai(i);
            fixture.transact(LmaFixture.MAG1, fixture.encode(LmaFixture.MAG1, nais[i], 0, 1, 0, scratch));
            final BindingCacheEntry e = fixture.lma.cache().byMnId(nais[i], 0, nais[i].length, -1, null, 0, 0);
            prefixes[i] = e.prefix(0);
        }
        if (fixture.lma.cache().size() != BINDINGS)
        {
            throw new IllegalStateException("setup attached " + fixture.lma.cache().size());
        }
    }

    /** Checks every measured PBU was accepted (the BCE holds its sequence number), then removes the journal. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        try
        {
            for (int i = 0; i < BINDINGS; i++)
            {
                final BindingCacheEntry e = fixture.lma.cache().byMnId(nais[i], 0, nais[i].length, -1, null, 0, 0);
                if (e == null || e.lastSequence() != (sequences[i] & 0xFFFF) || e.isBusy())
                {
                    throw new IllegalStateException("binding " + i + " did not accept its last PBU");
                }
            }
        }
        finally
        {
            fixture.delete();
        }
    }

    private int nextBinding()
    {
        final int i = next;
        next = i + 1 == BINDINGS ? 0 : i + 1;
        if (i == 0)
        {
            fixture.clock.advance(1); // timestamps must grow per binding; one ms per round over all bindings
        }
        return i;
    }

    /** Re-registration at the same MAG. */
    @Benchmark
    public long refresh()
    {
        final int i = nextBinding();
        final byte[] mag = atMag2[i] ? LmaFixture.MAG2 : LmaFixture.MAG1;
        fixture.transact(mag, fixture.encode(mag, nais[i], ++sequences[i], 5, prefixes[i], scratch));
        return fixture.transport.sentCount();
    }

    /** Handoff to the other MAG (make before break through the stub data plane). */
    @Benchmark
    public long handoff()
    {
        final int i = nextBinding();
        atMag2[i] = !atMag2[i];
        final byte[] mag = atMag2[i] ? LmaFixture.MAG2 : LmaFixture.MAG1;
        fixture.transact(mag, fixture.encode(mag, nais[i], ++sequences[i], 2, prefixes[i], scratch));
        return fixture.transport.sentCount();
    }
}
