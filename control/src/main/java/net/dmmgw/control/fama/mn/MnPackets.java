package net.dmmgw.control.fama.mn;

import java.util.Arrays;

import net.dmmgw.control.codec.MhChecksum;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The IPv6 packets the mobile-node agent writes and reads on its link, as byte arrays (not a hot path): a BU with the
 * Home Address destination option (RFC 6275 §6.3, §11.7.1), a Router Solicitation; reading a Router Advertisement
 * (RFC 4861 §4.2: the autoconfiguration prefix and, from an R-flag Prefix Information option, the router's global
 * address — RFC 6275 §7.2) and a BA behind a type 2 Routing header (RFC 6275 §6.4). Parsing is defensive: every
 * length is checked against the packet, anything unexpected gives null.
 */
public final class MnPackets
{
    /** IPv6 header length. */
    public static final int IPV6 = 40;
    private static final int NEXT_HEADER_DESTINATION_OPTIONS = 60;
    private static final int NEXT_HEADER_ROUTING = 43;
    private static final int NEXT_HEADER_ICMPV6 = 58;
    private static final int NEXT_HEADER_MH = 135;
    private static final int HOME_ADDRESS_OPTION = 201;
    private static final int DESTINATION_OPTIONS_LENGTH = 24;
    private static final byte[] ALL_ROUTERS = {(byte)0xFF, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};

    private MnPackets()
    {
    }

    /**
     * A Router Advertisement's content the agent uses.
     *
     * @param router its source (the router's link-local).
     * @param prefix the first /64 with the A flag (16 octets, lower half zero).
     * @param routerAddress the address of an R-flag option (the DAR), or null.
     */
    public record RouterAdvertisement(byte[] router, byte[] prefix, byte[] routerAddress)
    {
    }

    /**
     * A BA read from the link.
     *
     * @param source its IPv6 source (the DAR).
     * @param home the type 2 Routing header's address (the home address it is for).
     * @param mh the Mobility Header.
     */
    public record BindingAck(byte[] source, byte[] home, byte[] mh)
    {
    }

    /** @return the all-routers multicast address ff02::2. */
    public static byte[] allRouters()
    {
        return ALL_ROUTERS.clone();
    }

    /**
     * A BU packet: IPv6 source → DAR, with a Destination Options header carrying the Home Address option when
     * {@code home} is given (the MH's checksum, over home → DAR, is the agent's).
     */
    public static byte[] bindingUpdate(final byte[] source, final byte[] home, final byte[] dar, final byte[] mh,
        final int length)
    {
        final int options = home == null ? 0 : DESTINATION_OPTIONS_LENGTH;
        final byte[] p = header(source, dar, options + length, home == null ? NEXT_HEADER_MH :
            NEXT_HEADER_DESTINATION_OPTIONS, 64);
        if (home != null)
        {
            p[IPV6] = (byte)NEXT_HEADER_MH;
            p[IPV6 + 1] = 2; // (2 + 1) * 8 = 24 octets
            p[IPV6 + 2] = 1; // PadN of 2 data octets: the Home Address option at 8n + 6
            p[IPV6 + 3] = 2;
            p[IPV6 + 6] = (byte)HOME_ADDRESS_OPTION;
            p[IPV6 + 7] = 16;
            System.arraycopy(home, 0, p, IPV6 + 8, 16);
        }
        System.arraycopy(mh, 0, p, IPV6 + options, length);
        return p;
    }

    /** A Router Solicitation from the unspecified address (no link-layer option, RFC 4861 §4.1) to all routers. */
    public static byte[] routerSolicitation()
    {
        final byte[] p = header(new byte[16], ALL_ROUTERS, 8, NEXT_HEADER_ICMPV6, 255);
        p[IPV6] = (byte)133;
        final UnsafeBuffer b = new UnsafeBuffer(p);
        final int sum = MhChecksum.pseudoHeaderSum(b, 8, 24, NEXT_HEADER_ICMPV6, b, IPV6, 8);
        b.putShort(IPV6 + 2, (short)~sum, java.nio.ByteOrder.BIG_ENDIAN);
        return p;
    }

    /**
     * An unsolicited Neighbour Advertisement (RFC 4861 §7.2.6) for a new address of the node, to all nodes: Override
     * set, Target Link-layer Address option = the interface's MAC. The access router learns the node's MAC from it
     * before the first packet for the address arrives (Linux sends none for an address added without DAD).
     *
     * @param address the address (also the source).
     * @param mac the interface's MAC (6 octets).
     */
    public static byte[] neighbourAdvertisement(final byte[] address, final byte[] mac)
    {
        final byte[] allNodes = ALL_ROUTERS.clone();
        allNodes[15] = 1;
        final byte[] p = header(address, allNodes, 32, NEXT_HEADER_ICMPV6, 255);
        p[IPV6] = (byte)136;
        p[IPV6 + 4] = 0x20; // O: replace what a neighbour cache holds for it
        System.arraycopy(address, 0, p, IPV6 + 8, 16);
        p[IPV6 + 24] = 2;
        p[IPV6 + 25] = 1;
        System.arraycopy(mac, 0, p, IPV6 + 26, 6);
        final UnsafeBuffer b = new UnsafeBuffer(p);
        final int sum = MhChecksum.pseudoHeaderSum(b, 8, 24, NEXT_HEADER_ICMPV6, b, IPV6, 32);
        b.putShort(IPV6 + 2, (short)~sum, java.nio.ByteOrder.BIG_ENDIAN);
        return p;
    }

