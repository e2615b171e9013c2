package net.dmmgw.ipc;

import net.dmmgw.ipc.sbe.AckResult;
import net.dmmgw.ipc.sbe.AddressKind;
import net.dmmgw.ipc.sbe.FlowLabelPolicy;
import net.dmmgw.ipc.sbe.IngressFilter;
import net.dmmgw.ipc.sbe.RouteAction;
import net.dmmgw.ipc.sbe.RouteTable;
import net.dmmgw.ipc.sbe.TrafficClassPolicy;
import org.agrona.DirectBuffer;

/**
 * What the data plane does with each control message: the seam between {@link StateAgent} (which
 * decodes, validates the encoding and acknowledges) and the data plane's tables.
 * <p>
 * IPv6 addresses arrive as two big-endian 64-bit words ({@code hi} = octets 0–7), MAC addresses as
 * the low 48 bits of a long (first octet most significant). Each call either takes full effect
 * or none (no half-applied state) and returns {@link AckResult#OK} or the reason it did not; the
 * text for a non-OK result is {@link #lastError()}. Adds and removes are idempotent. Every entry
 * remembers the epoch it was last written in so that {@link #endSnapshot(long)} can remove what
 * a new control session did not send again.
 */
public interface StateApplier
{
    /** Add or replace a route. */
    AckResult addRoute(
        long epoch, RouteTable table, long networkHi, long networkLo, int prefixLength,
        RouteAction action, int port, int tunnelId, long nextHopHi, long nextHopLo);

    /** Remove a route; a route that is not there is answered {@link AckResult#NOT_FOUND} and nothing changes. */
    AckResult removeRoute(RouteTable table, long networkHi, long networkLo, int prefixLength);

    /**
     * Add or update a tunnel.
     *
     * @param ingressFilter the decapsulation check: {@link IngressFilter#STRICT} (the inner source must route back
     *                      into this tunnel) or {@link IngressFilter#OUTER_ONLY} (only the outer source is checked).
     */
    AckResult setTunnel(
        long epoch, int tunnelId, int egressPort, int mtu, int hopLimit,
        TrafficClassPolicy trafficClassPolicy, int trafficClass,
        FlowLabelPolicy flowLabelPolicy, int flowLabel,
        long localHi, long localLo, long remoteHi, long remoteLo, long nextHopMac, IngressFilter ingressFilter);

    /** Remove a tunnel; refused while routes still point at it. */
    AckResult removeTunnel(int tunnelId);

    /** Set the MAC of a neighbour on a port. */
    AckResult setNeighbour(long epoch, int port, long addressHi, long addressLo, long mac);

    /** Remove a neighbour. */
    AckResult removeNeighbour(int port, long addressHi, long addressLo);

    /** Add one of the node's own addresses or tunnel endpoints. */
    AckResult addOwnAddress(long epoch, AddressKind kind, long addressHi, long addressLo);

    /** Remove one of the node's own addresses or tunnel endpoints. */
    AckResult removeOwnAddress(AddressKind kind, long addressHi, long addressLo);

    /** Set a distributed logical interface (RFC 8885 §3.6). */
    AckResult setDlif(
        long epoch, int dlifId, int port, long prefixHi, long prefixLo, int prefixLength,
        long linkLocalHi, long linkLocalLo, long logicalMac);

    /** Remove a distributed logical interface. */
    AckResult removeDlif(int dlifId);

    /** A snapshot of {@code epoch} starts: what follows carries that epoch. */
    void beginSnapshot(long epoch);

    /**
     * The snapshot of {@code epoch} is complete: every entry last written in an older epoch goes.
     *
     * @return how many entries were removed.
     */
    long endSnapshot(long epoch);

    /**
     * Send a frame out of a port.
     *
     * @return {@link AckResult#OK}, or why it could not be sent.
     */
    AckResult inject(int port, DirectBuffer frame, int offset, int length);

    /** @return the reason of the last non-OK result, for the ack's text. */
    String lastError();
}
