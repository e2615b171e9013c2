package net.dmmgw.perf;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Several measurements taken round by round in turn (A, B, A, B...) in one process, so that a shared machine's
 * varying load spreads over all of them; prints each one's rounds, their low quantiles and the mean
 * <em>paired</em> difference of each to the first with its standard error. Used for builds of fastpath
 * ({@code PairedBuilds}) and for burst sizes of the PMD floor ({@code JavaPmdFloor}).
 */
public final class PairedRounds
{
    private final List<String> names;
    private final List<DoubleSupplier> measures;

    /**
     * @param names    one name per measurement, printed as {@code build=<name>}.
     * @param measures one round of each measurement per call.
     */
    public PairedRounds(final List<String> names, final List<DoubleSupplier> measures)
    {
        if (names.size() != measures.size() || names.isEmpty())
        {
            throw new IllegalArgumentException("one name per measurement, at least one: " + names);
        }
        this.names = List.copyOf(names);
        this.measures = List.copyOf(measures);
    }

    /**
     * Run the rounds and print them, then the summary lines.
     *
     * @param label  leading fields of every line (e.g. {@code mode=forward prefixes=1000}).
     * @param unit   what one round measures (e.g. {@code pipeline ns/packet}).
     * @param rounds rounds per measurement; the first two are warm-up and left out of the summaries.
     */
    public void run(final String label, final String unit, final int rounds)
    {
        final double[][] results = new double[measures.size()][rounds];
        for (int round = 0; round < rounds; round++)
        {
            for (int b = 0; b < measures.size(); b++)
            {
                results[b][round] = measures.get(b).getAsDouble();
                System.out.printf("%s round=%d build=%s %s=%.1f%n", label, round + 1, names.get(b), unit,
                    results[b][round]);
            }
        }
        summarize(label, unit, names, results);
    }

    /**
     * The summary lines of rounds already taken: per measurement its low quantiles ({@code RESULT}) and the mean
     * paired difference of each to the first with its standard error ({@code PAIRED}), rounds 3.. only.
     *
     * @param label   leading fields of every line.
     * @param unit    what one round measures.
     * @param names   one name per measurement.
     * @param results per measurement, its value in each round (all of the same length).
     */
    public static void summarize(final String label, final String unit, final List<String> names,
        final double[][] results)
    {
        final int rounds = results[0].length;
        for (int b = 0; b < results.length && rounds > 2; b++)
        {
            // Interference from other processes only adds time: the low quantiles are the most repeatable.
            final double[] measured = Arrays.copyOfRange(results[b], 2, rounds);
            Arrays.sort(measured);
            System.out.printf("RESULT %s build=%s %s min=%.1f p25=%.1f median=%.1f (rounds 3..%d)%n", label,
                names.get(b), unit, measured[0], measured[measured.length / 4], median(measured), rounds);
        }
        for (int b = 1; b < results.length && rounds > 3; b++)
        {
            // Paired: rounds of different builds next to each other saw about the same load, so the
            // per-round differences vary much less than the rounds themselves.
            final int m = rounds - 2;
            double sum = 0;
            double sumSquares = 0;
            for (int r = 2; r < rounds; r++)
            {
                final double d = results[b][r] - results[0][r];
                sum += d;
                sumSquares += d * d;
            }
            final double mean = sum / m;
            final double error = Math.sqrt(Math.max(0, sumSquares / m - mean * mean) / (m - 1));
            System.out.printf("PAIRED %s build=%s minus build=%s: %+.2f %s, standard error %.2f"
                + " (%d pairs; mean of the first %.1f)%n", label, names.get(b), names.get(0), mean, unit, error, m,
                mean(results[0], 2, rounds));
        }
    }

    private static double mean(final double[] values, final int from, final int to)
    {
        double sum = 0;
        for (int i = from; i < to; i++)
        {
            sum += values[i];
        }
        return sum / (to - from);
    }

    private static double median(final double[] sorted)
    {
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
