package net.dmmgw.control.dmm;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityHeaderValidator;
import net.dmmgw.control.codec.ValidationResult;
import net.dmmgw.control.node.InMemorySignallingTransport;

/** Test readers: the PIOs of an RA frame, and a sent MH validated (checksum too) and read. */
final class Frames
{
    /** One Prefix Information option. */
    record Pio(long prefix, long valid, long preferred)
    {
    }

    /** The RA's source MAC, source link-local (lower word), router lifetime and PIOs. */
    record Ra(long sourceMac, long sourceLo, int routerLifetime, List<Pio> pios)
    {
    }

    private Frames()
    {
    }

    static Ra ra(final byte[] frame)
    {
        final ByteBuffer b = ByteBuffer.wrap(frame);
        final long mac = ((b.getInt(6) & 0xFFFF_FFFFL) << 16) | (b.getShort(10) & 0xFFFF);
        if ((b.get(14 + 40) & 0xFF) != 134)
        {
            throw new AssertionError("not an RA");
        }
        final long sourceLo = b.getLong(14 + 16);
        final int routerLifetime = b.getShort(14 + 40 + 6) & 0xFFFF;
        final List<Pio> pios = new ArrayList<>();
        int at = 14 + 40 + 16;
        while (at < frame.length)
        {
            final int type = b.get(at) & 0xFF;
            final int len = (b.get(at + 1) & 0xFF) * 8;
            if (type == 3)
            {
                pios.add(new Pio(b.getLong(at + 16), b.getInt(at + 4) & 0xFFFF_FFFFL, b.getInt(at + 8) & 0xFFFF_FFFFL));
            }
            at += len;
        }
        return new Ra(mac, sourceLo, routerLifetime, pios);
    }

    /** @return the message read, after checking that it validates with its checksum. */
    static DmmMessage read(final InMemorySignallingTransport.Message m)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(m.mh());
        final ValidationResult result = new ValidationResult();
        if (!new MobilityHeaderValidator().validate(buffer, 0, m.mh().length, m.source(), m.destination(), result))
        {
            throw new AssertionError("invalid message: " + result.error());
        }
        final DmmMessage message = new DmmMessage();
        message.read(new MobilityHeaderDecoder().wrap(buffer, 0, m.mh().length), buffer, 0);
        return message;
    }
}
