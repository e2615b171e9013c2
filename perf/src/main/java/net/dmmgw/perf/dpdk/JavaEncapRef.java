package net.dmmgw.perf.dpdk;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.agrona.UnsafeApi;

import net.dmmgw.dpdk.DpdkLayout;
import net.dmmgw.dpdk.Eal;
import net.dmmgw.dpdk.EthDev;
import net.dmmgw.dpdk.Mbuf;
import net.dmmgw.dpdk.Mempool;
import net.dmmgw.dpdk.PortStats;
import net.dmmgw.fastpath.dataplane.MempoolMemory;
import net.dmmgw.fastpath.mem.Memory;
import net.dmmgw.fastpath.pipeline.FlowLabel;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.Ipv6Lpm;
import net.dmmgw.fastpath.table.ReaderEpochs;
import net.dmmgw.ipc.Ipv6Words;

/**
 * The Java port of {@code perf/rate.d/encap_ref.c}'s packet loop, doing exactly its work and nothing more, through
 * our FFM bindings: the "Java, minimal loop" cell of the session-10 matrix (is the gap to C Java, or the work?).
 * <p>
 * One thread (the EAL main lcore): rx burst of 32 from port 0; per packet, line by line as {@code encap_one}: data
 * length ≥ 54 else {@code truncated}; EtherType 0x86DD and IP version 6 else {@code not-ipv6}; Ethernet + 40 +
 * payload length ≤ pkt_len else {@code truncated}; hop limit ≤ 1 → {@code hop-limit}; longest-prefix match of the
 * destination (the product's {@link Ipv6Lpm}, 24-bit first level like {@code rte_lpm6}'s tbl24; value = tunnel id)
 * else {@code no-route}; inner length + 40 > tunnel MTU → {@code too-big}; Ethernet padding trimmed
 * ({@code rte_pktmbuf_trim}); inner hop limit decremented; 40 octets prepended ({@code rte_pktmbuf_prepend}, else
 * {@code no-headroom}); the tunnel's 54-octet template (Ethernet + outer IPv6) copied in front; outer first word =
 * version 6, the inner traffic class, the derived flow label (the same function as {@code flow_label} in encap_ref
 * and {@link FlowLabel#derive}); outer payload length = inner packet length. Then tx burst of the
 * encapsulated packets to port 1, unsent ones freed (counted {@code tx-full}); dropped ones freed one by one
 * ({@code rte_pktmbuf_free}, a downcall) as encap_ref does. Mbuf fields and packet octets are read and written at
 * absolute addresses through Agrona's {@code UnsafeApi} ({@link Memory} for the network-order fields; the mbuf
 * fields at {@link DpdkLayout}'s offsets as the worker's {@code MbufFields}). Tunnels are a plain off-heap array of
 * 64-octet lines ({@code struct tunnel}: header 0..53, MTU at 54, valid at 56), written once at start, no seqlock.
 * The one thing not mirrored: {@code rte_prefetch0} of the next packet's data (Java has no prefetch; the product's
 * worker does none either).
 * <p>
 * Usage (as encap_ref's, EAL arguments first):
 * <pre>
 * JavaEncapRef &lt;EAL args&gt; -- --routes FILE --tunnels FILE [--tbl8s N] [--max-packets N] [--seconds S]
 *     [--warmup S] [--pool-memory dpdk|dpdk-packed|huge-anon|huge-anon-packed|auto]
 * </pre>
 * File formats as encap_ref's ({@code T<id> <local> <remote> <local-mac> <remote-mac> <mtu> <port>},
 * {@code R<prefix>/<len> <port> <tunnel-id>}). {@code --tbl8s} is accepted and ignored (rte_lpm6's sizing; for
 * identical command lines). The pool: 8 191 mbufs, cache 256, on {@code --pool-memory} (default {@code auto} =
 * {@code huge-anon}: packed mbufs on transparent huge pages, the data plane's default, which is encap_ref's
 * {@code huge-anon-packed}; {@code huge-anon-packed} is accepted as the same). After the tables are built it runs
 * the loop {@code --warmup} seconds (default 3, as {@code dataplane rate}; JIT), resets the port statistics and the
 * drop counters, prints {@code RATE READY} and runs until {@code --seconds} (default 10) have passed,
 * {@code --max-packets} were sent (checked per burst, as encap_ref) or SIGINT/SIGTERM. Then it prints encap_ref's
 * {@code RATE port ...} and {@code RATE drop <reason> n} lines, {@code PACKETS n SECONDS s} and, as the data plane,
 * {@code WORKER_CPU_SECONDS s} and {@code ALLOCATED_BYTES n} (the loop thread's, over the timed run; must be 0).
 * For a correctness run into a pcap: {@code --vdev=net_pcap1,tx_pcap=FILE} instead of {@code net_null0},
 * {@code --warmup 0 --max-packets N}: its frames are then byte-identical to encap_ref's for the same input.
 */
