package net.dmmgw.control.mag;

import java.nio.ByteOrder;

import net.dmmgw.control.codec.BindingAck;
import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityOption;
import net.dmmgw.control.codec.MobilityOptionIterator;
import net.dmmgw.control.codec.OptionType;
import net.dmmgw.control.location.BindingCacheEntry;
import org.agrona.DirectBuffer;

/**
 * The parts of a received (and validated) PBA the MAG acts on, pulled out in one pass over its options: status,
 * flags, Sequence #, lifetime, the HNPs, the MN-ID, the Timestamp and an IPv6 LMA User-Plane Address (RFC 7389). Reused; offsets index the buffer it was read
 * from, valid until the next {@link #read}.
 */
final class ProxyBindingAck
{
    private final MobilityOptionIterator iterator = new MobilityOptionIterator();
    private final long[] prefixHi = new long[BindingCacheEntry.MAX_PREFIXES];
    private final int[] prefixLength = new int[BindingCacheEntry.MAX_PREFIXES];
    private DirectBuffer buffer;
    private int status;
    private int flags;
    private int sequence;
    private int lifetime;
    private int prefixCount;
    private boolean badPrefix;
    private int mnIdOffset;
    private int mnIdLength;
    private boolean hasTimestamp;
    private long timestamp;
    private boolean hasUserPlane;
    private long userPlaneHi;
    private long userPlaneLo;

    /**
     * @param mh the decoder wrapped over the PBA.
     * @param mhBuffer the buffer it is in.
     * @param mhOffset where the MH starts in that buffer (option offsets count from the MH's first octet).
     */
    void read(final MobilityHeaderDecoder mh, final DirectBuffer mhBuffer, final int mhOffset)
    {
        buffer = mhBuffer;
        final BindingAck ba = mh.bindingAck();
        status = ba.status();
        flags = ba.flags();
        sequence = ba.sequence();
        lifetime = ba.lifetime();
        prefixCount = 0;
        badPrefix = false;
        mnIdOffset = -1;
        mnIdLength = 0;
        hasTimestamp = false;
        hasUserPlane = false;
        final MobilityOptionIterator it = mh.options(iterator);
        while (it.next())
        {
            final MobilityOption o = it.option();
            switch (o.type())
            {
                case OptionType.HOME_NETWORK_PREFIX -> {
                    final long hi = mhBuffer.getLong(mhOffset + o.prefixOffset(), ByteOrder.BIG_ENDIAN);
                    final long lo = mhBuffer.getLong(mhOffset + o.prefixOffset() + 8, ByteOrder.BIG_ENDIAN);
                    if (prefixCount == prefixHi.length || o.prefixLength() != 64 || lo != 0 || hi == 0)
                    {
                        badPrefix = true; // this MAG serves /64 HNPs only (RFC 5213 §6.7 recommends them)
                    }
                    else
                    {
                        prefixLength[prefixCount] = o.prefixLength();
                        prefixHi[prefixCount++] = hi;
                    }
                }
                case OptionType.MN_IDENTIFIER -> {
                    mnIdOffset = mhOffset + o.identifierOffset();
                    mnIdLength = o.identifierLength();
                }
                case OptionType.TIMESTAMP -> {
                    hasTimestamp = true;
                    timestamp = o.value64();
                }
                case OptionType.LMA_USER_PLANE_ADDRESS -> {
                    // Only an IPv6 address is usable (the tunnels are IPv6 in IPv6); the IPv4 form and the
                    // unspecified address leave the tunnel on the LMA's signalling address.
                    if (o.addressLength() == 16)
                    {
                        final long hi = mhBuffer.getLong(mhOffset + o.addressOffset(), ByteOrder.BIG_ENDIAN);
                        final long lo = mhBuffer.getLong(mhOffset + o.addressOffset() + 8, ByteOrder.BIG_ENDIAN);
                        if (hi != 0 || lo != 0)
                        {
                            hasUserPlane = true;
                            userPlaneHi = hi;
                            userPlaneLo = lo;
                        }
                    }
                }
                default -> {
                }
            }
        }
    }

    int status()
    {
        return status;
    }

    boolean isProxy()
    {
        return (flags & BindingAck.FLAG_P) != 0;
    }

    int sequence()
    {
        return sequence;
    }

    int lifetime()
    {
        return lifetime;
    }

    int prefixCount()
    {
        return prefixCount;
    }

    long prefixHi(final int i)
    {
        return prefixHi[i];
    }

    /** @return true when an HNP was not a usable /64 (or more came than a session holds). */
    boolean badPrefix()
    {
        return badPrefix;
    }

    int mnIdOffset()
    {
        return mnIdOffset;
    }

    int mnIdLength()
    {
        return mnIdLength;
    }

    /** Copies the MN-ID octets to the start of {@code destination}. */
    void copyMnId(final byte[] destination)
    {
        buffer.getBytes(mnIdOffset, destination, 0, mnIdLength);
    }

    boolean hasTimestamp()
    {
        return hasTimestamp;
    }

    long timestamp()
    {
        return timestamp;
    }

    /** @return true when the PBA carried an IPv6 LMA User-Plane Address (the data function's tunnel address). */
    boolean hasUserPlane()
    {
        return hasUserPlane;
    }

    long userPlaneHi()
    {
        return userPlaneHi;
    }

    long userPlaneLo()
    {
        return userPlaneLo;
    }
}
