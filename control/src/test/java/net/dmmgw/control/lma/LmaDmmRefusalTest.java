package net.dmmgw.control.lma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import net.dmmgw.control.codec.DmmConfig;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.dmm.DmmMessageWriter;
import net.dmmgw.control.node.InMemorySignallingTransport;
import net.dmmgw.ipc.Ipv6Words;

/** RFC 8885 §4.1: this LMA does not implement the DMM extensions, so a PBU from a MAAR (D = 1) is refused. */
class LmaDmmRefusalTest
{
    @Test
    void aMaarPbuIsRefusedWith128AndChangesNothing() throws Exception
    {
        try (LmaRig rig = new LmaRig(new Properties()))
        {
            final byte[] nai = "alice@example.com".getBytes(StandardCharsets.UTF_8);
            for (final DmmConfig dmm : new DmmConfig[] { DmmConfig.iana() })
            {
                final DmmMessageWriter w = new DmmMessageWriter(dmm);
                final int length = w.pbu(7, 100, nai, nai.length, Ipv6Words.hi("2001:db8:100:1::"), 1, 3, 0, 0,
                    Ipv6Words.hi(LmaRig.MAG1), Ipv6Words.lo(LmaRig.MAG1), Ipv6Words.hi(LmaRig.LMA),
                    Ipv6Words.lo(LmaRig.LMA));
                final byte[] mh = new byte[length];
                w.buffer().getBytes(0, mh);
                final List<InMemorySignallingTransport.Message> out =
                    rig.send(Ipv6Words.bytes(LmaRig.MAG1), Ipv6Words.bytes(LmaRig.LMA), mh);
                assertEquals(1, out.size());
                final MobilityHeaderDecoder d = new MobilityHeaderDecoder().wrap(new UnsafeBuffer(out.get(0).mh()), 0,
                    out.get(0).mh().length);
                assertEquals(MhType.BINDING_ACK, d.mhType());
                assertEquals(LmaStatus.REASON_UNSPECIFIED, d.bindingAck().status());
                assertEquals(7, d.bindingAck().sequence());
                assertTrue(!d.hasDFlag(), "this LMA does not claim MAAR support");
            }
            assertEquals(1, rig.lma.dmmRefusals());
            assertEquals(0, rig.lma.cache().size());
        }
    }
}
