package net.dmmgw.fastpath.dataplane;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.agrona.concurrent.SystemNanoClock;

import net.dmmgw.dpdk.DpdkException;
import net.dmmgw.dpdk.Eal;
import net.dmmgw.dpdk.EthDev;
import net.dmmgw.dpdk.Mempool;
import net.dmmgw.dpdk.PortStats;
import net.dmmgw.ipc.counters.CountersFile;
import net.dmmgw.fastpath.pipeline.PacketContext;
import net.dmmgw.fastpath.pipeline.Pipeline;
import net.dmmgw.fastpath.pipeline.WorkerCounters;
import net.dmmgw.fastpath.state.InjectQueue;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.UpdateResult;
import net.dmmgw.ipc.PuntRing;

/**
 * The running data plane of one process: EAL, the mbuf pool, the ports, the tables with their
 * static state, the counters file and one {@link Worker} thread per configured worker.
 * <p>
 * {@link #start} brings everything up in that order and undoes what it did when a step fails;
 * {@link #close} stops the workers, then stops and closes the ports (net_pcap writes its tx file
 * then), frees the pool and calls {@code Eal.cleanup} (which removes the DPDK runtime directory).
 * EAL can be initialised once per JVM, so there is one {@code DataPlane} per process.
 * <p>
 * Ports: each port gets one tx queue per worker (queue = the worker's position) and as many rx
 * queues as the highest queue any worker polls on it plus one.
 */
public final class DataPlane implements AutoCloseable
{
    private static final String POOL_NAME = "dmmgw-pool";
    private static final int ERROR_BUFFER = 2048;
    /** Counters file room beyond the workers' own: the state agent's ({@code ipc.StateAgentCounters}). */
    private static final int SPARE_COUNTERS = 64;

    private final DataPlaneConfig config;
    private final int[] dpdkPorts;
    private final List<Integer> startedPorts = new ArrayList<>();
    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<PuntRing> puntRings = new ArrayList<>();
    private final List<WorkerCounters> workerCounters = new ArrayList<>();
    private final List<LoopCounters> loopCounters = new ArrayList<>();
    private final List<String> portNotes = new ArrayList<>();
    private final Arena arena = Arena.ofShared();
    private final InjectQueue injectQueue;
    private Mempool pool;
    private FastPathTables tables;
    private CountersFile counters;
    private StaticState.Loaded loaded;
    private boolean closed;

    private DataPlane(final DataPlaneConfig config)
    {
        this.config = config;
        dpdkPorts = new int[config.limits().maxPorts()];
        injectQueue = new InjectQueue(config.injectQueueCapacity());
        Arrays.fill(dpdkPorts, -1);
    }

    /**
     * Bring the data plane up and start its workers.
     *
     * @param config validated configuration.
     * @return the running data plane.
     * @throws net.dmmgw.dpdk.DpdkException when DPDK refuses a step; {@link ConfigException} for bad
     *         static state; {@link IllegalStateException} when a worker cannot register or pin.
     */
    public static DataPlane start(final DataPlaneConfig config)
    {
        final DataPlane dp = new DataPlane(config);
        Eal.init(config.ealArguments());
        try
        {
            dp.setUp();
            return dp;
        }
        catch (final RuntimeException | Error ex)
        {
            dp.close();
            throw ex;
        }
    }

    private Mempool newPool()
    {
        final MempoolMemory memory = config.mempoolMemory();
        try
        {
            return memory.createPool(POOL_NAME, config.mempoolSize(), config.mempoolCache());
        }
        catch (final DpdkException ex)
        {
            if (memory == MempoolMemory.DPDK)
            {
                throw ex; // DPDK's own pool: a DPDK failure, not a configuration to change
            }
            throw new ConfigException("mempool.memory=" + memory.label() + " cannot be honoured (set dpdk): "
                + ex.getMessage());
        }
    }

