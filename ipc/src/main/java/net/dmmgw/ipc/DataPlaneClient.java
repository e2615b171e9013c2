package net.dmmgw.ipc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import net.dmmgw.ipc.sbe.AckBatchDecoder;
import net.dmmgw.ipc.sbe.AckDecoder;
import net.dmmgw.ipc.sbe.AckResult;
import net.dmmgw.ipc.sbe.AddressKind;
import net.dmmgw.ipc.sbe.DlifRemoveEncoder;
import net.dmmgw.ipc.sbe.DlifSetEncoder;
import net.dmmgw.ipc.sbe.FlowLabelPolicy;
import net.dmmgw.ipc.sbe.HeartbeatDecoder;
import net.dmmgw.ipc.sbe.HeartbeatEncoder;
import net.dmmgw.ipc.sbe.IngressFilter;
import net.dmmgw.ipc.sbe.InjectEncoder;
import net.dmmgw.ipc.sbe.MessageHeaderDecoder;
import net.dmmgw.ipc.sbe.MessageHeaderEncoder;
import net.dmmgw.ipc.sbe.NeighbourRemoveEncoder;
import net.dmmgw.ipc.sbe.NeighbourSetEncoder;
import net.dmmgw.ipc.sbe.NodeRole;
import net.dmmgw.ipc.sbe.OwnAddressAddEncoder;
import net.dmmgw.ipc.sbe.OwnAddressRemoveEncoder;
import net.dmmgw.ipc.sbe.PuntDecoder;
import net.dmmgw.ipc.sbe.PuntReason;
import net.dmmgw.ipc.sbe.ResyncRequestDecoder;
import net.dmmgw.ipc.sbe.RouteAction;
import net.dmmgw.ipc.sbe.RouteAddEncoder;
import net.dmmgw.ipc.sbe.RouteBatchEncoder;
import net.dmmgw.ipc.sbe.RouteOperation;
import net.dmmgw.ipc.sbe.RouteRemoveEncoder;
import net.dmmgw.ipc.sbe.RouteTable;
import net.dmmgw.ipc.sbe.SnapshotBeginEncoder;
import net.dmmgw.ipc.sbe.SnapshotEndEncoder;
import net.dmmgw.ipc.sbe.TrafficClassPolicy;
import net.dmmgw.ipc.sbe.TunnelRemoveEncoder;
import net.dmmgw.ipc.sbe.TunnelSetEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The control side's handle on one data plane: program its tables, wait for acknowledgements,
 * receive punts, resync requests and heartbeats. Single-threaded: call it from the control
 * agent's thread only.
 * <p>
 * Every programming call returns the correlation id its {@code Ack} will carry, or
 * {@link #NOT_SENT} when the data plane is not connected or stayed back-pressured. Addresses are
 * two big-endian 64-bit words ({@link Ipv6Words}); MACs the low 48 bits of a long.
 * <p>
 * Coalescing ({@link #coalesceRoutes(int)}, off unless asked for): consecutive {@link #addRoute} and
 * {@link #removeRoute} calls are packed into one {@code RouteBatch} message, sent when it holds the
 * configured number of entries, at {@link #flush()}, at every {@link #poll()} (so
 * {@link #awaitAck} sends it too), and before any other message, so the data plane sees everything
 * in call order. Each entry keeps its own correlation id and is acknowledged on its own: OK acks
 * arrive as ranges ({@code AckBatch}) and are handed out one correlation id at a time, exactly
 * like single {@code Ack}s.
 */
public final class DataPlaneClient implements AutoCloseable
{
    /** Returned by a programming call that could not be published. */
    public static final long NOT_SENT = -1;
    /** The most route operations one {@code RouteBatch} may carry (about 51 KiB). */
    public static final int MAX_BATCH_ENTRIES = 1024;
    private static final int FRAGMENT_LIMIT = 64;
    private static final int BATCH_COUNT_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + RouteBatchEncoder.BLOCK_LENGTH + 2;

    private final long controlId;
    private final Publication publication;
    private final Subscription subscription;
    private final EpochNanoClock clock;
    private final long heartbeatIntervalNs;
    private final long heartbeatTimeoutNs;
    private final DataPlaneListener listener;
    private final FragmentHandler fragmentHandler = new FragmentAssembler(this::onFragment);

    private final MutableDirectBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final RouteAddEncoder routeAdd = new RouteAddEncoder();
    private final RouteRemoveEncoder routeRemove = new RouteRemoveEncoder();
    private final TunnelSetEncoder tunnelSet = new TunnelSetEncoder();
    private final TunnelRemoveEncoder tunnelRemove = new TunnelRemoveEncoder();
    private final NeighbourSetEncoder neighbourSet = new NeighbourSetEncoder();
    private final NeighbourRemoveEncoder neighbourRemove = new NeighbourRemoveEncoder();
    private final OwnAddressAddEncoder ownAdd = new OwnAddressAddEncoder();
    private final OwnAddressRemoveEncoder ownRemove = new OwnAddressRemoveEncoder();
    private final DlifSetEncoder dlifSet = new DlifSetEncoder();
    private final DlifRemoveEncoder dlifRemove = new DlifRemoveEncoder();
    private final SnapshotBeginEncoder snapshotBegin = new SnapshotBeginEncoder();
    private final SnapshotEndEncoder snapshotEnd = new SnapshotEndEncoder();
    private final InjectEncoder inject = new InjectEncoder();
    private final HeartbeatEncoder heartbeatEncoder = new HeartbeatEncoder();
    private final MutableDirectBuffer batchBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(
        MessageHeaderEncoder.ENCODED_LENGTH + RouteBatchEncoder.BLOCK_LENGTH + RouteBatchEncoder.EntriesEncoder.HEADER_SIZE +
        MAX_BATCH_ENTRIES * RouteBatchEncoder.EntriesEncoder.sbeBlockLength()));
    private final MessageHeaderEncoder batchHeader = new MessageHeaderEncoder();
    private final RouteBatchEncoder routeBatch = new RouteBatchEncoder();
    private RouteBatchEncoder.EntriesEncoder batchEntries;
    private int batchSize;
    private int batchLimit;
    private long batchEpoch;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final AckDecoder ackDecoder = new AckDecoder();
    private final AckBatchDecoder ackBatchDecoder = new AckBatchDecoder();
    private final PuntDecoder puntDecoder = new PuntDecoder();
    private final ResyncRequestDecoder resyncDecoder = new ResyncRequestDecoder();
    private final HeartbeatDecoder heartbeatDecoder = new HeartbeatDecoder();

    private long epoch;
    private long nextCorrelationId = 1;
    private long nextHeartbeatNs;
    private long heartbeatSequence;
    private long lastDataPlaneHeartbeatNs = Long.MIN_VALUE;
    private long awaitedCorrelationId = NOT_SENT;
    private AckResult awaitedResult;
    private String lastAckReason = "";
    private long acksReceived;
    private long puntsReceived;
    private long updatesNotSent;

    /**
     * @param controlId     identifies this control process in heartbeats.
     * @param epoch         the control session's epoch: larger after every control restart.
     * @param aeron         a connected client.
     * @param configuration channels, streams and heartbeat timing.
     * @param listener      receives what {@link #awaitAck} does not consume.
     * @param clock         time source.
     */
    public DataPlaneClient(
        final long controlId,
        final long epoch,
        final Aeron aeron,
        final IpcConfiguration configuration,
        final DataPlaneListener listener,
        final EpochNanoClock clock)
    {
        this.controlId = controlId;
        this.epoch = epoch;
        this.listener = listener;
        this.clock = clock;
        this.heartbeatIntervalNs = configuration.heartbeatIntervalNs();
        this.heartbeatTimeoutNs = configuration.heartbeatTimeoutNs();
        this.publication = aeron.addExclusivePublication(configuration.toDataPlaneChannel(), configuration.toDataPlaneStream());
        this.subscription = aeron.addSubscription(configuration.toControlChannel(), configuration.toControlStream());
    }

    /** @return true once a data plane subscribes to what this client publishes. */
    public boolean isConnected()
    {
        return publication.isConnected();
    }

    /** @return true while data plane heartbeats arrive within the timeout. */
    public boolean isDataPlaneAlive()
    {
        return lastDataPlaneHeartbeatNs != Long.MIN_VALUE && clock.nanoTime() - lastDataPlaneHeartbeatNs < heartbeatTimeoutNs;
    }

    /** @return the epoch stamped on what this client programs. */
    public long epoch()
    {
        return epoch;
    }

    /** @param newEpoch the epoch of a new control session (after a restart); a pending batch goes first. */
    public void epoch(final long newEpoch)
    {
        flush();
        epoch = newEpoch;
    }

    /**
     * Packs consecutive route adds and removes into batches of up to {@code maxEntries}; 1 sends
     * every one as its own message (the default). A batch pending now is sent first.
     *
     * @param maxEntries 1 to {@link #MAX_BATCH_ENTRIES}.
     * @return this client.
     */
    public DataPlaneClient coalesceRoutes(final int maxEntries)
    {
        if (maxEntries < 1 || maxEntries > MAX_BATCH_ENTRIES)
        {
            throw new IllegalArgumentException("batch entries must be 1.." + MAX_BATCH_ENTRIES + ": " + maxEntries);
        }
        flush();
        batchLimit = maxEntries > 1 ? maxEntries : 0;
        return this;
    }

    /**
     * Sends the route operations gathered by coalescing, if any.
     *
     * @return true when nothing is left pending; false when the publication stayed back-pressured
     * (the batch stays, to be sent later) or nobody is connected (the batch is dropped and counted
     * in {@link #updatesNotSent()}).
     */
    public boolean flush()
    {
        if (batchSize == 0)
        {
            return true;
        }
        batchBuffer.putShort(BATCH_COUNT_OFFSET, (short)batchSize, ByteOrder.LITTLE_ENDIAN);
        if (Publisher.offer(publication, batchBuffer, MessageHeaderEncoder.ENCODED_LENGTH + routeBatch.encodedLength()))
        {
            batchSize = 0;
            return true;
        }
        if (!publication.isConnected())
        {
            updatesNotSent += batchSize;
            batchSize = 0;
        }
        return false;
    }

    /** @return route operations gathered into a batch that is not sent yet. */
    public int pendingRoutes()
    {
        return batchSize;
    }

    /** @return route operations that were accepted into a batch but dropped unsent (no data plane connected). */
    public long updatesNotSent()
    {
        return updatesNotSent;
    }

    /**
     * Reads what the data plane sent and sends a heartbeat when one is due.
     *
     * @return the amount of work done, 0 when idle.
     */
    public int poll()
    {
        final long now = clock.nanoTime();
        // The duty cycle sends what coalescing gathered.
        int work = batchSize;
        flush();
        work += subscription.poll(fragmentHandler, FRAGMENT_LIMIT);
        if (now - nextHeartbeatNs >= 0)
        {
            nextHeartbeatNs = now + heartbeatIntervalNs;
            heartbeatEncoder.wrapAndApplyHeader(buffer, 0, header)
                .senderId(controlId).role(NodeRole.CONTROL).epoch(epoch).sequence(heartbeatSequence++).timestampNs(now);
            send(heartbeatEncoder.encodedLength());
            work++;
        }
        return work;
    }

    /**
     * Polls until the ack for {@code correlationId} arrives or the timeout passes. Other traffic
     * is handed to the listener meanwhile.
     *
     * @return the result, or null on timeout; the text of a non-OK result is {@link #lastAckReason()}.
     */
    public AckResult awaitAck(final long correlationId, final long timeoutNs)
    {
        if (correlationId == NOT_SENT)
        {
            return null;
        }
        awaitedCorrelationId = correlationId;
        awaitedResult = null;
        final long deadline = clock.nanoTime() + timeoutNs;
        try
        {
            while (null == awaitedResult && clock.nanoTime() - deadline < 0)
            {
                if (poll() == 0)
                {
                    Thread.onSpinWait();
                }
            }
            return awaitedResult;
        }
        finally
        {
            awaitedCorrelationId = NOT_SENT;
        }
    }

    /** @return the reason text of the last ack that {@link #awaitAck} returned. */
    public String lastAckReason()
    {
        return lastAckReason;
    }

    /** @return acks received so far. */
    public long acksReceived()
    {
        return acksReceived;
    }

    /** @return punts received so far. */
    public long puntsReceived()
    {
        return puntsReceived;
    }

    /** Add or replace a route. */
    public long addRoute(
        final RouteTable table, final long networkHi, final long networkLo, final int prefixLength,
        final RouteAction action, final int port, final int tunnelId, final long nextHopHi, final long nextHopLo)
    {
        if (batchLimit > 0)
        {
            return batchRoute(RouteOperation.ADD, table, networkHi, networkLo, prefixLength, action, port, tunnelId,
                nextHopHi, nextHopLo);
        }
        final long id = nextCorrelationId++;
        routeAdd.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(id).epoch(epoch).table(table).action(action)
            .prefixLength((short)prefixLength).port(port).tunnelId(tunnelId & 0xFFFF_FFFFL);
        putAddress(RouteAddEncoder.networkEncodingOffset(), networkHi, networkLo);
        putAddress(RouteAddEncoder.nextHopEncodingOffset(), nextHopHi, nextHopLo);
        return send(routeAdd.encodedLength()) ? id : NOT_SENT;
    }

    /** Remove a route. */
    public long removeRoute(final RouteTable table, final long networkHi, final long networkLo, final int prefixLength)
    {
        if (batchLimit > 0)
        {
            return batchRoute(RouteOperation.REMOVE, table, networkHi, networkLo, prefixLength, RouteAction.DROP, 0, 0,
                0, 0);
        }
        final long id = nextCorrelationId++;
        routeRemove.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(id).table(table).prefixLength((short)prefixLength);
        putAddress(RouteRemoveEncoder.networkEncodingOffset(), networkHi, networkLo);
        return send(routeRemove.encodedLength()) ? id : NOT_SENT;
    }

    /** Add or update a tunnel with the {@link IngressFilter#STRICT} decapsulation check. */
    public long setTunnel(
        final int tunnelId, final int egressPort, final int mtu, final int hopLimit,
        final TrafficClassPolicy trafficClassPolicy, final int trafficClass,
        final FlowLabelPolicy flowLabelPolicy, final int flowLabel,
        final long localHi, final long localLo, final long remoteHi, final long remoteLo, final long nextHopMac)
    {
        return setTunnel(tunnelId, egressPort, mtu, hopLimit, trafficClassPolicy, trafficClass, flowLabelPolicy,
            flowLabel, localHi, localLo, remoteHi, remoteLo, nextHopMac, IngressFilter.STRICT);
    }

    /**
     * Add or update a tunnel.
     *
     * @param ingressFilter {@link IngressFilter#STRICT} at an anchor (an uplink's inner source must be a prefix
     *                      bound to that peer, RFC 5213 §4.7); {@link IngressFilter#OUTER_ONLY} at a MAG, whose
     *                      downlink from the LMA carries any correspondent's source.
     */
    public long setTunnel(
        final int tunnelId, final int egressPort, final int mtu, final int hopLimit,
        final TrafficClassPolicy trafficClassPolicy, final int trafficClass,
        final FlowLabelPolicy flowLabelPolicy, final int flowLabel,
        final long localHi, final long localLo, final long remoteHi, final long remoteLo, final long nextHopMac,
        final IngressFilter ingressFilter)
    {
        final long id = nextCorrelationId++;
        tunnelSet.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(id).epoch(epoch).tunnelId(tunnelId & 0xFFFF_FFFFL).egressPort(egressPort).mtu(mtu)
            .hopLimit((short)hopLimit).trafficClassPolicy(trafficClassPolicy).trafficClass((short)trafficClass)
            .flowLabelPolicy(flowLabelPolicy).flowLabel(flowLabel & 0xFFFF_FFFFL).ingressFilter(ingressFilter);
        putAddress(TunnelSetEncoder.localAddressEncodingOffset(), localHi, localLo);
        putAddress(TunnelSetEncoder.remoteAddressEncodingOffset(), remoteHi, remoteLo);
        putMac(TunnelSetEncoder.nextHopMacEncodingOffset(), nextHopMac);
        return send(tunnelSet.encodedLength()) ? id : NOT_SENT;
    }

    /** Remove a tunnel. */
    public long removeTunnel(final int tunnelId)
    {
        final long id = nextCorrelationId++;
        tunnelRemove.wrapAndApplyHeader(buffer, 0, header).correlationId(id).tunnelId(tunnelId & 0xFFFF_FFFFL);
        return send(tunnelRemove.encodedLength()) ? id : NOT_SENT;
    }

    /** Set a neighbour's MAC. */
    public long setNeighbour(final int port, final long addressHi, final long addressLo, final long mac)
    {
        final long id = nextCorrelationId++;
        neighbourSet.wrapAndApplyHeader(buffer, 0, header).correlationId(id).epoch(epoch).port(port);
        putAddress(NeighbourSetEncoder.addressEncodingOffset(), addressHi, addressLo);
        putMac(NeighbourSetEncoder.macEncodingOffset(), mac);
        return send(neighbourSet.encodedLength()) ? id : NOT_SENT;
    }

    /** Remove a neighbour. */
    public long removeNeighbour(final int port, final long addressHi, final long addressLo)
    {
        final long id = nextCorrelationId++;
        neighbourRemove.wrapAndApplyHeader(buffer, 0, header).correlationId(id).port(port);
        putAddress(NeighbourRemoveEncoder.addressEncodingOffset(), addressHi, addressLo);
        return send(neighbourRemove.encodedLength()) ? id : NOT_SENT;
    }

    /** Add an own address or tunnel endpoint. */
    public long addOwnAddress(final AddressKind kind, final long addressHi, final long addressLo)
    {
        final long id = nextCorrelationId++;
        ownAdd.wrapAndApplyHeader(buffer, 0, header).correlationId(id).epoch(epoch).kind(kind);
        putAddress(OwnAddressAddEncoder.addressEncodingOffset(), addressHi, addressLo);
        return send(ownAdd.encodedLength()) ? id : NOT_SENT;
    }

    /** Remove an own address or tunnel endpoint. */
    public long removeOwnAddress(final AddressKind kind, final long addressHi, final long addressLo)
    {
        final long id = nextCorrelationId++;
        ownRemove.wrapAndApplyHeader(buffer, 0, header).correlationId(id).kind(kind);
        putAddress(OwnAddressRemoveEncoder.addressEncodingOffset(), addressHi, addressLo);
        return send(ownRemove.encodedLength()) ? id : NOT_SENT;
    }

    /** Set a distributed logical interface. */
    public long setDlif(
        final int dlifId, final int port, final long prefixHi, final long prefixLo, final int prefixLength,
        final long linkLocalHi, final long linkLocalLo, final long logicalMac)
    {
        final long id = nextCorrelationId++;
        dlifSet.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(id).epoch(epoch).dlifId(dlifId & 0xFFFF_FFFFL).port(port).prefixLength((short)prefixLength);
        putAddress(DlifSetEncoder.anchoredPrefixEncodingOffset(), prefixHi, prefixLo);
        putAddress(DlifSetEncoder.linkLocalEncodingOffset(), linkLocalHi, linkLocalLo);
        putMac(DlifSetEncoder.logicalMacEncodingOffset(), logicalMac);
        return send(dlifSet.encodedLength()) ? id : NOT_SENT;
    }

    /** Remove a distributed logical interface. */
    public long removeDlif(final int dlifId)
    {
        final long id = nextCorrelationId++;
        dlifRemove.wrapAndApplyHeader(buffer, 0, header).correlationId(id).dlifId(dlifId & 0xFFFF_FFFFL);
        return send(dlifRemove.encodedLength()) ? id : NOT_SENT;
    }

    /** Start a full snapshot in the client's epoch. */
    public long beginSnapshot()
    {
        final long id = nextCorrelationId++;
        snapshotBegin.wrapAndApplyHeader(buffer, 0, header).correlationId(id).epoch(epoch);
        return send(snapshotBegin.encodedLength()) ? id : NOT_SENT;
    }

    /** End the snapshot: the data plane removes every entry of an older epoch. */
    public long endSnapshot(final long entryCount)
    {
        final long id = nextCorrelationId++;
        snapshotEnd.wrapAndApplyHeader(buffer, 0, header).correlationId(id).epoch(epoch).entryCount(entryCount);
        return send(snapshotEnd.encodedLength()) ? id : NOT_SENT;
    }

    /**
     * Send a frame out of a data plane port. Injects are not acknowledged; the data plane counts them.
     *
     * @return true when published.
     */
    public boolean inject(final int port, final DirectBuffer frame, final int offset, final int length)
    {
        inject.wrapAndApplyHeader(buffer, 0, header).port(port).putFrame(frame, offset, length);
        return send(inject.encodedLength());
    }

    /** {@inheritDoc} */
    public void close()
    {
        flush();
        publication.close();
        subscription.close();
    }

    private long batchRoute(
        final RouteOperation operation, final RouteTable table, final long networkHi, final long networkLo,
        final int prefixLength, final RouteAction action, final int port, final int tunnelId, final long nextHopHi,
        final long nextHopLo)
    {
        // A full batch, or one of an older epoch (a flush at the epoch change stayed back-pressured),
        // must go before this entry joins one.
        if ((batchSize == batchLimit || (batchSize > 0 && batchEpoch != epoch)) && !flush())
        {
            return NOT_SENT;
        }
        if (batchSize == 0)
        {
            if (!publication.isConnected())
            {
                return NOT_SENT;
            }
            // The count is written at flush; the encoder is told the most the batch may hold.
            batchEpoch = epoch;
            batchEntries = routeBatch.wrapAndApplyHeader(batchBuffer, 0, batchHeader).epoch(epoch).entriesCount(batchLimit);
        }
        final long id = nextCorrelationId++;
        final int at = routeBatch.limit();
        batchEntries.next().correlationId(id).operation(operation).table(table).action(action)
            .prefixLength((short)prefixLength).port(port).tunnelId(tunnelId & 0xFFFF_FFFFL);
        putAddress(batchBuffer, at + RouteBatchEncoder.EntriesEncoder.networkEncodingOffset(), networkHi, networkLo);
        putAddress(batchBuffer, at + RouteBatchEncoder.EntriesEncoder.nextHopEncodingOffset(), nextHopHi, nextHopLo);
        if (++batchSize == batchLimit)
        {
            flush();
        }
        return id;
    }

    private void putAddress(final int fieldOffset, final long hi, final long lo)
    {
        putAddress(buffer, MessageHeaderEncoder.ENCODED_LENGTH + fieldOffset, hi, lo);
    }

    private static void putAddress(final MutableDirectBuffer target, final int at, final long hi, final long lo)
    {
        target.putLong(at, hi, ByteOrder.BIG_ENDIAN);
        target.putLong(at + 8, lo, ByteOrder.BIG_ENDIAN);
    }

    private void putMac(final int fieldOffset, final long mac)
    {
        final int at = MessageHeaderEncoder.ENCODED_LENGTH + fieldOffset;
        buffer.putInt(at, (int)(mac >>> 16), ByteOrder.BIG_ENDIAN);
        buffer.putShort(at + 4, (short)mac, ByteOrder.BIG_ENDIAN);
    }

    private boolean send(final int bodyLength)
    {
        // Whatever coalescing gathered goes first: the data plane sees messages in call order.
        if (!flush())
        {
            return false;
        }
        return Publisher.offer(publication, buffer, MessageHeaderEncoder.ENCODED_LENGTH + bodyLength);
    }

    private void onFragment(final DirectBuffer frame, final int offset, final int length, final Header ignored)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        headerDecoder.wrap(frame, offset);
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return;
        }
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        switch (headerDecoder.templateId())
        {
            case AckDecoder.TEMPLATE_ID -> onAck(ackDecoder.wrap(frame, body, blockLength, version));
            case AckBatchDecoder.TEMPLATE_ID ->
                onAckBatch(frame, body, blockLength, length - MessageHeaderDecoder.ENCODED_LENGTH);
            case PuntDecoder.TEMPLATE_ID -> onPunt(puntDecoder.wrap(frame, body, blockLength, version), frame);
            case ResyncRequestDecoder.TEMPLATE_ID ->
            {
                resyncDecoder.wrap(frame, body, blockLength, version);
                listener.onResyncRequest(resyncDecoder.dataPlaneId(), resyncDecoder.lastEpoch());
            }
            case HeartbeatDecoder.TEMPLATE_ID ->
            {
                heartbeatDecoder.wrap(frame, body, blockLength, version);
                if (heartbeatDecoder.roleRaw() == NodeRole.DATA_PLANE.value())
                {
                    lastDataPlaneHeartbeatNs = clock.nanoTime();
                    listener.onHeartbeat(heartbeatDecoder.senderId(), heartbeatDecoder.epoch());
                }
            }
            default ->
            {
                // Not for the control side: ignore.
            }
        }
    }

    private void onAck(final AckDecoder d)
    {
        onAck(d.correlationId(), d.result(), d.reasonLength() == 0 ? "" : d.reason());
    }

    private void onAck(final long correlationId, final AckResult result, final String reason)
    {
        acksReceived++;
        if (correlationId == awaitedCorrelationId && correlationId != NOT_SENT)
        {
            awaitedResult = result;
            lastAckReason = reason;
        }
        else
        {
            listener.onAck(correlationId, result, reason);
        }
    }

    /**
     * OK acks for ranges of correlation ids, handed out one id at a time. Only ids this client has
     * issued are delivered, which also bounds the work a corrupt count could cause.
     */
    private void onAckBatch(final DirectBuffer frame, final int body, final int blockLength, final int bodyLength)
    {
        final int room = bodyLength - blockLength - AckBatchDecoder.OkRangesDecoder.HEADER_SIZE;
        if (blockLength < AckBatchDecoder.BLOCK_LENGTH || room < 0)
        {
            return;
        }
        final int groupAt = body + blockLength;
        final int rangeLength = frame.getShort(groupAt, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int ranges = frame.getShort(groupAt + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (rangeLength < AckBatchDecoder.OkRangesDecoder.sbeBlockLength() || (long)ranges * rangeLength > room)
        {
            return;
        }
        for (int i = 0, at = groupAt + AckBatchDecoder.OkRangesDecoder.HEADER_SIZE; i < ranges; i++, at += rangeLength)
        {
            final long first = frame.getLong(
                at + AckBatchDecoder.OkRangesDecoder.firstCorrelationIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
            final long count = frame.getInt(
                at + AckBatchDecoder.OkRangesDecoder.lengthEncodingOffset(), ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
            final long end = Math.min(first + count, nextCorrelationId);
            for (long id = Math.max(first, 1); id < end; id++)
            {
                onAck(id, AckResult.OK, "");
            }
        }
    }

    private void onPunt(final PuntDecoder d, final DirectBuffer frame)
    {
        puntsReceived++;
        final int port = d.port();
        final PuntReason reason = d.reason();
        final int frameLength = d.frameLength();
        final int frameOffset = d.limit() + PuntDecoder.frameHeaderLength();
        listener.onPunt(port, reason, frame, frameOffset, frameLength);
    }
}
