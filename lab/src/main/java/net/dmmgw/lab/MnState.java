package net.dmmgw.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.dmmgw.ipc.Ipv6Words;

/**
 * The FAMA mobile-node agent's status file ({@code dmmctl mn run --status}): its current address, when it last
 * attached, and each home address with its DAR, state, care-of address and when its last BA bound it.
 *
 * @param current the address on the link (null before the first attachment).
 * @param attachedAtMs the last attachment (epoch ms, the RA that showed a new DAR).
 * @param addresses the home addresses, oldest first.
 * @param json the file as read.
 */
record MnState(String current, long attachedAtMs, List<Address> addresses, String json)
{
    private static final Pattern ADDRESS = Pattern.compile("\\{\"home\":[^{}]*\\}");

    /**
     * One home address.
     *
     * @param home the address.
     * @param dar its anchor.
     * @param state AT_HOME, PENDING, BOUND or REFUSED.
     * @param careOf the care-of address of its binding ("" at home).
     * @param boundAtMs when its last accepting BA arrived (0 = never).
     */
    record Address(String home, String dar, String state, String careOf, long boundAtMs)
    {
    }

    static MnState read(final Path file)
    {
        final String json;
        try
        {
            json = Files.readString(file);
        }
        catch (final IOException ex)
        {
            return new MnState(null, 0, List.of(), "");
        }
        final List<Address> list = new ArrayList<>();
        final Matcher m = ADDRESS.matcher(json);
        while (m.find())
        {
            final String a = m.group();
            list.add(new Address(MaarState.text(a, "home"), MaarState.text(a, "dar"), MaarState.text(a, "state"),
                MaarState.text(a, "careOf"), MaarState.number(a, "boundAtMs")));
        }
        final String current = MaarState.text(json, "current");
        return new MnState(current.isEmpty() ? null : current, MaarState.number(json, "attachedAtMs"),
            List.copyOf(list), json);
    }

    /** @return the home address anchored at that DAR, or null. */
    Address anchoredAt(final String dar)
    {
        for (final Address a : addresses)
        {
            if (same(a.dar(), dar))
            {
                return a;
            }
        }
        return null;
    }

    /** @return true when two textual IPv6 addresses are the same address. */
    static boolean same(final String a, final String b)
    {
        return a != null && b != null && !a.isEmpty() && !b.isEmpty() &&
            Arrays.equals(Ipv6Words.bytes(a), Ipv6Words.bytes(b));
    }
}
