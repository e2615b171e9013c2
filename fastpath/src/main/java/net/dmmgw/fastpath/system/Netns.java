package net.dmmgw.fastpath.system;

/**
 * The {@code ip} commands the namespace labs are built with (system tests, the DMM lab): each with a bounded wait, a
 * failure throwing with the command and its output ({@link Shell#run}).
 */
public final class Netns
{
    private Netns()
    {
    }

    /** {@code ip -n NS ARGS}. */
    public static void ip(final String ns, final String... args)
    {
        final String[] command = new String[args.length + 3];
        command[0] = "ip";
        command[1] = "-n";
        command[2] = ns;
        System.arraycopy(args, 0, command, 3, args.length);
        Shell.run(10, command);
    }

    /** A veth pair created inside the namespaces, so that no name is ever taken in the root namespace. */
    public static void veth(final String ns, final String name, final String peerNs, final String peer)
    {
        ip(ns, "link", "add", name, "type", "veth", "peer", "name", peer, "netns", peerNs);
    }

    /** No kernel IPv6 on a link (a data-plane port, a bridge or its ports: nothing of the kernel's own on it). */
    public static void noIpv6(final String ns, final String link)
    {
        sysctl(ns, "net.ipv6.conf." + link + ".disable_ipv6=1");
    }

    /** {@code sysctl -w SETTING} inside the namespace. */
    public static void sysctl(final String ns, final String setting)
    {
        Shell.run(10, "ip", "netns", "exec", ns, "sysctl", "-q", "-w", setting);
    }
}
