package net.dmmgw.lab;

import java.io.PrintStream;
import java.util.Locale;

/** The story's output: each line stamped with the seconds since the lab started. */
final class LabLog
{
    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    LabLog(final PrintStream out)
    {
        this.out = out;
    }

    /** Prints one stamped line. */
    void say(final String format, final Object... args)
    {
        final double s = (System.nanoTime() - startNanos) / 1e9;
        out.printf(Locale.ROOT, "[%6.1f s] %s%n", s, String.format(Locale.ROOT, format, args));
        out.flush();
    }

    /** @return the text with every line indented by four spaces. */
    static String indent(final String text)
    {
        final StringBuilder b = new StringBuilder();
        for (final String line : text.split("\n"))
        {
            b.append("    ").append(line).append('\n');
        }
        return b.toString();
    }
}
