package net.dmmgw.control.transport;

import java.nio.ByteOrder;
import java.util.List;

import net.dmmgw.control.codec.MhChecksum;
import net.dmmgw.control.neighbour.NeighbourResolver;
import net.dmmgw.control.neighbour.NeighbourSettings;
import net.dmmgw.control.node.HomeAddressHandler;
import net.dmmgw.control.node.HomeAddressTransport;
import net.dmmgw.control.node.SignallingHandler;
import net.dmmgw.ipc.Ipv6Words;
import net.dmmgw.ipc.sbe.PuntReason;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Signalling through the node's own data plane: the Mobility Header frames it punts (Aeron, {@link
 * net.dmmgw.ipc.DataPlaneClient}) are parsed — Ethernet, up to two VLAN tags, IPv6, Hop-by-Hop / Routing / Destination Options
 * headers up to the MH — and delivered with their addresses; {@link #send} builds Ethernet + IPv6 + MH (checksum
 * set) and injects it out of the configured core port toward the configured next-hop MAC, or the MAC last seen as
 * the source of that peer's frames. Punted Neighbour Discovery frames (the mobile nodes' RS / NS) go to the
 * {@link #accessLink()} for the MAG.
 * <p>
 * The MAC of a peer is learned from any MH frame with its source address, before the role checked the message:
 * a host on the link that forges a peer's source address can divert that peer's answers until the peer's next
 * frame; configure {@code signalling.dataplane.next-hop-mac} where that matters.
 * <p>
 * Punts arrive while the node agent polls the data-plane client ({@link #onPunt}, wired by the launcher); they are
 * copied into a fixed ring ({@link FrameRing}) and handed to the role at the next {@link #poll}, on the same thread.
 * Nothing is allocated per frame; a full ring, an oversized, truncated or fragmented frame is dropped and counted.
 * <p>
 * Mobile IPv6 (RFC 6275): the options of each Destination Options header are walked; a Home Address option (type
 * 201, 16 octets) makes the message go to a {@link HomeAddressHandler} with that home address (§9.3.1: the option's
 * address is the home address, the IPv6 source the care-of address, and the MH checksum covers the home address).
 * A handler that does not take it, a Home Address option whose length is not 16 or that appears twice, and an
 * unrecognised option whose type says "discard" (RFC 8200 §4.2, the two high-order bits not 00) drop the frame,
 * counted ({@link #homeAddressErrors()}, {@link #homeAddressNotHandled()}, {@link #unrecognizedOptions()}); no
 * ICMPv6 Parameter Problem is sent. {@link #sendViaCareOf} sends with a type 2 Routing header (§6.4).
 */
public final class DataPlaneTransport implements HomeAddressTransport
{
    /** Largest punted frame kept. */
    public static final int MAX_FRAME = 4096;
    /** Frames kept between two polls. */
    public static final int RING_SLOTS = 256;
    private static final int ETHERNET = 14;
    private static final int IPV6 = 40;
    private static final int MAX_EXTENSION_HEADERS = 8;
    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int DESTINATION_OPTIONS = 60;
    private static final int PAD1 = 0;
    /** RFC 6275 §6.3 option type: the two high-order bits 11 (discard if not recognised), not changing en route. */
    private static final int HOME_ADDRESS_OPTION = 201;
    /** A type 2 Routing header holding one address (RFC 6275 §6.4): 8 octets + the home address. */
    private static final int ROUTING_TYPE_2_LENGTH = 24;

    private final int injectPort;
    private final long localMac;
    private final long nextHopMac;
    private final int hopLimit;
    private final PeerMacTable peers = new PeerMacTable(1024);
    private final FrameRing ring = new FrameRing(RING_SLOTS, MAX_FRAME);
    private final DataPlaneAccessLink accessLink = new DataPlaneAccessLink(RING_SLOTS, MAX_FRAME);
    private DirectBuffer frame;
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[ETHERNET + IPV6 + MAX_FRAME]);
    private final byte[] source = new byte[16];
    private final byte[] destination = new byte[16];
    private final byte[] homeAddress = new byte[16];
    private boolean hasHomeAddress;
    private FrameInjector injector;
    private NeighbourResolver neighbours;
    private EpochClock neighbourClock;

    private long received;
    private long malformed;
    private long fragmented;
    private long notSignalling;
    private long sent;
    private long unresolved;
    private long injectFailures;
    private long homeAddressErrors;
    private long homeAddressNotHandled;
    private long unrecognizedOptions;

    /**
     * @param injectPort core port the answers leave by.
     * @param localMac source MAC of injected frames (that port's MAC).
     * @param nextHopMac destination MAC of injected frames, or -1 to use the MAC learned from each peer.
     * @param hopLimit IPv6 hop limit of injected frames.
     */
    public DataPlaneTransport(final int injectPort, final long localMac, final long nextHopMac, final int hopLimit)
    {
        this.injectPort = injectPort;
        this.localMac = localMac;
        this.nextHopMac = nextHopMac;
        this.hopLimit = hopLimit;
    }

    /**
     * @param frameInjector where injected frames go: {@code DataPlaneClient::inject} of the client whose punts reach
     *                      {@link #onPunt}.
     */
    public void attach(final FrameInjector frameInjector)
    {
        this.injector = frameInjector;
        accessLink.attach(frameInjector);
        if (neighbours != null)
        {
            neighbours.attach(frameInjector);
        }
    }

    /** @return the access-link side: punted Neighbour Discovery frames, injects out of access ports (the MAG's). */
    public DataPlaneAccessLink accessLink()
    {
        return accessLink;
    }

    /**
     * A frame the data plane punted (from the client's listener): a Mobility Header is kept for the next {@link
     * #poll}, Neighbour Discovery goes to the {@link #accessLink()}, anything else is counted and dropped.
     */
    public void onPunt(final int port, final PuntReason reason, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (reason == PuntReason.ICMPV6_ND)
        {
            if (neighbours == null || !neighbours.onNeighbourDiscovery(port, buffer, offset, length))
            {
                accessLink.onPunt(port, reason, buffer, offset, length);
            }
            return;
        }
        if (reason == PuntReason.UNRESOLVED_NEIGHBOUR && neighbours != null)
        {
            neighbours.onUnresolved(port, buffer, offset, length);
            return;
        }
        if (reason != PuntReason.MOBILITY_HEADER)
        {
            notSignalling++;
            return;
        }
        ring.offer(port, buffer, offset, length);
    }

    /**
     * Answers Neighbour Solicitations for {@code address} arriving on the signalling port with a solicited NA from
     * the port's MAC, so that a router on the core resolves the role's address (the data plane does not answer for
     * its own addresses). Set by the launcher with the role's address (LMA, MAG, HA).
     *
     * @param address16 the role's address, 16 octets.
     */
    public void answerSolicitationsFor(final byte[] address16)
    {
        if (neighbours == null)
        {
            neighbours(new NeighbourResolver(new NeighbourSettings(List.of(), List.of(), 1000), null), () -> 0);
        }
        neighbours.answer(injectPort, address16, localMac);
    }

    /**
     * Neighbour Discovery of the data plane's ports: punted NS / NA go to the resolver first (what it does not
     * consume goes on to the access link), UNRESOLVED_NEIGHBOUR punts too, and each {@link #poll} gives it a tick.
     *
     * @param resolver the node's resolver (its injector is set to this transport's).
     * @param clock its time.
     */
    public void neighbours(final NeighbourResolver resolver, final EpochClock clock)
    {
        this.neighbours = resolver;
        this.neighbourClock = clock;
        if (injector != null)
        {
            resolver.attach(injector);
        }
    }

    /** @return the node's Neighbour Discovery (null when none was set). */
    public NeighbourResolver neighbours()
    {
        return neighbours;
    }

    /** @return solicited NAs sent for the node's addresses. */
    public long neighbourAdvertisements()
    {
        return neighbours == null ? 0 : neighbours.advertisementsSent();
    }

    /** {@inheritDoc} */
    public int poll(final SignallingHandler handler, final int limit)
    {
        if (neighbours != null)
        {
            neighbours.onTick(neighbourClock.time()); // gateways to solicit (not messages: not in the count)
        }
        int delivered = 0;
        for (int frames = 0; frames < limit && !ring.isEmpty(); frames++)
        {
            frame = ring.take();
            if (deliver(handler, ring.length()))
            {
                delivered++;
            }
        }
        return delivered;
    }

    private boolean deliver(final SignallingHandler handler, final int length)
    {
        if (length < ETHERNET + IPV6)
        {
            malformed++;
            return false;
        }
        int l3 = ETHERNET;
        int etherType = frame.getShort(12, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        for (int tags = 0; tags < 2 && (etherType == 0x8100 || etherType == 0x88A8); tags++)
        {
            if (l3 + 4 + IPV6 > length)
            {
                malformed++;
                return false;
            }
            etherType = frame.getShort(l3 + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            l3 += 4;
        }
        if (etherType != 0x86DD || l3 + IPV6 > length || (frame.getByte(l3) & 0xF0) != 0x60)
        {
            malformed++;
            return false;
        }
        final int end = l3 + IPV6 + (frame.getShort(l3 + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF);
        if (end > length)
        {
            malformed++;
            return false;
        }
        int nextHeader = frame.getByte(l3 + 6) & 0xFF;
        int at = l3 + IPV6;
        hasHomeAddress = false;
        for (int i = 0; i < MAX_EXTENSION_HEADERS &&
            (nextHeader == HOP_BY_HOP || nextHeader == ROUTING || nextHeader == DESTINATION_OPTIONS); i++)
        {
            if (at + 2 > end)
            {
                malformed++;
                return false;
            }
            final int following = frame.getByte(at) & 0xFF;
            final int headerEnd = at + ((frame.getByte(at + 1) & 0xFF) + 1) * 8;
            if (nextHeader == DESTINATION_OPTIONS)
            {
                if (headerEnd > end)
                {
                    malformed++;
                    return false;
                }
                if (!destinationOptions(at + 2, headerEnd))
                {
                    return false; // counted
                }
            }
            at = headerEnd;
            nextHeader = following;
        }
        if (at > end)
        {
            malformed++;
            return false;
        }
        if (nextHeader == 44)
        {
            fragmented++;
            return false;
        }
        if (nextHeader != MhChecksum.NEXT_HEADER_MH || at >= end)
        {
            notSignalling++;
            return false;
        }
        frame.getBytes(l3 + 8, source);
        frame.getBytes(l3 + 24, destination);
        peers.put(frame.getLong(l3 + 8, ByteOrder.BIG_ENDIAN), frame.getLong(l3 + 16, ByteOrder.BIG_ENDIAN), mac(6));
        if (hasHomeAddress)
        {
            if (!(handler instanceof HomeAddressHandler home))
            {
                homeAddressNotHandled++; // RFC 8200 §4.2: type 201 not processed here -> discard
                return false;
            }
            received++;
            home.onSignalling(source, homeAddress, destination, frame, at, end - at);
            return true;
        }
        received++;
        handler.onSignalling(source, destination, frame, at, end - at);
        return true;
    }

    /**
     * Walks the options of one Destination Options header (RFC 8200 §4.2), each step at least one octet forward
     * inside {@code [at, headerEnd)}: keeps the Home Address option, counts and refuses what must not be accepted.
     *
     * @return false when the frame is to be dropped (already counted).
     */
    private boolean destinationOptions(final int from, final int headerEnd)
    {
        int at = from;
        while (at < headerEnd)
        {
            final int type = frame.getByte(at) & 0xFF;
            if (type == PAD1)
            {
                at++;
                continue;
            }
            if (at + 2 > headerEnd)
            {
                malformed++;
                return false;
            }
            final int dataLength = frame.getByte(at + 1) & 0xFF;
            final int next = at + 2 + dataLength;
            if (next > headerEnd)
            {
                malformed++;
                return false;
            }
            if (type == HOME_ADDRESS_OPTION)
            {
                if (dataLength != 16 || hasHomeAddress)
                {
                    homeAddressErrors++;
                    return false;
                }
                frame.getBytes(at + 2, homeAddress);
                hasHomeAddress = true;
            }
            else if (type != 1 && (type >>> 6) != 0) // not PadN, and "skip" is not its action
            {
                unrecognizedOptions++;
                return false;
            }
            at = next;
        }
        return true;
    }

    private long mac(final int at)
    {
        return ((frame.getInt(at, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL) << 16) |
            (frame.getShort(at + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF);
    }

    /**
     * {@inheritDoc}
     * <p>
     * Fails (counted) when no next-hop MAC is configured and none was learned for the destination yet, or the
     * inject could not be published.
     */
    public boolean send(final byte[] sourceAddress, final byte[] destinationAddress, final DirectBuffer mh,
        final int offset, final int length)
    {
        return inject(sourceAddress, destinationAddress, null, mh, offset, length);
    }

    /**
     * {@inheritDoc}
     * <p>
     * The frame is Ethernet + IPv6 (destination the care-of address, Next Header 43) + a type 2 Routing header
     * (Segments Left 1, the home address) + the MH, whose checksum is set over the source and the home address, the
     * final destination (RFC 6275 §6.1.7, §6.4; the same pseudo-header the codec's {@code finish(src, homeAddress)}
     * used). The MAC is the one learned for the care-of address (the BU's source) unless a next hop is configured.
     */
    public boolean sendViaCareOf(final byte[] sourceAddress, final byte[] careOf, final byte[] home,
        final DirectBuffer mh, final int offset, final int length)
    {
        return inject(sourceAddress, careOf, home, mh, offset, length);
    }

    private boolean inject(final byte[] sourceAddress, final byte[] destinationAddress, final byte[] home,
        final DirectBuffer mh, final int offset, final int length)
    {
        if (length <= 0 || length > MAX_FRAME)
        {
            injectFailures++;
            return false;
        }
        long mac = nextHopMac;
        if (mac < 0)
        {
            out.putBytes(0, destinationAddress);
            mac = peers.get(out.getLong(0, ByteOrder.BIG_ENDIAN), out.getLong(8, ByteOrder.BIG_ENDIAN));
            if (mac == PeerMacTable.UNKNOWN)
            {
                unresolved++;
                return false;
            }
        }
        putMac(0, mac);
        putMac(6, localMac);
        out.putShort(12, (short)0x86DD, ByteOrder.BIG_ENDIAN);
        final int routing = home == null ? 0 : ROUTING_TYPE_2_LENGTH;
        out.putInt(ETHERNET, 0x6000_0000, ByteOrder.BIG_ENDIAN);
        out.putShort(ETHERNET + 4, (short)(routing + length), ByteOrder.BIG_ENDIAN);
        out.putByte(ETHERNET + 6, (byte)(home == null ? MhChecksum.NEXT_HEADER_MH : ROUTING));
        out.putByte(ETHERNET + 7, (byte)hopLimit);
        out.putBytes(ETHERNET + 8, sourceAddress);
        out.putBytes(ETHERNET + 24, destinationAddress);
        final int rh = ETHERNET + IPV6;
        if (home != null)
        {
            out.putByte(rh, (byte)MhChecksum.NEXT_HEADER_MH);
            out.putByte(rh + 1, (byte)(ROUTING_TYPE_2_LENGTH / 8 - 1));
            out.putByte(rh + 2, (byte)2); // Routing Type 2
            out.putByte(rh + 3, (byte)1); // Segments Left
            out.putInt(rh + 4, 0);
            out.putBytes(rh + 8, home);
        }
        final int mhAt = rh + routing;
        out.putBytes(mhAt, mh, offset, length);
        out.putShort(mhAt + MhChecksum.CHECKSUM_OFFSET, (short)0);
        // The pseudo-header destination is the final one: the home address in the Routing header when there is one.
        final int finalDestination = home == null ? ETHERNET + 24 : rh + 8;
        final int checksum = MhChecksum.compute(out, ETHERNET + 8, finalDestination, out, mhAt, length);
        out.putShort(mhAt + MhChecksum.CHECKSUM_OFFSET, (short)checksum, ByteOrder.BIG_ENDIAN);
        if (injector == null || !injector.inject(injectPort, out, 0, mhAt + length))
        {
            injectFailures++;
            return false;
        }
        sent++;
        return true;
    }

    private void putMac(final int at, final long mac)
    {
        out.putInt(at, (int)(mac >>> 16), ByteOrder.BIG_ENDIAN);
        out.putShort(at + 4, (short)mac, ByteOrder.BIG_ENDIAN);
    }

    /** @return Mobility Headers delivered to the role. */
    public long received()
    {
        return received;
    }

    /** @return frames dropped because the ring was full (the role is slower than the punts). */
    public long ringFull()
    {
        return ring.full();
    }

    /** @return punted frames larger than {@link #MAX_FRAME}. */
    public long oversized()
    {
        return ring.tooLarge();
    }

    /** @return frames whose Ethernet / IPv6 / extension headers did not parse. */
    public long malformed()
    {
        return malformed;
    }

    /** @return fragmented Mobility Headers (not reassembled), dropped. */
    public long fragmented()
    {
        return fragmented;
    }

    /** @return punts that were neither a Mobility Header nor Neighbour Discovery, or frames without an MH. */
    public long notSignalling()
    {
        return notSignalling;
    }

    /** @return messages injected. */
    public long sent()
    {
        return sent;
    }

    /** @return sends without a MAC for the destination (no next hop configured, none learned). */
    public long unresolved()
    {
        return unresolved;
    }

    /** @return frames dropped for a Home Address option with a Length other than 16, or a second one. */
    public long homeAddressErrors()
    {
        return homeAddressErrors;
    }

    /** @return frames with a Home Address option for a role that does not take one (not a home agent / DAR). */
    public long homeAddressNotHandled()
    {
        return homeAddressNotHandled;
    }

    /** @return frames dropped for a destination option not recognised whose type says discard (RFC 8200 §4.2). */
    public long unrecognizedOptions()
    {
        return unrecognizedOptions;
    }

    /** @return injects that could not be published (data plane not connected, back-pressure, too large). */
    public long injectFailures()
    {
        return injectFailures;
    }
}
