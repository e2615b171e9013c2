package net.dmmgw.fastpath.system;

import java.util.ArrayList;
import java.util.List;

/**
 * The network namespaces a lab made: {@link #add} creates them (loopback up), {@link #close()} deletes every one
 * (veths and bridges inside go with them), also after a partial build; idempotent.
 */
public final class Namespaces implements AutoCloseable
{
    private final List<String> created = new ArrayList<>();

    /** Creates the namespaces, each with its loopback up. */
    public synchronized void add(final List<String> names)
    {
        for (final String ns : names)
        {
            Shell.run(10, "ip", "netns", "add", ns);
            created.add(ns);
            Netns.ip(ns, "link", "set", "lo", "up");
        }
    }

    /** Deletes every namespace made so far. */
    public synchronized void close()
    {
        for (final String ns : created)
        {
            Shell.runQuietly(10, "ip", "netns", "del", ns);
        }
        created.clear();
    }
}
