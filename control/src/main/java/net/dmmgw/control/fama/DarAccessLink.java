package net.dmmgw.control.fama;

import net.dmmgw.control.mag.AccessLink;
import net.dmmgw.control.mag.NeighbourDiscoveryFrame;
import net.dmmgw.control.mag.RouterAdvertisementWriter;
import net.dmmgw.ipc.Ipv6Words;
import org.agrona.DirectBuffer;

/**
 * A DAR's access link (draft-bernardos-dmm-cmip §3: the DAR is the access router whose prefix the mobile node forms
 * its CGA in): Router Advertisements of {@code dar.prefix} (L = A = 1) with a second Prefix Information option
 * carrying the DAR's global address with the R flag (RFC 6275 §7.2: how the node learns which home agent anchors the
 * address it forms), answering Router Solicitations (unicast to the soliciting node) and unsolicited to all nodes
 * every {@code dar.access.ra-interval-ms}. Composed from the MAG's parts ({@link RouterAdvertisementWriter},
 * {@link NeighbourDiscoveryFrame}, the data-plane {@link AccessLink}); Neighbour Advertisements for the link-local and
 * the resolution of the link's hosts are the node's {@code neighbour.NeighbourResolver} (set up by the role's
 * factory). Single-threaded (the node agent's); allocation-free once built.
 */
public final class DarAccessLink
{
    private static final int FRAME_LIMIT = 16;
    private static final long ALL_NODES_HI = 0xFF02_0000_0000_0000L;
    private static final long ALL_NODES_LO = 1L;
    private static final long ALL_NODES_MAC = 0x3333_0000_0001L;

    private final DarAccessSettings settings;
    private final AccessLink link;
    private final RouterAdvertisementWriter ra;
    private final NeighbourDiscoveryFrame nd = new NeighbourDiscoveryFrame();
    private final AccessLink.Handler handler = this::onFrame;
    private final long[] prefix = new long[1];
    private final long darHi;
    private final long darLo;
    private final long linkLocalHi;
    private final long linkLocalLo;
    private long nextUnsolicitedMs;

    private long solicitedSent;
    private long unsolicitedSent;
    private long sendFailures;
    private long ignoredFrames;

    /**
     * @param settings the {@code dar.access.*} keys.
     * @param darAddress the DAR's global address (16 octets).
     * @param prefix16 {@code dar.prefix} (a /64: the node forms a CGA in it).
     * @param link the data plane's access link.
     */
    public DarAccessLink(final DarAccessSettings settings, final byte[] darAddress, final byte[] prefix16,
        final AccessLink link)
    {
        this.settings = settings;
        this.link = link;
        this.ra = new RouterAdvertisementWriter(settings.mac(), settings.linkLocal(), settings.mtu());
        this.prefix[0] = Ipv6Words.word(prefix16, 0);
        this.darHi = Ipv6Words.word(darAddress, 0);
        this.darLo = Ipv6Words.word(darAddress, 8);
        this.linkLocalHi = Ipv6Words.word(settings.linkLocal(), 0);
        this.linkLocalLo = Ipv6Words.word(settings.linkLocal(), 8);
    }

    /**
     * Answers the Router Solicitations that arrived and sends the unsolicited RA when due.
     *
     * @return work done.
     */
    public int poll(final long nowMs)
    {
        int work = link.poll(handler, FRAME_LIMIT);
        if (settings.raIntervalMs() > 0 && nowMs >= nextUnsolicitedMs)
        {
            nextUnsolicitedMs = nowMs + settings.raIntervalMs();
            if (advertise(ALL_NODES_MAC, ALL_NODES_HI, ALL_NODES_LO))
            {
                unsolicitedSent++;
            }
            work++;
        }
        return work;
    }

    private void onFrame(final int port, final DirectBuffer frame, final int offset, final int length)
    {
        if (port != settings.port() || !nd.wrap(frame, offset, length) ||
            nd.type() != NeighbourDiscoveryFrame.ROUTER_SOLICITATION)
        {
            ignoredFrames++; // the node's own NS / NA for others, another port: nothing for the DAR
            return;
        }
        final boolean unspecified = nd.sourceHi() == 0 && nd.sourceLo() == 0;
        if (advertise(unspecified ? ALL_NODES_MAC : nd.sourceMac(), unspecified ? ALL_NODES_HI : nd.sourceHi(),
            unspecified ? ALL_NODES_LO : nd.sourceLo()))
        {
            solicitedSent++;
        }
    }

    private boolean advertise(final long mac, final long hi, final long lo)
    {
        final int n = ra.writeWithRouterAddress(settings.mac(), linkLocalHi, linkLocalLo, mac, hi, lo,
            settings.routerLifetimeS(), prefix, 1, settings.validLifetimeS(), settings.validLifetimeS(), darHi, darLo,
            64);
        if (link.send(settings.port(), ra.frame(), 0, n))
        {
            return true;
        }
        sendFailures++;
        return false;
    }

    /** @return the counters by name (admin API; allocates). */
    public java.util.Map<String, Long> counters()
    {
        final java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        m.put("router_advertisements_solicited", solicitedSent);
        m.put("router_advertisements_unsolicited", unsolicitedSent);
        m.put("router_advertisement_send_failures", sendFailures);
        m.put("access_frames_ignored", ignoredFrames);
        return m;
    }

    /** @return RAs sent in answer to an RS. */
    public long solicitedSent()
    {
        return solicitedSent;
    }

    /** @return unsolicited RAs sent. */
    public long unsolicitedSent()
    {
        return unsolicitedSent;
    }
}
