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

    /** Prints every file of the directory whose name matches (a failure's diagnostics: the flows' logs). */
    void printFiles(final java.nio.file.Path dir, final String regex)
    {
        try (var files = java.nio.file.Files.list(dir))
        {
            for (final java.nio.file.Path f : files.filter(p -> p.toString().matches(regex)).sorted().toList())
            {
                out.println(f.getFileName() + ": " + java.nio.file.Files.readString(f).strip());
            }
        }
        catch (final java.io.IOException ex)
        {
            out.println("cannot list " + dir + ": " + ex);
        }
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
