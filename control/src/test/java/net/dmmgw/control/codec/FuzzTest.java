package net.dmmgw.control.codec;

import net.dmmgw.control.cli.MhJsonWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bounded mutation fuzzing: valid messages with octets flipped, lengths changed, truncated or extended. Every input
 * must end in "valid" or a validation error; nothing may throw, and every walk must stop. Iterations default to one
 * million; more with {@code mvn ... -Ddmmgw.fuzz.iterations=N}, another seed with {@code -Ddmmgw.fuzz.seed=S}.
 */
class FuzzTest
{
    private static final int ITERATIONS = Integer.getInteger("dmmgw.fuzz.iterations", 1_000_000);
    private static final long SEED = Long.getLong("dmmgw.fuzz.seed", 0x5eed_2026L);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldSurviveMutatedMessages()
    {
        final List<SampleMessages.Sample> seeds = new ArrayList<>(SampleMessages.all());
        seeds.add(new SampleMessages.Sample("dump-pbu", WireFormatDumpsTest.PBU, WireFormatDumpsTest.MAG,
            WireFormatDumpsTest.LMA));
        seeds.add(new SampleMessages.Sample("dump-dmm", WireFormatDumpsTest.DMM_PBU, WireFormatDumpsTest.MAG,
            WireFormatDumpsTest.LMA));
        final DmmConfig[] configs = { DmmConfig.iana(), DmmConfig.draft02() };
        final MobilityHeaderValidator[] validators = {
            new MobilityHeaderValidator(configs[0]), new MobilityHeaderValidator(configs[1]) };
        final MobilityHeaderDecoder[] decoders = {
            new MobilityHeaderDecoder(configs[0]), new MobilityHeaderDecoder(configs[1]) };
        final MobilityOptionIterator it = new MobilityOptionIterator();
        final ValidationResult result = new ValidationResult();
        final MhJsonWriter json = new MhJsonWriter();
        final SplittableRandom random = new SplittableRandom(SEED);
        final byte[] work = new byte[MobilityHeaderDecoder.MAX_LENGTH + 64];
        final UnsafeBuffer buffer = new UnsafeBuffer(work);
        final Map<ValidationError, Integer> outcomes = new EnumMap<>(ValidationError.class);
        long sink = 0;

        for (int i = 0; i < ITERATIONS; i++)
        {
            final SampleMessages.Sample seed = seeds.get(random.nextInt(seeds.size()));
            final int length = mutate(seed.mh(), work, random);
            final int c = random.nextInt(2);
            try
            {
                final boolean valid = (i & 1) == 0 ?
                    validators[c].validate(buffer, 0, length, seed.src(), seed.dst(), result) :
                    validators[c].validateWithoutChecksum(buffer, 0, length, result);
                outcomes.merge(result.error(), 1, Integer::sum);
                final MobilityHeaderDecoder d = decoders[c].wrap(buffer, 0, length);
                if (valid)
                {
                    sink += readEverything(d, it, length);
                }
                if ((i & 255) == 0)
                {
                    sink += json.write(d, result, (i & 1) == 0).length();
                }
            }
            catch (final RuntimeException ex)
            {
                throw new AssertionError("input " + i + " (seed " + seed.name() + ", length " + length + ") threw: " +
                    net.dmmgw.control.cli.Hex.encode(work, 0, length), ex);
            }
        }
        assertTrue(sink != 0);
        assertTrue(outcomes.getOrDefault(ValidationError.NONE, 0) > 0, outcomes.toString());
        assertTrue(outcomes.size() >= 8, "mutations reach many distinct errors: " + outcomes);
        System.out.println("fuzz " + ITERATIONS + " inputs, seed " + SEED + ": " + outcomes);
    }

    /** Reads every option field the way a consumer would, counting steps so a runaway walk would show. */
    private static long readEverything(final MobilityHeaderDecoder d, final MobilityOptionIterator it, final int length)
    {
        long acc = d.mhType() + d.checksum();
        int steps = 0;
        d.options(it);
        while (it.next())
        {
            final MobilityOption o = it.option();
            steps++;
            acc += o.type() + o.length();
            switch (o.type())
            {
                case OptionType.HOME_NETWORK_PREFIX, OptionType.ANCHORED_PREFIX, OptionType.LOCAL_PREFIX,
                    OptionType.MOBILE_NETWORK_PREFIX -> acc += o.prefixLength() + o.u64(2);
                case OptionType.PREVIOUS_MAAR -> acc += o.prefixLength() + o.u8(o.prefixOffset() - o.dataOffset() + 15);
                case OptionType.TIMESTAMP -> acc += o.timestampSeconds() + o.timestampFraction();
                case OptionType.GRE_KEY -> acc += o.greKey();
                case OptionType.IPV4_HOA_REPLY, OptionType.IPV4_HOA_REQUEST -> acc += o.ipv4Address();
                default -> acc += o.size();
            }
        }
        assertEquals(ValidationError.NONE, it.error());
        assertTrue(steps <= length, "walk took more steps than octets");
        return acc;
    }

    private static int mutate(final byte[] src, final byte[] work, final SplittableRandom random)
    {
        System.arraycopy(src, 0, work, 0, src.length);
        int length = src.length;
        switch (random.nextInt(6))
        {
            case 0 -> // flip 1-4 random bits
            {
                final int n = 1 + random.nextInt(4);
                for (int k = 0; k < n; k++)
                {
                    work[random.nextInt(length)] ^= (byte)(1 << random.nextInt(8));
                }
            }
            case 1 -> work[random.nextInt(length)] = (byte)random.nextInt(256); // random octet
            case 2 -> work[1] = (byte)random.nextInt(256); // Header Len
            case 3 -> // an option Length octet (any octet after the fixed part)
            {
                final int start = Math.min(length - 1, 12 + random.nextInt(Math.max(1, length - 12)));
                work[start] = (byte)random.nextInt(256);
            }
            case 4 -> length = random.nextInt(length + 1); // truncation
            default -> // extension with garbage
            {
                final int extra = random.nextInt(64);
                for (int k = 0; k < extra; k++)
                {
                    work[length + k] = (byte)random.nextInt(256);
                }
                length += extra;
            }
        }
        return length;
    }
}
