package net.dmmgw.control.lma;

import java.io.IOException;
import java.util.Arrays;
import java.util.Properties;
import java.util.Random;

import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.ipc.Ipv6Words;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input: 20 000 mutated PBUs (bit flips, random octets, truncation, trailing garbage, option length
 * changes; checksums left wrong or recomputed) from both MAGs never throw, every answer is a valid PBA (or a
 * Heartbeat response when the type octet became 13), and the
 * state stays consistent: every BCE's prefixes are allocated in the pool and indexed back to it.
 */
class LmaFuzzTest
{
    @Test
    void mutatedPbusNeverBreakTheLma() throws IOException
    {
        final PbuBuilder builder = new PbuBuilder();
        final Random random = new Random(42);
        try (LmaRig r = new LmaRig(new Properties()))
        {
            for (int n = 0; n < 20_000; n++)
            {
                final String mag = random.nextBoolean() ? LmaRig.MAG1 : LmaRig.MAG2;
                final String prefix = random.nextInt(3) == 0 ? "2001:db8:100:" + Integer.toHexString(random.nextInt(4)) + "::" : null;
                byte[] mh = builder.pbu(mag, "mn" + random.nextInt(20) + "@example.com", n & 0xFFFF,
                    random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(900), 1 + random.nextInt(5), prefix, r.clock.time());
                mh = mutate(mh, random);
                if (random.nextBoolean())
                {
                    fixChecksum(mh, mag);
                }
                for (final var m : r.send(Ipv6Words.bytes(mag), Ipv6Words.bytes(LmaRig.LMA), mh))
                {
                    if (m.mh()[2] == MhType.BINDING_ACK)
                    {
                        Pba.of(m); // valid, checksum included
                    }
                    else
                    {
                        // a flipped MH Type can turn a PBU into a Heartbeat request, which a peer gets answered
                        assertEquals(MhType.HEARTBEAT, m.mh()[2]);
                    }
                }
                r.advance(random.nextInt(50));
            }
            for (final BindingCacheEntry e : r.lma.cache().entries())
            {
                for (int i = 0; i < e.prefixCount(); i++)
                {
                    assertTrue(r.lma.pool().isAllocated(e.prefix(i)));
                    assertEquals(e, r.lma.cache().byPrefix(e.prefix(i)));
                }
            }
            assertTrue(r.lma.cache().size() > 0 && r.lma.expired() > 0, "the unmutated PBUs kept sessions coming and going");
            int prefixes = 0;
            for (final BindingCacheEntry e : r.lma.cache().entries())
            {
                prefixes += e.prefixCount();
            }
            assertEquals(prefixes, r.lma.pool().allocated(), "no prefix leaked or double-assigned");
        }
    }

    private static byte[] mutate(final byte[] in, final Random random)
    {
        byte[] mh = in.clone();
        switch (random.nextInt(6))
        {
            case 0 -> mh[random.nextInt(mh.length)] ^= (byte)(1 << random.nextInt(8));
            case 1 -> mh[8 + random.nextInt(mh.length - 8)] = (byte)random.nextInt(256);
            case 2 -> mh = Arrays.copyOf(mh, random.nextInt(mh.length));
            case 3 -> mh = Arrays.copyOf(mh, mh.length + 1 + random.nextInt(3000));
            case 4 -> mh[1] = (byte)random.nextInt(256);
            default -> {
                // unchanged: a valid PBU keeps the LMA's state moving
            }
        }
        return mh;
    }

    private static void fixChecksum(final byte[] mh, final String mag)
    {
        if (mh.length < 8)
        {
            return;
        }
        mh[4] = 0;
        mh[5] = 0;
        final byte[] src = Ipv6Words.bytes(mag);
        final byte[] dst = Ipv6Words.bytes(LmaRig.LMA);
        long sum = 0;
        for (int i = 0; i < 16; i += 2)
        {
            sum += ((src[i] & 0xFF) << 8) | (src[i + 1] & 0xFF);
            sum += ((dst[i] & 0xFF) << 8) | (dst[i + 1] & 0xFF);
        }
        sum += mh.length + 135;
        for (int i = 0; i < mh.length; i += 2)
        {
            sum += ((mh[i] & 0xFF) << 8) | (i + 1 < mh.length ? mh[i + 1] & 0xFF : 0);
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        final int c = (int)(~sum & 0xFFFF);
        mh[4] = (byte)(c >>> 8);
        mh[5] = (byte)c;
    }
}
