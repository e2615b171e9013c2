package net.dmmgw.fastpath.system;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The control/data split in network namespaces, named with this JVM's pid so that runs never
 * collide: ns {@code cp} (control) and ns {@code dp} (data plane) joined by a veth pair carrying
 * the Aeron UDP seam ({@link #CONTROL_ADDRESS} – {@link #DATA_PLANE_ADDRESS}); inside ns {@code dp}
 * the data plane's ports {@code a0} (port 0) and {@code c0} (port 1), whose peers {@code a1} and
 * {@code c1} the tests send into and capture from. IPv6 is disabled on every veth so that the
 * kernel sends nothing of its own (no RS, DAD or MLD) into the data plane.
 */
public final class SplitLab implements AutoCloseable
{
    public static final String CONTROL_ADDRESS = "10.251.0.1";
    public static final String DATA_PLANE_ADDRESS = "10.251.0.2";

    public final String controlNs;
    public final String dataPlaneNs;

    private SplitLab(final String controlNs, final String dataPlaneNs)
    {
        this.controlNs = controlNs;
        this.dataPlaneNs = dataPlaneNs;
    }

    /** Builds the namespaces and links; removes what it made if a step fails. */
    public static SplitLab create(final String suffix)
    {
        final SplitLab lab = new SplitLab("dmmgw-cp-" + suffix, "dmmgw-dp-" + suffix);
        try
        {
            lab.build();
            return lab;
        }
        catch (final RuntimeException ex)
        {
            lab.close();
            throw ex;
        }
    }

    private void build()
    {
        Shell.run(10, "ip", "netns", "add", controlNs);
        Shell.run(10, "ip", "netns", "add", dataPlaneNs);
        Shell.run(10, "ip", "-n", controlNs, "link", "set", "lo", "up");
        Shell.run(10, "ip", "-n", dataPlaneNs, "link", "set", "lo", "up");
        // Created inside the namespaces, so no name is ever taken in the root namespace.
        Shell.run(10, "ip", "-n", controlNs, "link", "add", "x0", "type", "veth", "peer", "name", "x1", "netns", dataPlaneNs);
        Shell.run(10, "ip", "-n", dataPlaneNs, "link", "add", "a0", "type", "veth", "peer", "name", "a1");
        Shell.run(10, "ip", "-n", dataPlaneNs, "link", "add", "c0", "type", "veth", "peer", "name", "c1");
        quietIpv6(controlNs, "x0");
        for (final String link : new String[] {"x1", "a0", "a1", "c0", "c1"})
        {
            quietIpv6(dataPlaneNs, link);
        }
        Shell.run(10, "ip", "-n", controlNs, "addr", "add", CONTROL_ADDRESS + "/30", "dev", "x0");
        Shell.run(10, "ip", "-n", dataPlaneNs, "addr", "add", DATA_PLANE_ADDRESS + "/30", "dev", "x1");
        Shell.run(10, "ip", "-n", controlNs, "link", "set", "x0", "up");
        for (final String link : new String[] {"x1", "a0", "a1", "c0", "c1"})
        {
            Shell.run(10, "ip", "-n", dataPlaneNs, "link", "set", link, "up");
        }
    }

    private static void quietIpv6(final String ns, final String link)
    {
        Shell.run(10, "ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf." + link + ".disable_ipv6=1");
    }

    /**
     * Sends {@code count} frames to {@code destination} into {@code a1} and counts those leaving
     * {@code c1} (see {@code system/traffic.py}).
     */
    public Traffic send(final Path script, final String destination, final int port, final int count, final boolean mobility)
    {
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", dataPlaneNs, "/usr/bin/python3",
            script.toString(), "--send", "a1", "--recv", "c1", "--dst", destination, "--dport", Integer.toString(port),
            "--count", Integer.toString(count), "--wait", "1.0"));
        if (mobility)
        {
            command.add("--mh");
        }
        return Traffic.parse(Shell.run(30, command.toArray(String[]::new)));
    }

    /** Deletes both namespaces (and with them every veth). */
    public void close()
    {
        Shell.runQuietly(10, "ip", "netns", "del", controlNs);
        Shell.runQuietly(10, "ip", "netns", "del", dataPlaneNs);
    }

    /** What {@code traffic.py} reported: frames sent, frames matched on the capture side, the first one's fields. */
    public record Traffic(int sent, int received, String json)
    {
        private static final Pattern SENT = Pattern.compile("\"sent\": (\\d+)");
        private static final Pattern RECEIVED = Pattern.compile("\"received\": (\\d+)");

        static Traffic parse(final String json)
        {
            return new Traffic(number(SENT, json), number(RECEIVED, json), json.trim());
        }

        /** @return a string field of the first matched frame, or null. */
        public String field(final String name)
        {
            final Matcher m = Pattern.compile("\"" + name + "\": \"([^\"]*)\"").matcher(json);
            return m.find() ? m.group(1) : null;
        }

        /** @return a numeric field of the first matched frame, or -1. */
        public int intField(final String name)
        {
            final Matcher m = Pattern.compile("\"" + name + "\": (\\d+)").matcher(json);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }

        private static int number(final Pattern pattern, final String json)
        {
            final Matcher m = pattern.matcher(json);
            if (!m.find())
            {
                throw new IllegalStateException("not a traffic.py result: " + json);
            }
            return Integer.parseInt(m.group(1));
        }
    }
}
