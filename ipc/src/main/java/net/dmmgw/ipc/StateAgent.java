package net.dmmgw.ipc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import net.dmmgw.ipc.sbe.AckEncoder;
import net.dmmgw.ipc.sbe.AckResult;
import net.dmmgw.ipc.sbe.DlifRemoveDecoder;
import net.dmmgw.ipc.sbe.DlifSetDecoder;
import net.dmmgw.ipc.sbe.HeartbeatDecoder;
import net.dmmgw.ipc.sbe.HeartbeatEncoder;
import net.dmmgw.ipc.sbe.IngressFilter;
import net.dmmgw.ipc.sbe.InjectDecoder;
import net.dmmgw.ipc.sbe.MessageHeaderDecoder;
import net.dmmgw.ipc.sbe.MessageHeaderEncoder;
import net.dmmgw.ipc.sbe.NeighbourRemoveDecoder;
import net.dmmgw.ipc.sbe.NeighbourSetDecoder;
import net.dmmgw.ipc.sbe.NodeRole;
import net.dmmgw.ipc.sbe.OwnAddressAddDecoder;
import net.dmmgw.ipc.sbe.OwnAddressRemoveDecoder;
import net.dmmgw.ipc.sbe.PuntEncoder;
import net.dmmgw.ipc.sbe.PuntReason;
import net.dmmgw.ipc.sbe.ResyncRequestEncoder;
import net.dmmgw.ipc.sbe.RouteAction;
import net.dmmgw.ipc.sbe.RouteAddDecoder;
import net.dmmgw.ipc.sbe.RouteBatchDecoder;
import net.dmmgw.ipc.sbe.RouteOperation;
import net.dmmgw.ipc.sbe.RouteRemoveDecoder;
import net.dmmgw.ipc.sbe.RouteTable;
import net.dmmgw.ipc.sbe.SnapshotBeginDecoder;
import net.dmmgw.ipc.sbe.SnapshotEndDecoder;
import net.dmmgw.ipc.sbe.TunnelRemoveDecoder;
import net.dmmgw.ipc.sbe.TunnelSetDecoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The data plane's end of the seam: applies control messages to the tables through a
 * {@link StateApplier}, acknowledges each one after it took effect, forwards punts from the
 * workers' {@link PuntRing}s, and keeps the two sides in step (heartbeats, resync, epochs).
 * <p>
 * Restart rules: until a snapshot has been received the agent asks for one
 * ({@code ResyncRequest}) at every heartbeat interval; a control heartbeat announcing a newer
 * epoch also triggers a request. While control is silent the tables stay as they are (headless
 * forwarding). At {@code SnapshotEnd} every entry of an older epoch is removed. Messages of an
 * epoch older than the current one are refused ({@link AckResult#STALE_EPOCH}).
 * <p>
 * Hostile input: the encoding is checked (schema, version, lengths, enum values, prefix lengths)
 * before anything is applied; a bad message is answered with {@link AckResult#MALFORMED} or
 * {@link AckResult#INVALID_ARGUMENT} and changes nothing.
 * <p>
 * Batching: a {@code RouteBatch} carries route adds and removes, each with its own correlation id;
 * the whole group must lie inside the message or none of it is applied (every entry whose id can be
 * read is answered {@code MALFORMED}); otherwise each entry is validated, applied and acknowledged
 * exactly as the {@code RouteAdd} or {@code RouteRemove} it stands for, in order. OK acks are
 * gathered over a duty cycle ({@link AckBatcher}) and sent as ranges in one {@code AckBatch};
 * refusals go out one by one with their reason, after the OKs gathered before them.
 */
public final class StateAgent implements Agent
{
    private static final int FRAGMENT_LIMIT = 64;
    private static final int PUNT_DRAIN_LIMIT = 64;
    private static final int MAX_REASON_LENGTH = 200;
    private static final long NO_CORRELATION = -1;
    private static final int ENTRY_LENGTH = RouteBatchDecoder.EntriesDecoder.sbeBlockLength();

    private final long dataPlaneId;
    private final Subscription subscription;
    private final Publication publication;
    private final StateApplier applier;
    private final PuntRing[] puntRings;
    private final StateAgentCounters counters;
    private final EpochNanoClock clock;
    private final long heartbeatIntervalNs;
    private final long heartbeatTimeoutNs;
    private final FragmentHandler fragmentHandler = new FragmentAssembler(this::onFragment);
    private final MessageHandler puntHandler = this::onPuntRecord;

    private final AckBatcher okAcks;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final RouteAddDecoder routeAdd = new RouteAddDecoder();
    private final RouteRemoveDecoder routeRemove = new RouteRemoveDecoder();
    private final TunnelSetDecoder tunnelSet = new TunnelSetDecoder();
    private final TunnelRemoveDecoder tunnelRemove = new TunnelRemoveDecoder();
    private final NeighbourSetDecoder neighbourSet = new NeighbourSetDecoder();
    private final NeighbourRemoveDecoder neighbourRemove = new NeighbourRemoveDecoder();
    private final OwnAddressAddDecoder ownAdd = new OwnAddressAddDecoder();
    private final OwnAddressRemoveDecoder ownRemove = new OwnAddressRemoveDecoder();
    private final DlifSetDecoder dlifSet = new DlifSetDecoder();
    private final DlifRemoveDecoder dlifRemove = new DlifRemoveDecoder();
    private final SnapshotBeginDecoder snapshotBegin = new SnapshotBeginDecoder();
    private final SnapshotEndDecoder snapshotEnd = new SnapshotEndDecoder();
    private final InjectDecoder inject = new InjectDecoder();
    private final HeartbeatDecoder heartbeat = new HeartbeatDecoder();

    private final MutableDirectBuffer sendBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final AckEncoder ackEncoder = new AckEncoder();
    private final PuntEncoder puntEncoder = new PuntEncoder();
    private final HeartbeatEncoder heartbeatEncoder = new HeartbeatEncoder();
    private final ResyncRequestEncoder resyncEncoder = new ResyncRequestEncoder();

    private long epoch;
    private long snapshotEpoch = -1;
    private long lastSnapshotActivityNs;
    private boolean needResync = true;
    private long nextHeartbeatNs;
    private long lastControlHeartbeatNs = Long.MIN_VALUE;
    private long heartbeatSequence;
    private long nowNs;

    /**
     * @param dataPlaneId   identifies this data plane in heartbeats and resync requests.
     * @param aeron         a connected client.
     * @param configuration channels, streams and heartbeat timing.
     * @param applier       the tables.
     * @param puntRings     one per worker; may be empty.
     * @param counters      where the agent counts what it does.
     * @param clock         time source for heartbeats and liveness.
     */
    public StateAgent(
        final long dataPlaneId,
        final Aeron aeron,
        final IpcConfiguration configuration,
        final StateApplier applier,
        final PuntRing[] puntRings,
        final StateAgentCounters counters,
        final EpochNanoClock clock)
    {
        this.dataPlaneId = dataPlaneId;
        this.applier = applier;
        this.puntRings = puntRings.clone();
        this.counters = counters;
        this.clock = clock;
        this.heartbeatIntervalNs = configuration.heartbeatIntervalNs();
        this.heartbeatTimeoutNs = configuration.heartbeatTimeoutNs();
        this.subscription = aeron.addSubscription(configuration.toDataPlaneChannel(), configuration.toDataPlaneStream());
        this.publication = aeron.addExclusivePublication(configuration.toControlChannel(), configuration.toControlStream());
        this.okAcks = new AckBatcher(publication, counters.acksDropped);
    }

    /** {@inheritDoc} */
    public String roleName()
    {
        return "dataplane-state";
    }

    /** {@inheritDoc} */
    public int doWork()
    {
        nowNs = clock.nanoTime();
        int work = subscription.poll(fragmentHandler, FRAGMENT_LIMIT);
        // One ack message for everything applied OK in this duty cycle.
        work += okAcks.flush();
        for (final PuntRing ring : puntRings)
        {
            work += ring.drain(puntHandler, PUNT_DRAIN_LIMIT);
        }
        if (nowNs - nextHeartbeatNs >= 0)
        {
            nextHeartbeatNs = nowNs + heartbeatIntervalNs;
            work += onHeartbeatTimer();
        }
        return work;
    }

    /** {@inheritDoc} */
    public void onClose()
    {
        publication.close();
        subscription.close();
    }

    /** @return the epoch of the state the tables hold. */
    public long epoch()
    {
        return epoch;
    }

    /** @return true while control heartbeats arrive within the timeout. */
    public boolean isControlAlive()
    {
        return isControlAlive(clock.nanoTime());
    }

    private boolean isControlAlive(final long now)
    {
        return lastControlHeartbeatNs != Long.MIN_VALUE && now - lastControlHeartbeatNs < heartbeatTimeoutNs;
    }

    private int onHeartbeatTimer()
    {
        counters.controlAlive.setRelease(isControlAlive(nowNs) ? 1 : 0);
        heartbeatEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .senderId(dataPlaneId)
            .role(NodeRole.DATA_PLANE)
            .epoch(epoch)
            .sequence(heartbeatSequence++)
            .timestampNs(nowNs);
        send(MessageHeaderEncoder.ENCODED_LENGTH + heartbeatEncoder.encodedLength());
        if (snapshotEpoch >= 0 && nowNs - lastSnapshotActivityNs > heartbeatTimeoutNs)
        {
            // The control that began this snapshot went quiet (died, or lost an ack): give up on it
            // without sweeping anything, and ask again.
            abandonSnapshot();
        }
        if (needResync && snapshotEpoch < 0)
        {
            resyncEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).dataPlaneId(dataPlaneId).lastEpoch(epoch);
            if (send(MessageHeaderEncoder.ENCODED_LENGTH + resyncEncoder.encodedLength()))
            {
                counters.resyncRequests.incrementRelease();
            }
        }
        return 1;
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        counters.received.incrementRelease();
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            malformed(NO_CORRELATION, "message shorter than its header");
            return;
        }
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            ack(NO_CORRELATION, AckResult.UNSUPPORTED, "unknown schema id");
            counters.malformed.incrementRelease();
            return;
        }
        final int templateId = headerDecoder.templateId();
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int bodyLength = length - MessageHeaderDecoder.ENCODED_LENGTH;
        if (blockLength > bodyLength)
        {
            malformed(correlationIdOf(templateId, buffer, bodyOffset, bodyLength), "message shorter than its block length");
            return;
        }
        try
        {
            dispatch(templateId, buffer, bodyOffset, blockLength, version, bodyLength);
        }
        catch (final RuntimeException ex)
        {
            // Last line of defence against an encoding the checks above missed: answer, count, go on.
            malformed(correlationIdOf(templateId, buffer, bodyOffset, bodyLength), "undecodable message");
        }
    }

    private void dispatch(
        final int templateId, final DirectBuffer buffer, final int offset, final int blockLength,
        final int version, final int bodyLength)
    {
        final int required = fixedPartLength(templateId);
        if (required < 0)
        {
            counters.malformed.incrementRelease();
            ack(correlationIdOf(templateId, buffer, offset, bodyLength), AckResult.UNSUPPORTED, "unknown template id");
            return;
        }
        if (blockLength < required)
        {
            malformed(correlationIdOf(templateId, buffer, offset, bodyLength), "block length below this message's fixed part");
            return;
        }
        switch (templateId)
        {
            case RouteAddDecoder.TEMPLATE_ID ->
            {
                onRouteAdd(routeAdd.wrap(buffer, offset, blockLength, version));
            }
            case RouteRemoveDecoder.TEMPLATE_ID ->
            {
                onRouteRemove(routeRemove.wrap(buffer, offset, blockLength, version));
            }
            case RouteBatchDecoder.TEMPLATE_ID ->
            {
                onRouteBatch(buffer, offset, blockLength, bodyLength);
            }
            case TunnelSetDecoder.TEMPLATE_ID ->
            {
                onTunnelSet(tunnelSet.wrap(buffer, offset, blockLength, version), blockLength);
            }
            case TunnelRemoveDecoder.TEMPLATE_ID ->
            {
                tunnelRemove.wrap(buffer, offset, blockLength, version);
                applied(tunnelRemove.correlationId(), applier.removeTunnel((int)tunnelRemove.tunnelId()));
            }
            case NeighbourSetDecoder.TEMPLATE_ID ->
            {
                onNeighbourSet(neighbourSet.wrap(buffer, offset, blockLength, version));
            }
            case NeighbourRemoveDecoder.TEMPLATE_ID ->
            {
                final NeighbourRemoveDecoder d = neighbourRemove.wrap(buffer, offset, blockLength, version);
                final int a = offset + NeighbourRemoveDecoder.addressEncodingOffset();
                applied(d.correlationId(), applier.removeNeighbour(d.port(), hi(buffer, a), lo(buffer, a)));
            }
            case OwnAddressAddDecoder.TEMPLATE_ID ->
            {
                onOwnAddressAdd(ownAdd.wrap(buffer, offset, blockLength, version));
            }
            case OwnAddressRemoveDecoder.TEMPLATE_ID ->
            {
                onOwnAddressRemove(ownRemove.wrap(buffer, offset, blockLength, version));
            }
            case DlifSetDecoder.TEMPLATE_ID ->
            {
                onDlifSet(dlifSet.wrap(buffer, offset, blockLength, version));
            }
            case DlifRemoveDecoder.TEMPLATE_ID ->
            {
                dlifRemove.wrap(buffer, offset, blockLength, version);
                applied(dlifRemove.correlationId(), applier.removeDlif((int)dlifRemove.dlifId()));
            }
            case SnapshotBeginDecoder.TEMPLATE_ID ->
            {
                onSnapshotBegin(snapshotBegin.wrap(buffer, offset, blockLength, version));
            }
            case SnapshotEndDecoder.TEMPLATE_ID ->
            {
                onSnapshotEnd(snapshotEnd.wrap(buffer, offset, blockLength, version));
            }
            case InjectDecoder.TEMPLATE_ID ->
            {
                onInject(inject.wrap(buffer, offset, blockLength, version), buffer, offset, bodyLength);
            }
            case HeartbeatDecoder.TEMPLATE_ID ->
            {
                onHeartbeat(heartbeat.wrap(buffer, offset, blockLength, version));
            }
            default ->
            {
                // fixedPartLength refused every other template above.
            }
        }
    }

    /** @return the fixed part a message of this template must have, or -1 for an unknown template. */
    private static int fixedPartLength(final int templateId)
    {
        return switch (templateId)
        {
            case RouteAddDecoder.TEMPLATE_ID -> RouteAddDecoder.BLOCK_LENGTH;
            case RouteRemoveDecoder.TEMPLATE_ID -> RouteRemoveDecoder.BLOCK_LENGTH;
            case RouteBatchDecoder.TEMPLATE_ID -> RouteBatchDecoder.BLOCK_LENGTH;
            // The ingress filter was appended in version 2: a version 1 sender's shorter block is complete.
            case TunnelSetDecoder.TEMPLATE_ID -> TunnelSetDecoder.ingressFilterEncodingOffset();
            case TunnelRemoveDecoder.TEMPLATE_ID -> TunnelRemoveDecoder.BLOCK_LENGTH;
            case NeighbourSetDecoder.TEMPLATE_ID -> NeighbourSetDecoder.BLOCK_LENGTH;
            case NeighbourRemoveDecoder.TEMPLATE_ID -> NeighbourRemoveDecoder.BLOCK_LENGTH;
            case OwnAddressAddDecoder.TEMPLATE_ID -> OwnAddressAddDecoder.BLOCK_LENGTH;
            case OwnAddressRemoveDecoder.TEMPLATE_ID -> OwnAddressRemoveDecoder.BLOCK_LENGTH;
            case DlifSetDecoder.TEMPLATE_ID -> DlifSetDecoder.BLOCK_LENGTH;
            case DlifRemoveDecoder.TEMPLATE_ID -> DlifRemoveDecoder.BLOCK_LENGTH;
            case SnapshotBeginDecoder.TEMPLATE_ID -> SnapshotBeginDecoder.BLOCK_LENGTH;
            case SnapshotEndDecoder.TEMPLATE_ID -> SnapshotEndDecoder.BLOCK_LENGTH;
            case InjectDecoder.TEMPLATE_ID -> InjectDecoder.BLOCK_LENGTH;
            case HeartbeatDecoder.TEMPLATE_ID -> HeartbeatDecoder.BLOCK_LENGTH;
            default -> -1;
        };
    }

    private void onRouteAdd(final RouteAddDecoder d)
    {
        routeAdd(d.correlationId(), d.epoch(), d.tableRaw(), d.actionRaw(), d.prefixLength(), d.port(), d.tunnelId(),
            d.buffer(), d.offset() + RouteAddDecoder.networkEncodingOffset(),
            d.offset() + RouteAddDecoder.nextHopEncodingOffset());
    }

    private void onRouteRemove(final RouteRemoveDecoder d)
    {
        routeRemove(d.correlationId(), d.tableRaw(), d.prefixLength(), d.buffer(),
            d.offset() + RouteRemoveDecoder.networkEncodingOffset());
    }

    /**
     * A {@code RouteBatch}: the group's bounds are checked against the message before any entry is
     * applied; then every entry is validated and applied on its own, in order.
     */
    private void onRouteBatch(final DirectBuffer buffer, final int offset, final int blockLength, final int bodyLength)
    {
        final long batchEpoch = buffer.getLong(offset + RouteBatchDecoder.epochEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
        final int room = bodyLength - blockLength - RouteBatchDecoder.EntriesDecoder.HEADER_SIZE;
        if (room < 0)
        {
            malformed(NO_CORRELATION, "route batch without its group header");
            return;
        }
        final int groupAt = offset + blockLength;
        final int entryLength = buffer.getShort(groupAt, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int entries = buffer.getShort(groupAt + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int first = groupAt + RouteBatchDecoder.EntriesDecoder.HEADER_SIZE;
        if (entryLength < ENTRY_LENGTH)
        {
            refuseBatch(buffer, first, entryLength, entries, room, "route batch entry shorter than its fixed part");
            return;
        }
        if ((long)entries * entryLength > room)
        {
            refuseBatch(buffer, first, entryLength, entries, room, "route batch entries run past the message");
            return;
        }
        for (int i = 0, at = first; i < entries; i++, at += entryLength)
        {
            routeEntry(batchEpoch, buffer, at);
        }
    }

    private void routeEntry(final long batchEpoch, final DirectBuffer b, final int at)
    {
        final long correlationId = b.getLong(at + RouteBatchDecoder.EntriesDecoder.correlationIdEncodingOffset(),
            ByteOrder.LITTLE_ENDIAN);
        final int operation = b.getByte(at + RouteBatchDecoder.EntriesDecoder.operationEncodingOffset()) & 0xFF;
        final short table = (short)(b.getByte(at + RouteBatchDecoder.EntriesDecoder.tableEncodingOffset()) & 0xFF);
        final short prefixLength =
            (short)(b.getByte(at + RouteBatchDecoder.EntriesDecoder.prefixLengthEncodingOffset()) & 0xFF);
        final int network = at + RouteBatchDecoder.EntriesDecoder.networkEncodingOffset();
        if (operation == RouteOperation.ADD.value())
        {
            routeAdd(correlationId, batchEpoch, table,
                (short)(b.getByte(at + RouteBatchDecoder.EntriesDecoder.actionEncodingOffset()) & 0xFF), prefixLength,
                b.getShort(at + RouteBatchDecoder.EntriesDecoder.portEncodingOffset(), ByteOrder.LITTLE_ENDIAN) & 0xFFFF,
                b.getInt(at + RouteBatchDecoder.EntriesDecoder.tunnelIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN) &
                    0xFFFF_FFFFL,
                b, network, at + RouteBatchDecoder.EntriesDecoder.nextHopEncodingOffset());
        }
        else if (operation == RouteOperation.REMOVE.value())
        {
            routeRemove(correlationId, table, prefixLength, b, network);
        }
        else
        {
            invalid(correlationId, false, "route operation");
        }
    }

    /** A batch whose group does not fit its message: nothing is applied, every readable entry is refused. */
    private void refuseBatch(
        final DirectBuffer buffer, final int first, final int entryLength, final int entries, final int room,
        final String why)
    {
        counters.malformed.incrementRelease();
        int refused = 0;
        if (entryLength >= Long.BYTES)
        {
            for (int i = 0; i < entries && (long)i * entryLength + Long.BYTES <= room; i++)
            {
                ack(buffer.getLong(first + i * entryLength, ByteOrder.LITTLE_ENDIAN), AckResult.MALFORMED, why);
                refused++;
            }
        }
        if (refused == 0)
        {
            ack(NO_CORRELATION, AckResult.MALFORMED, why);
        }
    }

    private void routeAdd(
        final long correlationId, final long messageEpoch, final short table, final short action,
        final short prefixLength, final int port, final long tunnelId, final DirectBuffer b, final int network,
        final int nextHop)
    {
        if (staleEpoch(correlationId, messageEpoch) ||
            invalid(correlationId, EnumRanges.routeTable(table), "route table") ||
            invalid(correlationId, EnumRanges.routeAction(action), "route action") ||
            invalid(correlationId, prefixLength <= 128, "prefix length above 128"))
        {
            return;
        }
        applied(correlationId, applier.addRoute(
            messageEpoch, RouteTable.get(table), hi(b, network), lo(b, network), prefixLength, RouteAction.get(action),
            port, (int)tunnelId, hi(b, nextHop), lo(b, nextHop)));
    }

    private void routeRemove(
        final long correlationId, final short table, final short prefixLength, final DirectBuffer b, final int network)
    {
        if (invalid(correlationId, EnumRanges.routeTable(table), "route table") ||
            invalid(correlationId, prefixLength <= 128, "prefix length above 128"))
        {
            return;
        }
        applied(correlationId, applier.removeRoute(RouteTable.get(table), hi(b, network), lo(b, network), prefixLength));
    }

    private void onTunnelSet(final TunnelSetDecoder d, final int blockLength)
    {
        final long correlationId = d.correlationId();
        if (staleEpoch(correlationId, d.epoch()) ||
            invalid(correlationId, EnumRanges.trafficClassPolicy(d.trafficClassPolicyRaw()), "traffic class policy") ||
            invalid(correlationId, EnumRanges.flowLabelPolicy(d.flowLabelPolicyRaw()), "flow label policy") ||
            invalid(correlationId, d.flowLabel() <= 0xFFFFF, "flow label above 20 bits") ||
            invalid(correlationId, d.mtu() >= 1280, "tunnel MTU below the IPv6 minimum of 1280") ||
            invalid(correlationId, d.hopLimit() > 0, "outer hop limit 0"))
        {
            return;
        }
        final IngressFilter filter;
        if (blockLength > TunnelSetDecoder.ingressFilterEncodingOffset() && d.actingVersion() >= 2)
        {
            if (invalid(correlationId, EnumRanges.ingressFilter(d.ingressFilterRaw()), "ingress filter"))
            {
                return;
            }
            filter = d.ingressFilter();
        }
        else
        {
            filter = IngressFilter.STRICT; // a version 1 sender: the only filter it knew
        }
        final DirectBuffer b = d.buffer();
        final int local = d.offset() + TunnelSetDecoder.localAddressEncodingOffset();
        final int remote = d.offset() + TunnelSetDecoder.remoteAddressEncodingOffset();
        final int mac = d.offset() + TunnelSetDecoder.nextHopMacEncodingOffset();
        applied(correlationId, applier.setTunnel(
            d.epoch(), (int)d.tunnelId(), d.egressPort(), d.mtu(), d.hopLimit(),
            d.trafficClassPolicy(), d.trafficClass(), d.flowLabelPolicy(), (int)d.flowLabel(),
            hi(b, local), lo(b, local), hi(b, remote), lo(b, remote), mac(b, mac), filter));
    }

    private void onNeighbourSet(final NeighbourSetDecoder d)
    {
        if (staleEpoch(d.correlationId(), d.epoch()))
        {
            return;
        }
        final DirectBuffer b = d.buffer();
        final int a = d.offset() + NeighbourSetDecoder.addressEncodingOffset();
        final int m = d.offset() + NeighbourSetDecoder.macEncodingOffset();
        applied(d.correlationId(), applier.setNeighbour(d.epoch(), d.port(), hi(b, a), lo(b, a), mac(b, m)));
    }

    private void onOwnAddressAdd(final OwnAddressAddDecoder d)
    {
        if (staleEpoch(d.correlationId(), d.epoch()) ||
            invalid(d.correlationId(), EnumRanges.addressKind(d.kindRaw()), "address kind"))
        {
            return;
        }
        final int a = d.offset() + OwnAddressAddDecoder.addressEncodingOffset();
        applied(d.correlationId(), applier.addOwnAddress(d.epoch(), d.kind(), hi(d.buffer(), a), lo(d.buffer(), a)));
    }

    private void onOwnAddressRemove(final OwnAddressRemoveDecoder d)
    {
        if (invalid(d.correlationId(), EnumRanges.addressKind(d.kindRaw()), "address kind"))
        {
            return;
        }
        final int a = d.offset() + OwnAddressRemoveDecoder.addressEncodingOffset();
        applied(d.correlationId(), applier.removeOwnAddress(d.kind(), hi(d.buffer(), a), lo(d.buffer(), a)));
    }

    private void onDlifSet(final DlifSetDecoder d)
    {
        if (staleEpoch(d.correlationId(), d.epoch()) ||
            invalid(d.correlationId(), d.prefixLength() <= 128, "prefix length above 128"))
        {
            return;
        }
        final DirectBuffer b = d.buffer();
        final int p = d.offset() + DlifSetDecoder.anchoredPrefixEncodingOffset();
        final int ll = d.offset() + DlifSetDecoder.linkLocalEncodingOffset();
        final int m = d.offset() + DlifSetDecoder.logicalMacEncodingOffset();
        applied(d.correlationId(), applier.setDlif(
            d.epoch(), (int)d.dlifId(), d.port(), hi(b, p), lo(b, p), d.prefixLength(), hi(b, ll), lo(b, ll), mac(b, m)));
    }

    private void onSnapshotBegin(final SnapshotBeginDecoder d)
    {
        if (staleEpoch(d.correlationId(), d.epoch()))
        {
            return;
        }
        snapshotEpoch = d.epoch();
        lastSnapshotActivityNs = nowNs;
        epoch = d.epoch();
        counters.epoch.setRelease(epoch);
        applier.beginSnapshot(epoch);
        applied(d.correlationId(), AckResult.OK);
    }

    private void onSnapshotEnd(final SnapshotEndDecoder d)
    {
        if (d.epoch() != snapshotEpoch)
        {
            counters.errors.incrementRelease();
            ack(d.correlationId(), AckResult.INVALID_ARGUMENT, "snapshot end without a matching snapshot begin");
            return;
        }
        final long removed = applier.endSnapshot(d.epoch());
        counters.staleRemoved.getAndAddRelease(removed);
        snapshotEpoch = -1;
        needResync = false;
        applied(d.correlationId(), AckResult.OK);
    }

    private void onInject(final InjectDecoder d, final DirectBuffer buffer, final int offset, final int bodyLength)
    {
        final int lengthOffset = InjectDecoder.BLOCK_LENGTH;
        if (bodyLength < lengthOffset + InjectDecoder.frameHeaderLength())
        {
            malformed(NO_CORRELATION, "inject without a frame length");
            return;
        }
        final int frameLength = d.frameLength();
        final int frameOffset = offset + lengthOffset + InjectDecoder.frameHeaderLength();
        if (frameLength < 0 || frameLength > bodyLength - lengthOffset - InjectDecoder.frameHeaderLength())
        {
            malformed(NO_CORRELATION, "inject frame runs past the message");
            return;
        }
        if (applier.inject(d.port(), buffer, frameOffset, frameLength) == AckResult.OK)
        {
            counters.injected.incrementRelease();
        }
        else
        {
            counters.injectFailed.incrementRelease();
        }
    }

    private void onHeartbeat(final HeartbeatDecoder d)
    {
        if (d.roleRaw() != NodeRole.CONTROL.value())
        {
            return;
        }
        counters.heartbeatsReceived.incrementRelease();
        lastControlHeartbeatNs = nowNs;
        counters.controlAlive.setRelease(1);
        if (snapshotEpoch >= 0 && d.epoch() > snapshotEpoch)
        {
            // A newer control session while an older one's snapshot is open: that one will not end.
            abandonSnapshot();
        }
        if (d.epoch() > epoch && snapshotEpoch < 0)
        {
            // A control session newer than our state: reconcile with a snapshot of its epoch.
            needResync = true;
            nextHeartbeatNs = nowNs;
        }
    }

    private void onPuntRecord(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final int port = buffer.getShort(index) & 0xFFFF;
        final int reason = buffer.getByte(index + 2) & 0xFF;
        final int frameLength = length - PuntRing.RECORD_HEADER_LENGTH;
        puntEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .port(port)
            .reason(EnumRanges.puntReason(reason) ? PuntReason.get((short)reason) : PuntReason.OTHER)
            .worker(0)
            .putFrame(buffer, index + PuntRing.RECORD_HEADER_LENGTH, frameLength);
        if (send(MessageHeaderEncoder.ENCODED_LENGTH + puntEncoder.encodedLength()))
        {
            counters.puntsSent.incrementRelease();
        }
        else
        {
            counters.puntsDropped.incrementRelease();
        }
    }

    private void abandonSnapshot()
    {
        snapshotEpoch = -1;
        needResync = true;
        nextHeartbeatNs = nowNs;
        counters.snapshotsAbandoned.incrementRelease();
    }

    private boolean staleEpoch(final long correlationId, final long messageEpoch)
    {
        if (snapshotEpoch >= 0)
        {
            lastSnapshotActivityNs = nowNs;
        }
        if (messageEpoch < epoch)
        {
            counters.errors.incrementRelease();
            ack(correlationId, AckResult.STALE_EPOCH, "epoch older than the current one");
            return true;
        }
        if (messageEpoch > epoch && snapshotEpoch < 0)
        {
            // A newer control session programs us without a snapshot first: accept, and adopt it.
            epoch = messageEpoch;
            counters.epoch.setRelease(epoch);
        }
        return false;
    }

    private boolean invalid(final long correlationId, final boolean valid, final String what)
    {
        if (valid)
        {
            return false;
        }
        counters.errors.incrementRelease();
        ack(correlationId, AckResult.INVALID_ARGUMENT, what);
        return true;
    }

    private void malformed(final long correlationId, final String why)
    {
        counters.malformed.incrementRelease();
        ack(correlationId, AckResult.MALFORMED, why);
    }

    private void applied(final long correlationId, final AckResult result)
    {
        if (result == AckResult.OK)
        {
            counters.applied.incrementRelease();
            ack(correlationId, AckResult.OK, "");
        }
        else
        {
            counters.errors.incrementRelease();
            final String reason = applier.lastError();
            ack(correlationId, result, null == reason ? result.name() : reason);
        }
    }

    private void ack(final long correlationId, final AckResult result, final String reason)
    {
        if (result == AckResult.OK && correlationId != NO_CORRELATION)
        {
            okAcks.ok(correlationId);
            return;
        }
        // A refusal goes out now, after the OKs gathered before it: acks stay in the order applied.
        okAcks.flush();
        ackEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(correlationId)
            .result(result);
        if (reason.isEmpty())
        {
            ackEncoder.putReason(sendBuffer, 0, 0);
        }
        else
        {
            ackEncoder.reason(reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason);
        }
        if (!send(MessageHeaderEncoder.ENCODED_LENGTH + ackEncoder.encodedLength()))
        {
            counters.acksDropped.incrementRelease();
        }
    }

    private boolean send(final int length)
    {
        return Publisher.offer(publication, sendBuffer, length);
    }

    private static long correlationIdOf(
        final int templateId, final DirectBuffer buffer, final int bodyOffset, final int bodyLength)
    {
        // Every control -> data message that is acknowledged starts with its correlation id, except a
        // batch, whose entries carry theirs.
        return bodyLength >= Long.BYTES && templateId != RouteBatchDecoder.TEMPLATE_ID ?
            buffer.getLong(bodyOffset, ByteOrder.LITTLE_ENDIAN) : NO_CORRELATION;
    }

    private static long hi(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset, ByteOrder.BIG_ENDIAN);
    }

    private static long lo(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 8, ByteOrder.BIG_ENDIAN);
    }

    private static long mac(final DirectBuffer buffer, final int offset)
    {
        return ((buffer.getInt(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL) << 16) |
            (buffer.getShort(offset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFFL);
    }
}
