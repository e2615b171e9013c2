package net.dmmgw.fastpath.pipeline;

import static net.dmmgw.fastpath.support.Frames.address;
import static net.dmmgw.fastpath.support.Frames.concat;
import static net.dmmgw.fastpath.support.Frames.ethernet;
import static net.dmmgw.fastpath.support.Frames.icmp;
import static net.dmmgw.fastpath.support.Frames.ipv6;
import static net.dmmgw.fastpath.support.Frames.mac;
import static net.dmmgw.fastpath.support.Frames.u16;
import static net.dmmgw.fastpath.support.Frames.udp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import net.dmmgw.fastpath.support.Frames;
import net.dmmgw.fastpath.support.Rig;
import net.dmmgw.fastpath.table.Ipv6Address;
import net.dmmgw.fastpath.table.Route;
import net.dmmgw.fastpath.table.TunnelConfig;
import net.dmmgw.fastpath.table.TunnelEndpoints;

class PipelineTest
{
    private static final String CN = "2001:db8:9999::1";
    private static final String MN_ANCHORED_ELSEWHERE = "2001:db8:300::5";
    private static final String MN_AT_PEER = "2001:db8:200:1::9";

    private final Rig rig = new Rig().standardTopology();

    @AfterEach
    void close()
    {
        rig.close();
    }

    @Test
    void shouldForwardToNextHopRewritingEthernetAndDecrementingHopLimit()
    {
        final byte[] ip = ipv6(Rig.MN, CN, 17, 64, udp(100));
        assertEquals(Verdict.TRANSMIT, rig.run(ethernet(ip), 0));
        assertEquals(1, rig.ctx.egressPort());
        final byte[] out = rig.output();
        assertEquals(14 + ip.length, out.length);
        assertEquals(Rig.GW_MAC, mac(out, 0));
        assertEquals(Rig.PORT1_MAC, mac(out, 6));
        assertEquals(0x86DD, u16(out, 12));
        assertEquals(63, out[14 + 7]);
        final byte[] expected = ip.clone();
        expected[7] = 63;
        assertArrayEquals(expected, Arrays.copyOfRange(out, 14, out.length));
        assertEquals(1, rig.counters.actions(Action.FORWARDED));
        assertEquals(1, rig.counters.txPackets(1));
        assertEquals(1, rig.counters.rxPackets(0));
    }

    @Test
    void shouldStripVlanTagAndTrailingPaddingWhenForwarding()
    {
        final byte[] ip = ipv6(CN, Rig.MN, 17, 10, udp(8));
        final byte[] frame = concat(Frames.vlan(42, ip), new byte[6]);
        assertEquals(Verdict.TRANSMIT, rig.run(frame, 1));
        assertEquals(0, rig.ctx.egressPort());
        final byte[] out = rig.output();
        assertEquals(14 + ip.length, out.length);
        assertEquals(Rig.MN_MAC, mac(out, 0));
        assertEquals(Rig.PORT0_MAC, mac(out, 6));
        assertEquals(9, out[14 + 7]);
        assertEquals(1, rig.counters.actions(Action.DELIVERED));
    }

    @Test
    void shouldPuntForResolutionWhenMobileNodeMacIsUnknown()
    {
        assertEquals(Verdict.PUNT, rig.run(ethernet(ipv6(CN, "2001:db8:100:1::6", 17, 64, udp(8))), 1));
        assertEquals(PuntReason.NEIGHBOUR_UNRESOLVED, rig.ctx.puntReason());
        assertEquals(1, rig.punts.size());
        assertEquals(1, rig.counters.punts(PuntReason.NEIGHBOUR_UNRESOLVED));
    }

    @Test
    void shouldPuntWhenNextHopMacIsUnknown()
    {
        Rig.ok(rig.tables.removeNeighbour(1, Rig.GW));
        assertEquals(Verdict.PUNT, rig.run(ethernet(ipv6(Rig.MN, CN, 17, 64, udp(8))), 0));
        assertEquals(PuntReason.NEIGHBOUR_UNRESOLVED, rig.ctx.puntReason());
    }

    @Test
    void shouldFollowNeighbourChangesOfANextHopGateway()
    {
        final byte[] frame = ethernet(ipv6(Rig.MN, CN, 17, 64, udp(8)));
        Rig.ok(rig.tables.setNeighbour(1, Rig.GW, 0x02_00_00_00_00_aaL));
        assertEquals(Verdict.TRANSMIT, rig.run(frame, 0));
        assertEquals(0x02_00_00_00_00_aaL, mac(rig.output(), 0), "the next hop took the neighbour's new MAC");
        Rig.ok(rig.tables.removeNeighbour(1, Rig.GW));
        assertEquals(Verdict.PUNT, rig.run(frame, 0));
        assertEquals(PuntReason.NEIGHBOUR_UNRESOLVED, rig.ctx.puntReason());
        // The same address on another port resolves nothing for a next hop on port 1.
        Rig.ok(rig.tables.setNeighbour(2, Rig.GW, 0x02_00_00_00_00_bbL));
        assertEquals(Verdict.PUNT, rig.run(frame, 0));
        // A neighbour known before its next hop exists; then the route's next hop is replaced.
        final Ipv6Address gw2 = Ipv6Address.parse("2001:db8:c::fd");
        Rig.ok(rig.tables.setNeighbour(1, gw2, 0x02_00_00_00_00_ccL));
        Rig.ok(rig.tables.addNextHop(1, 1, gw2));
        assertEquals(Verdict.TRANSMIT, rig.run(frame, 0));
        assertEquals(0x02_00_00_00_00_ccL, mac(rig.output(), 0));
        Rig.ok(rig.tables.setNeighbour(1, Rig.GW, Rig.GW_MAC));
        assertEquals(Verdict.TRANSMIT, rig.run(frame, 0));
        assertEquals(0x02_00_00_00_00_ccL, mac(rig.output(), 0), "the old gateway no longer feeds next hop 1");
        Rig.ok(rig.tables.removeNeighbour(1, gw2));
        assertEquals(Verdict.PUNT, rig.run(frame, 0));
    }

