package net.dmmgw.control.mag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import net.dmmgw.control.codec.BindingAck;
import net.dmmgw.control.codec.MhChecksum;
import net.dmmgw.control.node.InMemorySignallingTransport;

/** RFC 8885 §4.2: this MAG does not operate with MAARs, so a PBA with D = 1 is not processed. */
class MagDmmRefusalTest
{
    @Test
    void aPbaWithTheDFlagIsNotProcessed() throws Exception
    {
        try (MagRig rig = new MagRig(new Properties(), new Properties()))
        {
            rig.filter = m -> m.source()[5] != 2; // the LMA's answer is held back here
            rig.mag1.access.deliver(MagRig.ACCESS_PORT, AccessFrames.routerSolicitation(MagRig.ALICE_MAC, "fe80::aa01"));
            rig.run();
            final InMemorySignallingTransport.Message pba = rig.sent(MagRig.LMA, MagRig.MAG1).get(0).message();
            final byte[] withD = pba.mh().clone();
            withD[BindingAck.FLAGS_OFFSET] |= (byte)BindingAck.FLAG_D;
            withD[MhChecksum.CHECKSUM_OFFSET] = 0;
            withD[MhChecksum.CHECKSUM_OFFSET + 1] = 0;
            final byte[] addresses = new byte[32];
            System.arraycopy(pba.source(), 0, addresses, 0, 16);
            System.arraycopy(pba.destination(), 0, addresses, 16, 16);
            final int sum = MhChecksum.compute(new UnsafeBuffer(addresses), 0, 16, new UnsafeBuffer(withD), 0,
                withD.length);
            withD[MhChecksum.CHECKSUM_OFFSET] = (byte)(sum >>> 8);
            withD[MhChecksum.CHECKSUM_OFFSET + 1] = (byte)sum;
            rig.filter = m -> true;
            rig.mag1.transport.deliver(pba.source(), pba.destination(), withD);
            rig.run();
            assertEquals(1, rig.mag1.mag.dmmRefusals());
            assertEquals(0, rig.mag1.mag.dropped(), "valid (checksum right), refused for its D flag");
            assertEquals("REGISTERING", rig.mag1.mag.sessions().get(0).state());
            rig.mag1.transport.deliver(pba.source(), pba.destination(), pba.mh());
            rig.run();
            assertEquals("REGISTERED", rig.mag1.mag.sessions().get(0).state(), "the same PBA without D is served");
        }
    }
}
