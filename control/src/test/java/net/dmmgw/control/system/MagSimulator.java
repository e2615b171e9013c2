package net.dmmgw.control.system;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.dmmgw.fastpath.system.Shell;

/** Runs {@code system/mag_sim.py} (scapy-built PBUs, PBAs read back) in a namespace and reads its JSON line. */
final class MagSimulator
{
    private static final Pattern SENT = Pattern.compile("\"sent\": (\\d+)");
    private static final Pattern ANSWERED = Pattern.compile("\"answered\": (\\d+)");

    private MagSimulator()
    {
    }

    static Path script()
    {
        try
        {
            return Path.of(MagSimulator.class.getResource("/system/mag_sim.py").toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** @return the JSON result; {@code args} are mag_sim.py's options. */
    static Result run(final String namespace, final long timeoutSeconds, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace, "/usr/bin/python3",
            script().toString()));
        command.addAll(List.of(args));
        return new Result(Shell.run(timeoutSeconds, command.toArray(String[]::new)).trim());
    }

    /** mag_sim.py's report. */
    record Result(String json)
    {
        int sent()
        {
            return number(SENT);
        }

        int answered()
        {
            return number(ANSWERED);
        }

        /** @return PBAs with this status. */
        int status(final int status)
        {
            final Matcher m = Pattern.compile("\"" + status + "\": (\\d+)").matcher(json.substring(json.indexOf("statuses")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }

        /** @return a field of the first PBA (string or number as text), or null. */
        String first(final String name)
        {
            final Matcher m = Pattern.compile("\"" + name + "\": \"?([^\",}]*)").matcher(json.substring(json.indexOf("first")));
            return m.find() ? m.group(1) : null;
        }

        private int number(final Pattern p)
        {
            final Matcher m = p.matcher(json);
            if (!m.find())
            {
                throw new IllegalStateException("not a mag_sim.py result: " + json);
            }
            return Integer.parseInt(m.group(1));
        }
    }
}
