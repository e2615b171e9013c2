package net.dmmgw.control.admin;

import net.dmmgw.control.cli.AddressFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.dmmgw.control.mag.MagConfig;
import net.dmmgw.control.routing.MobilityRouting;

/** Helpers the role adapters share to build their views (ordered maps, times, MACs, tunnels). */
final class Views
{
    private Views()
    {
    }

    /** @return an ordered map from alternating keys and values. */
    static Map<String, Object> map(final Object... keyValues)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2)
        {
            m.put((String)keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** @return ISO-8601 UTC of a wall-clock ms, or null for 0. */
    static String time(final long ms)
    {
        return ms == 0 ? null : Instant.ofEpochMilli(ms).toString();
    }

    /** @return aa:bb:cc:dd:ee:ff. */
    static String mac(final long mac)
    {
        final StringBuilder sb = new StringBuilder(17);
        for (int i = 5; i >= 0; i--)
        {
            sb.append(String.format("%02x", (mac >>> (8 * i)) & 0xFF));
            if (i > 0)
            {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    /** @return a MAC parsed from aa:bb:cc:dd:ee:ff, or -1 when the text is not one. */
    static long parseMac(final String text)
    {
        if (!text.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}"))
        {
            return -1;
        }
        return Long.parseLong(text.replace(":", ""), 16);
    }

    /**
     * @param text an IPv6 address, optionally with "/length", in any valid form.
     * @return its RFC 5952 text (lower case, longest run of two or more zero groups as "::", first one on a tie).
     */
    static String ip(final String text)
    {
        final int slash = text.indexOf('/');
        final String address = slash < 0 ? text : text.substring(0, slash);
        final long hi = net.dmmgw.ipc.Ipv6Words.hi(address);
        final long lo = net.dmmgw.ipc.Ipv6Words.lo(address);
        final String formatted = AddressFormat.ipv6(hi, lo);
        return slash < 0 ? formatted : formatted + text.substring(slash);
    }

    /** @return each address or prefix in RFC 5952 form. */
    static List<String> ips(final List<String> texts)
    {
        final List<String> list = new ArrayList<>(texts.size());
        for (final String t : texts)
        {
            list.add(ip(t));
        }
        return list;
    }

    /** @return RFC 5952 text of two words. */
    static String ip(final long hi, final long lo)
    {
        return ip(net.dmmgw.ipc.Ipv6Words.text(hi, lo));
    }

    /** @return the routing's tunnels as maps. */
    static List<Map<String, Object>> tunnels(final MobilityRouting routing)
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final MobilityRouting.TunnelView t : routing.tunnels())
        {
            list.add(map("id", t.id(), "local", ip(t.local()), "remote", ip(t.remote()), "references",
                t.references()));
        }
        return list;
    }

    /** @return RFC 5952 text of a 16-octet address. */
    static String ip(final byte[] address)
    {
        return ip(net.dmmgw.ipc.Ipv6Words.word(address, 0), net.dmmgw.ipc.Ipv6Words.word(address, 8));
    }

    /**
     * @param profiles a MAG's or MAAR's policy profile.
     * @param mn a node's profile name, MN-ID or MAC.
     * @param owner "MAG", "MAAR" (for the error).
     * @return the node's profile.
     * @throws AdminException NOT_FOUND when none matches.
     */
    static MagConfig.MobileNodeProfile profile(final List<MagConfig.MobileNodeProfile> profiles, final String mn,
        final String owner)
    {
        final long mac = parseMac(mn);
        for (final MagConfig.MobileNodeProfile p : profiles)
        {
            if (p.name().equals(mn) || nai(p).equals(mn) || p.mac() == mac)
            {
                return p;
            }
        }
        throw new AdminException(AdminException.NOT_FOUND, "no mobile node " + mn + " in this " + owner + "'s profile");
    }

    /** @return the profile's MN-ID as text. */
    static String nai(final MagConfig.MobileNodeProfile p)
    {
        return new String(p.nai(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