    private void setUp()
    {
        for (final PortConfig p : config.ports())
        {
            dpdkPorts[p.id()] = EthDev.portByName(p.device());
        }
        pool = newPool();
        for (final PortConfig p : config.ports())
        {
            startPort(p);
        }
        tables = new FastPathTables(config.limits());
        for (final PortConfig p : config.ports())
        {
            final UpdateResult r = tables.configurePort(p.id(), p.role(), p.mac(), p.address());
            if (r != UpdateResult.OK)
            {
                throw new ConfigException("port." + p.id() + ": rejected by the tables: " + r);
            }
        }
        loaded = new StaticState(tables, config.routeAction(), config.ingressFilter()).load(config.stateFiles());
        final int perWorker = WorkerCounters.countersPerWorker(config.limits().maxPorts())
            + LoopCounters.countersPerWorker();
        counters = CountersFile.create(config.countersFile(), config.workers().size() * perWorker + SPARE_COUNTERS);
        for (int w = 0; w < config.workers().size(); w++)
        {
            workers.add(newWorker(w, config.workers().get(w)));
        }
        for (final Worker worker : workers)
        {
            final Thread t = Thread.ofPlatform().name(worker.roleName()).unstarted(worker);
            threads.add(t);
            t.start();
        }
        for (final Worker worker : workers)
        {
            awaitStarted(worker);
        }
    }

    private void startPort(final PortConfig p)
    {
        final int port = dpdkPorts[p.id()];
        int rxQueues = 1;
        for (final WorkerConfig w : config.workers())
        {
            for (final WorkerConfig.RxQueue q : w.rx())
            {
                rxQueues = q.port() == p.id() ? Math.max(rxQueues, q.queue() + 1) : rxQueues;
            }
        }
        EthDev.configure(port, rxQueues, config.workers().size());
        for (int q = 0; q < rxQueues; q++)
        {
            EthDev.setupRxQueue(port, q, p.rxDescriptors(), pool);
        }
        for (int q = 0; q < config.workers().size(); q++)
        {
            EthDev.setupTxQueue(port, q, p.txDescriptors());
        }
        EthDev.start(port);
        startedPorts.add(port);
        programAddressFilter(p, port);
    }

    /**
     * The configured MAC becomes the device's own address, so that a NIC's unicast filter passes the frames sent to
     * it (neighbours learn it from our NAs); a device that cannot take it but already has it is fine, any other
     * refusal becomes a {@link #portNotes() note}: software devices (pcap, ring) filter nothing. Then
     * {@code port.<id>.promiscuous} when configured, where a refusal fails the start (it was asked for).
     */
    private void programAddressFilter(final PortConfig p, final int port)
    {
        final byte[] mac = p.macOctets();
        try
        {
            EthDev.setMacAddress(port, mac);
        }
        catch (final DpdkException ex)
        {
            final byte[] kept = EthDev.macAddress(port);
            if (!Arrays.equals(kept, mac))
            {
                portNotes.add("port." + p.id() + " (" + p.device() + ") keeps its address "
                    + EthDev.formatMac(kept) + ", not the configured " + EthDev.formatMac(mac)
                    + " (" + ex.getMessage() + "): frames to the configured MAC arrive only if the device does not"
                    + " filter unicast (else set port." + p.id() + ".promiscuous=true)");
            }
        }
        if (p.promiscuous() != PortConfig.Promiscuous.DEVICE)
        {
            EthDev.setPromiscuous(port, p.promiscuous() == PortConfig.Promiscuous.ON);
        }
    }

    /**
     * @return what the start could not do to a port's address filter and the operator should know (empty: nothing),
     * one line each.
     */
    public List<String> portNotes()
    {
        return List.copyOf(portNotes);
    }

    private Worker newWorker(final int position, final WorkerConfig w)
    {
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
        final LoopCounters loop = new LoopCounters(counters.manager(), w.index());
        loopCounters.add(loop);
        final PuntRing ring = new PuntRing(config.puntRingCapacity());
        puntRings.add(ring);
        final WorkerCounters wc = new WorkerCounters(counters.manager(), w.index(), config.limits().maxPorts());
        workerCounters.add(wc);
        final Pipeline pipeline = new Pipeline(tables, wc, new PuntRingHandler(ring), new SystemNanoClock(),
            config.icmpPerSecond(), config.icmpBurst(), config.puntTransitMobility());
        final PacketContext[] contexts = PacketContext.burst(arena, config.burstSize(), ERROR_BUFFER);
        return new Worker(w.index(), w.lcore(), rxDpdk, rxQueue, rxPort, dpdkPorts, position, pipeline,
            contexts, new DpdkMbufIo(pool), loop, config.idleMode().newStrategy(), config.burstSize(),
            position == 0 ? injectQueue : null);
    }

