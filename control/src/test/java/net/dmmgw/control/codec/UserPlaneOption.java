package net.dmmgw.control.codec;

import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertNull;

/** Test helper: the LMA User-Plane Address option (RFC 7389, type 59) of a Mobility Header. */
public final class UserPlaneOption
{
    private UserPlaneOption()
    {
    }

    /**
     * @param mh a whole Mobility Header (PBU or PBA).
     * @return the option's address octets (empty for the request form), null when the message has none.
     */
    public static byte[] of(final byte[] mh)
    {
        final UnsafeBuffer b = new UnsafeBuffer(mh);
        final MobilityOptionIterator it = new MobilityHeaderDecoder().wrap(b, 0, mh.length)
            .options(new MobilityOptionIterator());
        byte[] found = null;
        while (it.next())
        {
            final MobilityOption o = it.option();
            if (o.type() == OptionType.LMA_USER_PLANE_ADDRESS)
            {
                assertNull(found, "at most one option 59");
                found = new byte[o.addressLength()];
                b.getBytes(o.addressOffset(), found);
            }
        }
        return found;
    }
}
