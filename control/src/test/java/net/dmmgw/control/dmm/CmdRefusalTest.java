package net.dmmgw.control.dmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import net.dmmgw.control.cmd.CentralMobilityDatabase;
import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.ipc.Ipv6Words;

/** The CMD answers only MAARs of its domain: a plain MAG's PBU (no D) gets 128, a stranger's 154. */
class CmdRefusalTest
{
    private static final byte[] NAI = "alice@example.com".getBytes(StandardCharsets.UTF_8);

    private static byte[] plainPbu(final byte[] src, final byte[] dst)
    {
        final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocate(256));
        final MobilityHeaderEncoder enc = new MobilityHeaderEncoder().wrap(out, 0, 256).begin(MhType.BINDING_UPDATE);
        enc.bindingUpdate().sequence(3).flags(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_P)
            .lifetime(100);
        final byte[] prefix = Ipv6Words.bytes("2001:db8:100:1::");
        enc.homeNetworkPrefix(64, prefix).mobileNodeIdentifier(1, NAI, 0, NAI.length).handoffIndicator(1)
            .accessTechnologyType(3);
        final int length = enc.finish(src, dst);
        final byte[] mh = new byte[length];
        out.getBytes(0, mh);
        return mh;
    }

    private static byte[] maarPbu(final String src)
    {
        final DmmMessageWriter w = new DmmMessageWriter(net.dmmgw.control.codec.DmmConfig.iana());
        final int length = w.pbu(4, 100, NAI, NAI.length, Ipv6Words.hi("2001:db8:100:1::"), 1, 3, 0, 0,
            Ipv6Words.hi(src), Ipv6Words.lo(src), Ipv6Words.hi(DmmRig.CMD), Ipv6Words.lo(DmmRig.CMD));
        final byte[] mh = new byte[length];
        w.buffer().getBytes(0, mh);
        return mh;
    }

    @Test
    void onlyDomainMaarsWithTheDFlagRegister()
    {
        final DmmRig rig = new DmmRig("relay", "a", new Properties());
        final String stranger = "2001:db8:9::1";
        rig.hold = s -> s.to().equals(DmmRig.norm(stranger)) || s.to().equals(DmmRig.M[0]);
        rig.cmdTransport.deliver(Ipv6Words.bytes(DmmRig.MAAR[0]), Ipv6Words.bytes(DmmRig.CMD),
            plainPbu(Ipv6Words.bytes(DmmRig.MAAR[0]), Ipv6Words.bytes(DmmRig.CMD)));
        rig.cmdTransport.deliver(Ipv6Words.bytes(stranger), Ipv6Words.bytes(DmmRig.CMD), maarPbu(stranger));
        rig.run();
        final List<DmmRig.Sent> toMag = rig.sent(DmmRig.CMD, DmmRig.MAAR[0], 0);
        assertEquals(1, toMag.size());
        assertEquals(CentralMobilityDatabase.NOT_A_MAAR, Frames.read(toMag.get(0).message()).status());
        final List<DmmRig.Sent> toStranger = rig.sent(DmmRig.CMD, stranger, 0);
        assertEquals(1, toStranger.size());
        assertEquals(CentralMobilityDatabase.NOT_AUTHORIZED, Frames.read(toStranger.get(0).message()).status());
        assertEquals(2, rig.cmd.refused());
        assertTrue(rig.cmd.sessions().isEmpty());
        // The same MAAR with the D flag registers.
        rig.cmdTransport.deliver(Ipv6Words.bytes(DmmRig.MAAR[0]), Ipv6Words.bytes(DmmRig.CMD),
            maarPbu(DmmRig.MAAR[0]));
        rig.run();
        assertEquals(1, rig.cmd.sessions().size());
        assertEquals(0, Frames.read(rig.sent(DmmRig.CMD, DmmRig.MAAR[0], 0).get(1).message()).status());
    }
}
