package net.dmmgw.control.mag;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import net.dmmgw.control.location.BindingCacheEntry;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Builds the Router Advertisement a MAG sends to one mobile node (RFC 4861 §4.2, RFC 5213 §6.7–6.8) as a whole
 * Ethernet frame into one reused buffer: source MAC and IPv6 link-local source are the MAG's fixed ones (the same
 * on every MAG of the domain, so a handoff looks like nothing happened), Hop Limit 255, then the Source
 * Link-layer Address option, the MTU option and one Prefix Information option (L = A = 1, /64) per HNP, then
 * optionally RFC 4191 Route Information options (a DMM MAAR's Local Prefix routes), and the ICMPv6 checksum. No
 * allocation per frame.
 */
public final class RouterAdvertisementWriter
{
    private static final int RA_HEADER = 16;
    private static final int SLLAO = 8;
    private static final int MTU_OPTION = 8;
    private static final int PIO = 32;
    /** Route Information option, the longest form (prefix longer than 64 bits: Length 3). */
    private static final int RIO_MAX = 24;
    private static final int RIO_TYPE = 24;
    private static final int ICMP = NdFrames.ICMP;
    /** Largest frame: every HNP a session may hold, a home agent's router-address PIO, every route. */
    public static final int CAPACITY = ICMP + RA_HEADER + SLLAO + MTU_OPTION
        + PIO * (BindingCacheEntry.MAX_PREFIXES + 1)
        + RIO_MAX * RoutePrefixes.CAPACITY;
    private static final int CUR_HOP_LIMIT = 64;
    private static final int PIO_FLAGS_L_A = 0xC0;
    private static final int PIO_FLAG_R = 0x20;

    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY));
    private final long sourceMac;
    private final long linkLocalHi;
    private final long linkLocalLo;
    private final int mtu;
    private final long[] scratch = new long[BindingCacheEntry.MAX_PREFIXES];

    /**
     * @param sourceMac the MAG's fixed MAC.
     * @param linkLocal the MAG's fixed link-local address (16 octets).
     * @param mtu the MTU option's value.
     */
    public RouterAdvertisementWriter(final long sourceMac, final byte[] linkLocal, final int mtu)
    {
        this.sourceMac = sourceMac;
        this.linkLocalHi = net.dmmgw.ipc.Ipv6Words.word(linkLocal, 0);
        this.linkLocalLo = net.dmmgw.ipc.Ipv6Words.word(linkLocal, 8);
        this.mtu = mtu;
    }

    /**
     * Writes the frame.
     *
     * @param destinationMac the mobile node's MAC (the RA is unicast at layer 2 on the point-to-point link).
     * @param destinationHi IPv6 destination (the node's link-local, or ff02::1), upper word.
     * @param destinationLo lower word.
     * @param routerLifetimeS Router Lifetime (s).
     * @param prefixes the session whose HNPs are advertised.
     * @param validS Valid Lifetime of each prefix (s).
     * @param preferredS Preferred Lifetime (s, ≤ valid).
     * @return the frame length ({@link #frame()} holds it).
     */
    public int write(final long destinationMac, final long destinationHi, final long destinationLo,
        final int routerLifetimeS, final BindingCacheEntry prefixes, final long validS, final long preferredS)
    {
        final int count = prefixes.prefixCount();
        for (int i = 0; i < count; i++)
        {
            scratch[i] = prefixes.prefix(i);
        }
        return write(sourceMac, linkLocalHi, linkLocalLo, destinationMac, destinationHi, destinationLo,
            routerLifetimeS, scratch, count, validS, preferredS, 0);
    }

    /**
     * Writes the frame from any router identity, with some prefixes deprecated: what a DMM MAAR sends (its own
     * prefix with normal lifetimes, the prefixes anchored at previous MAARs with Preferred Lifetime 0, each from the
     * router identity of its logical interface when DLIF is on).
     *
     * @param sourceMac the RA's source MAC and SLLAO.
     * @param sourceHi IPv6 link-local source, upper word.
     * @param sourceLo lower word.
     * @param destinationMac the mobile node's MAC.
     * @param destinationHi IPv6 destination, upper word.
     * @param destinationLo lower word.
     * @param routerLifetimeS Router Lifetime (s).
     * @param prefixes /64 prefixes (upper words).
     * @param count how many of {@code prefixes} (at most {@link BindingCacheEntry#MAX_PREFIXES}).
     * @param validS Valid Lifetime of each prefix (s).
     * @param preferredS Preferred Lifetime (s, ≤ valid) of the prefixes not deprecated.
     * @param deprecatedMask bit i set: prefix i is advertised with Preferred Lifetime 0.
     * @return the frame length ({@link #frame()} holds it).
     */
    public int write(final long sourceMac, final long sourceHi, final long sourceLo, final long destinationMac,
        final long destinationHi, final long destinationLo, final int routerLifetimeS, final long[] prefixes,
        final int count, final long validS, final long preferredS, final long deprecatedMask)
    {
        return write(sourceMac, sourceHi, sourceLo, destinationMac, destinationHi, destinationLo, routerLifetimeS,
            prefixes, count, validS, preferredS, deprecatedMask, null, 0);
    }

    /**
     * As {@link #write(long, long, long, long, long, long, int, long[], int, long, long, long)}, followed by one
     * RFC 4191 Route Information option per route (§2.3: Length 1, 2 or 3 by prefix length, Prf medium, only the
     * prefix octets the length needs): a MAAR's DLIF tells the node which local networks it reaches (RFC 8885 §3.6).
     *
     * @param routes the routes, or null for none.
     * @param routeLifetimeS Route Lifetime of each (s; 0xffffffff infinite, 0 withdraws).
     * @return the frame length, or -1 when the prefix count exceeds {@link BindingCacheEntry#MAX_PREFIXES}
     *         (nothing written).
     */
    public int write(final long sourceMac, final long sourceHi, final long sourceLo, final long destinationMac,
        final long destinationHi, final long destinationLo, final int routerLifetimeS, final long[] prefixes,
        final int count, final long validS, final long preferredS, final long deprecatedMask,
        final RoutePrefixes routes, final long routeLifetimeS)
    {
        return write(sourceMac, sourceHi, sourceLo, destinationMac, destinationHi, destinationLo, routerLifetimeS,
            prefixes, count, validS, preferredS, deprecatedMask, routes, routeLifetimeS, false, 0, 0, 0);
    }

    /**
     * Writes the frame of a home agent's link (RFC 6275 §7.2): the prefixes as {@link #write(long, long, long, long,
     * long, long, int, long[], int, long, long, long) write} does, then one more Prefix Information option with the R
     * flag (L = A = 0) whose Prefix field is the router's global address, which is how a mobile node learns the
     * address of the home agent (a FAMA DAR) of the prefix it configures.
     *
     * @param routerHi the router's global address, upper word.
     * @param routerLo lower word.
     * @param routerPrefixLength the prefix length of that address's subnet.
     * @return the frame length ({@link #frame()} holds it), or -1 as {@code write} answers.
     */
    public int writeWithRouterAddress(final long sourceMac, final long sourceHi, final long sourceLo,
        final long destinationMac, final long destinationHi, final long destinationLo, final int routerLifetimeS,
        final long[] prefixes, final int count, final long validS, final long preferredS, final long routerHi,
        final long routerLo, final int routerPrefixLength)
    {
        return write(sourceMac, sourceHi, sourceLo, destinationMac, destinationHi, destinationLo, routerLifetimeS,
            prefixes, count, validS, preferredS, 0, null, 0, true, routerHi, routerLo, routerPrefixLength);
    }

    private int write(final long sourceMac, final long sourceHi, final long sourceLo, final long destinationMac,
        final long destinationHi, final long destinationLo, final int routerLifetimeS, final long[] prefixes,
        final int count, final long validS, final long preferredS, final long deprecatedMask,
        final RoutePrefixes routes, final long routeLifetimeS, final boolean routerAddress, final long routerHi,
        final long routerLo, final int routerPrefixLength)
    {
        if (count < 0 || count > BindingCacheEntry.MAX_PREFIXES || count > prefixes.length)
        {
            return -1;
        }
        final int routeCount = routes == null ? 0 : routes.size();
        int routeOctets = 0;
        for (int r = 0; r < routeCount; r++)
        {
            routeOctets += rioLength(routes.prefixLength(r));
        }
        final UnsafeBuffer f = frame;
        final int icmpLength = RA_HEADER + SLLAO + MTU_OPTION + PIO * (count + (routerAddress ? 1 : 0)) + routeOctets;
        NdFrames.headers(f, destinationMac, sourceMac, sourceHi, sourceLo, destinationHi, destinationLo, icmpLength);
        int at = ICMP;
        f.putByte(at, (byte)NeighbourDiscoveryFrame.ROUTER_ADVERTISEMENT);
        f.putByte(at + 1, (byte)0);
        f.putShort(at + 2, (short)0);
        f.putByte(at + 4, (byte)CUR_HOP_LIMIT);
        f.putByte(at + 5, (byte)0); // M = O = 0: addresses by SLAAC from the PIOs
        f.putShort(at + 6, (short)routerLifetimeS, ByteOrder.BIG_ENDIAN);
        f.putLong(at + 8, 0); // Reachable Time, Retrans Timer: unspecified
        at += RA_HEADER;
        f.putByte(at, (byte)1);
        f.putByte(at + 1, (byte)1);
        NdFrames.putMac(f, at + 2, sourceMac);
        at += SLLAO;
        f.putByte(at, (byte)5);
        f.putByte(at + 1, (byte)1);
        f.putShort(at + 2, (short)0);
        f.putInt(at + 4, mtu, ByteOrder.BIG_ENDIAN);
        at += MTU_OPTION;
        for (int i = 0; i < count; i++)
        {
            f.putByte(at, (byte)3);
            f.putByte(at + 1, (byte)4);
            f.putByte(at + 2, (byte)64);
            f.putByte(at + 3, (byte)PIO_FLAGS_L_A);
            f.putInt(at + 4, (int)validS, ByteOrder.BIG_ENDIAN);
            f.putInt(at + 8, (deprecatedMask & (1L << i)) != 0 ? 0 : (int)preferredS, ByteOrder.BIG_ENDIAN);
            f.putInt(at + 12, 0);
            f.putLong(at + 16, prefixes[i], ByteOrder.BIG_ENDIAN);
            f.putLong(at + 24, 0);
            at += PIO;
        }
        if (routerAddress)
        {
            f.putByte(at, (byte)3);
            f.putByte(at + 1, (byte)4);
            f.putByte(at + 2, (byte)routerPrefixLength);
            f.putByte(at + 3, (byte)PIO_FLAG_R);
            f.putInt(at + 4, (int)validS, ByteOrder.BIG_ENDIAN);
            f.putInt(at + 8, (int)preferredS, ByteOrder.BIG_ENDIAN);
            f.putInt(at + 12, 0);
            f.putLong(at + 16, routerHi, ByteOrder.BIG_ENDIAN);
            f.putLong(at + 24, routerLo, ByteOrder.BIG_ENDIAN);
            at += PIO;
        }
        for (int r = 0; r < routeCount; r++)
        {
            final int prefixLength = routes.prefixLength(r);
            final int length = rioLength(prefixLength);
            f.putByte(at, (byte)RIO_TYPE);
            f.putByte(at + 1, (byte)(length / 8));
            f.putByte(at + 2, (byte)prefixLength);
            f.putByte(at + 3, (byte)0); // Prf 00 = medium, reserved bits 0
            f.putInt(at + 4, (int)routeLifetimeS, ByteOrder.BIG_ENDIAN);
            if (length >= 16)
            {
                f.putLong(at + 8, routes.prefixHi(r), ByteOrder.BIG_ENDIAN);
            }
            if (length == RIO_MAX)
            {
                f.putLong(at + 16, routes.prefixLo(r), ByteOrder.BIG_ENDIAN);
            }
            at += length;
        }
        return NdFrames.checksum(f, icmpLength);
    }

    /** @return octets of the Route Information option for a prefix length (RFC 4191 §2.3: 8, 16 or 24). */
    static int rioLength(final int prefixLength)
    {
        if (prefixLength == 0)
        {
            return 8;
        }
        return prefixLength <= 64 ? 16 : RIO_MAX;
    }

    /** @return the buffer the last frame was written into. */
    public DirectBuffer frame()
    {
        return frame;
    }
}
