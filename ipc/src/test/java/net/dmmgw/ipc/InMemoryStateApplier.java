package net.dmmgw.ipc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import net.dmmgw.ipc.sbe.AckResult;
import net.dmmgw.ipc.sbe.AddressKind;
import net.dmmgw.ipc.sbe.FlowLabelPolicy;
import net.dmmgw.ipc.sbe.IngressFilter;
import net.dmmgw.ipc.sbe.RouteAction;
import net.dmmgw.ipc.sbe.RouteTable;
import net.dmmgw.ipc.sbe.TrafficClassPolicy;
import org.agrona.DirectBuffer;

/**
 * Tables as plain maps, to see exactly what the agent applied. Entries are keyed by their text
 * form and remember their epoch; the real data plane tables are tested in fastpath.
 */
final class InMemoryStateApplier implements StateApplier
{
    record Entry(String value, long epoch)
    {
    }

    final Map<String, Entry> entries = new ConcurrentHashMap<>();
    final Map<Integer, byte[]> injected = new ConcurrentHashMap<>();
    volatile long snapshotsBegun;
    private String lastError;

    public AckResult addRoute(
        final long epoch, final RouteTable table, final long networkHi, final long networkLo, final int prefixLength,
        final RouteAction action, final int port, final int tunnelId, final long nextHopHi, final long nextHopLo)
    {
        if (action == RouteAction.TUNNEL && !entries.containsKey("tunnel " + tunnelId))
        {
            lastError = "unknown tunnel " + tunnelId;
            return AckResult.UNKNOWN_TUNNEL;
        }
        entries.put(
            "route " + table + " " + Ipv6Words.text(networkHi, networkLo) + "/" + prefixLength,
            new Entry(action + " port=" + port + " tunnel=" + tunnelId + " via=" + Ipv6Words.text(nextHopHi, nextHopLo), epoch));
        return AckResult.OK;
    }

    public AckResult removeRoute(final RouteTable table, final long networkHi, final long networkLo, final int prefixLength)
    {
        final Entry removed = entries.remove("route " + table + " " + Ipv6Words.text(networkHi, networkLo) + "/" + prefixLength);
        return null == removed ? AckResult.NOT_FOUND : AckResult.OK;
    }

    public AckResult setTunnel(
        final long epoch, final int tunnelId, final int egressPort, final int mtu, final int hopLimit,
        final TrafficClassPolicy trafficClassPolicy, final int trafficClass, final FlowLabelPolicy flowLabelPolicy,
        final int flowLabel, final long localHi, final long localLo, final long remoteHi, final long remoteLo,
        final long nextHopMac, final IngressFilter ingressFilter)
    {
        entries.put("tunnel " + tunnelId, new Entry(
            Ipv6Words.text(localHi, localLo) + "->" + Ipv6Words.text(remoteHi, remoteLo) + " port=" + egressPort +
            " mtu=" + mtu + " hl=" + hopLimit + " tc=" + trafficClassPolicy + ":" + trafficClass + " fl=" +
            flowLabelPolicy + ":" + flowLabel + " mac=" + Long.toHexString(nextHopMac) + " filter=" + ingressFilter,
            epoch));
        return AckResult.OK;
    }

    public AckResult removeTunnel(final int tunnelId)
    {
        return null == entries.remove("tunnel " + tunnelId) ? AckResult.NOT_FOUND : AckResult.OK;
    }

    public AckResult setNeighbour(final long epoch, final int port, final long addressHi, final long addressLo, final long mac)
    {
        entries.put("neighbour " + port + " " + Ipv6Words.text(addressHi, addressLo), new Entry(Long.toHexString(mac), epoch));
        return AckResult.OK;
    }

    public AckResult removeNeighbour(final int port, final long addressHi, final long addressLo)
    {
        entries.remove("neighbour " + port + " " + Ipv6Words.text(addressHi, addressLo));
        return AckResult.OK;
    }

    public AckResult addOwnAddress(final long epoch, final AddressKind kind, final long addressHi, final long addressLo)
    {
        entries.put("own " + kind + " " + Ipv6Words.text(addressHi, addressLo), new Entry("", epoch));
        return AckResult.OK;
    }

    public AckResult removeOwnAddress(final AddressKind kind, final long addressHi, final long addressLo)
    {
        entries.remove("own " + kind + " " + Ipv6Words.text(addressHi, addressLo));
        return AckResult.OK;
    }

    public AckResult setDlif(
        final long epoch, final int dlifId, final int port, final long prefixHi, final long prefixLo,
        final int prefixLength, final long linkLocalHi, final long linkLocalLo, final long logicalMac)
    {
        entries.put("dlif " + dlifId, new Entry(
            "port=" + port + " " + Ipv6Words.text(prefixHi, prefixLo) + "/" + prefixLength + " ll=" +
            Ipv6Words.text(linkLocalHi, linkLocalLo) + " mac=" + Long.toHexString(logicalMac), epoch));
        return AckResult.OK;
    }

    public AckResult removeDlif(final int dlifId)
    {
        entries.remove("dlif " + dlifId);
        return AckResult.OK;
    }

    public void beginSnapshot(final long epoch)
    {
        snapshotsBegun++;
    }

    public long endSnapshot(final long epoch)
    {
        final int before = entries.size();
        entries.values().removeIf(e -> e.epoch() < epoch);
        return before - entries.size();
    }

    public AckResult inject(final int port, final DirectBuffer frame, final int offset, final int length)
    {
        if (port > 7)
        {
            lastError = "no port " + port;
            return AckResult.UNKNOWN_PORT;
        }
        final byte[] copy = new byte[length];
        frame.getBytes(offset, copy);
        injected.put(port, copy);
        return AckResult.OK;
    }

    public String lastError()
    {
        return lastError;
    }
}
