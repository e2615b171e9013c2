package net.dmmgw.fastpath.pipeline;

import static net.dmmgw.fastpath.support.Frames.ethernet;
import static net.dmmgw.fastpath.support.Frames.ipv6;
import static net.dmmgw.fastpath.support.Frames.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.dmmgw.fastpath.support.Frames;
import net.dmmgw.fastpath.support.Rig;
import net.dmmgw.fastpath.support.TsharkOracle;
import net.dmmgw.fastpath.table.TunnelConfig;

/**
 * Every kind of frame the pipeline writes, decoded by tshark: no malformed packet, no expert
 * warning, correct ICMPv6 checksums, and the tunnel fields as configured.
 */
class TsharkOracleTest
{
    private static final String CN = "2001:db8:9999::1";
    private static final String AT_PEER = "2001:db8:200:1::9";

    @Test
    void shouldWriteFramesThatTsharkDecodesCleanly() throws Exception
    {
        final List<byte[]> out = new ArrayList<>();
        final List<Verdict> verdicts = new ArrayList<>();
        try (Rig rig = new Rig().standardTopology())
        {
            final byte[][] inputs = {
                ethernet(ipv6(CN, AT_PEER, 17, 64, 0x28, 0x777, udp(64))),                                   // encap
                ethernet(ipv6(Rig.MN, CN, 17, 64, udp(64))),                                                  // forward
                ethernet(ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 64, ipv6(AT_PEER, Rig.MN, 17, 9, udp(64)))),
                ethernet(ipv6(Rig.MN, CN, 17, 1, udp(64))),                                                   // time exceeded
                ethernet(ipv6(Rig.MN, AT_PEER, 17, 64, udp(1450))),                                           // too big
                ethernet(ipv6(Rig.MN, AT_PEER, 60, 64, Frames.telHeader(41, 0, ipv6(CN, CN, 17, 64, udp(8))))), // TEL 0
                ethernet(ipv6(AT_PEER, CN, 17, 1, udp(64))),                                                  // tunnelled error
            };
            final int[] ports = {1, 0, 2, 0, 0, 0, 1};
            for (int i = 0; i < inputs.length; i++)
            {
                verdicts.add(rig.run(inputs[i], ports[i]));
                out.add(rig.output());
            }
            Rig.ok(rig.tables.addTunnel(Rig.TUNNEL, TunnelConfig.of(Rig.ENDPOINT, Rig.PEER, 2, Rig.PEER_MAC, 1500)
                .withEncapsulationLimit(4)));
            verdicts.add(rig.run(inputs[0], 1));
            out.add(rig.output());
        }
        assertEquals(List.of(Verdict.TRANSMIT, Verdict.TRANSMIT, Verdict.TRANSMIT, Verdict.TRANSMIT_GENERATED,
            Verdict.TRANSMIT_GENERATED, Verdict.TRANSMIT_GENERATED, Verdict.TRANSMIT_GENERATED, Verdict.TRANSMIT),
            verdicts);

        final List<String> lines = TsharkOracle.fields(out, "_ws.malformed", "_ws.expert.severity",
            "icmpv6.type", "icmpv6.checksum.status", "ipv6.plen", "ipv6.hlim", "ipv6.tclass", "ipv6.opt.tel", "icmpv6.mtu",
            "icmpv6.pointer");
        for (final String line : lines)
        {
            final String[] f = line.split("\\|", -1);
            assertEquals("", f[0], "malformed: " + line);
            assertEquals("", f[1].replace("2097152", ""), "expert warnings/errors: " + line); // 2097152 = chat
        }
        assertEquals("104,64", field(lines, 0, 4), "outer payload length = inner packet, inner unchanged");
        assertEquals("64,63", field(lines, 0, 5), "outer hop limit 64, inner decremented");
        assertEquals("0x00000028,0x00000028", field(lines, 0, 6), "traffic class copied");
        assertEquals("63", field(lines, 1, 5));
        assertEquals("64", field(lines, 2, 4), "decapsulated inner packet");
        assertEquals("8", field(lines, 2, 5));
        assertEquals("3", field(lines, 3, 2));
        assertEquals("1", field(lines, 3, 3), "Time Exceeded checksum good");
        assertEquals("2", field(lines, 4, 2));
        assertEquals("1", field(lines, 4, 3), "Packet Too Big checksum good");
        assertEquals("1460", field(lines, 4, 8));
        assertEquals("4", field(lines, 5, 2));
        assertEquals("1", field(lines, 5, 3), "Parameter Problem checksum good");
        assertEquals("44", field(lines, 5, 9));
        assertEquals("3", field(lines, 6, 2));
        assertEquals("1", field(lines, 6, 3), "tunnelled Time Exceeded checksum good");
        assertEquals("4", field(lines, 7, 7), "configured Tunnel Encapsulation Limit");
        assertEquals("112,64", field(lines, 7, 4));
    }

    private static String field(final List<String> lines, final int frame, final int index)
    {
        return lines.get(frame).split("\\|", -1)[index];
    }
}
