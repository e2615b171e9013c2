package net.dmmgw.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mobile node's binding at one MAAR as {@code dmmctl show bindings --json} shows it (the lab has one node, so at
 * most one binding per MAAR).
 *
 * @param present the MAAR has a binding for the node.
 * @param state SERVING or PREVIOUS.
 * @param registered the CMD accepted it.
 * @param anchoredPrefix the /64 anchored at this MAAR.
 * @param servingMaar as P-MAAR: the S-MAAR it tunnels the prefix to.
 * @param previousMaars as S-MAAR: the P-MAARs it tunnels to.
 * @param attachSeenAtMs the last attachment seen there (epoch ms, 0 = never).
 * @param programmedAtMs the data plane's ack of its last change for the node (epoch ms, 0 = never).
 * @param programming a change still waits for data-plane acks (programmedAtMs is not final yet).
 */
record MaarState(boolean present, String state, boolean registered, String anchoredPrefix, String servingMaar,
    List<String> previousMaars, long attachSeenAtMs, long programmedAtMs, boolean programming)
{
    private static final Pattern PREVIOUS_ADDRESS = Pattern.compile("\"address\"\\s*:\\s*\"([0-9a-f:]+)\"");

    static MaarState parse(final String json)
    {
        if (!json.contains("\"mnId\""))
        {
            return new MaarState(false, "", false, "", "", List.of(), 0, 0, false);
        }
        final List<String> previous = new ArrayList<>();
        final int list = json.indexOf("\"previousMaars\"");
        if (list >= 0)
        {
            final Matcher m = PREVIOUS_ADDRESS.matcher(json.substring(list, json.indexOf(']', list) + 1));
            while (m.find())
            {
                previous.add(m.group(1));
            }
        }
        return new MaarState(true, text(json, "state"), "true".equals(text(json, "registered")),
            text(json, "anchoredPrefix"), text(json, "servingMaar"), previous, number(json, "attachSeenAtMs"),
            number(json, "programmedAtMs"), "true".equals(text(json, "programming")));
    }

    /** @return a field's value (string without quotes, number, true / false, "" for null or absent). */
    static String text(final String json, final String key)
    {
        final Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*(\"([^\"]*)\"|[-0-9.]+|true|false)")
            .matcher(json);
        if (!m.find())
        {
            return "";
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    static long number(final String json, final String key)
    {
        final String value = text(json, key);
        return value.isEmpty() ? 0 : Long.parseLong(value);
    }
}
