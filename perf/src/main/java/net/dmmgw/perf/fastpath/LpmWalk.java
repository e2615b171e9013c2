package net.dmmgw.perf.fastpath;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.dmmgw.fastpath.table.Ipv6Lpm;

/**
 * How deep the destination LPM of perf/rate's forward state is walked for the destinations of {@code forward.pcap}
 * ({@link Ipv6Lpm#trace}): per length of the matching prefix, the dependent loads of one lookup, how many of them
 * fall on a cache line that only this destination touches ("private": it stays in L1 only if all 1 000
 * destinations' private lines do) and how many on lines shared with at least {@value #SHARED} others; and the
 * footprint of all of them (lines, 4 KiB pages). A count, not a timing: no JIT warm-up needed.
 * <p>
 * {@code java ... -DlpmFirstLevelBits=24 -cp perf/target/benchmarks.jar net.dmmgw.perf.fastpath.LpmWalk
 * <inputs dir> <prefixes>}
 */
public final class LpmWalk
{
    private static final int SHARED = 8;
    private static final int DESTINATION = 14 + 24;
    private static final int[] LENGTHS = {128, 64, 56, 48, 40, 32};

    private LpmWalk()
    {
    }

    /**
     * @param args inputs directory, prefixes.
     * @throws Exception on unreadable inputs.
     */
    public static void main(final String[] args) throws Exception
    {
        final int prefixes = Integer.parseInt(args[1]);
        final RateFixture fixture = RateFixture.load("forward", Path.of(args[0]), prefixes, 0);
        final Ipv6Lpm lpm = fixture.tables().destinations();
        final List<byte[]> frames = fixture.frames();
        final int n = frames.size();
        final long[][] walks = new long[n][];
        final long[][] walkLines = new long[n][];
        final int[] lengths = new int[n];
        final Map<Long, Integer> lineUsers = new HashMap<>();
        final Map<Long, Integer> pageUsers = new HashMap<>();
        final long[] loads = new long[32];
        for (int i = 0; i < n; i++)
        {
            final ByteBuffer b = ByteBuffer.wrap(frames.get(i));
            final long hi = b.getLong(DESTINATION);
            final long lo = b.getLong(DESTINATION + 8);
            for (final int length : LENGTHS)
            {
                if (lpm.get(hi, lo, length) != Ipv6Lpm.NO_MATCH)
                {
                    lengths[i] = length;
                    break;
                }
            }
            final int count = lpm.trace(hi, lo, loads);
            walks[i] = Arrays.copyOf(loads, count);
            // Distinct lines and pages of this walk, counted once per destination.
            walkLines[i] = Arrays.stream(walks[i]).map(a -> a >>> 6).distinct().toArray();
            for (final long line : walkLines[i])
            {
                lineUsers.merge(line, 1, Integer::sum);
            }
            Arrays.stream(walks[i]).map(a -> a >>> 12).distinct()
                .forEach(page -> pageUsers.merge(page, 1, Integer::sum));
        }
        final Map<Integer, double[]> byLength = new TreeMap<>();
        for (int i = 0; i < n; i++)
        {
            final double[] s = byLength.computeIfAbsent(lengths[i], k -> new double[4]);
            s[0]++;
            s[1] += walks[i].length;
            for (final long line : walkLines[i])
            {
                final int users = lineUsers.get(line);
                s[2] += users == 1 ? 1 : 0;
                s[3] += users > SHARED ? 1 : 0;
            }
        }
        System.out.printf(
            "LPMWALK prefixes=%d destinations=%d first_level=%d groups=%d singletons=%d memory_mib=%.1f%n",
            prefixes, n, lpm.firstLevelBits(), lpm.groups(), lpm.singletons(), lpm.memoryBytes() / 1048576.0);
        double loadsAll = 0;
        double privateAll = 0;
        for (final Map.Entry<Integer, double[]> e : byLength.entrySet())
        {
            final double[] s = e.getValue();
            loadsAll += s[1];
            privateAll += s[2];
            System.out.printf("  /%-3d destinations %4d  loads %.2f  private lines %.2f  shared(>%d) lines %.2f%n",
                e.getKey(), (int)s[0], s[1] / s[0], s[2] / s[0], SHARED, s[3] / s[0]);
        }
        System.out.printf("  all: loads %.2f  private lines %.2f; footprint %d lines (%d KiB), %d 4 KiB pages%n",
            loadsAll / n, privateAll / n, lineUsers.size(), lineUsers.size() * 64 / 1024, pageUsers.size());
    }
}
