package net.dmmgw.control.fama;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.dmmgw.control.fama.mn.AnchoredAddress;
import net.dmmgw.control.fama.mn.MobileNodeAgent;
import net.dmmgw.control.ha.RegistrarRounds;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.control.routing.InMemoryDataPlane;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DAR's token path allocates nothing once warm: BUs authorized with the permanent home keygen token (Kbm =
 * SHA1(token), HMAC-SHA1 check), every other one a refresh, the others movements between two care-of addresses (tunnel
 * reference, route re-pointed, acks, commit, timer, journal append, BA with its own authenticator), measured with the
 * thread's allocated-bytes counter. The bindings and tokens come from CGA-signed BUs first (that path allocates: JDK
 * RSA); the BUs are built before each measured window. Also with {@code dar.return-routability=true}, refreshes at
 * the proven care-of addresses (a movement there needs the DAR's care-of keygen token, which the test cannot build).
 */
class DarZeroAllocationTest
{
    private static final int MNS = 50;
    private static final int PER_ROUND = 100;

    @TempDir
    Path dir;

    @Test
    void tokenAuthorizedBindingUpdatesAllocateNothing()
    {
        measure(false);
    }

    /** Return-routability mode, refreshes at the proven care-of addresses (a move needs the DAR's care-of token). */
    @Test
    void tokenAuthorizedRefreshesAllocateNothingInReturnRoutabilityMode()
    {
        measure(true);
    }

    private void measure(final boolean returnRoutability)
    {
        final java.util.Properties p = FamaRig.properties(dir, 0);
        p.setProperty("journal.compact-after-records", "10000000"); // a compaction allocates: kept out of the window
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(FamaRig.T0);
        final InMemoryDataPlane dataPlane = new InMemoryDataPlane();
        final InMemorySignallingTransport transport = new InMemorySignallingTransport(false);
        final DarConfig config = DarConfig.from(new NodeConfig(p));
        p.setProperty("dar.return-routability", Boolean.toString(returnRoutability));
        final DarConfig measured = DarConfig.from(new NodeConfig(p));
        try (BindingJournal journal = config.journal().open())
        {
            final DistributedAnchorRouter dar = new DistributedAnchorRouter(measured, dataPlane, transport, clock,
                journal);
            dar.start();
            dataPlane.poll(dar);
            final byte[] darAddress = Ipv6Words.bytes(FamaRig.DAR[0]);
            final byte[][] coas = { Ipv6Words.bytes("2001:db8:f1::a"), Ipv6Words.bytes("2001:db8:f2::b") };

            // Registration: each node's CGA-signed BU (recorded by the agent, handed to the DAR, BA handed back).
            final List<byte[]> out = new ArrayList<>();
            final MobileNodeAgent[] agents = new MobileNodeAgent[MNS];
            final AnchoredAddress[] homes = new AnchoredAddress[MNS];
            final InMemorySignallingTransport recorder = new InMemorySignallingTransport();
            final DistributedAnchorRouter registrar = new DistributedAnchorRouter(config, dataPlane, recorder, clock,
                journal);
            for (int i = 0; i < MNS; i++)
            {
                agents[i] = new MobileNodeAgent(FamaRig.KEY, 0, (source, home, to, mh, length) ->
                    out.add(Arrays.copyOf(mh, length)), new SecureRandom());
                homes[i] = agents[i].attach(darAddress, Ipv6Words.bytes(FamaRig.PREFIX[0]));
            }
            registrar.start();
            dataPlane.poll(registrar);
            for (int i = 0; i < MNS; i++)
            {
                out.clear();
                agents[i].attach(Ipv6Words.bytes("2001:db8:f1::1"), Ipv6Words.bytes("2001:db8:f1::"), false);
                final byte[] careOf = agents[i].current().home();
                registrar.onSignalling(careOf, homes[i].home(), darAddress, new UnsafeBuffer(out.get(0)), 0,
                    out.get(0).length);
                dataPlane.poll(registrar);
                final InMemorySignallingTransport.Message ba = recorder.sent().get(recorder.sent().size() - 1);
                agents[i].onSignalling(ba.source(), ba.homeAddress(), ba.mh());
                assertTrue(homes[i].hasToken(), "registered " + i);
            }
            final int restored = dar.start(); // the measured DAR takes the bindings and tokens from the journal
            assertEquals(MNS, restored);
            dataPlane.poll(dar);

            final MobileNodeAgent builder = agents[0];
            final int[] sequences = new int[MNS];
            final byte[][] homeAddresses = new byte[MNS][];
            final byte[][] bound = new byte[MNS][];
            for (int i = 0; i < MNS; i++)
            {
                sequences[i] = homes[i].sequence();
                homeAddresses[i] = homes[i].home(); // a copy: taken out of the measured window
                bound[i] = agents[i].current().home();
            }
            // per node: a refresh, then a move, and so on; in return-routability mode refreshes only
            final long allocated = RegistrarRounds.measure("DarZeroAllocationTest" + (returnRoutability ? " (RR)" : ""),
                dar, dataPlane, transport, clock, darAddress, returnRoutability ? bound : coas, homeAddresses,
                PER_ROUND, returnRoutability ? (round, n, i) -> i : (round, n, i) -> ((n + i + round) >> 1) & 1,
                (round, n, i, careOf) ->
                {
                    sequences[i] = (sequences[i] + 1) & 0xFFFF;
                    final int length = builder.buildAuthorized(homeAddresses[i], darAddress, careOf, sequences[i],
                        1000, homes[i].token());
                    return new UnsafeBuffer(Arrays.copyOf(builder.lastMessage(), length));
                });
            assertEquals(MNS, dar.cache().size());
            assertEquals(0, dar.rollbacks());
            assertEquals(0, dar.authenticationFailures());
            assertEquals(0, dar.cgaAccepted(), "the measured DAR saw tokens only");
            System.out.println("DarZeroAllocationTest" + (returnRoutability ? " (RR)" : "") +
                ": 20 000 token BU -> BA allocated " + allocated + " bytes");
            // A per-BU allocation would be ≥ 16 B × 20 000 = 320 KB; a few KiB now and then are JIT / Chronicle.
            assertTrue(allocated < 20_000, "20 000 BU → BA allocated " + allocated + " bytes");
        }
    }
}
