package net.dmmgw.control.metrics;

/**
 * Builds a Prometheus text exposition (format 0.0.4): one {@code # HELP} and {@code # TYPE} line per family, then
 * its samples; label values escaped (backslash, double quote, newline), help text escaped (backslash, newline).
 * Call {@link #family} once per metric name, then {@link #sample} for each series of it. Not for the hot path.
 */
public final class PrometheusText
{
    /** Content type of the exposition. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder sb = new StringBuilder(4096);

    /**
     * Starts a metric family.
     *
     * @param name metric name ([a-zA-Z_:][a-zA-Z0-9_:]*).
     * @param type counter, gauge, histogram, summary or untyped.
     * @param help one-line description.
     * @return this.
     */
    public PrometheusText family(final String name, final String type, final String help)
    {
        checkName(name);
        sb.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++)
        {
            final char c = help.charAt(i);
            switch (c)
            {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        sb.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /**
     * Appends one sample.
     *
     * @param name metric name (the family's, or with _bucket / _sum / _count for a histogram).
     * @param value sample value.
     * @param labels label names and values, alternating.
     * @return this.
     */
    public PrometheusText sample(final String name, final double value, final String... labels)
    {
        checkName(name);
        sb.append(name);
        if (labels.length > 0)
        {
            sb.append('{');
            for (int i = 0; i + 1 < labels.length; i += 2)
            {
                if (i > 0)
                {
                    sb.append(',');
                }
                sb.append(labels[i]).append("=\"");
                escapeLabel(labels[i + 1]);
                sb.append('"');
            }
            sb.append('}');
        }
        sb.append(' ');
        if (value == Math.rint(value) && Math.abs(value) < 1e15)
        {
            sb.append((long)value);
        }
        else if (Double.isInfinite(value))
        {
            sb.append(value > 0 ? "+Inf" : "-Inf");
        }
        else
        {
            sb.append(value);
        }
        sb.append('\n');
        return this;
    }

    /**
     * Appends a histogram's buckets (cumulative, ending with le="+Inf"), _sum (seconds) and _count.
     *
     * @param name family name (declared as histogram).
     * @param h the histogram (a copy, or read on its owning thread).
     * @param labels extra labels, alternating names and values.
     * @return this.
     */
    public PrometheusText histogram(final String name, final LatencyHistogram h, final String... labels)
    {
        long cumulative = 0;
        final String[] withLe = java.util.Arrays.copyOf(labels, labels.length + 2);
        withLe[labels.length] = "le";
        for (int i = 0; i < LatencyHistogram.BOUNDS_MS.length; i++)
        {
            cumulative += h.bucket(i);
            withLe[labels.length + 1] = Double.toString(LatencyHistogram.BOUNDS_MS[i] / 1000.0);
            sample(name + "_bucket", cumulative, withLe);
        }
        withLe[labels.length + 1] = "+Inf";
        sample(name + "_bucket", h.count(), withLe);
        sample(name + "_sum", h.sumMs() / 1000.0, labels);
        sample(name + "_count", h.count(), labels);
        return this;
    }

    private void escapeLabel(final String v)
    {
        for (int i = 0; i < v.length(); i++)
        {
            final char c = v.charAt(i);
            switch (c)
            {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
    }

    private static void checkName(final String name)
    {
        if (name.isEmpty() || !name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*"))
        {
            throw new IllegalArgumentException("bad metric name: " + name);
        }
    }

    /** @return a metric-name fragment from free text: lower case, runs of other characters as one underscore. */
    public static String sanitise(final String text)
    {
        final String s = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return s.replaceAll("^_+|_+$", "");
    }

    @Override
    public String toString()
    {
        return sb.toString();
    }
}