    @Test
    void shouldEncapsulatePerRfc2473()
    {
        final byte[] inner = ipv6(CN, MN_AT_PEER, 17, 64, 0xB8, 0x12345, udp(100));
        assertEquals(Verdict.TRANSMIT, rig.run(ethernet(inner), 1));
        assertEquals(2, rig.ctx.egressPort());
        final byte[] out = rig.output();
        assertEquals(14 + 40 + inner.length, out.length);
        assertTrue(rig.ctx.outAddress() < rig.ctx.frameAddress(), "outer headers go into the headroom");
        assertEquals(Rig.PEER_MAC, mac(out, 0));
        assertEquals(Rig.PORT2_MAC, mac(out, 6));
        final int first = (out[14] & 0xFF) << 24 | (out[15] & 0xFF) << 16 | (out[16] & 0xFF) << 8 | (out[17] & 0xFF);
        assertEquals(6, first >>> 28);
        assertEquals(0xB8, (first >>> 20) & 0xFF, "traffic class copied");
        assertNotEquals(0, first & 0xFFFFF, "flow label derived");
        assertEquals(inner.length, u16(out, 18));
        assertEquals(41, out[20]);
        assertEquals(64, out[21]);
        assertEquals(Rig.ENDPOINT, address(out, 22));
        assertEquals(Rig.PEER, address(out, 38));
        final byte[] expectedInner = inner.clone();
        expectedInner[7] = 63;
        assertArrayEquals(expectedInner, Arrays.copyOfRange(out, 54, out.length));
        assertEquals(1, rig.counters.actions(Action.ENCAPSULATED));
    }

