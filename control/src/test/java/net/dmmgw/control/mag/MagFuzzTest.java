package net.dmmgw.control.mag;

import java.util.List;
import java.util.Properties;
import java.util.Random;

import net.dmmgw.control.codec.MhChecksum;
import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bad input never breaks the MAG: 10 000 mutated PBAs (bit flips, random octets, truncation, trailing octets,
 * checksum wrong or recomputed) and 10 000 mutated RS / DAD frames; nothing throws, and since no PBU is outstanding
 * no PBA may change the binding, its routes or its RAs' prefix.
 */
class MagFuzzTest
{
    @Test
    void mutatedPbasAndFramesChangeNothing() throws Exception
    {
        try (MagRig rig = new MagRig(new Properties(), new Properties()))
        {
            rig.mag1.access.deliver(MagRig.ACCESS_PORT, AccessFrames.routerSolicitation(MagRig.ALICE_MAC,
                "fe80::aa01"));
            rig.run();
            final InMemorySignallingTransport.Message pba = rig.sent(MagRig.LMA, MagRig.MAG1).get(0).message();
            final long p = rig.lma.lma.cache().entries().iterator().next().prefix(0);
            final byte[] rs = AccessFrames.routerSolicitation(MagRig.ALICE_MAC, "fe80::aa01");
            final byte[] dad = AccessFrames.dadProbe(MagRig.ALICE_MAC, Ipv6Words.text(p, 0x42));
            final Random random = new Random(6);
            final UnsafeBuffer addresses = new UnsafeBuffer(new byte[32]);
            addresses.putBytes(0, pba.source());
            addresses.putBytes(16, pba.destination());
            for (int n = 0; n < 10_000; n++)
            {
                final byte[] mh = mutate(pba.mh(), random);
                if (mh.length >= 6 && random.nextBoolean())
                {
                    mh[4] = 0;
                    mh[5] = 0;
                    final int sum = MhChecksum.compute(addresses, 0, 16, new UnsafeBuffer(mh), 0, mh.length);
                    mh[4] = (byte)(sum >>> 8);
                    mh[5] = (byte)sum;
                }
                rig.mag1.transport.deliver(pba.source(), pba.destination(), mh);
                rig.mag1.access.deliver(MagRig.ACCESS_PORT, mutate(random.nextBoolean() ? rs : dad, random));
                if (n % 100 == 0)
                {
                    rig.run();
                }
            }
            rig.run();
            final List<MobileAccessGateway.SessionView> sessions = rig.mag1.mag.sessions();
            assertEquals(1, sessions.size());
            assertEquals("REGISTERED", sessions.get(0).state());
            assertEquals(List.of(Ipv6Words.text(p, 0) + "/64"), sessions.get(0).prefixes());
            assertEquals(10_000, rig.mag1.mag.dropped() + rig.mag1.mag.unmatchedPbas() + rig.mag1.mag.dmmRefusals());
            assertEquals(MagRig.ACCESS_PORT, rig.mag1.dataPlane.deliveryPortOf(p));
            assertEquals(1, rig.mag1.mag.pbusSent(), "no PBU was provoked");
            for (final InMemoryAccessLink.Frame f : rig.mag1.access.sent())
            {
                final AccessFrames.Ra ra = AccessFrames.Ra.of(f.bytes());
                assertEquals(true, ra.checksumOk());
                assertEquals(Ipv6Words.text(p, 0), ra.prefixes().get(0).prefix());
            }
        }
    }

    private static byte[] mutate(final byte[] original, final Random random)
    {
        byte[] b = original.clone();
        switch (random.nextInt(5))
        {
            case 0 -> b[random.nextInt(b.length)] ^= (byte)(1 << random.nextInt(8));
            case 1 -> b[random.nextInt(b.length)] = (byte)random.nextInt(256);
            case 2 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
            case 3 -> b = java.util.Arrays.copyOf(b, b.length + 1 + random.nextInt(300));
            default -> {
                for (int i = 0; i < 4; i++)
                {
                    b[random.nextInt(b.length)] = (byte)random.nextInt(256);
                }
            }
        }
        return b;
    }
}
