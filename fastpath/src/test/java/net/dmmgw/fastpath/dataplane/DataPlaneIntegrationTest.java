package net.dmmgw.fastpath.dataplane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import net.dmmgw.dpdk.Eal;
import net.dmmgw.dpdk.EthDev;
import net.dmmgw.dpdk.pcap.PcapFile;
import net.dmmgw.ipc.counters.CountersFile;
import net.dmmgw.fastpath.pipeline.Action;
import net.dmmgw.fastpath.pipeline.DropReason;
import net.dmmgw.fastpath.pipeline.PacketContext;
import net.dmmgw.fastpath.pipeline.Pipeline;
import net.dmmgw.fastpath.pipeline.PuntReason;
import net.dmmgw.fastpath.pipeline.WorkerCounters;
import net.dmmgw.fastpath.support.Frames;
import net.dmmgw.fastpath.support.TsharkOracle;
import net.dmmgw.fastpath.table.FastPathTables;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.UpdateResult;
import net.dmmgw.ipc.PuntRing;

/**
 * The data plane over real DPDK virtual devices, in this JVM: a pcap in ({@code net_pcap} rx_pcap,
 * finite) → {@link DataPlane} with one worker → a pcap out ({@code net_pcap} tx_pcap, written when
 * the port stops). One run carries every case (EAL starts once per JVM): forward, encapsulation,
 * decapsulation, a spoofed decapsulation (dropped), a Mobility Header (punted, byte-identical in the
 * punt ring) and an oversize packet for the tunnel (ICMPv6 Packet Too Big generated in a new mbuf).
 * The output is compared with frames built here and dissected by tshark.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DataPlaneIntegrationTest
{
    private static final long PORT0_MAC = 0x02_00_00_00_00_10L;
    private static final long PORT1_MAC = 0x02_00_00_00_00_11L;
    private static final long GW_MAC = 0x02_00_00_00_00_feL;
    private static final long PEER_MAC = 0x02_00_00_00_00_f2L;
    private static final String SENDER = "2001:db8:9::1";
    private static final String MN = "2001:db8:100:1::5";
    private static final String CN = "2001:db8:200::5";
    private static final int TUNNEL_MTU = 1400;

    private static Path dir;
    private static DataPlane dataPlane;
    private static byte[] forwardIn;
    private static byte[] encapIn;
    private static byte[] decapInner;
    private static byte[] mobilityIn;
    private static byte[] bigIn;
    private static byte[] injected;
    private static int inputCount;
    private static List<byte[]> inputFrames;
    private static List<byte[]> output;
    private static final List<byte[]> PUNTED = new ArrayList<>();
    private static final List<int[]> PUNT_META = new ArrayList<>();
    private static long[] drops;
    private static long[] actions;
    private static long[] punts;
    private static String port2Mac;
    private static boolean port2Promiscuous;
    private static List<String> portNotes;

    @BeforeAll
    static void runDataPlane() throws Exception
    {
        dir = Files.createTempDirectory("dmmgw-dataplane-test");
        forwardIn = Frames.ipv6(SENDER, CN, 17, 64, 3, 0x12345, Frames.udp(72));
        encapIn = Frames.ipv6(SENDER, MN, 17, 64, 0x28, 0xabcde, Frames.udp(72));
        decapInner = Frames.ipv6(MN, "2001:db8:200::7", 17, 64, Frames.udp(40));
        final byte[] decapIn = Frames.ipv6("2001:db8:f::2", "2001:db8:f::1", 41, 64, decapInner);
        final byte[] spoofed = Frames.ipv6("2001:db8:f::2", "2001:db8:f::1", 41, 64,
            Frames.ipv6("2001:db8:9::66", "2001:db8:200::7", 17, 64, Frames.udp(40)));
        mobilityIn = Frames.ipv6(SENDER, CN, 135, 64, new byte[] {59, 0, 0, 0, 0, 0, 0, 0});
        bigIn = Frames.ipv6(SENDER, MN, 17, 64, Frames.udp(TUNNEL_MTU - 40));
        final List<byte[]> input = List.of(forwardIn, encapIn, decapIn, spoofed, mobilityIn, bigIn);
        inputCount = input.size();
        final List<byte[]> frames = new ArrayList<>();
        for (final byte[] ip : input)
        {
            frames.add(Frames.concat(ethernet(PORT0_MAC, Frames.SRC_MAC), ip));
        }
        PcapFile.write(dir.resolve("in.pcap"), frames);
        inputFrames = frames;
        Files.writeString(dir.resolve("state.txt"), """
            # tunnel 7 to the peer 2001:db8:f::2 (its local address becomes a tunnel endpoint)
            T7 2001:db8:f::1 2001:db8:f::2 02:00:00:00:00:11 02:00:00:00:00:f2 1400 1
            H1 1 2001:db8:c::fe
            N1 2001:db8:c::fe 02:00:00:00:00:fe
            F2001:db8:200::/48 1
            F2001:db8:9::/48 1
            R2001:db8:100::/48 1 7
            """);
        // Port 2, polled by nobody: a device that takes the configured MAC and promiscuous mode (net_null).
        Files.writeString(dir.resolve("dataplane.properties"),
            PcapConfig.text("dmmgw-dp-test-" + ProcessHandle.current().pid()) + """
            eal.vdev.2=net_null0
            port.2.device=net_null0
            port.2.role=core
            port.2.mac=02:00:00:00:00:12
            port.2.address=2001:db8:d::1
            port.2.rx-descriptors=256
            port.2.promiscuous=true
            """);
        dataPlane = DataPlane.start(DataPlaneConfig.load(dir.resolve("dataplane.properties")));
        port2Mac = EthDev.formatMac(EthDev.macAddress(dataPlane.dpdkPort(2)));
        port2Promiscuous = EthDev.isPromiscuous(dataPlane.dpdkPort(2));
        portNotes = dataPlane.portNotes();
        final WorkerCounters counters = dataPlane.workerCounters(0);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (counters.rxPackets(0) < inputCount && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
        // A frame the control plane injects (here: a Neighbour Advertisement) leaves through port 1.
        injected = Frames.concat(ethernet(GW_MAC, PORT1_MAC),
            Frames.ipv6("2001:db8:c::1", "2001:db8:c::fe", 58, 255, Frames.icmp(136, 24)));
        assertTrue(dataPlane.injectQueue().inject(1, new UnsafeBuffer(injected), 0, injected.length));
        final LoopCounters loop = dataPlane.loopCounters(0);
        while (loop.get(LoopCounters.Kind.INJECTED) < 1 && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
        assertNull(dataPlane.stopWorkers(), "worker failure");
        drops = new long[DropReason.values().length];
        for (final DropReason r : DropReason.values())
        {
            drops[r.ordinal()] = counters.drops(r);
        }
        actions = new long[Action.values().length];
        for (final Action a : Action.values())
        {
            actions[a.ordinal()] = counters.actions(a);
        }
        punts = new long[PuntReason.values().length];
        for (final PuntReason r : PuntReason.values())
        {
            punts[r.ordinal()] = counters.punts(r);
        }
        drainPuntRing(dataPlane.puntRings().get(0));
        dataPlane.close(); // stops the ports: net_pcap writes out.pcap
        output = PcapFile.read(dir.resolve("out.pcap"));
    }

    @AfterAll
    static void cleanUp() throws IOException
    {
        if (dataPlane != null)
        {
            dataPlane.close();
        }
        if (dir != null)
        {
            try (Stream<Path> files = Files.walk(dir))
            {
                for (final Path p : files.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void shouldGiveEachDeviceTheConfiguredMacOrSayThatItKeepsItsOwn()
    {
        assertEquals("02:00:00:00:00:12", port2Mac, "net_null takes the configured MAC");
        assertTrue(port2Promiscuous, "port.2.promiscuous=true");
        // net_pcap cannot change its address (ENOTSUP): one note per pcap port, none for port 2.
        assertEquals(2, portNotes.size(), portNotes.toString());
        assertTrue(portNotes.get(0).startsWith("port.0 (net_pcap0) keeps its address "), portNotes.get(0));
        assertTrue(portNotes.get(0).contains("not the configured 02:00:00:00:00:10"), portNotes.get(0));
        assertTrue(portNotes.get(1).startsWith("port.1 (net_pcap1) keeps its address "), portNotes.get(1));
    }

    @Test
    void shouldReceiveEveryFrameAndSendForwardEncapDecapAndPacketTooBigInOrder()
    {
        assertFalse(Eal.isRunning(), "EAL cleaned up");
        assertEquals(5, output.size(), "forward, encap, decapsulated inner, Packet Too Big, injected");
    }

    @Test
    void shouldRunWithTheMbufsOnHugeAnonMemoryUnderNoHugeByDefault()
    {
        assertEquals(MempoolMemory.HUGE_ANON, dataPlane.config().mempoolMemory(), "mempool.memory=auto, --no-huge");
    }

    @Test
    void shouldSendTheInjectedFrameUnchanged()
    {
        assertArrayEquals(injected, output.get(4));
    }

    @Test
    void shouldForwardWithNewEthernetHeaderAndDecrementedHopLimit()
    {
        assertArrayEquals(expectedForward(forwardIn), output.get(0));
    }

    @Test
    void shouldEncapsulateIntoTheTunnelAccordingToRfc2473()
    {
        final byte[] out = output.get(1);
        final byte[] inner = decremented(encapIn);
        assertEquals(14 + 40 + inner.length, out.length);
        assertArrayEquals(ethernet(PEER_MAC, PORT1_MAC), Arrays.copyOfRange(out, 0, 14));
        final ByteBuffer outer = ByteBuffer.wrap(out, 14, 40);
        final int word = outer.getInt();
        assertEquals(6, word >>> 28);
        assertEquals(0x28, (word >>> 20) & 0xFF, "traffic class copied");
        assertNotEquals(0, word & 0xFFFFF, "derived flow label");
        assertEquals(inner.length, outer.getShort() & 0xFFFF);
        assertEquals(41, outer.get());
        assertEquals(64, outer.get());
        assertArrayEquals(Ipv6Address.parse("2001:db8:f::1").toBytes(),
            Arrays.copyOfRange(out, 14 + 8, 14 + 24));
        assertArrayEquals(Ipv6Address.parse("2001:db8:f::2").toBytes(),
            Arrays.copyOfRange(out, 14 + 24, 14 + 40));
        assertArrayEquals(inner, Arrays.copyOfRange(out, 14 + 40, out.length));
        assertEquals(1, actions[Action.ENCAPSULATED.ordinal()]);
    }

    @Test
    void shouldDecapsulateAndForwardTheInnerPacket()
    {
        assertArrayEquals(expectedForward(decapInner), output.get(2));
        assertEquals(1, actions[Action.DECAPSULATED.ordinal()]);
    }

    @Test
    void shouldDropTheSpoofedDecapsulationAndCountIt()
    {
        assertEquals(1, drops[DropReason.DECAP_SPOOFED_SOURCE.ordinal()]);
    }

    @Test
    void shouldPuntTheMobilityHeaderByteIdenticalIntoThePuntRing()
    {
        assertEquals(1, punts[PuntReason.MOBILITY_HEADER.ordinal()]);
        assertEquals(1, PUNTED.size());
        assertArrayEquals(Frames.concat(ethernet(PORT0_MAC, Frames.SRC_MAC), mobilityIn), PUNTED.get(0));
        assertEquals(0, PUNT_META.get(0)[0], "ingress port");
        assertEquals(PuntRingHandler.wireReason(PuntReason.MOBILITY_HEADER), PUNT_META.get(0)[1]);
    }

    @Test
    void shouldSendPacketTooBigForTheOversizePacket()
    {
        final byte[] ptb = output.get(3);
        assertArrayEquals(ethernet(GW_MAC, PORT1_MAC), Arrays.copyOfRange(ptb, 0, 14));
        assertEquals(58, ptb[14 + 6], "ICMPv6");
        assertEquals(2, ptb[14 + 40], "Packet Too Big");
        assertEquals(TUNNEL_MTU - 40, ByteBuffer.wrap(ptb, 14 + 44, 4).getInt(), "MTU = path MTU - 40");
        assertEquals(1, drops[DropReason.TOO_BIG.ordinal()]);
        assertEquals(1, actions[Action.ICMP_SENT.ordinal()]);
    }

    @Test
    void shouldBeDissectedByTsharkWithoutMalformedPacketsAndWithTheExpectedAddresses() throws Exception
    {
        // The frames net_pcap wrote, dissected by tshark (UDP checksums are covered by the byte
        // comparisons above: the inputs carry correct ones and hop limits are not summed).
        final List<String> lines = TsharkOracle.fields(output,
            "_ws.malformed", "ipv6.src", "ipv6.dst", "icmpv6.type", "icmpv6.mtu", "icmpv6.checksum.status");
        assertEquals(5, lines.size());
        // ICMPv6 checksum status 1 = "Good".
        for (final String line : lines)
        {
            assertTrue(line.startsWith("|"), "no malformed packet: " + line);
        }
        assertEquals("|" + SENDER + "|" + CN + "|||", lines.get(0));
        assertEquals("|2001:db8:f::1," + SENDER + "|2001:db8:f::2," + MN + "|||", lines.get(1));
        assertEquals("|" + MN + "|2001:db8:200::7|||", lines.get(2));
        assertTrue(lines.get(3).startsWith("|2001:db8:a::1," + SENDER + "|" + SENDER + "," + MN + "|2|1360|1"),
            lines.get(3));
    }

    @Test
    void shouldGiveTheSameFramesAndCountersOverFabricatedMbufs() throws IOException
    {
        // The same configuration, state and input through a Worker whose MbufIo is PlainMemoryMbufs (no DPDK),
        // plus one frame claiming two segments: what perf's WorkerCpuTime measures is what net_pcap gets.
        final DataPlaneConfig config = DataPlaneConfig.load(dir.resolve("dataplane.properties"));
        final FastPathTables tables = new FastPathTables(config.limits());
        for (final PortConfig p : config.ports())
        {
            assertEquals(UpdateResult.OK, tables.configurePort(p.id(), p.role(), p.mac(), p.address()));
        }
        new StaticState(tables, config.routeAction(), config.ingressFilter()).load(config.stateFiles());
        final Path countersPath = dir.resolve("fabricated-counters.dat");
        try (CountersFile file = CountersFile.create(countersPath,
            WorkerCounters.countersPerWorker(config.limits().maxPorts()) + LoopCounters.countersPerWorker() + 8))
        {
            final WorkerCounters counters = new WorkerCounters(file.manager(), 0, config.limits().maxPorts());
            final LoopCounters loop = new LoopCounters(file.manager(), 0);
            final PuntRingHandler ring = new PuntRingHandler(new PuntRing(config.puntRingCapacity()));
            final Pipeline pipeline = new Pipeline(tables, counters, ring,
                new SystemNanoClock(), config.icmpPerSecond(), config.icmpBurst(), config.puntTransitMobility());
            final PlainMemoryMbufs io = new PlainMemoryMbufs(16, 16, true);
            for (final byte[] frame : inputFrames)
            {
                io.feed(frame, 1);
            }
            io.feed(inputFrames.get(0), 2);
            final PacketContext[] contexts = PacketContext.burst(Arena.ofAuto(), 4, PacketContext.MIN_ERROR_BUFFER);
            // Bursts of 4: the output crosses a burst boundary.
            final Worker worker = new Worker(0, 1, new int[] {0}, new int[] {0}, new int[] {0},
                new int[] {10, 11}, 0, pipeline, contexts, io, loop, NoOpIdleStrategy.INSTANCE, 4, null);
            int received = 0;
            for (int i = 0; i < 10 && received < inputFrames.size() + 1; i++)
            {
                received += worker.doWork();
            }
            assertEquals(inputFrames.size() + 1, received);
            assertEquals(0, worker.doWork(), "nothing more to receive");
            assertEquals(4, io.sent().size(), "forward, encap, decapsulated inner, Packet Too Big");
            for (int k = 0; k < 4; k++)
            {
                assertEquals(11, io.sent().get(k).dpdkPort(), "sent on port 1's DPDK port");
                assertArrayEquals(output.get(k), io.sent().get(k).frame(), "frame " + k + " as net_pcap wrote it");
            }
            assertEquals(0, io.inUse(), "every mbuf transmitted or freed");
            assertEquals(1, loop.get(LoopCounters.Kind.MULTI_SEGMENT));
            for (final DropReason r : DropReason.values())
            {
                assertEquals(drops[r.ordinal()], counters.drops(r), r.name());
            }
            for (final Action a : Action.values())
            {
                assertEquals(actions[a.ordinal()], counters.actions(a), a.name());
            }
            for (final PuntReason r : PuntReason.values())
            {
                assertEquals(punts[r.ordinal()], counters.punts(r), r.name());
            }
        }
    }

    private static byte[] expectedForward(final byte[] ip)
    {
        return Frames.concat(ethernet(GW_MAC, PORT1_MAC), decremented(ip));
    }

    private static byte[] decremented(final byte[] ip)
    {
        final byte[] copy = ip.clone();
        copy[7]--;
        return copy;
    }

    private static byte[] ethernet(final long dst, final long src)
    {
        final ByteBuffer b = ByteBuffer.allocate(14);
        b.putShort((short)(dst >>> 32)).putInt((int)dst);
        b.putShort((short)(src >>> 32)).putInt((int)src);
        b.putShort((short)0x86DD);
        return b.array();
    }

    private static void drainPuntRing(final PuntRing ring)
    {
        ring.drain((type, buffer, index, length) ->
        {
            final byte[] frame = new byte[length - PuntRing.RECORD_HEADER_LENGTH];
            buffer.getBytes(index + PuntRing.RECORD_HEADER_LENGTH, frame);
            PUNTED.add(frame);
            PUNT_META.add(new int[] {buffer.getShort(index, ByteOrder.nativeOrder()) & 0xFFFF,
                buffer.getByte(index + 2) & 0xFF});
        }, 100);
    }
}