    @Test
    void shouldDeriveTheSameFlowLabelForOneFlowAndDifferentForAnother()
    {
        rig.run(ethernet(ipv6(CN, MN_AT_PEER, 17, 64, udp(20))), 1);
        final int a = flowLabel(rig.output());
        rig.run(ethernet(ipv6(CN, MN_AT_PEER, 17, 64, udp(60))), 1);
        final int b = flowLabel(rig.output());
        rig.run(ethernet(ipv6("2001:db8:9999::2", MN_AT_PEER, 17, 64, udp(20))), 1);
        final int c = flowLabel(rig.output());
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void shouldApplyFixedTrafficClassFlowLabelCopyAndHopLimitPolicies()
    {
        Rig.ok(rig.tables.addTunnel(Rig.TUNNEL, TunnelConfig.of(Rig.ENDPOINT, Rig.PEER, 2, Rig.PEER_MAC, 1500)
            .withFixedTrafficClass(0x20).withFlowLabel(TunnelConfig.FlowLabelPolicy.COPY, 0).withHopLimit(9)));
        rig.run(ethernet(ipv6(CN, MN_AT_PEER, 17, 64, 0xB8, 0x54321, udp(20))), 1);
        byte[] out = rig.output();
        assertEquals(0x20, ((out[14] & 0x0F) << 4) | ((out[15] & 0xF0) >>> 4));
        assertEquals(0x54321, flowLabel(out));
        assertEquals(9, out[21]);
        Rig.ok(rig.tables.addTunnel(Rig.TUNNEL, TunnelConfig.of(Rig.ENDPOINT, Rig.PEER, 2, Rig.PEER_MAC, 1500)
            .withFlowLabel(TunnelConfig.FlowLabelPolicy.FIXED, 0xABCDE)));
        rig.run(ethernet(ipv6(CN, MN_AT_PEER, 17, 64, 0xB8, 0x54321, udp(20))), 1);
        out = rig.output();
        assertEquals(0xABCDE, flowLabel(out));
    }

    @Test
    void shouldSourceEncapsulatedFramesFromThePortsCurrentMac()
    {
        // The tunnel's header template carries the port's MAC: a port reconfigured later must show.
        Rig.ok(rig.tables.configurePort(2, net.dmmgw.fastpath.table.PortRole.CORE, 0x02_00_00_00_00_77L, Rig.ENDPOINT));
        assertEquals(Verdict.TRANSMIT, rig.run(ethernet(ipv6(CN, MN_AT_PEER, 17, 64, udp(20))), 1));
        assertEquals(Rig.PEER_MAC, mac(rig.output(), 0));
        assertEquals(0x02_00_00_00_00_77L, mac(rig.output(), 6));
    }

    @Test
    void shouldAddConfiguredTunnelEncapsulationLimit()
    {
        Rig.ok(rig.tables.addTunnel(Rig.TUNNEL,
            TunnelConfig.of(Rig.ENDPOINT, Rig.PEER, 2, Rig.PEER_MAC, 1500).withEncapsulationLimit(4)));
        final byte[] inner = ipv6(CN, MN_AT_PEER, 17, 64, udp(20));
        assertEquals(Verdict.TRANSMIT, rig.run(ethernet(inner), 1));
        final byte[] out = rig.output();
        assertEquals(14 + 48 + inner.length, out.length);
        assertEquals(60, out[20]);
        assertEquals(inner.length + 8, u16(out, 18));
        assertArrayEquals(new byte[]{41, 0, 4, 1, 4, 1, 1, 0}, Arrays.copyOfRange(out, 54, 62));
    }

    @Test
    void shouldDecrementReceivedTunnelEncapsulationLimit()
    {
        // A tunnel packet from elsewhere (TEL 3) routed into our tunnel: new header carries TEL 2.
        final byte[] pkt = ipv6("2001:db8:77::1", MN_AT_PEER, 60, 64,
            Frames.telHeader(41, 3, ipv6(CN, "2001:db8:55::1", 17, 64, udp(8))));
        assertEquals(Verdict.TRANSMIT, rig.run(ethernet(pkt), 1));
        final byte[] out = rig.output();
        assertEquals(60, out[20]);
        assertEquals(2, out[54 + 4]);
    }

    @Test
    void shouldAnswerTunnelEncapsulationLimitZeroWithParameterProblem() throws Exception
    {
        final byte[] pkt = ipv6(Rig.MN, MN_AT_PEER, 60, 64, Frames.telHeader(41, 0, ipv6(CN, CN, 17, 64, udp(8))));
        assertEquals(Verdict.TRANSMIT_GENERATED, rig.run(ethernet(pkt), 0));
        assertEquals(DropReason.ENCAP_LIMIT_EXCEEDED, rig.ctx.dropReason());
        assertEquals(0, rig.ctx.egressPort(), "error goes back toward the mobile node");
        final var decoded = ScapyChecks.single(rig.output());
        assertEquals("4", decoded.get("icmp.type"));
        assertEquals("0", decoded.get("icmp.code"));
        assertEquals("44", decoded.get("icmp.param"), "pointer at the Tun Encap Lim octet");
        ScapyChecks.assertChecksumCorrect(decoded);
    }

    @Test
    void shouldAnswerOversizePacketWithPacketTooBig() throws Exception
    {
        final byte[] big = ipv6(Rig.MN, MN_AT_PEER, 17, 64, udp(1500 - 40 - 40 + 1));
        assertEquals(Verdict.TRANSMIT_GENERATED, rig.run(ethernet(big), 0));
        assertEquals(DropReason.TOO_BIG, rig.ctx.dropReason());
        final var decoded = ScapyChecks.single(rig.output());
        assertEquals("2", decoded.get("icmp.type"));
        assertEquals("1460", decoded.get("icmp.param"));
        assertEquals("1240", decoded.get("ipv6.0.plen"), "error fits the IPv6 minimum MTU");
        assertEquals(Rig.PORT0_ADDR, Ipv6Address.parse(decoded.get("ipv6.0.src")));
        assertEquals(Ipv6Address.parse(Rig.MN), Ipv6Address.parse(decoded.get("ipv6.0.dst")));
        ScapyChecks.assertChecksumCorrect(decoded);

        final byte[] fits = ipv6(Rig.MN, MN_AT_PEER, 17, 64, udp(1500 - 40 - 40));
        assertEquals(Verdict.TRANSMIT, rig.run(ethernet(fits), 0));
        assertEquals(14 + 1500, rig.ctx.outLength());
    }

    @Test
    void shouldAnswerHopLimitOneAndZeroWithTimeExceeded() throws Exception
    {
        for (final int hopLimit : new int[]{1, 0})
        {
            final byte[] ip = ipv6(Rig.MN, CN, 17, hopLimit, udp(30));
            assertEquals(Verdict.TRANSMIT_GENERATED, rig.run(ethernet(ip), 0));
            assertEquals(DropReason.HOP_LIMIT_EXCEEDED, rig.ctx.dropReason());
            assertEquals(0, rig.ctx.egressPort());
            final byte[] out = rig.output();
            assertEquals(Rig.MN_MAC, mac(out, 0));
            final var decoded = ScapyChecks.single(out);
            assertEquals("3", decoded.get("icmp.type"));
            assertEquals(String.valueOf(8 + ip.length), decoded.get("icmp.length"));
            assertEquals("64", decoded.get("ipv6.0.hlim"));
            ScapyChecks.assertChecksumCorrect(decoded);
            assertArrayEquals(ip, Arrays.copyOfRange(out, 14 + 48, out.length), "quotes the packet unchanged");
        }
        assertEquals(2, rig.counters.drops(DropReason.HOP_LIMIT_EXCEEDED));
        assertEquals(2, rig.counters.actions(Action.ICMP_SENT));
    }

    @Test
    void shouldExpireHopLimitBeforeEncapsulating()
    {
        assertEquals(Verdict.TRANSMIT_GENERATED, rig.run(ethernet(ipv6(CN, MN_AT_PEER, 17, 1, udp(8))), 1));
        assertEquals(DropReason.HOP_LIMIT_EXCEEDED, rig.ctx.dropReason());
        assertEquals(1, rig.ctx.egressPort(), "error to the correspondent goes out the core port");
    }

    @Test
    void shouldTunnelAnErrorForANodeBehindTheTunnel() throws Exception
    {
        assertEquals(Verdict.TRANSMIT_GENERATED, rig.run(ethernet(ipv6(MN_AT_PEER, CN, 17, 1, udp(8))), 1));
        assertEquals(2, rig.ctx.egressPort());
        final var decoded = ScapyChecks.single(rig.output());
        assertEquals("3", decoded.get("ipv6.count"), "outer, error, quoted packet: " + decoded);
        assertEquals("41", decoded.get("ipv6.0.nh"));
        assertEquals(Rig.PEER, Ipv6Address.parse(decoded.get("ipv6.0.dst")));
        assertEquals(Ipv6Address.parse(MN_AT_PEER), Ipv6Address.parse(decoded.get("ipv6.1.dst")));
        assertEquals("3", decoded.get("icmp.type"));
        ScapyChecks.assertChecksumCorrect(decoded);
    }

    @Test
    void shouldRateLimitIcmpErrors()
    {
        try (Rig limited = new Rig(net.dmmgw.fastpath.table.FastPathTables.Limits.small(), 10, 2).standardTopology())
        {
            final byte[] frame = ethernet(ipv6(Rig.MN, CN, 17, 1, udp(8)));
            assertEquals(Verdict.TRANSMIT_GENERATED, limited.run(frame, 0));
            assertEquals(Verdict.TRANSMIT_GENERATED, limited.run(frame, 0));
            assertEquals(Verdict.DROP, limited.run(frame, 0));
            assertEquals(DropReason.HOP_LIMIT_EXCEEDED, limited.ctx.dropReason());
            assertEquals(1, limited.counters.actions(Action.ICMP_RATE_LIMITED));
            limited.clock.now += 100_000_000L;
            assertEquals(Verdict.TRANSMIT_GENERATED, limited.run(frame, 0));
            assertEquals(Verdict.DROP, limited.run(frame, 0));
            assertEquals(3, limited.counters.drops(DropReason.HOP_LIMIT_EXCEEDED) - 2);
        }
    }

    @Test
    void shouldNotAnswerAnIcmpErrorWithAnError()
    {
        assertEquals(Verdict.DROP, rig.run(ethernet(ipv6(Rig.MN, CN, 58, 1, icmp(1, 48))), 0));
        assertEquals(DropReason.HOP_LIMIT_EXCEEDED, rig.ctx.dropReason());
        assertEquals(1, rig.counters.actions(Action.ICMP_SUPPRESSED));
        assertEquals(Verdict.TRANSMIT_GENERATED, rig.run(ethernet(ipv6(Rig.MN, CN, 58, 1, icmp(128, 48))), 0));
    }

    @Test
    void shouldCountUnroutableIcmpError()
    {
        Rig.ok(rig.tables.removeDestinationRoute(Ipv6Address.UNSPECIFIED, 0));
        Rig.ok(rig.tables.addDestinationRoute(Ipv6Address.parse(CN), 128, Route.forward(1)));
        assertEquals(Verdict.DROP, rig.run(ethernet(ipv6("2001:db8:4444::1", CN, 17, 1, udp(8))), 1));
        assertEquals(DropReason.HOP_LIMIT_EXCEEDED, rig.ctx.dropReason());
        assertEquals(1, rig.counters.actions(Action.ICMP_UNROUTABLE));
    }

    @Test
    void shouldReverseTunnelBySourcePrefixOnlyFromAccessPorts()
    {
        assertEquals(Verdict.TRANSMIT, rig.run(ethernet(ipv6(MN_ANCHORED_ELSEWHERE, CN, 17, 64, udp(8))), 0));
        assertEquals(2, rig.ctx.egressPort());
        assertEquals(Rig.PEER, address(rig.output(), 38));
        assertEquals(Verdict.TRANSMIT, rig.run(ethernet(ipv6(MN_ANCHORED_ELSEWHERE, CN, 17, 64, udp(8))), 1));
        assertEquals(1, rig.ctx.egressPort(), "from a core port the destination decides");
        assertEquals(Verdict.TRANSMIT, rig.run(ethernet(ipv6(Rig.MN, CN, 17, 64, udp(8))), 0));
        assertEquals(1, rig.ctx.egressPort(), "source outside the source prefixes: destination decides");
    }

    @Test
    void shouldDecapsulateFromPeerAndLookUpInnerPacketAgain()
    {
        final byte[] inner = ipv6(MN_AT_PEER, Rig.MN, 17, 30, udp(40));
        final byte[] outer = ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 60, inner);
        assertEquals(Verdict.TRANSMIT, rig.run(ethernet(outer), 2));
        assertEquals(0, rig.ctx.egressPort());
        final byte[] out = rig.output();
        assertEquals(14 + inner.length, out.length);
        assertEquals(Rig.MN_MAC, mac(out, 0));
        final byte[] expected = inner.clone();
        expected[7] = 29;
        assertArrayEquals(expected, Arrays.copyOfRange(out, 14, out.length));
        assertEquals(1, rig.counters.actions(Action.DECAPSULATED));
        assertEquals(1, rig.counters.actions(Action.DELIVERED));
    }

