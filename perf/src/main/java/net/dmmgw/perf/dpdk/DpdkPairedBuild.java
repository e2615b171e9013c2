package net.dmmgw.perf.dpdk;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.agrona.concurrent.SystemNanoClock;

import net.dmmgw.dpdk.Mempool;
import net.dmmgw.fastpath.dataplane.DataPlaneConfig;
import net.dmmgw.fastpath.dataplane.DpdkMbufIo;
import net.dmmgw.fastpath.dataplane.LoopCounters;
import net.dmmgw.fastpath.dataplane.PortConfig;
import net.dmmgw.fastpath.dataplane.PuntRingHandler;
import net.dmmgw.fastpath.dataplane.StaticState;
import net.dmmgw.fastpath.dataplane.Worker;
import net.dmmgw.fastpath.dataplane.WorkerConfig;
import net.dmmgw.fastpath.pipeline.DropReason;
import net.dmmgw.fastpath.pipeline.PacketContext;
import net.dmmgw.fastpath.pipeline.Pipeline;
import net.dmmgw.fastpath.pipeline.WorkerCounters;
import net.dmmgw.fastpath.state.InjectQueue;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Lpm;
import net.dmmgw.fastpath.table.UpdateResult;
import net.dmmgw.ipc.PuntRing;
import net.dmmgw.ipc.counters.CountersFile;

/**
 * The per-build half of {@link DpdkPairedRate}: defined anew in each build's class loader
 * ({@link DpdkPairedRate.BuildLoader}), so every {@code net.dmmgw.fastpath} class it names is that build's. It loads
 * the build's own tables, counters, pipeline and {@link Worker} exactly as {@code DataPlane.setUp} / {@code newWorker}
 * do from the same configuration (so burst size and lanes are what that build's data plane would choose), on the
 * EAL, pool and ports the parent set up, and polls that worker for a slice. Only this class and the
 * {@link DpdkPairedRate.Build} interface (the parent's) cross between the loaders.
 */
public final class DpdkPairedBuild implements DpdkPairedRate.Build
{
    /** As {@code DataPlane}: room for the pipeline's ICMPv6 errors, counters beyond the workers'. */
    private static final int ERROR_BUFFER = 2048;
    private static final int SPARE_COUNTERS = 64;
    /** Polls between two reads of the clock: ~16 bursts, a few µs, against slices of hundreds of ms. */
    private static final int POLLS_PER_CHECK = 16;

    private final DataPlaneConfig config;
    private final FastPathTables tables;
    private final StaticState.Loaded loaded;
    private final CountersFile counters;
    private final WorkerCounters workerCounters;
    private final LoopCounters loopCounters;
    private final Pipeline pipeline;
    private final Worker worker;
    private final Arena arena;
    private final int txPort;

