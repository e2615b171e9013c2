package net.dmmgw.control.log;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Structured logging for the control process: one line per event, {@code <ISO-8601 UTC> <LEVEL> <event> key=value
 * …} (values with spaces, quotes or '=' are quoted with backslash escapes; line breaks escaped, so an event is
 * always one line). Events below the configured level cost one comparison and allocate nothing. For
 * administrative and lifecycle events only: never call it per packet or per signalling message.
 */
public final class EventLog
{
    /** Severity, lowest first. */
    public enum Level
    {
        /** Detail for debugging. */
        DEBUG,
        /** Normal events. */
        INFO,
        /** Something refused or degraded. */
        WARN,
        /** A failure that needs an operator. */
        ERROR
    }

    private static volatile EventLog global = new EventLog(System.err, levelOf(System.getProperty("dmmgw.log.level",
        "INFO")));

    private final PrintStream out;
    private volatile Level threshold;

    /**
     * @param out where lines go.
     * @param threshold lowest level written.
     */
    public EventLog(final PrintStream out, final Level threshold)
    {
        this.out = out;
        this.threshold = threshold;
    }

    /** @return the process-wide log (stderr, level from {@code -Ddmmgw.log.level}, default INFO). */
    public static EventLog global()
    {
        return global;
    }

    /** Replaces the process-wide log. */
    public static void global(final EventLog log)
    {
        global = log;
    }

    /**
     * @param name DEBUG, INFO, WARN or ERROR (any case).
     * @return the level.
     * @throws IllegalArgumentException for anything else.
     */
    public static Level levelOf(final String name)
    {
        try
        {
            return Level.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("log level must be DEBUG, INFO, WARN or ERROR: " + name);
        }
    }

    /** Changes the threshold at run time. */
    public void threshold(final Level level)
    {
        threshold = level;
    }

    /** @return true when events of this level are written. */
    public boolean isEnabled(final Level level)
    {
        return level.compareTo(threshold) >= 0;
    }

    /** Logs an INFO event; {@code keyValues} alternates keys and values. */
    public void info(final String event, final Object... keyValues)
    {
        log(Level.INFO, event, keyValues);
    }

    /** Logs a WARN event. */
    public void warn(final String event, final Object... keyValues)
    {
        log(Level.WARN, event, keyValues);
    }

    /** Logs an ERROR event. */
    public void error(final String event, final Object... keyValues)
    {
        log(Level.ERROR, event, keyValues);
    }

    /** Logs a DEBUG event. */
    public void debug(final String event, final Object... keyValues)
    {
        log(Level.DEBUG, event, keyValues);
    }

    /** Logs an event at a level. */
    public void log(final Level level, final String event, final Object... keyValues)
    {
        if (!isEnabled(level))
        {
            return;
        }
        out.println(format(Instant.now(), level, event, keyValues));
    }

    /** @return the line for an event (no trailing newline). */
    public static String format(final Instant time, final Level level, final String event, final Object... kv)
    {
        final StringBuilder sb = new StringBuilder(96);
        sb.append(time).append(' ').append(level).append(' ').append(event);
        for (int i = 0; i + 1 < kv.length; i += 2)
        {
            sb.append(' ').append(kv[i]).append('=');
            value(sb, String.valueOf(kv[i + 1]));
        }
        return sb.toString();
    }

    private static void value(final StringBuilder sb, final String v)
    {
        boolean quote = v.isEmpty();
        for (int i = 0; i < v.length() && !quote; i++)
        {
            final char c = v.charAt(i);
            quote = c <= ' ' || c == '"' || c == '=' || c == '\\' || c > 0x7e;
        }
        if (!quote)
        {
            sb.append(v);
            return;
        }
        sb.append('"');
        for (int i = 0; i < v.length(); i++)
        {
            final char c = v.charAt(i);
            switch (c)
            {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        sb.append('"');
    }
}