public final class JavaEncapRef
{
    private static final int BURST = 32;
    private static final int DESCRIPTORS = 1024;
    private static final int MBUFS = 8191;
    private static final int CACHE = 256;
    private static final int RX_PORT = 0;
    private static final int TX_PORT = 1;
    private static final int MAX_TUNNELS = 1 << 16;
    private static final int OUTER_HOP_LIMIT = 64;
    private static final int IPV6_IN_IPV6 = 41;
    private static final int ETHER_TYPE_IPV6 = 0x86DD;
    private static final int ETHERNET = 14;
    private static final int IPV6 = 40;
    private static final int ETH_IPV6_HDRS = ETHERNET + IPV6;

    /** {@code struct tunnel}: one cache line per tunnel. */
    private static final int TUNNEL_LINE = 64;
    private static final int TUNNEL_MTU = 54;
    private static final int TUNNEL_VALID = 56;

    static final int DROP_NOT_IPV6 = 0;
    static final int DROP_TRUNCATED = 1;
    static final int DROP_HOP_LIMIT = 2;
    static final int DROP_NO_ROUTE = 3;
    static final int DROP_TOO_BIG = 4;
    static final int DROP_NO_HEADROOM = 5;
    static final int DROP_TX_FULL = 6;
    static final int DROP_REASONS = 7;
    private static final String[] DROP_NAMES =
        {"not-ipv6", "truncated", "hop-limit", "no-route", "too-big", "no-headroom", "tx-full"};

    /** encap_ref's {@code force_quit}: read once per burst, set by the timer thread or a signal. */
    private static volatile boolean stop;
    /** A SIGINT/SIGTERM arrived (also during the warm-up, whose end clears {@link #stop}). */
    private static volatile boolean signalled;

    private final Ipv6Lpm lpm;
    private final long tunnels;
    private final long rx;
    private final long tx;
    private final MemorySegment rxSegment;
    private final MemorySegment txSegment;
    private final long[] drops = new long[DROP_REASONS];

    private JavaEncapRef(final Ipv6Lpm lpm, final long tunnels)
    {
        this.lpm = lpm;
        this.tunnels = tunnels;
        rxSegment = EthDev.newBurstArray(BURST);
        txSegment = EthDev.newBurstArray(BURST);
        rx = rxSegment.address();
        tx = txSegment.address();
    }