    private static void awaitStarted(final Worker worker)
    {
        try
        {
            worker.awaitStarted();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + worker.roleName(), ex);
        }
        if (worker.failure() != null)
        {
            throw new IllegalStateException(worker.roleName() + " could not start: " + worker.failure().getMessage(),
                worker.failure());
        }
    }

    /** @return the configuration. */
    public DataPlaneConfig config()
    {
        return config;
    }

    /** @return the tables (one writer: give them to a single state agent). */
    public FastPathTables tables()
    {
        return tables;
    }

    /** @return what the static state files loaded. */
    public StaticState.Loaded loaded()
    {
        return loaded;
    }

    /** @return the counters file. */
    public CountersFile counters()
    {
        return counters;
    }

    /** @return the punt rings, one per worker in configuration order (for the state agent). */
    public List<PuntRing> puntRings()
    {
        return List.copyOf(puntRings);
    }

    /**
     * @return the queue of frames the control plane injects ({@code state.FrameInjector}); the first
     *         worker sends them through its tx queues. Single producer: the state agent.
     */
    public InjectQueue injectQueue()
    {
        return injectQueue;
    }

    /** @return the workers, in configuration order. */
    public List<Worker> workers()
    {
        return List.copyOf(workers);
    }

    /**
     * @param worker position in {@link #workers()}.
     * @return that worker's pipeline counters.
     */
    public WorkerCounters workerCounters(final int worker)
    {
        return workerCounters.get(worker);
    }

    /**
     * @param worker position in {@link #workers()}.
     * @return that worker's loop counters.
     */
    public LoopCounters loopCounters(final int worker)
    {
        return loopCounters.get(worker);
    }

    /**
     * @param worker position in {@link #workers()}.
     * @return the worker's thread id (for {@code ThreadMXBean} allocation measurements).
     */
    public long workerThreadId(final int worker)
    {
        return threads.get(worker).threadId();
    }

    /**
     * @param port table port id.
     * @return its DPDK port id.
     */
    public int dpdkPort(final int port)
    {
        return dpdkPorts[port];
    }

    /**
     * @param port table port id.
     * @return DPDK's statistics of that port.
     */
    public PortStats portStats(final int port)
    {
        return EthDev.stats(dpdkPorts[port]);
    }

    /**
     * Stop the workers and wait for their threads (idempotent).
     *
     * @return the first failure a worker reported, or null.
     */
    public Throwable stopWorkers()
    {
        for (final Worker w : workers)
        {
            w.stop();
        }
        Throwable failure = null;
        for (int i = 0; i < threads.size(); i++)
        {
            joinQuietly(threads.get(i));
            failure = failure == null ? workers.get(i).failure() : failure;
        }
        return failure;
    }

    private static void joinQuietly(final Thread t)
    {
        boolean interrupted = false;
        while (t.isAlive())
        {
            try
            {
                t.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Per-port DPDK statistics, one line per port.
     *
     * @return the text.
     */
    public String portSummary()
    {
        final StringBuilder sb = new StringBuilder();
        for (final PortConfig p : config.ports())
        {
            if (startedPorts.contains(dpdkPorts[p.id()]))
            {
                final PortStats s = EthDev.stats(dpdkPorts[p.id()]);
                sb.append(String.format("port %d (%s, %s): rx %d packets %d bytes, missed %d, rx errors %d, "
                    + "rx_nombuf %d; tx %d packets %d bytes, tx errors %d%n", p.id(), p.device(),
                    p.role().name().toLowerCase(java.util.Locale.ROOT), s.inPackets(), s.inBytes(), s.inMissed(),
                    s.inErrors(), s.rxNoMbuf(), s.outPackets(), s.outBytes(), s.outErrors()));
            }
        }
        return sb.toString();
    }

    /**
     * Every non-zero counter of the counters file, one line each.
     *
     * @return the text.
     */
    public String counterSummary()
    {
        final StringBuilder sb = new StringBuilder();
        if (counters != null)
        {
            counters.reader().forEach((value, id, label) ->
            {
                if (value != 0)
                {
                    sb.append(String.format("%-48s %d%n", label, value));
                }
            });
        }
        return sb.toString();
    }

    /**
     * Stop workers, stop and close ports, free the pool, clean up EAL (idempotent).
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        stopWorkers();
        for (final Worker w : workers)
        {
            w.discardPending();
        }
        for (final int port : startedPorts)
        {
            EthDev.stop(port);
        }
        for (final PortConfig p : config.ports())
        {
            if (dpdkPorts[p.id()] >= 0 && EthDev.isValidPort(dpdkPorts[p.id()]))
            {
                EthDev.close(dpdkPorts[p.id()]);
            }
        }
        if (pool != null)
        {
            pool.close();
        }
        if (counters != null)
        {
            counters.close();
        }
        Eal.cleanup();
        arena.close();
    }
}
