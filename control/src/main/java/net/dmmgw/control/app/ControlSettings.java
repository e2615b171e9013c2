package net.dmmgw.control.app;

import java.util.Properties;

import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.ipc.IpcConfiguration;
import net.dmmgw.ipc.Ipv6Words;

/**
 * The launcher's own keys (the role reads the rest):
 * <pre>
 * node.role=lma                       which role (see {@link Roles})
 * node.id=1                           sender id of this control process in data-plane heartbeats
 * idle=backoff                        busy | backoff: the agent thread's idle strategy
 * dataplane.client=aeron              aeron | none (none: no data plane, programming kept in memory, a dry run)
 * dataplane.start-wait-ms=3000        at start, wait up to this long for the data plane before the first snapshot
 * signalling.transport=raw            raw | dataplane
 * signalling.raw.address=::           raw: address bound (received on, default source); :: = any
 * signalling.raw.interface=           raw: device bound (and scope of link-local addresses), optional
 * signalling.dataplane.port=0         dataplane: core port the MH frames are injected out of
 * signalling.dataplane.local-mac=     dataplane: source MAC of injected frames (that port's MAC)
 * signalling.dataplane.next-hop-mac=  dataplane: destination MAC; empty = learned from the peer's frames
 * signalling.dataplane.hop-limit=64   dataplane: IPv6 hop limit of injected frames
 * dmmgw.ipc.*                         the Aeron seam (ipc/README.md); embedded media driver unless
 *                                     dmmgw.ipc.embedded.driver=false
 * </pre>
 *
 * @param role node.role.
 * @param nodeId node.id.
 * @param busySpin idle=busy.
 * @param dataPlaneClient dataplane.client=aeron.
 * @param startWaitMs dataplane.start-wait-ms.
 * @param transport signalling.transport.
 * @param rawAddress signalling.raw.address (16 octets).
 * @param rawInterface signalling.raw.interface or null.
 * @param injectPort signalling.dataplane.port.
 * @param localMac signalling.dataplane.local-mac.
 * @param nextHopMac signalling.dataplane.next-hop-mac, or -1 to learn it.
 * @param hopLimit signalling.dataplane.hop-limit.
 * @param ipc the seam's configuration.
 */
public record ControlSettings(
    String role,
    long nodeId,
    boolean busySpin,
    boolean dataPlaneClient,
    long startWaitMs,
    String transport,
    byte[] rawAddress,
    String rawInterface,
    int injectPort,
    long localMac,
    long nextHopMac,
    int hopLimit,
    IpcConfiguration ipc)
{
    /** {@code signalling.transport} value for the raw socket. */
    public static final String RAW = "raw";
    /** {@code signalling.transport} value for punt / inject through the data plane. */
    public static final String DATAPLANE = "dataplane";

    /**
     * Reads the launcher's keys; the role's are left for its factory.
     *
     * @throws ConfigException naming the bad key.
     */
    public static ControlSettings from(final NodeConfig c)
    {
        final String role = c.string("node.role");
        if (Roles.factory(role) == null)
        {
            throw new ConfigException("node.role", "unknown role '" + role + "' (known: " + Roles.names() + ")");
        }
        final long nodeId = c.number("node.id", 1, 0, Long.MAX_VALUE);
        final boolean busy = switch (c.string("idle", "backoff"))
        {
            case "busy" -> true;
            case "backoff" -> false;
            default -> throw new ConfigException("idle", "must be busy or backoff, got '" + c.string("idle") + "'");
        };
        final boolean aeron = switch (c.string("dataplane.client", "aeron"))
        {
            case "aeron" -> true;
            case "none" -> false;
            default -> throw new ConfigException("dataplane.client",
                "must be aeron or none, got '" + c.string("dataplane.client") + "'");
        };
        final long startWait = c.number("dataplane.start-wait-ms", 3000, 0, 600_000);
        final String transport = c.string("signalling.transport", RAW);
        byte[] rawAddress = new byte[16];
        String rawInterface = null;
        int port = 0;
        long localMac = 0;
        long nextHopMac = -1;
        int hopLimit = 64;
        switch (transport)
        {
            case RAW ->
            {
                final String address = c.string("signalling.raw.address", "::");
                rawAddress = NodeConfig.parseIpv6("signalling.raw.address", address);
                rawInterface = c.string("signalling.raw.interface", null);
            }
            case DATAPLANE ->
            {
                if (!aeron)
                {
                    throw new ConfigException("signalling.transport", "dataplane needs dataplane.client=aeron");
                }
                port = (int)c.number("signalling.dataplane.port", 0, 0, 65535);
                localMac = mac(c, "signalling.dataplane.local-mac", c.string("signalling.dataplane.local-mac"));
                final String next = c.string("signalling.dataplane.next-hop-mac", "");
                nextHopMac = next.isEmpty() ? -1 : mac(c, "signalling.dataplane.next-hop-mac", next);
                hopLimit = (int)c.number("signalling.dataplane.hop-limit", 64, 1, 255);
            }
            default -> throw new ConfigException("signalling.transport",
                "must be raw or dataplane, got '" + transport + "'");
        }
        final IpcConfiguration ipc;
        try
        {
            final Properties seam = new Properties();
            for (final String key : c.properties().stringPropertyNames())
            {
                if (key.startsWith("dmmgw.ipc."))
                {
                    seam.setProperty(key, c.properties().getProperty(key));
                }
            }
            ipc = IpcConfiguration.fromProperties(seam);
        }
        catch (final IllegalArgumentException ex)
        {
            // IpcConfiguration's messages start with the key.
            final String message = ex.getMessage();
            final int space = message.indexOf(' ');
            throw space > 0 ? new ConfigException(message.substring(0, space), message.substring(space + 1)) :
                new ConfigException("dmmgw.ipc", message);
        }
        c.claim("dmmgw.ipc.");
        return new ControlSettings(role, nodeId, busy, aeron, startWait, transport, rawAddress, rawInterface, port,
            localMac, nextHopMac, hopLimit, ipc);
    }

    private static long mac(final NodeConfig c, final String key, final String text)
    {
        try
        {
            return Ipv6Words.mac(text);
        }
        catch (final RuntimeException ex)
        {
            throw new ConfigException(key, "not a MAC: '" + text + "'");
        }
    }
}