    /**
     * @param args EAL arguments, {@code --}, then the options in the class comment.
     */
    public static void main(final String[] args) throws IOException, InterruptedException
    {
        final int dash = Arrays.asList(args).indexOf("--");
        if (dash < 0)
        {
            usageExit();
        }
        String routes = null;
        String tunnelFile = null;
        long maxPackets = 0;
        double seconds = 10;
        double warmup = 3;
        String poolLabel = "auto";
        for (int i = dash + 1; i < args.length; i += 2)
        {
            if (i + 1 >= args.length)
            {
                usageExit();
            }
            final String value = args[i + 1];
            switch (args[i])
            {
                case "--routes" -> routes = value;
                case "--tunnels" -> tunnelFile = value;
                case "--tbl8s" -> Integer.parseInt(value); // rte_lpm6's sizing: checked, not used
                case "--max-packets" -> maxPackets = Long.parseLong(value);
                case "--seconds" -> seconds = Double.parseDouble(value);
                case "--warmup" -> warmup = Double.parseDouble(value);
                case "--pool-memory" -> poolLabel = value;
                default -> usageExit();
            }
        }
        final MempoolMemory memory = MempoolMemory.ofLabel(
            poolLabel.equals("auto") || poolLabel.equals("huge-anon-packed") ? MempoolMemory.HUGE_ANON.label() : poolLabel);
        if (routes == null || tunnelFile == null || memory == null || seconds <= 0 || warmup < 0 || maxPackets < 0)
        {
            usageExit();
        }
        Eal.init(List.of(Arrays.copyOfRange(args, 0, dash)));
        try
        {
            if (EthDev.count() < 2)
            {
                throw new IllegalStateException("need 2 ports (rx: port 0, tx: port 1), have " + EthDev.count());
            }
            final long tunnels = loadTunnels(Path.of(tunnelFile));
            final Ipv6Lpm lpm = loadRoutes(Path.of(routes), tunnels);
            final Mempool pool = memory.createPool("rate_mbufs", MBUFS, CACHE);
            EthDev.startSingleQueue(RX_PORT, pool, DESCRIPTORS);
            EthDev.startSingleQueue(TX_PORT, pool, DESCRIPTORS);
            System.out.println("RATE pool-memory " + memory.label());
            System.out.printf("RATE routes %d lpm-first-level /%d%n", lpm.size(), lpm.firstLevelBits());
            new JavaEncapRef(lpm, tunnels).run(warmup, seconds, maxPackets);
            EthDev.stop(RX_PORT);
            EthDev.stop(TX_PORT);
        }
        finally
        {
            Eal.cleanup();
        }
    }

