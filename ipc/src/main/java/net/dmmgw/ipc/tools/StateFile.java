package net.dmmgw.ipc.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.dmmgw.ipc.Ipv6Words;
import net.dmmgw.ipc.sbe.AddressKind;
import net.dmmgw.ipc.sbe.RouteAction;
import net.dmmgw.ipc.sbe.RouteTable;

/**
 * The state file {@link SeamControl} sends as a snapshot: one entry per line, {@code #} starts a
 * comment, blank lines are ignored. Entries are sent in file order, so a tunnel, next hop's
 * neighbour or address should come before the routes that use it.
 * <pre>
 * tunnel &lt;id&gt; &lt;port&gt; &lt;mtu&gt; &lt;local&gt; &lt;remote&gt; &lt;next-hop-mac&gt;
 * route dst|src &lt;prefix&gt;/&lt;len&gt; forward &lt;port&gt; &lt;next-hop&gt;
 * route dst|src &lt;prefix&gt;/&lt;len&gt; tunnel &lt;id&gt;
 * route dst|src &lt;prefix&gt;/&lt;len&gt; deliver &lt;port&gt;
 * route dst|src &lt;prefix&gt;/&lt;len&gt; drop|punt
 * neighbour &lt;port&gt; &lt;ipv6&gt; &lt;mac&gt;
 * address own|endpoint &lt;ipv6&gt;
 * </pre>
 * Semantic checks (does the port or tunnel exist) are the data plane's: it refuses with a reason.
 */
public final class StateFile
{
    /** The format, for {@code --help}. */
    public static final String FORMAT = """
        state file: one entry per line, '#' comments, sent in file order:
          tunnel <id> <port> <mtu> <local> <remote> <next-hop-mac>
          route dst|src <prefix>/<len> forward <port> <next-hop>
          route dst|src <prefix>/<len> tunnel <id>
          route dst|src <prefix>/<len> deliver <port>
          route dst|src <prefix>/<len> drop|punt
          neighbour <port> <ipv6> <mac>
          address own|endpoint <ipv6>
        """;

    private StateFile()
    {
    }

    /**
     * @return the entries of a file, in order.
     * @throws IllegalArgumentException {@code file:line: what is wrong} for the first bad line.
     * @throws IOException              when the file cannot be read.
     */
    public static List<StateLine> load(final Path file) throws IOException
    {
        return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /**
     * @param name  names the source in errors.
     * @param lines the text, one entry per element.
     * @return the entries, in order.
     * @throws IllegalArgumentException {@code name:line: what is wrong} for the first bad line.
     */
    public static List<StateLine> parse(final String name, final List<String> lines)
    {
        final List<StateLine> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final String text = stripComment(lines.get(i)).trim();
            if (text.isEmpty())
            {
                continue;
            }
            try
            {
                entries.add(parseLine(i + 1, text.split("\\s+")));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(name + ":" + (i + 1) + ": " + ex.getMessage(), ex);
            }
        }
        return entries;
    }

    private static String stripComment(final String line)
    {
        final int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static StateLine parseLine(final int number, final String[] f)
    {
        return switch (f[0])
        {
            case "tunnel" ->
            {
                fieldCount(f, 7, "tunnel <id> <port> <mtu> <local> <remote> <next-hop-mac>");
                yield new StateLine.Tunnel(number, number(f[1], "tunnel id", 0xFFFF_FFFFL), number(f[2], "port", 0xFFFF),
                    number(f[3], "mtu", 0xFFFF), Ipv6Words.hi(f[4]), Ipv6Words.lo(f[4]),
                    Ipv6Words.hi(f[5]), Ipv6Words.lo(f[5]), Ipv6Words.mac(f[6]));
            }
            case "route" -> route(number, f);
            case "neighbour" ->
            {
                fieldCount(f, 4, "neighbour <port> <ipv6> <mac>");
                yield new StateLine.Neighbour(number, number(f[1], "port", 0xFFFF),
                    Ipv6Words.hi(f[2]), Ipv6Words.lo(f[2]), Ipv6Words.mac(f[3]));
            }
            case "address" ->
            {
                fieldCount(f, 3, "address own|endpoint <ipv6>");
                final AddressKind kind = switch (f[1])
                {
                    case "own" -> AddressKind.OWN;
                    case "endpoint" -> AddressKind.TUNNEL_ENDPOINT;
                    default -> throw new IllegalArgumentException("address kind must be own or endpoint, got '" + f[1] + "'");
                };
                yield new StateLine.Address(number, kind, Ipv6Words.hi(f[2]), Ipv6Words.lo(f[2]));
            }
            default -> throw new IllegalArgumentException(
                "unknown entry '" + f[0] + "' (expected tunnel, route, neighbour or address)");
        };
    }

    private static StateLine route(final int number, final String[] f)
    {
        if (f.length < 4)
        {
            throw new IllegalArgumentException("expected: route dst|src <prefix>/<len> <action> ...");
        }
        final RouteTable table = switch (f[1])
        {
            case "dst" -> RouteTable.DESTINATION;
            case "src" -> RouteTable.SOURCE;
            default -> throw new IllegalArgumentException("route table must be dst or src, got '" + f[1] + "'");
        };
        final int slash = f[2].indexOf('/');
        if (slash < 0)
        {
            throw new IllegalArgumentException("route prefix must be <prefix>/<len>, got '" + f[2] + "'");
        }
        final String network = f[2].substring(0, slash);
        final long hi = Ipv6Words.hi(network);
        final long lo = Ipv6Words.lo(network);
        final int length = number(f[2].substring(slash + 1), "prefix length", 128);
        return switch (f[3])
        {
            case "forward" ->
            {
                fieldCount(f, 6, "route dst|src <prefix>/<len> forward <port> <next-hop>");
                yield new StateLine.Route(number, table, hi, lo, length, RouteAction.FORWARD,
                    number(f[4], "port", 0xFFFF), 0, Ipv6Words.hi(f[5]), Ipv6Words.lo(f[5]));
            }
            case "tunnel" ->
            {
                fieldCount(f, 5, "route dst|src <prefix>/<len> tunnel <id>");
                yield new StateLine.Route(number, table, hi, lo, length, RouteAction.TUNNEL,
                    0, number(f[4], "tunnel id", 0xFFFF_FFFFL), 0, 0);
            }
            case "deliver" ->
            {
                fieldCount(f, 5, "route dst|src <prefix>/<len> deliver <port>");
                yield new StateLine.Route(number, table, hi, lo, length, RouteAction.DELIVER,
                    number(f[4], "port", 0xFFFF), 0, 0, 0);
            }
            case "drop", "punt" ->
            {
                fieldCount(f, 4, "route dst|src <prefix>/<len> " + f[3]);
                yield new StateLine.Route(number, table, hi, lo, length,
                    "drop".equals(f[3]) ? RouteAction.DROP : RouteAction.PUNT, 0, 0, 0, 0);
            }
            default -> throw new IllegalArgumentException(
                "route action must be forward, tunnel, deliver, drop or punt, got '" + f[3] + "'");
        };
    }

    private static void fieldCount(final String[] f, final int expected, final String usage)
    {
        if (f.length != expected)
        {
            throw new IllegalArgumentException("expected " + expected + " fields: " + usage + ", got " + f.length);
        }
    }

    private static int number(final String text, final String what, final long max)
    {
        try
        {
            final long value = Long.parseLong(text);
            if (value < 0 || value > max)
            {
                throw new IllegalArgumentException(what + " must be 0.." + max + ", got " + text);
            }
            return (int)value;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(what + " must be a number, got '" + text + "'", ex);
        }
    }
}