    private DpdkPairedBuild(final Properties properties, final Mempool pool, final int[] dpdkPorts, final int txPort)
        throws IOException
    {
        final Path countersPath = Files.createTempFile("dpair-counters", ".dat");
        try
        {
            final Properties p = new Properties();
            p.putAll(properties);
            p.setProperty("counters.file", countersPath.toString());
            config = DataPlaneConfig.parse(p, Path.of("").toAbsolutePath());
            // DataPlane.setUp's order: tables, the ports' own addresses, static state, counters, worker.
            tables = new FastPathTables(config.limits());
            for (final PortConfig port : config.ports())
            {
                final UpdateResult r = tables.configurePort(port.id(), port.role(), port.mac(), port.address());
                if (r != UpdateResult.OK)
                {
                    throw new IllegalStateException("port." + port.id() + ": " + r);
                }
            }
            loaded = new StaticState(tables, config.routeAction(), config.ingressFilter()).load(config.stateFiles());
            final int perWorker = WorkerCounters.countersPerWorker(config.limits().maxPorts())
                + LoopCounters.countersPerWorker();
            counters = CountersFile.create(config.countersFile(), config.workers().size() * perWorker
                + SPARE_COUNTERS);
        }
        finally
        {
            // The mapping stays valid after the file is gone.
            Files.deleteIfExists(countersPath);
        }
        arena = Arena.ofShared();
        this.txPort = txPort;
        // DataPlane.newWorker for worker position 0.
        final WorkerConfig w = config.workers().get(0);
        final int n = w.rx().size();
        final int[] rxDpdk = new int[n];
        final int[] rxQueue = new int[n];
        final int[] rxPort = new int[n];
        for (int i = 0; i < n; i++)
        {
            rxPort[i] = w.rx().get(i).port();
            rxQueue[i] = w.rx().get(i).queue();
            rxDpdk[i] = dpdkPorts[rxPort[i]];
        }
        loopCounters = new LoopCounters(counters.manager(), w.index());
        final PuntRing ring = new PuntRing(config.puntRingCapacity());
        workerCounters = new WorkerCounters(counters.manager(), w.index(), config.limits().maxPorts());
        pipeline = new Pipeline(tables, workerCounters, new PuntRingHandler(ring), new SystemNanoClock(),
            config.icmpPerSecond(), config.icmpBurst(), config.puntTransitMobility());
        final PacketContext[] contexts = PacketContext.burst(arena, config.burstSize(), ERROR_BUFFER);
        worker = new Worker(w.index(), w.lcore(), rxDpdk, rxQueue, rxPort, dpdkPorts, 0, pipeline, contexts,
            new DpdkMbufIo(pool), loopCounters, config.idleMode().newStrategy(), config.burstSize(),
            new InjectQueue(config.injectQueueCapacity()));
    }

    /**
     * Called by reflection in the build's loader.
     *
     * @param properties the data plane's configuration ({@code dataplane rate}'s), without a counters file.
     * @param pool       the parent's mbuf pool.
     * @param dpdkPorts  DPDK port id per table port id (-1: none), the parent's started ports.
     * @param txPort     table id of the egress port whose transmitted packets are counted.
     * @return the build, ready to poll.
     * @throws IOException on unreadable state files.
     */
    public static DpdkPairedRate.Build prepare(final Properties properties, final Mempool pool, final int[] dpdkPorts,
        final int txPort) throws IOException
    {
        return new DpdkPairedBuild(properties, pool, dpdkPorts, txPort);
    }

    @Override
    public long poll(final long nanos)
    {
        // The worker's own loop without its idle strategy (busy-spin in dataplane rate: it never idles here).
        final Worker w = worker;
        final long end = System.nanoTime() + nanos;
        long received = 0;
        do
        {
            for (int i = 0; i < POLLS_PER_CHECK; i++)
            {
                received += w.doWork();
            }
        }
        while (System.nanoTime() < end);
        return received;
    }

    @Override
    public long transmitted()
    {
        return workerCounters.txPackets(txPort);
    }

    @Override
    public long drops()
    {
        // RateCommand.drops: a slice in which any of these moved did not measure the mode.
        long sum = loopCounters.get(LoopCounters.Kind.TX_FULL) + loopCounters.get(LoopCounters.Kind.BAD_EGRESS)
            + loopCounters.get(LoopCounters.Kind.NO_MBUF) + loopCounters.get(LoopCounters.Kind.MULTI_SEGMENT);
        for (final DropReason r : DropReason.values())
        {
            sum += workerCounters.drops(r);
        }
        return sum;
    }

    @Override
    public String describe()
    {
        final Ipv6Lpm lpm = tables.destinations();
        return String.format("%s, burst %d, lanes: forward %b, burst %b, destination LPM %d prefixes, first level /%d",
            loaded, config.burstSize(), pipeline.forwardLane(), pipeline.forwardBurstLane(), lpm.size(),
            lpm.firstLevelBits());
    }

    @Override
    public void close()
    {
        counters.close();
        arena.close();
    }
}