    @Test
    void shouldDecapsulateThroughTunnelEncapsulationLimitHeader()
    {
        final byte[] inner = ipv6(MN_AT_PEER, Rig.MN, 17, 30, udp(40));
        final byte[] outer = ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 60, 60, Frames.telHeader(41, 4, inner));
        assertEquals(Verdict.TRANSMIT, rig.run(ethernet(outer), 2));
        assertEquals(0, rig.ctx.egressPort());
    }

    @Test
    void shouldDropTunnelPacketFromUnknownPeer()
    {
        final byte[] outer = ipv6("2001:db8:f::66", Rig.ENDPOINT.toString(), 41, 60,
            ipv6(MN_AT_PEER, Rig.MN, 17, 30, udp(8)));
        assertEquals(Verdict.DROP, rig.run(ethernet(outer), 2));
        assertEquals(DropReason.DECAP_UNKNOWN_PEER, rig.ctx.dropReason());
        assertEquals(1, rig.counters.drops(DropReason.DECAP_UNKNOWN_PEER));
    }

    @Test
    void shouldDecapsulateAtEveryEndpointWhetherListedForTheShortcutOrFoundByTheProbe()
    {
        // Endpoints beyond TunnelEndpoints' few listed ones are found by the local-address probe: the same outcome.
        final int extra = 6;
        for (int i = 0; i < extra; i++)
        {
            final Ipv6Address endpoint = Ipv6Address.parse("2001:db8:e::" + (i + 1));
            Rig.ok(rig.tables.addTunnelEndpoint(endpoint));
            Rig.ok(rig.tables.addTunnel(20 + i, TunnelConfig.of(endpoint, Ipv6Address.parse("2001:db8:d::" + (i + 1)), 2,
                Rig.PEER_MAC, 1500).withIngressFilter(TunnelConfig.IngressFilter.ANY)));
        }
        final byte[] inner = ipv6(MN_AT_PEER, Rig.MN, 17, 30, udp(8));
        for (int i = 0; i < extra; i++)
        {
            assertEquals(Verdict.TRANSMIT,
                rig.run(ethernet(ipv6("2001:db8:d::" + (i + 1), "2001:db8:e::" + (i + 1), 41, 60, inner)), 2));
            assertEquals(0, rig.ctx.egressPort());
            assertEquals(i + 1, rig.counters.actions(Action.DECAPSULATED));
            // A configured peer, but of another endpoint: unknown at this one.
            assertEquals(Verdict.DROP,
                rig.run(ethernet(ipv6(Rig.PEER.toString(), "2001:db8:e::" + (i + 1), 41, 60, inner)), 2));
            assertEquals(DropReason.DECAP_UNKNOWN_PEER, rig.ctx.dropReason());
        }
        // An endpoint removed (first its tunnel) is neither decapsulated at nor listed any more.
        Rig.ok(rig.tables.removeTunnel(20));
        Rig.ok(rig.tables.removeTunnelEndpoint(Ipv6Address.parse("2001:db8:e::1")));
        rig.run(ethernet(ipv6("2001:db8:d::1", "2001:db8:e::1", 41, 60, inner)), 2);
        assertNotEquals(DropReason.DECAP_UNKNOWN_PEER, rig.ctx.dropReason());
        assertEquals(extra, rig.counters.actions(Action.DECAPSULATED));
        assertEquals(TunnelEndpoints.NOT_LISTED, rig.tables.tunnelEndpoints().indexOf(
            Ipv6Address.parse("2001:db8:e::1").hi(), Ipv6Address.parse("2001:db8:e::1").lo()));
        // An endpoint never listed (found by the probe) still decapsulates.
        assertEquals(Verdict.TRANSMIT, rig.run(ethernet(ipv6("2001:db8:d::6", "2001:db8:e::6", 41, 60, inner)), 2));
        assertEquals(extra + 1, rig.counters.actions(Action.DECAPSULATED));
    }

    @Test
    void shouldDropSpoofedInnerSourceUnlessFilterIsAny()
    {
        final byte[] outer = ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 60,
            ipv6("2001:db8:100:1::77", Rig.MN, 17, 30, udp(8)));
        assertEquals(Verdict.DROP, rig.run(ethernet(outer), 2));
        assertEquals(DropReason.DECAP_SPOOFED_SOURCE, rig.ctx.dropReason());
        Rig.ok(rig.tables.addTunnel(Rig.TUNNEL, TunnelConfig.of(Rig.ENDPOINT, Rig.PEER, 2, Rig.PEER_MAC, 1500)
            .withIngressFilter(TunnelConfig.IngressFilter.ANY)));
        assertEquals(Verdict.TRANSMIT, rig.run(ethernet(outer), 2));
    }

    @Test
    void shouldCheckEachTunnelsStrictFilterAgainstItsOwnTunnel()
    {
        // Two strict tunnels at one endpoint: an inner source must route back into the tunnel it came from (not
        // just into some tunnel); a spoofed packet is dropped whatever its inner packet would get otherwise.
        Rig.ok(rig.tables.addTunnel(8, TunnelConfig.of(Rig.ENDPOINT, Ipv6Address.parse("2001:db8:f::3"), 2,
            Rig.PEER_MAC, 1500)));
        Rig.ok(rig.tables.addDestinationRoute(Ipv6Address.parse("2001:db8:201::"), 48, Route.encap(8)));
        final byte[] fromSecond = ipv6("2001:db8:f::3", Rig.ENDPOINT.toString(), 41, 60,
            ipv6("2001:db8:201::7", Rig.MN, 17, 30, udp(8)));
        assertEquals(Verdict.TRANSMIT, rig.run(ethernet(fromSecond), 2));
        assertEquals(0, rig.ctx.egressPort());
        assertEquals(1, rig.counters.actions(Action.DECAPSULATED));
        final byte[][] spoofed = {
            ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 60, ipv6("2001:db8:201::7", Rig.MN, 17, 30, udp(8))),
            ipv6("2001:db8:f::3", Rig.ENDPOINT.toString(), 41, 60, ipv6(MN_AT_PEER, Rig.MN, 17, 30, udp(8))),
            ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 60,
                ipv6("2001:db8:201::7", Rig.PORT0_ADDR.toString(), 17, 30, udp(8))),
            ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 60, ipv6("2001:db8:201::7", "ff0e::1", 17, 30, udp(8))),
        };
        for (final byte[] outer : spoofed)
        {
            assertEquals(Verdict.DROP, rig.run(ethernet(outer), 2));
            assertEquals(DropReason.DECAP_SPOOFED_SOURCE, rig.ctx.dropReason());
            assertNull(rig.ctx.puntReason());
        }
        assertEquals(4, rig.counters.drops(DropReason.DECAP_SPOOFED_SOURCE));
        assertEquals(1, rig.counters.actions(Action.DECAPSULATED));
        assertEquals(Verdict.PUNT, rig.run(ethernet(ipv6("2001:db8:f::3", Rig.ENDPOINT.toString(), 41, 60,
            ipv6("2001:db8:201::7", Rig.PORT0_ADDR.toString(), 17, 30, udp(8)))), 2));
        assertEquals(PuntReason.OWN_ADDRESS, rig.ctx.puntReason());
        assertEquals(2, rig.counters.actions(Action.DECAPSULATED));
    }

    @Test
    void shouldDropBadInnerPackets()
    {
        final byte[] inner = ipv6(MN_AT_PEER, Rig.MN, 17, 30, udp(40));
        final byte[] shortInner = Arrays.copyOf(inner, inner.length - 1);
        final byte[][] bad = {
            ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 60, shortInner),
            ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 60, concat(inner, new byte[3])),
            ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 60, new byte[20]),
        };
        for (final byte[] b : bad)
        {
            assertEquals(Verdict.DROP, rig.run(ethernet(b), 2));
            assertEquals(DropReason.DECAP_BAD_INNER, rig.ctx.dropReason());
        }
    }

    @Test
    void shouldDropFragmentedAndNestedTunnelPackets()
    {
        final byte[] inner = ipv6(MN_AT_PEER, Rig.MN, 17, 30, udp(40));
        final byte[] fragmented = ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 44, 60,
            Frames.fragmentHeader(41, 0, inner));
        assertEquals(Verdict.DROP, rig.run(ethernet(fragmented), 2));
        assertEquals(DropReason.DECAP_FRAGMENT, rig.ctx.dropReason());
        final byte[] nested = ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 60,
            ipv6(MN_AT_PEER, Rig.ENDPOINT.toString(), 41, 30, inner));
        Rig.ok(rig.tables.addTunnel(Rig.TUNNEL, TunnelConfig.of(Rig.ENDPOINT, Rig.PEER, 2, Rig.PEER_MAC, 1500)
            .withIngressFilter(TunnelConfig.IngressFilter.ANY)));
        assertEquals(Verdict.DROP, rig.run(ethernet(nested), 2));
        assertEquals(DropReason.NESTED_TUNNEL, rig.ctx.dropReason());
    }

    @Test
    void shouldClassifyTheInnerPacketLikeAnOuterOne()
    {
        // The inner packet passes the same checks before the lookup as a packet received on a core port
        // (Pipeline.classifyNotTunnelled): punts and drops by its own addresses and protocol.
        Rig.ok(rig.tables.addTunnel(Rig.TUNNEL, TunnelConfig.of(Rig.ENDPOINT, Rig.PEER, 2, Rig.PEER_MAC, 1500)
            .withIngressFilter(TunnelConfig.IngressFilter.ANY)));
        final byte[] mh = new byte[]{59, 1, 5, 0, 0, 0, 0, 1, (byte)0xc2, 0, 3, (byte)0x84, 1, 2, 0, 0};
        final byte[][] inners = {
            ipv6(MN_AT_PEER, Rig.PORT0_ADDR.toString(), 17, 30, udp(8)),
            ipv6(MN_AT_PEER, Rig.ENDPOINT.toString(), 17, 30, udp(8)),
            ipv6(MN_AT_PEER, Rig.PORT0_ADDR.toString(), 135, 30, mh),
            ipv6("fe80::1", "ff02::1:ff00:5", 58, 255, icmp(135, 24)),
            ipv6(MN_AT_PEER, "ff0e::1", 17, 30, udp(8)),
            ipv6("fe80::5", Rig.MN, 17, 30, udp(8)),
            ipv6("::", Rig.MN, 17, 30, udp(8)),
        };
        final Object[] expected = {
            PuntReason.OWN_ADDRESS, PuntReason.OWN_ADDRESS, PuntReason.MOBILITY_HEADER, PuntReason.NEIGHBOUR_DISCOVERY,
            DropReason.MULTICAST, DropReason.LINK_LOCAL, DropReason.BAD_SOURCE,
        };
        for (int i = 0; i < inners.length; i++)
        {
            final Verdict verdict = rig.run(ethernet(ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 60,
                inners[i])), 2);
            assertEquals(expected[i], verdict == Verdict.PUNT ? rig.ctx.puntReason() : rig.ctx.dropReason(),
                "inner packet " + i);
            assertEquals(expected[i] instanceof PuntReason ? Verdict.PUNT : Verdict.DROP, verdict, "inner packet " + i);
        }
        assertEquals(inners.length, rig.counters.actions(Action.DECAPSULATED));
    }

    @Test
    void shouldPuntControlTraffic()
    {
        final byte[] mh = new byte[]{59, 1, 5, 0, 0, 0, 0, 1, (byte)0xc2, 0, 3, (byte)0x84, 1, 2, 0, 0};
        assertPunt(ipv6(Rig.MN, "2001:db8:2::1", 135, 64, mh), PuntReason.MOBILITY_HEADER);
        for (int type = 133; type <= 137; type++)
        {
            assertPunt(ipv6("fe80::1", "ff02::1:ff00:5", 58, 255, icmp(type, 24)), PuntReason.NEIGHBOUR_DISCOVERY);
        }
        assertPunt(ipv6(Rig.MN, Rig.PORT0_ADDR.toString(), 17, 64, udp(8)), PuntReason.OWN_ADDRESS);
        assertPunt(ipv6(Rig.MN, Rig.ENDPOINT.toString(), 17, 64, udp(8)), PuntReason.OWN_ADDRESS);
        assertPunt(ipv6("fe80::1", "ff02::16", 58, 1, icmp(143, 28)), PuntReason.MULTICAST_LISTENER);
        Rig.ok(rig.tables.addDestinationRoute(Ipv6Address.parse("2001:db8:5::"), 48, Route.punt()));
        assertPunt(ipv6(Rig.MN, "2001:db8:5::1", 17, 64, udp(8)), PuntReason.ROUTE);
        assertEquals(10, rig.punts.size());
        assertEquals(PuntReason.MOBILITY_HEADER, rig.punts.get(0).reason());
        assertEquals(0, rig.punts.get(0).port());
    }

    @Test
    void shouldRecogniseOwnAddressesAndEndpointsBehindVlanTags()
    {
        // The local-address filter reads the destination from the frame at the parsed header's place:
        // one and two tags move it by 4 and 8 octets.
        final byte[] ip = ipv6(Rig.MN, Rig.PORT0_ADDR.toString(), 17, 64, udp(8));
        assertEquals(Verdict.PUNT, rig.run(Frames.vlan(5, ip), 0));
        assertEquals(PuntReason.OWN_ADDRESS, rig.ctx.puntReason());
        final byte[] qinq = concat(Frames.ethernetHeader(0x88A8), new byte[]{0, 6, (byte)0x81, 0, 0, 5, (byte)0x86, (byte)0xDD}, ip);
        assertEquals(Verdict.PUNT, rig.run(qinq, 0));
        assertEquals(PuntReason.OWN_ADDRESS, rig.ctx.puntReason());
        final byte[] inner = ipv6(MN_AT_PEER, Rig.MN, 17, 30, udp(40));
        assertEquals(Verdict.TRANSMIT,
            rig.run(Frames.vlan(7, ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 41, 60, inner)), 2));
        assertEquals(1, rig.counters.actions(Action.DECAPSULATED));
        // One bit away from an own address, in either half: not local.
        assertEquals(Verdict.TRANSMIT, rig.run(Frames.vlan(5, ipv6(Rig.MN, "2001:db8:a::3", 17, 64, udp(8))), 0));
        assertEquals(Verdict.TRANSMIT, rig.run(ethernet(ipv6(Rig.MN, "2001:db8:b::1", 17, 64, udp(8))), 0));
    }

    @Test
    void anAccessRouterRoutesTransitMobilityHeadersAndPuntsItsOwn()
    {
        try (Rig router = new Rig(false).standardTopology())
        {
            final byte[] mh = new byte[]{59, 1, 5, 0, 0, 0, 0, 1, (byte)0xc2, 0, 3, (byte)0x84, 1, 2, 0, 0};
            // A mobile node's BU to its anchor elsewhere: forwarded like any packet.
            assertEquals(Verdict.TRANSMIT, router.run(ethernet(ipv6(Rig.MN, CN, 135, 64, mh)), 0));
            assertEquals(1, router.ctx.egressPort());
            // Its anchor's BA to its care-of address on the access link: delivered.
            assertEquals(Verdict.TRANSMIT, router.run(ethernet(ipv6(CN, Rig.MN, 135, 64, mh)), 1));
            assertEquals(0, router.ctx.egressPort());
            // One for this node: punted.
            assertEquals(Verdict.PUNT, router.run(ethernet(ipv6(Rig.MN, Rig.PORT1_ADDR.toString(), 135, 64, mh)), 0));
            assertEquals(PuntReason.MOBILITY_HEADER, router.ctx.puntReason());
            assertEquals(1, router.punts.size());
        }
    }

    @Test
    void shouldCountRejectedPuntsAsDrops()
    {
        rig.acceptPunts = false;
        assertEquals(Verdict.DROP, rig.run(ethernet(ipv6(Rig.MN, Rig.PORT0_ADDR.toString(), 17, 64, udp(8))), 0));
        assertEquals(DropReason.PUNT_REJECTED, rig.ctx.dropReason());
        assertEquals(1, rig.counters.punts(PuntReason.OWN_ADDRESS));
        assertEquals(1, rig.counters.drops(DropReason.PUNT_REJECTED));
    }

    @Test
    void shouldDropWithReason()
    {
        assertDrop(ethernet(ipv6(Rig.MN, "ff0e::1", 17, 64, udp(8))), 0, DropReason.MULTICAST);
        assertDrop(ethernet(ipv6("fe80::5", CN, 17, 64, udp(8))), 0, DropReason.LINK_LOCAL);
        assertDrop(ethernet(ipv6(Rig.MN, "fe80::9", 17, 64, udp(8))), 0, DropReason.LINK_LOCAL);
        assertDrop(ethernet(ipv6("::", CN, 17, 64, udp(8))), 0, DropReason.BAD_SOURCE);
        assertDrop(ethernet(ipv6("ff02::1", CN, 17, 64, udp(8))), 0, DropReason.BAD_SOURCE);
        assertDrop(ethernet(ipv6(Rig.MN, CN, 17, 64, udp(8))), 9, DropReason.UNKNOWN_INGRESS_PORT);
        assertDrop(ethernet(ipv6(Rig.MN, CN, 17, 64, udp(8))), -1, DropReason.UNKNOWN_INGRESS_PORT);
        Rig.ok(rig.tables.addDestinationRoute(Ipv6Address.parse("2001:db8:6::"), 48, Route.drop()));
        assertDrop(ethernet(ipv6(Rig.MN, "2001:db8:6::1", 17, 64, udp(8))), 0, DropReason.BLACKHOLE);
        Rig.ok(rig.tables.removeDestinationRoute(Ipv6Address.UNSPECIFIED, 0));
        assertDrop(ethernet(ipv6(Rig.MN, CN, 17, 64, udp(8))), 0, DropReason.NO_ROUTE);
    }

    @Test
    void shouldDropEncapsulationWithoutHeadroom()
    {
        assertEquals(Verdict.DROP, rig.run(ethernet(ipv6(CN, MN_AT_PEER, 17, 64, udp(8))), 1, 0));
        assertEquals(DropReason.NO_HEADROOM, rig.ctx.dropReason());
        assertEquals(Verdict.TRANSMIT, rig.run(ethernet(ipv6(CN, MN_AT_PEER, 17, 64, udp(8))), 1, 40));
    }

    @Test
    void shouldDropTruncatedAndMalformedFrames()
    {
        final byte[] good = ethernet(ipv6(Rig.MN, CN, 17, 64, udp(40)));
        assertDrop(Arrays.copyOf(good, 13), 0, DropReason.TRUNCATED_ETHERNET);
        assertDrop(Arrays.copyOf(Frames.vlan(1, new byte[0]), 16), 0, DropReason.TRUNCATED_ETHERNET);
        assertDrop(concat(Frames.ethernetHeader(0x0800), new byte[40]), 0, DropReason.NOT_IPV6);
        assertDrop(Arrays.copyOf(good, 14 + 39), 0, DropReason.TRUNCATED_IPV6);
        assertDrop(Arrays.copyOf(good, good.length - 1), 0, DropReason.BAD_PAYLOAD_LENGTH);
        final byte[] v4 = good.clone();
        v4[14] = 0x45;
        assertDrop(v4, 0, DropReason.BAD_VERSION);
        final byte[] hbhNotFirst = ethernet(ipv6(Rig.MN, CN, 60, 64, concat(new byte[]{0, 0, 1, 4, 0, 0, 0, 0},
            new byte[]{17, 0, 1, 4, 0, 0, 0, 0}, udp(8))));
        assertDrop(hbhNotFirst, 0, DropReason.BAD_EXTENSION_HEADER);
        final byte[] cutExtension = ethernet(ipv6(Rig.MN, CN, 60, 64, new byte[]{17, 2, 1, 4, 0, 0, 0, 0}));
        assertDrop(cutExtension, 0, DropReason.BAD_EXTENSION_HEADER);
    }

    @Test
    void shouldNeverThrowOnRandomFrames()
    {
        final java.util.Random random = new java.util.Random(42);
        final byte[] template = ethernet(ipv6(Rig.PEER.toString(), Rig.ENDPOINT.toString(), 60, 64,
            Frames.telHeader(41, 2, ipv6(MN_AT_PEER, Rig.MN, 58, 3, icmp(128, 64)))));
        for (int i = 0; i < 200_000; i++)
        {
            final byte[] frame;
            if ((i & 1) == 0)
            {
                frame = new byte[random.nextInt(200)];
                random.nextBytes(frame);
                if (frame.length > 14 && random.nextBoolean())
                {
                    frame[12] = (byte)0x86;
                    frame[13] = (byte)0xDD;
                    frame[14] = (byte)(0x60 | (frame[14] & 0x0F));
                }
            }
            else
            {
                frame = Arrays.copyOf(template, random.nextInt(template.length + 8));
                for (int k = random.nextInt(4); k >= 0 && frame.length > 0; k--)
                {
                    frame[random.nextInt(frame.length)] ^= (byte)(1 << random.nextInt(8));
                }
            }
            final Verdict v = rig.run(frame, random.nextInt(4));
            assertTrue(v != null);
            if (v == Verdict.TRANSMIT || v == Verdict.TRANSMIT_GENERATED)
            {
                assertTrue(rig.ctx.outLength() >= 54 && rig.ctx.egressPort() >= 0 && rig.ctx.egressPort() <= 2);
            }
        }
    }

    private void assertPunt(final byte[] ip, final PuntReason reason)
    {
        assertEquals(Verdict.PUNT, rig.run(ethernet(ip), 0), reason.label());
        assertEquals(reason, rig.ctx.puntReason());
    }

    private void assertDrop(final byte[] frame, final int port, final DropReason reason)
    {
        final long before = rig.counters.drops(reason);
        assertEquals(Verdict.DROP, rig.run(frame, port), reason.label());
        assertEquals(reason, rig.ctx.dropReason());
        assertEquals(before + 1, rig.counters.drops(reason));
    }

    private static int flowLabel(final byte[] out)
    {
        return ((out[15] & 0x0F) << 16) | ((out[16] & 0xFF) << 8) | (out[17] & 0xFF);
    }
}