    private static byte[] header(final byte[] source, final byte[] destination, final int payload,
        final int nextHeader, final int hopLimit)
    {
        final byte[] p = new byte[IPV6 + payload];
        p[0] = 0x60;
        p[4] = (byte)(payload >>> 8);
        p[5] = (byte)payload;
        p[6] = (byte)nextHeader;
        p[7] = (byte)hopLimit;
        System.arraycopy(source, 0, p, 8, 16);
        System.arraycopy(destination, 0, p, 24, 16);
        return p;
    }

    /** @return the packet's payload end (IPv6 header + payload length), or -1 when the packet is not whole IPv6. */
    private static int end(final byte[] p, final int length)
    {
        if (length < IPV6 || (p[0] & 0xF0) != 0x60)
        {
            return -1;
        }
        final int end = IPV6 + (((p[4] & 0xFF) << 8) | (p[5] & 0xFF));
        return end <= length ? end : -1;
    }

    /**
     * @param p a packet received on the link.
     * @param length its length.
     * @return the Router Advertisement (hop limit 255, link-local source, an A-flag /64 prefix), or null.
     */
    public static RouterAdvertisement routerAdvertisement(final byte[] p, final int length)
    {
        final int end = end(p, length);
        if (end < IPV6 + 16 || (p[6] & 0xFF) != NEXT_HEADER_ICMPV6 || (p[7] & 0xFF) != 255 ||
            (p[IPV6] & 0xFF) != 134 || p[IPV6 + 1] != 0 || (p[8] & 0xFF) != 0xFE || (p[9] & 0xC0) != 0x80)
        {
            return null;
        }
        final UnsafeBuffer b = new UnsafeBuffer(p);
        if (MhChecksum.pseudoHeaderSum(b, 8, 24, NEXT_HEADER_ICMPV6, b, IPV6, end - IPV6) != 0xFFFF)
        {
            return null;
        }
        byte[] prefix = null;
        byte[] routerAddress = null;
        int at = IPV6 + 16;
        while (at + 2 <= end)
        {
            final int optionLength = (p[at + 1] & 0xFF) * 8;
            if (optionLength == 0 || at + optionLength > end)
            {
                return null; // RFC 4861 §4.6: a zero-length option makes the packet invalid
            }
            if (p[at] == 3 && optionLength == 32)
            {
                final int flags = p[at + 3] & 0xFF;
                if ((flags & 0x40) != 0 && (p[at + 2] & 0xFF) == 64 && prefix == null)
                {
                    prefix = Arrays.copyOf(Arrays.copyOfRange(p, at + 16, at + 24), 16);
                }
                if ((flags & 0x20) != 0 && routerAddress == null)
                {
                    routerAddress = Arrays.copyOfRange(p, at + 16, at + 32);
                }
            }
            at += optionLength;
        }
        return prefix == null ? null : new RouterAdvertisement(Arrays.copyOfRange(p, 8, 24), prefix, routerAddress);
    }

    /**
     * @param p a packet received on the link.
     * @param length its length.
     * @return the Mobility Header behind a type 2 Routing header (Segments Left 1, one address), or null.
     */
    public static BindingAck bindingAck(final byte[] p, final int length)
    {
        final int end = end(p, length);
        if (end < IPV6 + 24 + 8 || (p[6] & 0xFF) != NEXT_HEADER_ROUTING)
        {
            return null;
        }
        final int rh = IPV6;
        if ((p[rh] & 0xFF) != NEXT_HEADER_MH || p[rh + 1] != 2 || p[rh + 2] != 2 || p[rh + 3] != 1)
        {
            return null;
        }
        final int mh = rh + 24;
        final int mhLength = ((p[mh + 1] & 0xFF) + 1) * 8;
        if (mh + mhLength > end)
        {
            return null;
        }
        return new BindingAck(Arrays.copyOfRange(p, 8, 24), Arrays.copyOfRange(p, rh + 8, rh + 24),
            Arrays.copyOfRange(p, mh, mh + mhLength));
    }

    /** @return true when the packet is IPv6-in-IPv6 (the kernel hands those to the tunnel socket). */
    public static boolean isTunnelled(final byte[] p, final int length)
    {
        return end(p, length) > IPV6 && (p[6] & 0xFF) == 41;
    }
}
