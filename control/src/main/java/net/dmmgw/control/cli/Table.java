package net.dmmgw.control.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plain-text table for dmmctl: columns are the union of the rows' keys in first-seen order (camelCase keys as
 * UPPER-KEBAB headers), lists joined by commas, missing values as "-", columns two spaces apart.
 */
final class Table
{
    private Table()
    {
    }

    /** Prints rows of maps, or "(none)" with the noun when there are none. */
    static void print(final PrintWriter out, final List<?> rows, final String noun)
    {
        if (rows == null || rows.isEmpty())
        {
            out.println("(no " + noun + ")");
            return;
        }
        final Set<String> keys = new LinkedHashSet<>();
        for (final Object r : rows)
        {
            keys.addAll(asMap(r).keySet());
        }
        final List<String> columns = new ArrayList<>(keys);
        final List<String[]> lines = new ArrayList<>();
        final String[] header = new String[columns.size()];
        for (int i = 0; i < header.length; i++)
        {
            header[i] = header(columns.get(i));
        }
        lines.add(header);
        for (final Object r : rows)
        {
            final Map<String, Object> m = asMap(r);
            final String[] line = new String[columns.size()];
            for (int i = 0; i < line.length; i++)
            {
                line[i] = cell(m.get(columns.get(i)));
            }
            lines.add(line);
        }
        printLines(out, lines);
    }

    /** Prints a two-column NAME VALUE table of a map. */
    static void keyValues(final PrintWriter out, final Map<?, ?> map, final String keyHeader,
        final String valueHeader)
    {
        final List<String[]> lines = new ArrayList<>();
        lines.add(new String[]{ keyHeader, valueHeader });
        map.forEach((k, v) -> lines.add(new String[]{ String.valueOf(k), cell(v) }));
        printLines(out, lines);
    }

    private static void printLines(final PrintWriter out, final List<String[]> lines)
    {
        final int[] widths = new int[lines.get(0).length];
        for (final String[] l : lines)
        {
            for (int i = 0; i < l.length; i++)
            {
                widths[i] = Math.max(widths[i], l[i].length());
            }
        }
        for (final String[] l : lines)
        {
            final StringBuilder sb = new StringBuilder();
            for (int i = 0; i < l.length; i++)
            {
                sb.append(l[i]);
                if (i < l.length - 1)
                {
                    sb.append(" ".repeat(widths[i] - l[i].length() + 2));
                }
            }
            out.println(sb);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(final Object row)
    {
        return row instanceof Map<?, ?> m ? (Map<String, Object>)m : Map.of("value", String.valueOf(row));
    }

    static String cell(final Object v)
    {
        if (v == null)
        {
            return "-";
        }
        if (v instanceof List<?> list)
        {
            if (list.isEmpty())
            {
                return "-";
            }
            final StringBuilder sb = new StringBuilder();
            for (final Object o : list)
            {
                if (sb.length() > 0)
                {
                    sb.append(',');
                }
                sb.append(o);
            }
            return sb.toString();
        }
        return String.valueOf(v);
    }

    static String header(final String key)
    {
        final String special = switch (key)
        {
            case "mnId" -> "MN-ID";
            case "proxyCoa" -> "PROXY-COA";
            default -> null;
        };
        if (special != null)
        {
            return special;
        }
        return key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toUpperCase(java.util.Locale.ROOT);
    }
}
