package net.dmmgw.control.mag;

import java.nio.ByteOrder;

import net.dmmgw.control.codec.MhChecksum;
import org.agrona.DirectBuffer;

/**
 * Reads a frame punted from an access port as RFC 4861 Neighbour Discovery: Ethernet (one 802.1Q tag allowed),
 * IPv6 with Next Header 58, an ICMPv6 Router Solicitation, Neighbour Solicitation or Neighbour Advertisement that
 * passes the RFC 4861 §6.1.1 / §7.1 validity checks the MAG relies on (Hop Limit 255, Code 0, length, checksum).
 * Reused: {@link #wrap} overwrites everything; nothing allocates.
 */
public final class NeighbourDiscoveryFrame
{
    /** ICMPv6 Router Solicitation. */
    public static final int ROUTER_SOLICITATION = 133;
    /** ICMPv6 Router Advertisement. */
    public static final int ROUTER_ADVERTISEMENT = 134;
    /** ICMPv6 Neighbour Solicitation. */
    public static final int NEIGHBOUR_SOLICITATION = 135;
    /** ICMPv6 Neighbour Advertisement. */
    public static final int NEIGHBOUR_ADVERTISEMENT = 136;
    /** IPv6 Next Header of ICMPv6. */
    public static final int NEXT_HEADER_ICMPV6 = 58;

    static final int ETHERNET_LENGTH = 14;
    static final int IPV6_LENGTH = 40;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;

    private int type;
    private long sourceMac;
    private long sourceHi;
    private long sourceLo;
    private long targetHi;
    private long targetLo;

    /**
     * Parses a frame.
     *
     * @return true when it is a valid RS, NS or NA; false for anything else (the caller counts it).
     */
    public boolean wrap(final DirectBuffer frame, final int offset, final int length)
    {
        type = 0;
        int l3 = offset + ETHERNET_LENGTH;
        if (length < ETHERNET_LENGTH + IPV6_LENGTH + 8)
        {
            return false;
        }
        int etherType = frame.getShort(offset + 12, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (etherType == ETHERTYPE_VLAN)
        {
            etherType = frame.getShort(offset + 16, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            l3 += 4;
        }
        final int end = offset + length;
        if (etherType != ETHERTYPE_IPV6 || end - l3 < IPV6_LENGTH + 8 ||
            (frame.getByte(l3) & 0xF0) != 0x60 ||
            (frame.getByte(l3 + 6) & 0xFF) != NEXT_HEADER_ICMPV6 ||
            (frame.getByte(l3 + 7) & 0xFF) != 255)
        {
            return false;
        }
        final int icmpLength = frame.getShort(l3 + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int icmp = l3 + IPV6_LENGTH;
        if (icmpLength < 8 || icmp + icmpLength > end || frame.getByte(icmp + 1) != 0 ||
            MhChecksum.pseudoHeaderSum(frame, l3 + 8, l3 + 24, NEXT_HEADER_ICMPV6, frame, icmp, icmpLength) != 0xFFFF)
        {
            return false;
        }
        final int t = frame.getByte(icmp) & 0xFF;
        if (t != ROUTER_SOLICITATION && (t != NEIGHBOUR_SOLICITATION && t != NEIGHBOUR_ADVERTISEMENT ||
            icmpLength < 24))
        {
            return false;
        }
        type = t;
        sourceMac = ((long)(frame.getShort(offset + 6, ByteOrder.BIG_ENDIAN) & 0xFFFF) << 32) |
            (frame.getInt(offset + 8, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL);
        sourceHi = frame.getLong(l3 + 8, ByteOrder.BIG_ENDIAN);
        sourceLo = frame.getLong(l3 + 16, ByteOrder.BIG_ENDIAN);
        if (t != ROUTER_SOLICITATION)
        {
            targetHi = frame.getLong(icmp + 8, ByteOrder.BIG_ENDIAN);
            targetLo = frame.getLong(icmp + 16, ByteOrder.BIG_ENDIAN);
        }
        else
        {
            targetHi = 0;
            targetLo = 0;
        }
        return true;
    }

    /** @return the ICMPv6 type (133, 135 or 136) of the last valid frame. */
    public int type()
    {
        return type;
    }

    /** @return the Ethernet source (the mobile node's MAC). */
    public long sourceMac()
    {
        return sourceMac;
    }

    /** @return IPv6 source, upper word (:: for an RS before the node has an address, or a DAD probe). */
    public long sourceHi()
    {
        return sourceHi;
    }

    /** @return IPv6 source, lower word. */
    public long sourceLo()
    {
        return sourceLo;
    }

    /** @return target address of an NS or NA, upper word. */
    public long targetHi()
    {
        return targetHi;
    }

    /** @return target address, lower word. */
    public long targetLo()
    {
        return targetLo;
    }
}