    private void run(final double warmup, final double seconds, final long maxPackets) throws InterruptedException
    {
        final sun.misc.SignalHandler onSignal = _ ->
        {
            signalled = true;
            stop = true;
        };
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), onSignal);
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), onSignal);
        if (warmup > 0)
        {
            stopAfter(warmup).start();
            forwardLoop(0);
            Arrays.fill(drops, 0);
        }
        stop = signalled;
        EthDev.resetStats(RX_PORT);
        EthDev.resetStats(TX_PORT);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final Thread timer = stopAfter(seconds);
        System.out.println("RATE READY");
        System.out.flush();
        timer.start(); // before the counters are read: starting a thread allocates in this one
        final long cpu0 = threads.getCurrentThreadCpuTime();
        final long start = System.nanoTime();
        final long bytes0 = threads.getCurrentThreadAllocatedBytes();
        final long sent = forwardLoop(maxPackets);
        final long bytes1 = threads.getCurrentThreadAllocatedBytes();
        final long end = System.nanoTime();
        final long cpu1 = threads.getCurrentThreadCpuTime();
        timer.interrupt();
        timer.join();
        final PortStats rxStats = EthDev.stats(RX_PORT);
        final PortStats txStats = EthDev.stats(TX_PORT);
        System.out.printf("RATE port %d ipackets %d imissed %d%n", RX_PORT, rxStats.inPackets(), rxStats.inMissed());
        System.out.printf("RATE port %d opackets %d oerrors %d%n", TX_PORT, txStats.outPackets(), txStats.outErrors());
        for (int i = 0; i < DROP_REASONS; i++)
        {
            System.out.printf("RATE drop %s %d%n", DROP_NAMES[i], drops[i]);
        }
        System.out.printf("PACKETS %d SECONDS %.6f%n", sent, (end - start) / 1e9);
        System.out.printf("WORKER_CPU_SECONDS %.6f%n", (cpu1 - cpu0) / 1e9);
        System.out.printf("ALLOCATED_BYTES %d%n", bytes1 - bytes0);
        System.out.flush();
    }

    /** A daemon that sets {@link #stop} after {@code seconds} unless interrupted first. */
    private static Thread stopAfter(final double seconds)
    {
        final Thread t = new Thread(() ->
        {
            try
            {
                Thread.sleep((long)(seconds * 1000));
                stop = true;
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "stop-timer");
        t.setDaemon(true);
        return t;
    }

    /**
     * encap_ref's {@code forward_loop}: until {@link #stop} or {@code maxPackets} (0 = no bound) were sent. The body
     * is a method of its own ({@link #burst}), called once per burst: so that it gets a regular C2 compilation in
     * the warm-up, as the data plane's {@code Worker.doWork}, rather than an on-stack replacement of this loop.
     */
    private long forwardLoop(final long maxPackets)
    {
        long sentTotal = 0;
        while (!stop)
        {
            sentTotal += burst();
            if (maxPackets != 0 && sentTotal >= maxPackets)
            {
                break;
            }
        }
        return sentTotal;
    }

    /** One rx burst encapsulated and sent: the packets the tx burst took. */
    private int burst()
    {
        final int nbRx = EthDev.rxBurst(RX_PORT, 0, rxSegment, BURST);
        int nbTx = 0;
        for (int i = 0; i < nbRx; i++)
        {
            final long m = UnsafeApi.getLong(rx + ((long)i << 3));
            final int why = encapOne(m);
            if (why == DROP_REASONS)
            {
                UnsafeApi.putLong(tx + ((long)nbTx++ << 3), m);
            }
            else
            {
                drops[why]++;
                Mbuf.free(m);
            }
        }
        if (nbTx == 0)
        {
            return 0;
        }
        final int sent = EthDev.txBurst(TX_PORT, 0, txSegment, nbTx);
        if (sent < nbTx)
        {
            drops[DROP_TX_FULL] += nbTx - sent;
            for (int k = sent; k < nbTx; k++)
            {
                Mbuf.free(UnsafeApi.getLong(tx + ((long)k << 3)));
            }
        }
        return sent;
    }

    /** encap_ref's {@code encap_one}: encapsulates {@code m} in place; {@link #DROP_REASONS} on success, else why not. */
    private int encapOne(final long m)
    {
        if (dataLength(m) < ETH_IPV6_HDRS)
        {
            return DROP_TRUNCATED;
        }
        final long bufAddr = UnsafeApi.getLong(m + DpdkLayout.MBUF_BUF_ADDR);
        final long eth = bufAddr + dataOffset(m);
        final long inner = eth + ETHERNET;
        final int vtc = Memory.i32(inner);
        if (Memory.u16(eth + 12) != ETHER_TYPE_IPV6 || (vtc >>> 28) != 6)
        {
            return DROP_NOT_IPV6;
        }
        final int innerLen = IPV6 + Memory.u16(inner + 4);
        final long pktLen = UnsafeApi.getInt(m + DpdkLayout.MBUF_PKT_LEN) & 0xFFFF_FFFFL;
        if (ETHERNET + innerLen > pktLen)
        {
            return DROP_TRUNCATED;
        }
        final int hopLimit = Memory.u8(inner + 7);
        if (hopLimit <= 1)
        {
            return DROP_HOP_LIMIT;
        }
        final long dstHi = Memory.i64(inner + 24);
        final long dstLo = Memory.i64(inner + 32);
        final long tunnelId = lpm.lookup(dstHi, dstLo);
        if (tunnelId == Ipv6Lpm.NO_MATCH)
        {
            return DROP_NO_ROUTE;
        }
        final long t = tunnels + tunnelId * TUNNEL_LINE;
        if (innerLen + IPV6 > (UnsafeApi.getShort(t + TUNNEL_MTU) & 0xFFFF))
        {
            return DROP_TOO_BIG;
        }
        // Ethernet padding must not end up inside the tunnel.
        if (pktLen > ETHERNET + innerLen)
        {
            trim(m, (int)(pktLen - ETHERNET - innerLen));
        }
        Memory.put8(inner + 7, hopLimit - 1);
        final long eth2 = prepend(m, IPV6);
        if (eth2 == 0)
        {
            Memory.put8(inner + 7, hopLimit);
            return DROP_NO_HEADROOM;
        }
        writeOuter(t, eth2, inner, vtc, innerLen, dstHi, dstLo);
        return DROP_REASONS;
    }

    /**
     * {@code rte_memcpy(eth, t->hdr, 54)}, then the outer first word (version, the inner traffic class, the derived
     * flow label) and payload length. Apart from {@link #encapOne} so that both stay under C2's
     * {@code FreqInlineSize} (325 bytecodes) and are inlined into {@link #burst}, as the C compiler inlines
     * {@code encap_one}: one 424-bytecode method was left a call per packet ("hot method too big").
     */
    private static void writeOuter(final long t, final long eth, final long inner, final int vtc, final int innerLen,
        final long dstHi, final long dstLo)
    {
        copyTemplate(t, eth);
        final long outer = eth + ETHERNET;
        Memory.put32(outer, 6 << 28 | (vtc & 0x0FF0_0000)
            | FlowLabel.derive(Memory.i64(inner + 8), Memory.i64(inner + 16), dstHi, dstLo, vtc, Memory.u8(inner + 6)));
        Memory.put16(outer + 4, innerLen);
    }

    /** {@code rte_pktmbuf_prepend}: the new data start, or 0 (nothing changed) when the headroom is too small. */
    private static long prepend(final long m, final int length)
    {
        final int dataOff = dataOffset(m);
        if (length > dataOff)
        {
            return 0;
        }
        UnsafeApi.putShort(m + DpdkLayout.MBUF_DATA_OFF, (short)(dataOff - length));
        UnsafeApi.putShort(m + DpdkLayout.MBUF_DATA_LEN, (short)(dataLength(m) + length));
        UnsafeApi.putInt(m + DpdkLayout.MBUF_PKT_LEN, UnsafeApi.getInt(m + DpdkLayout.MBUF_PKT_LEN) + length);
        return UnsafeApi.getLong(m + DpdkLayout.MBUF_BUF_ADDR) + dataOff - length;
    }

    private static int dataLength(final long m)
    {
        return UnsafeApi.getShort(m + DpdkLayout.MBUF_DATA_LEN) & 0xFFFF;
    }

    private static int dataOffset(final long m)
    {
        return UnsafeApi.getShort(m + DpdkLayout.MBUF_DATA_OFF) & 0xFFFF;
    }

    /** {@code rte_pktmbuf_trim}: {@code length} octets off the last segment, unless it holds fewer. */
    private static void trim(final long m, final int length)
    {
        long last = m;
        for (long next = UnsafeApi.getLong(last + DpdkLayout.MBUF_NEXT); next != 0;
            next = UnsafeApi.getLong(last + DpdkLayout.MBUF_NEXT))
        {
            last = next;
        }
        final int lastLength = dataLength(last);
        if (length > lastLength)
        {
            return;
        }
        UnsafeApi.putShort(last + DpdkLayout.MBUF_DATA_LEN, (short)(lastLength - length));
        UnsafeApi.putInt(m + DpdkLayout.MBUF_PKT_LEN, UnsafeApi.getInt(m + DpdkLayout.MBUF_PKT_LEN) - length);
    }

    /** The 54 octets of a tunnel line: six 8-octet words, one of 4 and one of 2. */
    private static void copyTemplate(final long from, final long to)
    {
        for (int k = 0; k < 48; k += 8)
        {
            UnsafeApi.putLong(to + k, UnsafeApi.getLong(from + k));
        }
        UnsafeApi.putInt(to + 48, UnsafeApi.getInt(from + 48));
        UnsafeApi.putShort(to + 52, UnsafeApi.getShort(from + 52));
    }

    /** Tunnel lines {@code T<id> <local> <remote> <local-mac> <remote-mac> <mtu> <port>} into 64-octet lines. */
    private static long loadTunnels(final Path path) throws IOException
    {
        final MemorySegment table = Arena.global().allocate((long)MAX_TUNNELS * TUNNEL_LINE, TUNNEL_LINE);
        final long base = table.address();
        int lineNo = 0;
        for (final String line : Files.readAllLines(path))
        {
            lineNo++;
            if (!line.startsWith("T"))
            {
                continue;
            }
            final String[] f = line.substring(1).trim().split("\\s+");
            final int id;
            final int mtu;
            final Ipv6Address local;
            final Ipv6Address remote;
            final long localMac;
            final long remoteMac;
            try
            {
                if (f.length != 7)
                {
                    throw new IllegalArgumentException("want 7 fields");
                }
                id = Integer.parseInt(f[0]);
                mtu = Integer.parseInt(f[5]);
                Integer.parseInt(f[6]);
                local = Ipv6Address.parse(f[1]);
                remote = Ipv6Address.parse(f[2]);
                localMac = Ipv6Words.mac(f[3]);
                remoteMac = Ipv6Words.mac(f[4]);
                if (id < 0 || id >= MAX_TUNNELS || mtu < 0 || mtu > 0xFFFF)
                {
                    throw new IllegalArgumentException("id or mtu out of range");
                }
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(path + ":" + lineNo + ": bad tunnel line, want T<id> <local-ipv6>"
                    + " <remote-ipv6> <local-mac> <remote-mac> <mtu> <egress-port> (" + ex.getMessage() + ")", ex);
            }
            final long t = base + (long)id * TUNNEL_LINE;
            Memory.putMac(t, remoteMac);
            Memory.putMac(t + 6, localMac);
            Memory.put16(t + 12, ETHER_TYPE_IPV6);
            final long ip = t + ETHERNET;
            Memory.put32(ip, 0);
            Memory.put16(ip + 4, 0);
            Memory.put8(ip + 6, IPV6_IN_IPV6);
            Memory.put8(ip + 7, OUTER_HOP_LIMIT);
            Memory.put64(ip + 8, local.hi());
            Memory.put64(ip + 16, local.lo());
            Memory.put64(ip + 24, remote.hi());
            Memory.put64(ip + 32, remote.lo());
            UnsafeApi.putShort(t + TUNNEL_MTU, (short)mtu);
            UnsafeApi.putByte(t + TUNNEL_VALID, (byte)1);
        }
        return base;
    }

    /** Route lines {@code R<prefix>/<length> <port> <tunnel-id>} into an LPM with a 24-bit first level. */
    private static Ipv6Lpm loadRoutes(final Path path, final long tunnels) throws IOException
    {
        final List<String> lines = new ArrayList<>();
        for (final String line : Files.readAllLines(path))
        {
            if (line.startsWith("R"))
            {
                lines.add(line);
            }
        }
        if (lines.isEmpty())
        {
            throw new IllegalArgumentException(path + ": no routes");
        }
        final Ipv6Lpm lpm = new Ipv6Lpm(lines.size(), new ReaderEpochs(), 24);
        for (final String line : lines)
        {
            final String[] f = line.substring(1).trim().split("\\s+");
            final int slash = f[0].indexOf('/');
            final Ipv6Address prefix;
            final int length;
            final int tunnel;
            try
            {
                if (f.length < 3 || slash < 0)
                {
                    throw new IllegalArgumentException("want 3 fields");
                }
                prefix = Ipv6Address.parse(f[0].substring(0, slash));
                length = Integer.parseInt(f[0].substring(slash + 1));
                Integer.parseInt(f[1]);
                tunnel = Integer.parseInt(f[2]);
                if (length < 1 || length > 128)
                {
                    throw new IllegalArgumentException("length out of range");
                }
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(path + ": bad route line '" + line
                    + "', want R<ipv6-prefix>/<1..128> <egress-port> <tunnel-id>", ex);
            }
            if (tunnel < 0 || tunnel >= MAX_TUNNELS || UnsafeApi.getByte(tunnels + (long)tunnel * TUNNEL_LINE
                + TUNNEL_VALID) == 0)
            {
                throw new IllegalArgumentException(path + ": unknown tunnel " + tunnel + " in '" + line + "'");
            }
            if (!lpm.put(prefix.hi(), prefix.lo(), length, tunnel))
            {
                throw new IllegalStateException(path + ": the LPM is full at '" + line + "'");
            }
        }
        return lpm;
    }

    private static void usageExit()
    {
        System.err.println("usage: JavaEncapRef <EAL args> -- --routes FILE --tunnels FILE [--tbl8s N]"
            + " [--max-packets N] [--seconds S] [--warmup S]"
            + " [--pool-memory dpdk|dpdk-packed|huge-anon|huge-anon-packed|auto]");
        System.exit(2);
    }
}
