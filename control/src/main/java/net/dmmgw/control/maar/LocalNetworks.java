package net.dmmgw.control.maar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.dmmgw.control.mag.RoutePrefixes;
import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.ipc.Ipv6Words;

/**
 * The local networks of the domain's MAARs (draft-ietf-dmm-pmipv6-dlif §3.6, the Local Prefix of §4.4): networks
 * reachable only through one MAAR, which the serving MAAR advertises to a node as RFC 4191 routes through that
 * MAAR's DLIF. Domain configuration, read on every MAAR:
 * <pre>
 * maar.local-prefixes=2001:db8:f1::/48              (this MAAR's own local networks)
 * maar.peer-local-prefixes=2001:db8:f2::/48@2001:db8:2::1,...   (those of other MAARs: prefix@MAAR, MAAR in maar.peers)
 * </pre>
 * At most {@link RoutePrefixes#CAPACITY} per MAAR; length 1..128, no bits beyond the length, not link-local nor
 * multicast, each prefix once in the domain.
 */
public final class LocalNetworks
{
    private final long[] anchorHi;
    private final long[] anchorLo;
    private final RoutePrefixes[] routes;
    private int size;

    private LocalNetworks(final int capacity)
    {
        anchorHi = new long[capacity];
        anchorLo = new long[capacity];
        routes = new RoutePrefixes[capacity];
    }

    /** @return none at all (DLIF RAs without Route Information options). */
    public static LocalNetworks none()
    {
        return new LocalNetworks(0);
    }

    /**
     * Reads {@code maar.local-prefixes} and {@code maar.peer-local-prefixes}.
     *
     * @param c the configuration.
     * @param self this MAAR's address.
     * @param peers {@code maar.peers}.
     */
    static LocalNetworks from(final NodeConfig c, final byte[] self, final List<byte[]> peers)
    {
        final LocalNetworks n = new LocalNetworks(peers.size() + 1);
        final List<String> seen = new ArrayList<>();
        for (final String text : c.list("maar.local-prefixes"))
        {
            n.add("maar.local-prefixes", text, self, seen);
        }
        for (final String entry : c.list("maar.peer-local-prefixes"))
        {
            final int at = entry.indexOf('@');
            if (at < 0)
            {
                throw new ConfigException("maar.peer-local-prefixes", "not prefix/length@MAAR: '" + entry + "'");
            }
            final byte[] anchor = NodeConfig.parseIpv6("maar.peer-local-prefixes", entry.substring(at + 1).trim());
            if (peers.stream().noneMatch(p -> Arrays.equals(p, anchor)))
            {
                throw new ConfigException("maar.peer-local-prefixes", "not one of maar.peers: '" + entry + "'");
            }
            n.add("maar.peer-local-prefixes", entry.substring(0, at).trim(), anchor, seen);
        }
        return n;
    }

    private void add(final String key, final String text, final byte[] anchor, final List<String> seen)
    {
        final int slash = text.indexOf('/');
        if (slash < 0)
        {
            throw new ConfigException(key, "not prefix/length: '" + text + "'");
        }
        final byte[] prefix = NodeConfig.parseIpv6(key, text.substring(0, slash));
        final int length;
        try
        {
            length = Integer.parseInt(text.substring(slash + 1).trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigException(key, "bad prefix length: '" + text + "'");
        }
        if ((prefix[0] & 0xFF) == 0xFF || ((prefix[0] & 0xFF) == 0xFE && (prefix[1] & 0xC0) == 0x80))
        {
            throw new ConfigException(key, "a link-local or multicast prefix: '" + text + "'");
        }
        final long hi = Ipv6Words.word(prefix, 0);
        final long lo = Ipv6Words.word(prefix, 8);
        final String canonical = Ipv6Words.text(hi, lo) + "/" + length;
        if (seen.contains(canonical))
        {
            throw new ConfigException(key, "listed twice: '" + text + "'");
        }
        final RoutePrefixes r = routesFor(Ipv6Words.word(anchor, 0), Ipv6Words.word(anchor, 8));
        if (r.size() == RoutePrefixes.CAPACITY)
        {
            throw new ConfigException(key, "more than " + RoutePrefixes.CAPACITY + " local prefixes for one MAAR");
        }
        if (!r.add(hi, lo, length))
        {
            throw new ConfigException(key, "length not 1..128 or bits set beyond it: '" + text + "'");
        }
        seen.add(canonical);
    }

    private RoutePrefixes routesFor(final long hi, final long lo)
    {
        final RoutePrefixes known = of(hi, lo);
        if (known != null)
        {
            return known;
        }
        anchorHi[size] = hi;
        anchorLo[size] = lo;
        routes[size] = new RoutePrefixes();
        return routes[size++];
    }

    /** @return the local networks of the MAAR with this address, null when it offers none (no allocation). */
    public RoutePrefixes of(final long hi, final long lo)
    {
        for (int i = 0; i < size; i++)
        {
            if (anchorHi[i] == hi && anchorLo[i] == lo)
            {
                return routes[i];
            }
        }
        return null;
    }

    /** @return "prefix/length@MAAR" per local network (admin views, tests). */
    public List<String> describe()
    {
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < size; i++)
        {
            for (int r = 0; r < routes[i].size(); r++)
            {
                out.add(Ipv6Words.text(routes[i].prefixHi(r), routes[i].prefixLo(r)) + "/"
                    + routes[i].prefixLength(r) + "@" + Ipv6Words.text(anchorHi[i], anchorLo[i]));
            }
        }
        return out;
    }
}
