package net.dmmgw.control.system;

import net.dmmgw.fastpath.system.ClassPathSnapshot;
import net.dmmgw.fastpath.system.Shell;

/**
 * Two hosts in network namespaces joined by one veth pair, each with one address on it (no DAD), and the class-path
 * copy their child JVMs run from. {@link #close()} deletes both namespaces (and with them the veth) and the copy.
 */
final class TwoHostLab implements AutoCloseable
{
    private final String namespaceA;
    private final String namespaceB;
    private ClassPathSnapshot classPath;

    private TwoHostLab(final String namespaceA, final String namespaceB)
    {
        this.namespaceA = namespaceA;
        this.namespaceB = namespaceB;
    }

    /**
     * Builds the lab; on failure removes what it created and rethrows.
     *
     * @param namespaceA first host's namespace.
     * @param interfaceA its end of the veth.
     * @param addressA its address (a /64 on the link).
     * @param namespaceB second host's namespace.
     * @param interfaceB its end of the veth.
     * @param addressB its address.
     * @param classPathPrefix temporary directory prefix of the class-path copy.
     */
    static TwoHostLab create(final String namespaceA, final String interfaceA, final String addressA,
        final String namespaceB, final String interfaceB, final String addressB, final String classPathPrefix)
    {
        final TwoHostLab lab = new TwoHostLab(namespaceA, namespaceB);
        try
        {
            Shell.run(10, "ip", "netns", "add", namespaceA);
            Shell.run(10, "ip", "netns", "add", namespaceB);
            Shell.run(10, "ip", "-n", namespaceA, "link", "set", "lo", "up");
            Shell.run(10, "ip", "-n", namespaceB, "link", "set", "lo", "up");
            Shell.run(10, "ip", "-n", namespaceA, "link", "add", interfaceA, "type", "veth", "peer", "name",
                interfaceB, "netns", namespaceB);
            Shell.run(10, "ip", "-n", namespaceA, "addr", "add", addressA + "/64", "dev", interfaceA, "nodad");
            Shell.run(10, "ip", "-n", namespaceB, "addr", "add", addressB + "/64", "dev", interfaceB, "nodad");
            Shell.run(10, "ip", "-n", namespaceA, "link", "set", interfaceA, "up");
            Shell.run(10, "ip", "-n", namespaceB, "link", "set", interfaceB, "up");
            lab.classPath = ClassPathSnapshot.take(classPathPrefix);
            return lab;
        }
        catch (final RuntimeException ex)
        {
            lab.close();
            throw ex;
        }
    }

    /** @return the class path child JVMs run from. */
    String classPath()
    {
        return classPath.classPath();
    }

    /** Deletes both namespaces and the class-path copy. */
    @Override
    public void close()
    {
        Shell.runQuietly(10, "ip", "netns", "del", namespaceA);
        Shell.runQuietly(10, "ip", "netns", "del", namespaceB);
        if (classPath != null)
        {
            classPath.close();
        }
    }
}
